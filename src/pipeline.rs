//! The logger's core as the JS glue sees it: the log call, sinks, callbacks,
//! flushing and counters, with the writer thread behind them.

use std::collections::BTreeMap;
use std::io;
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::Duration;

use crate::batch::Batch;
use crate::callbacks::{next_callback_id, Batch as CallbackBatch, CallbackRegistry, Doorbell, Gates, Lane, Lanes, Limits, Registration};
use crate::format::Base;
use crate::sink::exporter::Exports;
use crate::sink::{Context, Destination, FormatChoice, Redaction, Sink, TargetSpec, TerminalSinks};
use crate::stats::{Counters, Stats};
use crate::writer::{Command, Queue, Writer};

/// Bytes of batch text the writer may fall behind by before JS waits for it.
const QUEUE_CAPACITY: usize = 1024 * 1024;

#[derive(Debug, Clone)]
pub struct SinkOptions {
  pub target: TargetSpec,
  pub level: u32,
  pub format: FormatChoice,
  pub color: bool,
  /// Fields this sink's lines censor or leave out.
  pub redaction: Option<Redaction>,
}

pub struct Pipeline {
  queue: Arc<Queue>,
  lanes: Arc<Lanes>,
  counters: Arc<Counters>,
  /// The callbacks registered now, to answer `removeCallback` and the
  /// lowest level JS must let through; the writer applies the same changes
  /// in queue order.
  callbacks: Mutex<CallbackRegistry>,
  /// The sinks added and not removed, for `remove()`'s answer and the
  /// lowest level JS must let through.
  sinks: Mutex<SinkIds>,
  /// Sinks writing to a terminal: written by the logging thread, not the writer.
  terminal: Mutex<TerminalSinks>,
  /// Network sinks' exporters, which `complete()` and exit wait for.
  exports: Arc<Exports>,
  writer: Option<JoinHandle<()>>,
}

#[derive(Default)]
struct SinkIds {
  last_id: u32,
  /// id -> (level, whether it writes to a terminal).
  live: BTreeMap<u32, (u32, bool)>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
  // The guarded values are plain maps and counters updated in one step.
  mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Abandons the queue if the writer thread ends without the queue being
/// closed and drained, so log calls never wait for a writer that is gone.
struct AbandonUnlessClosed(Arc<Queue>);

impl Drop for AbandonUnlessClosed {
  fn drop(&mut self) {
    self.0.abandon();
  }
}

impl Pipeline {
  /// Starts the writer thread. `doorbell` is rung when records or progress
  /// wait for the main thread's dispatcher; the worker lane's doorbell is
  /// attached by the worker (`callbacks::attach_worker`).
  pub fn start(doorbell: Arc<dyn Doorbell>) -> io::Result<Self> {
    let queue = Arc::new(Queue::new(QUEUE_CAPACITY));
    let lanes = Arc::new(Lanes::new(doorbell));
    let counters = Arc::new(Counters::default());
    let writer = Writer::new(counters.clone(), lanes.clone());
    let writer_queue = queue.clone();
    let handle = std::thread::Builder::new().name("logly-writer".into()).spawn(move || {
      let _guard = AbandonUnlessClosed(writer_queue.clone());
      writer.run(&writer_queue);
    })?;
    Ok(Pipeline {
      queue,
      lanes,
      counters,
      callbacks: Mutex::default(),
      sinks: Mutex::default(),
      terminal: Mutex::default(),
      exports: Arc::default(),
      writer: Some(handle),
    })
  }

  /// Queues log calls (`batch.rs`); the writer reads them.
  pub fn log_batch(&self, batch: Batch) {
    self.queue.push(Command::Batch(batch));
  }

  /// Opens the target now, so a bad path fails here and not on the writer.
  pub fn add_sink(&self, options: SinkOptions) -> io::Result<u32> {
    let context = Context { counters: self.counters.clone(), exports: self.exports.clone() };
    let destination = options.target.open(&context)?;
    Ok(self.add_sink_target(destination, options.level, options.format, options.color, options.redaction))
  }

  /// Adds a sink over any destination (tests use in-memory writers).
  pub fn add_sink_target(&self, target: Box<dyn Destination>, level: u32, format: FormatChoice, color: bool, redaction: Option<Redaction>) -> u32 {
    let id = {
      let mut sinks = lock(&self.sinks);
      sinks.last_id += 1;
      let id = sinks.last_id;
      sinks.live.insert(id, (level, target.is_terminal()));
      id
    };
    let sink = Sink::new(id, level, format, color, target).with_redaction(redaction);
    if sink.is_terminal() {
      lock(&self.terminal).sinks.add(sink);
    } else {
      self.queue.push(Command::AddSink(sink));
    }
    id
  }

  /// True when `id` was a live sink. It still writes what was logged before.
  pub fn remove_sink(&self, id: u32) -> bool {
    let removed = lock(&self.sinks).live.remove(&id).is_some();
    if removed && !lock(&self.terminal).sinks.remove(|sink| sink.id == id, &self.counters) {
      self.queue.push(Command::RemoveSink(id));
    }
    removed
  }

  /// Removes every sink; returns how many there were.
  pub fn remove_all_sinks(&self) -> usize {
    let count = std::mem::take(&mut lock(&self.sinks).live).len();
    lock(&self.terminal).sinks.remove(|_| true, &self.counters);
    self.queue.push(Command::RemoveAllSinks);
    count
  }

  /// Writes log calls (`batch.rs`) to the terminal
  /// sinks now, on the calling thread (`sink::TerminalSinks`). JS sends the
  /// same records in a batch too, for every other sink and the callbacks.
  pub fn write_through(&self, batch: &Batch) {
    lock(&self.terminal).write(batch, &self.counters);
  }

  /// Has every sink reopen its file (logrotate moved it away), after
  /// writing what was logged before.
  pub fn reopen_sinks(&self) {
    self.queue.push(Command::Reopen);
  }

  /// The lowest level a sink takes; `None` without sinks.
  pub fn sink_min_level(&self) -> Option<u32> {
    lock(&self.sinks).live.values().map(|(level, _)| *level).min()
  }

  /// The lowest level a sink writing to a terminal takes; `None` without
  /// one. JS hands such records to `write_through` as well.
  pub fn terminal_min_level(&self) -> Option<u32> {
    lock(&self.sinks).live.values().filter(|(_, terminal)| *terminal).map(|(level, _)| *level).min()
  }

  /// The layout of sinks added without their own.
  pub fn set_default_json(&self, json: bool) {
    lock(&self.terminal).sinks.set_default_json(json);
    self.queue.push(Command::DefaultJson(json));
  }

  /// The keys JSON and pino lines carry before the fields, from now on.
  pub fn set_base(&self, base: Base) {
    lock(&self.terminal).sinks.set_base(base.clone());
    self.queue.push(Command::Base(base));
  }

  /// Registers a callback from the next record logged on; returns its
  /// process-wide id.
  pub fn add_callback(&self, registration: Registration) -> u32 {
    let id = next_callback_id();
    lock(&self.callbacks).add(id, registration);
    self.queue.push(Command::AddCallback { id, registration });
    id
  }

  /// True when `id` was registered here. It still gets what was logged before.
  pub fn remove_callback(&self, id: u32) -> bool {
    let removed = lock(&self.callbacks).remove(id);
    if removed {
      self.queue.push(Command::RemoveCallback(id));
    }
    removed
  }

  /// The lowest levels JS must let through for callbacks.
  pub fn callback_gates(&self) -> Gates {
    lock(&self.callbacks).gates()
  }

  /// The id the logger's worker thread attaches to its lane by.
  pub fn lane_id(&self) -> u32 {
    self.lanes.id()
  }

  pub fn set_callback_limits(&self, limits: Limits) {
    self.lanes.main.buffer.set_limits(limits);
    self.lanes.worker.buffer.set_limits(limits);
  }

  /// Takes records for the main thread's callbacks.
  pub fn take_callback_batch(&self) -> CallbackBatch {
    self.lanes.main.buffer.take()
  }

  /// Whether the main thread waits for delivery to progress; rings at once if it already did.
  pub fn want_progress(&self, wanted: bool) {
    let main = &self.lanes.main;
    if main.buffer.want_progress(wanted) {
      main.doorbell.ring();
    }
  }

  /// Wakes the worker lane's JS side (at exit, to have it drain now).
  pub fn ring(&self, lane: Lane) {
    self.lanes.get(lane).doorbell.ring();
  }

  /// Blocks until everything logged so far is written and handed to the
  /// callback buffer, or `timeout` passes; true when it all was.
  pub fn flush_blocking(&self, timeout: Duration) -> bool {
    self.queue.wait_finished(self.queue.last_ticket(), timeout)
  }

  /// Resolves when everything logged before the call is written and handed
  /// to the callback buffer.
  pub fn flush(&self) -> impl std::future::Future<Output = ()> + Send + 'static {
    let queue = self.queue.clone();
    let ticket = queue.last_ticket();
    async move { queue.finished(ticket).await }
  }

  /// Blocks until what was logged so far is written and every network
  /// sink has sent (or dropped) it, or `timeout` passes; true when it all was.
  pub fn flush_exports_blocking(&self, timeout: Duration) -> bool {
    let deadline = std::time::Instant::now() + timeout;
    if !self.flush_blocking(timeout) {
      return false;
    }
    self.exports.is_empty() || self.exports.wait(deadline.saturating_duration_since(std::time::Instant::now()))
  }

  /// Resolves when every network sink has sent (or dropped) what it was
  /// handed before the call, or `timeout` passed; true when it all was.
  /// Call after `flush`, so the records are handed over.
  pub fn flush_exports(&self, timeout: Duration) -> impl std::future::Future<Output = bool> + Send + 'static {
    let exports = self.exports.clone();
    async move {
      if exports.is_empty() {
        return true;
      }
      tokio::task::spawn_blocking(move || exports.wait(timeout)).await.unwrap_or(false)
    }
  }

  pub fn stats(&self) -> Stats {
    Stats {
      written: Counters::get(&self.counters.written),
      write_errors: Counters::get(&self.counters.write_errors),
      dropped: self.lanes.main.buffer.dropped_total() + self.lanes.worker.buffer.dropped_total(),
      lost: self.queue.lost(),
      export_dropped: Counters::get(&self.counters.export_dropped),
    }
  }
}

impl Drop for Pipeline {
  /// Writes what is queued, then stops the writer.
  fn drop(&mut self) {
    self.queue.close();
    if let Some(writer) = self.writer.take() {
      let _ = writer.join();
    }
  }
}

#[cfg(test)]
mod tests {
  use super::*;
  use crate::batch::test_support::{call, Call};
  use crate::format::Format;
  use crate::sink::Stream;
  use std::io::Write;
  use std::sync::atomic::{AtomicUsize, Ordering};

  #[derive(Clone, Default)]
  struct Memory(Arc<Mutex<Vec<u8>>>);

  impl Write for Memory {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
      self.0.lock().unwrap().extend_from_slice(buf);
      Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
      Ok(())
    }
  }

  impl Memory {
    fn lines(&self) -> Vec<String> {
      String::from_utf8(self.0.lock().unwrap().clone()).unwrap().lines().map(str::to_owned).collect()
    }
  }

  /// A file that refuses every write, or panics as a bug in a sink would.
  enum Failing {
    Refuses,
    Panics,
  }

  impl Write for Failing {
    fn write(&mut self, _: &[u8]) -> io::Result<usize> {
      match self {
        Failing::Refuses => Err(io::ErrorKind::BrokenPipe.into()),
        Failing::Panics => panic!("a sink bug"),
      }
    }
    fn flush(&mut self) -> io::Result<()> {
      Ok(())
    }
  }


  #[derive(Clone, Default)]
  struct CountingDoorbell(Arc<AtomicUsize>);

  impl Doorbell for CountingDoorbell {
    fn ring(&self) {
      self.0.fetch_add(1, Ordering::SeqCst);
    }
  }

  fn on_main(level: u32) -> Registration {
    Registration { level, lane: Lane::Main, location: true }
  }

  fn start() -> Pipeline {
    Pipeline::start(Arc::new(CountingDoorbell::default())).unwrap()
  }

  /// Logs one record through the batch format.
  fn log(pipeline: &Pipeline, level: u32, message: &str) {
    pipeline.log_batch(Batch::of(&[call(level, message)]));
  }

  fn json_sink(pipeline: &Pipeline, level: u32) -> (u32, Memory) {
    let memory = Memory::default();
    let id = pipeline.add_sink_target(Box::new(Stream::new("memory", memory.clone())), level, FormatChoice::Fixed(Format::Json), false, None);
    (id, memory)
  }

  fn messages(memory: &Memory) -> Vec<String> {
    memory
      .lines()
      .iter()
      .map(|line| serde_json::from_str::<serde_json::Value>(line).unwrap()["message"].as_str().unwrap().to_owned())
      .collect()
  }

  /// Every callback record waiting, as (seq, takers, message), and the watermark.
  fn take_all(pipeline: &Pipeline) -> (Vec<(u64, Vec<u32>, String)>, u64) {
    let batch = pipeline.take_callback_batch();
    let records = batch
      .records()
      .into_iter()
      .map(|(seq, takers, record)| (seq, takers, record["message"].as_str().unwrap().to_owned()))
      .collect();
    (records, batch.through)
  }

  #[test]
  fn sinks_see_exactly_the_records_logged_while_they_existed() {
    let pipeline = start();
    log(&pipeline, 20, "before");
    let (id, memory) = json_sink(&pipeline, 0);
    log(&pipeline, 20, "during");
    assert!(pipeline.remove_sink(id));
    assert!(!pipeline.remove_sink(id));
    log(&pipeline, 20, "after");
    assert!(pipeline.flush_blocking(Duration::from_secs(5)));
    assert_eq!(messages(&memory), ["during"]);
  }

  #[test]
  fn base_keys_reach_json_and_pino_lines_but_not_callback_records() {
    let pipeline = start();
    pipeline.set_base(Base::from_json(r#"[["pid",7],["hostname","h"]]"#).unwrap());
    let (_, json) = json_sink(&pipeline, 0);
    let pino = Memory::default();
    pipeline.add_sink_target(Box::new(Stream::new("pino", pino.clone())), 0, FormatChoice::Fixed(Format::Pino), false, None);
    pipeline.add_callback(on_main(0));
    // A captured location: the JSON line could otherwise serve callbacks as is.
    pipeline.log_batch(Batch::of(&[Call { fields: Some(r#"{"pid":8}"#), filename: "/srv/app.js", lineno: 3, function: "f", ..call(20, "m") }]));
    assert!(pipeline.flush_blocking(Duration::from_secs(5)));
    let value = |line: &str| serde_json::from_str::<serde_json::Value>(line).unwrap();
    let json = value(&json.lines()[0]);
    assert_eq!((&json["pid"], &json["hostname"], &json["filename"]), (&serde_json::json!(8), &serde_json::json!("h"), &serde_json::json!("/srv/app.js")));
    assert_eq!(value(&pino.lines()[0])["hostname"], "h");
    let batch = pipeline.take_callback_batch();
    let record = &batch.records()[0].2;
    assert_eq!((record.get("hostname"), &record["pid"], &record["lineno"]), (None, &serde_json::json!(8), &serde_json::json!("3")));
  }

  /// A destination that says it is a terminal, writing to memory.
  struct Terminal(Memory);

  impl Destination for Terminal {
    fn write_lines(&mut self, lines: &[u8]) -> io::Result<()> {
      self.0.write_all(lines)
    }

    fn describe(&self) -> String {
      "terminal".into()
    }

    fn is_terminal(&self) -> bool {
      true
    }
  }

  #[test]
  fn terminal_sinks_are_written_by_the_calling_thread_and_never_by_the_writer() {
    let pipeline = start();
    let memory = Memory::default();
    pipeline.add_sink_target(Box::new(Terminal(memory.clone())), 20, FormatChoice::Fixed(Format::Json), false, None);
    let (_, batched) = json_sink(&pipeline, 0);
    let batch = Batch::of(&[call(20, "now"), call(10, "below the terminal's level")]);
    pipeline.write_through(&batch);
    assert_eq!(messages(&memory), ["now"], "written before write_through returned");
    pipeline.log_batch(batch);
    assert!(pipeline.flush_blocking(Duration::from_secs(5)));
    assert_eq!(messages(&memory), ["now"], "the writer has no terminal sink");
    assert_eq!(messages(&batched), ["now", "below the terminal's level"]);
    assert_eq!(pipeline.stats().written, 3);
  }

  #[test]
  fn a_sinks_redaction_changes_its_lines_only_batched_or_on_a_terminal() {
    let pipeline = start();
    let redaction = || Some(Redaction::from_json(r#"[["user","password"],[null,"token"]]"#, Some("[Redacted]".into())).unwrap());
    let (_, plain) = json_sink(&pipeline, 0);
    let redacted = Memory::default();
    pipeline.add_sink_target(Box::new(Stream::new("redacted", redacted.clone())), 0, FormatChoice::Fixed(Format::Json), false, redaction());
    // A second plain sink after the redacted one: the shared line is not the redacted one.
    let (_, after) = json_sink(&pipeline, 0);
    let terminal = Memory::default();
    pipeline.add_sink_target(Box::new(Terminal(terminal.clone())), 0, FormatChoice::Fixed(Format::Json), false, redaction());
    pipeline.add_callback(on_main(0));
    let fields = serde_json::json!({"user": {"password": "p", "name": "n"}, "s": {"token": "t"}}).to_string();
    let batch = Batch::of(&[Call { fields: Some(&fields), ..call(20, "secret") }, call(20, "nothing to redact")]);
    pipeline.write_through(&batch);
    pipeline.log_batch(batch);
    assert!(pipeline.flush_blocking(Duration::from_secs(5)));
    let value = |line: &str| serde_json::from_str::<serde_json::Value>(line).unwrap();
    for memory in [&plain, &after] {
      assert_eq!((value(&memory.lines()[0])["user"]["password"].clone(), memory.lines().len()), (serde_json::json!("p"), 2));
    }
    for memory in [&redacted, &terminal] {
      let lines = memory.lines();
      let first = value(&lines[0]);
      assert_eq!((&first["user"], &first["s"]), (&serde_json::json!({"password": "[Redacted]", "name": "n"}), &serde_json::json!({"token": "[Redacted]"})));
      assert_eq!(value(&lines[1])["message"], "nothing to redact");
    }
    let batch = pipeline.take_callback_batch();
    assert_eq!(batch.records()[0].2["user"]["password"], "p", "callback records are not the sink's");
  }

  #[test]
  fn the_terminal_level_is_the_lowest_of_the_sinks_writing_to_a_terminal() {
    let pipeline = start();
    json_sink(&pipeline, 5);
    assert_eq!(pipeline.terminal_min_level(), None, "memory is no terminal");
    let info = pipeline.add_sink_target(Box::new(Terminal(Memory::default())), 20, FormatChoice::Default, false, None);
    let error = pipeline.add_sink_target(Box::new(Terminal(Memory::default())), 40, FormatChoice::Default, false, None);
    assert_eq!(pipeline.terminal_min_level(), Some(20));
    pipeline.remove_sink(info);
    assert_eq!(pipeline.terminal_min_level(), Some(40));
    pipeline.remove_sink(error);
    assert_eq!((pipeline.terminal_min_level(), pipeline.sink_min_level()), (None, Some(5)));
  }

  #[test]
  fn a_sink_level_filters_and_stats_count_lines_written() {
    let pipeline = start();
    let (_, memory) = json_sink(&pipeline, 40);
    assert_eq!(pipeline.sink_min_level(), Some(40));
    log(&pipeline, 20, "info");
    log(&pipeline, 40, "error");
    assert!(pipeline.flush_blocking(Duration::from_secs(5)));
    assert_eq!(messages(&memory), ["error"]);
    assert_eq!(pipeline.stats().written, 1);
  }

  #[test]
  fn lines_a_sink_failed_to_write_are_not_counted_as_written() {
    let pipeline = start();
    pipeline.add_sink_target(Box::new(Stream::new("refuses", Failing::Refuses)), 0, FormatChoice::Fixed(Format::Json), false, None);
    log(&pipeline, 20, "lost");
    assert!(pipeline.flush_blocking(Duration::from_secs(5)));
    let stats = pipeline.stats();
    assert_eq!((stats.written, stats.write_errors), (0, 1));
  }

  #[test]
  fn a_panic_in_one_step_leaves_the_writer_running_and_the_next_command_applied() {
    let pipeline = start();
    let broken = pipeline.add_sink_target(Box::new(Stream::new("panics", Failing::Panics)), 0, FormatChoice::Fixed(Format::Json), false, None);
    log(&pipeline, 20, "panics on write");
    assert!(pipeline.flush_blocking(Duration::from_secs(5)), "the writer finished the batch");
    pipeline.remove_sink(broken);
    let (_, memory) = json_sink(&pipeline, 0);
    log(&pipeline, 20, "after");
    assert!(pipeline.flush_blocking(Duration::from_secs(5)));
    assert_eq!(messages(&memory), ["after"]);
  }

  #[test]
  fn callbacks_take_the_records_logged_between_their_add_and_remove_at_their_level() {
    let pipeline = start();
    log(&pipeline, 20, "before any");
    let all = pipeline.add_callback(on_main(0));
    let errors = pipeline.add_callback(on_main(40));
    assert_eq!(pipeline.callback_gates().any, Some(0));
    log(&pipeline, 20, "info");
    log(&pipeline, 40, "error");
    assert!(pipeline.remove_callback(all));
    assert!(!pipeline.remove_callback(all));
    assert_eq!(pipeline.callback_gates().any, Some(40));
    log(&pipeline, 20, "info after");
    log(&pipeline, 50, "critical after");
    assert!(pipeline.flush_blocking(Duration::from_secs(5)));
    let (records, through) = take_all(&pipeline);
    assert_eq!(
      records,
      [
        (1, vec![all], "info".to_owned()),
        (2, vec![all, errors], "error".to_owned()),
        (4, vec![errors], "critical after".to_owned())
      ]
    );
    assert_eq!(through, 5);
  }

  #[test]
  fn records_for_worker_callbacks_go_to_the_worker_lane_only() {
    use crate::callbacks::attach_worker;
    let pipeline = start();
    let worker = attach_worker(pipeline.lane_id(), Arc::new(CountingDoorbell::default())).unwrap();
    let on_worker = pipeline.add_callback(Registration { level: 40, lane: Lane::Worker, location: false });
    let on_main = pipeline.add_callback(on_main(0));
    assert_eq!(pipeline.callback_gates(), Gates { any: Some(0), location: Some(0), main: Some(0) });
    log(&pipeline, 20, "info");
    log(&pipeline, 40, "error");
    assert!(pipeline.flush_blocking(Duration::from_secs(5)));
    let (main, _) = take_all(&pipeline);
    assert_eq!(main.iter().map(|(seq, takers, _)| (*seq, takers.clone())).collect::<Vec<_>>(), [(0, vec![on_main]), (1, vec![on_main])]);
    let batch = worker.take();
    let records = batch.records();
    assert_eq!((records.len(), records[0].0, &records[0].1, batch.through), (1, 1, &vec![on_worker], 2));
  }

  #[test]
  fn records_logged_by_callbacks_go_to_sinks_only_and_unreadable_fields_keep_their_record_all_moving_the_watermark() {
    let pipeline = start();
    let (_, memory) = json_sink(&pipeline, 0);
    pipeline.add_callback(on_main(0));
    let unreadable = Call { fields: Some("{oops"), ..call(20, "unreadable fields") };
    pipeline.log_batch(Batch::of(&[call(20, "app"), unreadable, Call { origin: 1, ..call(20, "from a callback") }]));
    assert!(pipeline.flush_blocking(Duration::from_secs(5)));
    let (records, through) = take_all(&pipeline);
    let taker = records[0].1[0];
    assert_eq!(records, [(0, vec![taker], "app".to_owned()), (1, vec![taker], "unreadable fields".to_owned())]);
    assert_eq!(through, 3);
    assert_eq!(messages(&memory), ["app", "unreadable fields", "from a callback"]);
  }

  #[test]
  fn callback_records_arrive_in_order_with_one_ring_per_empty_buffer() {
    let doorbell = CountingDoorbell::default();
    let pipeline = Pipeline::start(Arc::new(doorbell.clone())).unwrap();
    pipeline.add_callback(on_main(0));
    for seq in 0..1000 {
      log(&pipeline, 20, &format!("m{seq}"));
    }
    assert!(pipeline.flush_blocking(Duration::from_secs(5)));
    let rings = doorbell.0.load(Ordering::SeqCst);
    assert!((1..1000).contains(&rings), "rang {rings} times");
    let (records, through) = take_all(&pipeline);
    assert_eq!(records.len(), 1000);
    for (seq, (got, _, message)) in records.iter().enumerate() {
      assert_eq!((*got, message.as_str()), (seq as u64, format!("m{seq}").as_str()));
    }
    assert_eq!(through, 1000);
  }

  #[test]
  fn dropping_the_pipeline_writes_what_was_queued() {
    let memory;
    {
      let pipeline = start();
      memory = json_sink(&pipeline, 0).1;
      for n in 0..10_000 {
        log(&pipeline, 20, &n.to_string());
      }
    }
    assert_eq!(memory.lines().len(), 10_000);
  }

  #[test]
  fn the_default_format_follows_configure() {
    let pipeline = start();
    let memory = Memory::default();
    pipeline.add_sink_target(Box::new(Stream::new("memory", memory.clone())), 0, FormatChoice::Default, false, None);
    log(&pipeline, 20, "text");
    pipeline.set_default_json(true);
    log(&pipeline, 20, "json");
    assert!(pipeline.flush_blocking(Duration::from_secs(5)));
    let lines = memory.lines();
    assert!(lines[0].ends_with("| INFO     | text"), "{}", lines[0]);
    assert!(lines[1].starts_with('{'), "{}", lines[1]);
  }
}
