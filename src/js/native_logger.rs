//! `NativeLogger`: one pipeline (writer thread, sinks, callback buffer) per
//! JS module instance, so worker threads each get their own.

use std::time::Duration;

use napi::bindgen_prelude::Function;
use napi::{Env, Result};
use napi_derive::napi;

use super::doorbell::JsDoorbell;
use super::errors::io_error;
use super::options::{NativeBatch, NativeSinkOptions, NativeStats};
use crate::callbacks::Limits;
use crate::pipeline::{Pipeline, SinkOptions, SinkTarget};

#[napi]
pub struct NativeLogger {
  pipeline: Pipeline,
  doorbell: JsDoorbell,
}

#[napi]
impl NativeLogger {
  /// `doorbell` is called (with no arguments) when records or progress wait
  /// in the callback buffer; it should take them with `takeCallbacks`.
  #[napi(constructor, catch_unwind)]
  pub fn new(doorbell: Function<(), ()>) -> Result<Self> {
    let function = doorbell
      .build_threadsafe_function::<()>()
      .callee_handled::<false>()
      .weak::<true>()
      .build()?;
    let doorbell = JsDoorbell::new(function);
    let pipeline = Pipeline::start(std::sync::Arc::new(doorbell.clone()))
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

  /// The lowest level a sink takes, or -1 without sinks.
  #[napi(catch_unwind)]
  pub fn sink_min_level(&self) -> i64 {
    self.pipeline.sink_min_level().map_or(-1, i64::from)
  }

  #[napi(catch_unwind)]
  pub fn set_default_json(&self, json: bool) {
    self.pipeline.set_default_json(json);
  }

  /// Registers a callback for records at `level` and above logged from now
  /// on; returns its id. JS keeps the function under that id.
  #[napi(catch_unwind)]
  pub fn add_callback(&self, level: u32) -> u32 {
    self.pipeline.add_callback(level)
  }

  #[napi(catch_unwind)]
  pub fn remove_callback(&self, id: u32) -> bool {
    self.pipeline.remove_callback(id)
  }

  /// The lowest level a callback takes, or -1 without callbacks: JS lets
  /// records through its level gate (and captures call sites) by it.
  #[napi(catch_unwind)]
  pub fn callback_min_level(&self) -> i64 {
    self.pipeline.callback_min_level().map_or(-1, i64::from)
  }

  #[napi(catch_unwind)]
  pub fn set_callback_limits(&self, records: u32, bytes: f64) {
    self.pipeline.set_callback_limits(Limits { records: records as usize, bytes: bytes as usize });
  }

  #[napi(catch_unwind)]
  pub fn take_callbacks(&self, max_records: u32, max_bytes: u32) -> NativeBatch {
    let batch = self.pipeline.take_callback_batch(max_records as usize, max_bytes as usize);
    NativeBatch {
      json: batch.json,
      count: batch.count as u32,
      dropped: batch.dropped as f64,
      through: batch.through as f64,
      more: batch.more,
    }
  }

  /// While records are in flight for callbacks: keeps the event loop alive
  /// for the doorbell, and has progress alone ring it, so JS learns when
  /// every record it waits for is accounted for.
  #[napi(catch_unwind)]
  pub fn keep_alive(&self, env: Env, alive: bool) -> Result<()> {
    self.pipeline.want_progress(alive);
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
      lost: stats.lost as f64,
    }
  }
}
