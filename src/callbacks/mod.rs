//! Callbacks: which ones exist and which records each takes (the registry),
//! and the bounded buffers of records waiting to be handed to JS, one per
//! lane: functions on the main thread, modules on the logger's worker thread.
//!
//! The functions themselves stay in JS; calling into JS once per record and
//! callback would cost more than the record. Rust owns ids, levels, who takes
//! which record and how far delivery got; JS pulls a batch when rung and runs
//! the functions.

mod buffer;
mod lanes;
mod registry;

pub use buffer::{Batch, CallbackBuffer, Doorbell, Limits, Staged, DEFAULT_LIMITS};
pub use lanes::{attach_worker, detach_worker, LaneBuffer, Lanes};
pub use registry::{next_callback_id, CallbackRegistry, Gates, Lane, Registration};
