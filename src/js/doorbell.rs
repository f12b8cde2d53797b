//! The doorbell over a napi threadsafe function.
//!
//! The function is created weak (unref'd): a ref'd threadsafe function keeps
//! an idle process alive forever. JS refs it while callback records are
//! pending, so a process with work in flight does not exit under it, and
//! unrefs it when drained.

use std::sync::{Arc, Mutex};

use napi::bindgen_prelude::Function;
use napi::threadsafe_function::{ThreadsafeFunction, ThreadsafeFunctionCallMode};
use napi::{Env, Result};

use crate::callbacks::Doorbell;

/// A JS function taking no arguments, not handed errors, weak by default.
pub type DoorbellFunction = ThreadsafeFunction<(), (), (), napi::Status, false, true>;

#[derive(Clone)]
pub struct JsDoorbell(Arc<Mutex<DoorbellFunction>>);

impl JsDoorbell {
  /// A doorbell calling `function` (no arguments) on the thread of the JS
  /// environment it was created in.
  pub fn new(function: Function<(), ()>) -> Result<Self> {
    let function = function.build_threadsafe_function::<()>().callee_handled::<false>().weak::<true>().build()?;
    Ok(JsDoorbell(Arc::new(Mutex::new(function))))
  }

  /// Keeps the event loop alive (or not) for the doorbell. JS thread only.
  #[allow(deprecated)] // napi-rs deprecates refer/unref in favour of clone/drop, which do not touch the event loop.
  pub fn keep_alive(&self, env: &Env, alive: bool) -> Result<()> {
    let mut function = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if alive {
      function.refer(env)
    } else {
      function.unref(env)
    }
  }
}

impl Doorbell for JsDoorbell {
  fn ring(&self) {
    let function = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    // NonBlocking never waits: the queue is unbounded and holds at most one
    // ring at a time. Once Node is tearing down it refuses the call, and
    // the exit handler has already drained the buffer synchronously.
    let _ = function.call((), ThreadsafeFunctionCallMode::NonBlocking);
  }
}
