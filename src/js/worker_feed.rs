//! `NativeWorkerFeed`: the worker thread's end of a logger's worker lane.
//!
//! Created in the worker's own JS environment, so its doorbell is a
//! threadsafe function that calls into the worker: the writer thread wakes
//! the worker directly, and records for module callbacks never pass through
//! the main thread.

use std::sync::Arc;

use napi::bindgen_prelude::Function;
use napi::{Env, Result};
use napi_derive::napi;

use super::doorbell::JsDoorbell;
use super::options::NativeBatch;
use crate::callbacks::{attach_worker, detach_worker, CallbackBuffer, Doorbell};

#[napi]
pub struct NativeWorkerFeed {
  lane_id: u32,
  buffer: Arc<CallbackBuffer>,
  doorbell: JsDoorbell,
}

#[napi]
impl NativeWorkerFeed {
  /// Attaches to the worker lane of the logger whose `laneId()` this is;
  /// `doorbell` is called when records or progress wait.
  #[napi(constructor, catch_unwind)]
  pub fn new(lane_id: u32, doorbell: Function<(), ()>) -> Result<Self> {
    let doorbell = JsDoorbell::new(doorbell)?;
    let buffer = attach_worker(lane_id, Arc::new(doorbell.clone()))
      .ok_or_else(|| napi::Error::from_reason(format!("logly: no logger has worker lane {lane_id}")))?;
    Ok(NativeWorkerFeed { lane_id, buffer, doorbell })
  }

  #[napi(catch_unwind)]
  pub fn take_callbacks(&self) -> NativeBatch {
    self.buffer.take().into()
  }

  /// While records are in flight: keeps the worker's event loop alive for
  /// the doorbell, and has progress alone ring it.
  #[napi(catch_unwind)]
  pub fn keep_alive(&self, env: Env, alive: bool) -> Result<()> {
    if self.buffer.want_progress(alive) {
      self.doorbell.ring();
    }
    self.doorbell.keep_alive(&env, alive)
  }

  /// Nothing rings this worker any more.
  #[napi(catch_unwind)]
  pub fn detach(&self) {
    detach_worker(self.lane_id);
  }
}
