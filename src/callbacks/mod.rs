//! Callbacks: which ones exist (the registry) and the bounded buffer of
//! records waiting to be handed to JS.
//!
//! The functions themselves stay in JS; calling into JS once per record and
//! callback would cost more than the record. Rust owns ids, names, levels and
//! the records; JS pulls a batch when rung and runs the functions.

mod buffer;
mod registry;

pub use buffer::{Batch, CallbackBuffer, Doorbell};
pub use registry::{CallbackInfo, CallbackRegistry};
