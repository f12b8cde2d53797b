//! The napi glue: every `#[napi]` item lives here, converting JS values to
//! core types and back. No logging logic.

mod doorbell;
mod errors;
mod exit;
mod native_logger;
mod options;
mod worker_feed;
