//! `NativeLogger`: one pipeline (writer thread, sinks, callback buffer) per
//! JS module instance, so worker threads each get their own.

use std::time::Duration;

use napi::bindgen_prelude::Function;
use napi::{Env, Result};
use napi_derive::napi;

use super::doorbell::JsDoorbell;
use super::errors::io_error;
use super::options::{NativeBatch, NativeSinkOptions, NativeStats};
use crate::pipeline::{Pipeline, SinkOptions, SinkTarget};

#[napi]
pub struct NativeLogger {
  pipeline: Pipeline,
  doorbell: JsDoorbell,
}

#[napi]
impl NativeLogger {
  /// `doorbell` is called (with no arguments) when records wait in the
  /// callback buffer; it should take them with `takeCallbacks`.
  #[napi(constructor, catch_unwind)]
  pub fn new(doorbell: Function<(), ()>) -> Result<Self> {
    let function = doorbell
      .build_threadsafe_function::<()>()
      .callee_handled::<false>()
      .weak::<true>()
      .build()?;
    let doorbell = JsDoorbell::new(function);
    let pipeline = Pipeline::start(Box::new(doorbell.clone()))
      .map_err(|error| napi::Error::from_reason(format!("logly: cannot start the writer thread: {error}")))?;
    Ok(NativeLogger { pipeline, doorbell })
  }

  /// Log calls of one event-loop turn, one JSON array per line (see
  /// `batch.rs`). Only queues the text: the writer thread parses it.
  #[napi(catch_unwind)]
  pub fn log_batch(&self, text: String) {
    self.pipeline.log_batch(text);
  }

  #[napi(catch_unwind)]
  pub fn add_sink(&self, options: NativeSinkOptions) -> std::result::Result<u32, napi::Error<String>> {
    let options = SinkOptions::try_from(options).map_err(|error| napi::Error::new("EINVAL".to_owned(), error.reason))?;
    let path = match &options.target {
      SinkTarget::File(path) => path.display().to_string(),
      other => format!("{other:?}").to_lowercase(),
    };
    self.pipeline.add_sink(options).map_err(|error| io_error(&error, "open", &path))
  }

  #[napi(catch_unwind)]
  pub fn remove_sink(&self, id: u32) -> bool {
    self.pipeline.remove_sink(id)
  }

  #[napi(catch_unwind)]
  pub fn remove_all_sinks(&self) -> u32 {
    self.pipeline.remove_all_sinks() as u32
  }

  #[napi(catch_unwind)]
  pub fn set_default_json(&self, json: bool) {
    self.pipeline.set_default_json(json);
  }

  #[napi(catch_unwind)]
  pub fn add_callback(&self, name: String, level: u32) -> u32 {
    self.pipeline.add_callback(name, level)
  }

  #[napi(catch_unwind)]
  pub fn remove_callback(&self, id: u32) -> bool {
    self.pipeline.remove_callback(id)
  }

  #[napi(catch_unwind)]
  pub fn set_callback_buffer(&self, capacity: u32) {
    self.pipeline.set_callback_capacity(capacity as usize);
  }

  #[napi(catch_unwind)]
  pub fn take_callbacks(&self, max: u32) -> NativeBatch {
    let batch = self.pipeline.take_callback_batch(max as usize);
    NativeBatch {
      json: batch.json,
      count: batch.count as u32,
      dropped: batch.dropped.min(u32::MAX as u64) as u32,
      more: batch.more,
    }
  }

  /// Refs the doorbell while callback records are pending, unrefs it after.
  #[napi(catch_unwind)]
  pub fn keep_alive(&self, env: Env, alive: bool) -> Result<()> {
    self.doorbell.keep_alive(&env, alive)
  }

  /// Resolves when everything logged before the call is written and in the
  /// callback buffer.
  #[napi]
  pub async fn flush(&self) -> Result<()> {
    self.pipeline.flush().await;
    Ok(())
  }

  /// The same, blocking, for exit handlers; false if `timeout_ms` passed.
  #[napi(catch_unwind)]
  pub fn flush_sync(&self, timeout_ms: u32) -> bool {
    self.pipeline.flush_blocking(Duration::from_millis(timeout_ms as u64))
  }

  #[napi(catch_unwind)]
  pub fn stats(&self) -> NativeStats {
    let stats = self.pipeline.stats();
    NativeStats {
      written: stats.written as f64,
      write_errors: stats.write_errors as f64,
      dropped: stats.dropped as f64,
    }
  }
}
