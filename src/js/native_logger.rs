//! `NativeLogger`: one pipeline (writer thread, sinks, callback buffer) per
//! JS module instance, so worker threads each get their own.

use std::time::Duration;

use napi::bindgen_prelude::{Float64Array, Function};
use napi::{Env, Result};
use napi_derive::napi;

use super::doorbell::JsDoorbell;
use super::errors::io_error;
use super::options::{NativeBatch, NativeGates, NativeSinkOptions, NativeStats};
use crate::batch::Batch;
use crate::callbacks::{Lane, Limits, Registration};
use crate::format::Base;
use crate::pipeline::{Pipeline, SinkOptions};

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
    let doorbell = JsDoorbell::new(doorbell)?;
    let pipeline = Pipeline::start(std::sync::Arc::new(doorbell.clone()))
      .map_err(|error| napi::Error::from_reason(format!("logly: cannot start the writer thread: {error}")))?;
    Ok(NativeLogger { pipeline, doorbell })
  }

  /// Log calls of one event-loop turn: their strings in `text`, their
  /// numbers in `layout` (see `batch.rs`). Only queues them: the writer
  /// thread reads them.
  #[napi(catch_unwind)]
  pub fn log_batch(&self, text: String, layout: Float64Array, field_layout: Float64Array) {
    self.pipeline.log_batch(Batch::new(text, layout.to_vec(), field_layout.to_vec()));
  }

  #[napi(catch_unwind)]
  pub fn add_sink(&self, options: NativeSinkOptions) -> std::result::Result<u32, napi::Error<String>> {
    let options = SinkOptions::try_from(options).map_err(|error| napi::Error::new("EINVAL".to_owned(), error.reason))?;
    let described = options.target.describe();
    self.pipeline.add_sink(options).map_err(|error| io_error(&error, "open", &described))
  }

  /// Every file sink opens its file again by name, after writing what was
  /// logged before (logrotate's `create` mode).
  #[napi(catch_unwind)]
  pub fn reopen(&self) {
    self.pipeline.reopen_sinks();
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

  /// Writes log calls to the terminal sinks before returning (see
  /// `sink::TerminalSinks`).
  #[napi(catch_unwind)]
  pub fn write_through(&self, text: String, layout: Float64Array, field_layout: Float64Array) {
    self.pipeline.write_through(&Batch::new(text, layout.to_vec(), field_layout.to_vec()));
  }

  /// The lowest level a sink writing to a terminal takes, or -1 without one.
  #[napi(catch_unwind)]
  pub fn terminal_min_level(&self) -> i64 {
    self.pipeline.terminal_min_level().map_or(-1, i64::from)
  }

  #[napi(catch_unwind)]
  pub fn set_default_json(&self, json: bool) {
    self.pipeline.set_default_json(json);
  }

  /// `configure({ base })` as `[[key, value], ...]` JSON text; `[]` for none.
  #[napi(catch_unwind)]
  pub fn set_base(&self, entries: String) -> Result<()> {
    let base = Base::from_json(&entries).map_err(|error| napi::Error::from_reason(format!("logly: base: {error}")))?;
    self.pipeline.set_base(base);
    Ok(())
  }

  /// Registers a callback for records at `level` and above logged from now
  /// on, run on the logger's worker thread when `worker`; returns its id. JS
  /// keeps the function (or the worker the module) under that id.
  #[napi(catch_unwind)]
  pub fn add_callback(&self, level: u32, worker: bool, location: bool) -> u32 {
    let lane = if worker { Lane::Worker } else { Lane::Main };
    self.pipeline.add_callback(Registration { level, lane, location })
  }

  #[napi(catch_unwind)]
  pub fn remove_callback(&self, id: u32) -> bool {
    self.pipeline.remove_callback(id)
  }

  /// The lowest levels a callback takes, and a callback that wants the call
  /// site takes (-1: none): JS lets records through its level gate, and
  /// walks the stack, by them.
  #[napi(catch_unwind)]
  pub fn callback_gates(&self) -> NativeGates {
    let gates = self.pipeline.callback_gates();
    let number = |level: Option<u32>| level.map_or(-1, i64::from);
    NativeGates { any: number(gates.any), location: number(gates.location), main: number(gates.main) }
  }

  /// The id the logger's worker thread attaches to its lane by (`NativeWorkerFeed`).
  #[napi(catch_unwind)]
  pub fn lane_id(&self) -> u32 {
    self.pipeline.lane_id()
  }

  /// Wakes the worker thread's dispatcher: at exit, to have it drain now.
  #[napi(catch_unwind)]
  pub fn ring_worker(&self) {
    self.pipeline.ring(Lane::Worker);
  }

  #[napi(catch_unwind)]
  pub fn set_callback_limits(&self, records: u32, bytes: f64) {
    self.pipeline.set_callback_limits(Limits { records: records as usize, bytes: bytes as usize });
  }

  #[napi(catch_unwind)]
  pub fn take_callbacks(&self) -> NativeBatch {
    self.pipeline.take_callback_batch().into()
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

  /// Resolves when every network sink has sent (or dropped) what it was
  /// handed before the call, or `timeout_ms` passed (false). Call after
  /// `flush`.
  #[napi]
  pub async fn flush_exports(&self, timeout_ms: u32) -> Result<bool> {
    Ok(self.pipeline.flush_exports(Duration::from_millis(timeout_ms as u64)).await)
  }

  /// Writes what was logged and waits for network sinks to send it, for
  /// exit handlers; false if `timeout_ms` passed.
  #[napi(catch_unwind)]
  pub fn flush_exports_sync(&self, timeout_ms: u32) -> bool {
    self.pipeline.flush_exports_blocking(Duration::from_millis(timeout_ms as u64))
  }

  #[napi(catch_unwind)]
  pub fn stats(&self) -> NativeStats {
    let stats = self.pipeline.stats();
    NativeStats {
      written: stats.written as f64,
      write_errors: stats.write_errors as f64,
      dropped: stats.dropped as f64,
      lost: stats.lost as f64,
      export_dropped: stats.export_dropped as f64,
    }
  }
}
