//! The logger's core as the JS glue sees it: the log call, sinks, callbacks,
//! flushing and counters, with the writer thread behind them.

use std::collections::BTreeSet;
use std::io;
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::Duration;

use crate::callbacks::{Batch, CallbackBuffer, CallbackRegistry, Doorbell};
use crate::sink::{FormatChoice, Sink, Target};
use crate::stats::{Counters, Stats};
use crate::writer::{Command, Queue, Writer};

/// Bytes of batch text the writer may fall behind by before JS waits for it.
const QUEUE_CAPACITY: usize = 1024 * 1024;

/// Where a new sink writes.
#[derive(Debug, Clone, PartialEq)]
pub enum SinkTarget {
  Stdout,
  Stderr,
  File(std::path::PathBuf),
}

#[derive(Debug, Clone)]
pub struct SinkOptions {
  pub target: SinkTarget,
  pub level: u32,
  pub format: FormatChoice,
  pub color: bool,
}

pub struct Pipeline {
  queue: Arc<Queue>,
  callbacks: Arc<CallbackBuffer>,
  counters: Arc<Counters>,
  registry: Mutex<CallbackRegistry>,
  /// Ids of the sinks added and not removed, for `remove()`'s answer.
  sinks: Mutex<SinkIds>,
  writer: Option<JoinHandle<()>>,
}

#[derive(Default)]
struct SinkIds {
  last_id: u32,
  live: BTreeSet<u32>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
  // The guarded values are plain maps and counters updated in one step.
  mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Pipeline {
  /// Starts the writer thread. `doorbell` is rung when records wait for
  /// callbacks.
  pub fn start(doorbell: Box<dyn Doorbell>) -> io::Result<Self> {
    let queue = Arc::new(Queue::new(QUEUE_CAPACITY));
    let callbacks = Arc::new(CallbackBuffer::default());
    let counters = Arc::new(Counters::default());
    let writer = Writer::new(counters.clone(), callbacks.clone(), doorbell);
    let writer_queue = queue.clone();
    let handle = std::thread::Builder::new()
      .name("logly-writer".into())
      .spawn(move || writer.run(&writer_queue))?;
    Ok(Pipeline {
      queue,
      callbacks,
      counters,
      registry: Mutex::default(),
      sinks: Mutex::default(),
      writer: Some(handle),
    })
  }

  /// Queues log calls in the batch format of `batch.rs`; the writer parses them.
  pub fn log_batch(&self, text: String) {
    self.queue.push(Command::Batch(text));
  }

  /// Opens the target now, so a bad path fails here and not on the writer.
  pub fn add_sink(&self, options: SinkOptions) -> io::Result<u32> {
    let target = match &options.target {
      SinkTarget::Stdout => Target::stdout()?,
      SinkTarget::Stderr => Target::stderr()?,
      SinkTarget::File(path) => Target::file(path)?,
    };
    Ok(self.add_sink_target(target, options.level, options.format, options.color))
  }

  /// Adds a sink over any target (tests use in-memory writers).
  pub fn add_sink_target(&self, target: Target, level: u32, format: FormatChoice, color: bool) -> u32 {
    let id = {
      let mut sinks = lock(&self.sinks);
      sinks.last_id += 1;
      let id = sinks.last_id;
      sinks.live.insert(id);
      id
    };
    self.queue.push(Command::AddSink(Sink::new(id, level, format, color, target)));
    id
  }

  /// True when `id` was a live sink. It still writes what was logged before.
  pub fn remove_sink(&self, id: u32) -> bool {
    let removed = lock(&self.sinks).live.remove(&id);
    if removed {
      self.queue.push(Command::RemoveSink(id));
    }
    removed
  }

  /// Removes every sink; returns how many there were.
  pub fn remove_all_sinks(&self) -> usize {
    let count = std::mem::take(&mut lock(&self.sinks).live).len();
    self.queue.push(Command::RemoveAllSinks);
    count
  }

  /// The layout of sinks added without their own.
  pub fn set_default_json(&self, json: bool) {
    self.queue.push(Command::DefaultJson(json));
  }

  pub fn add_callback(&self, name: String, level: u32) -> u32 {
    lock(&self.registry).add(name, level)
  }

  pub fn remove_callback(&self, id: u32) -> bool {
    lock(&self.registry).remove(id)
  }

  pub fn set_callback_capacity(&self, capacity: usize) {
    self.callbacks.set_capacity(capacity);
  }

  pub fn take_callback_batch(&self, max: usize) -> Batch {
    self.callbacks.take(max)
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

  pub fn stats(&self) -> Stats {
    Stats {
      written: Counters::get(&self.counters.written),
      write_errors: Counters::get(&self.counters.write_errors),
      dropped: self.callbacks.dropped_total(),
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

  #[derive(Clone, Default)]
  struct CountingDoorbell(Arc<AtomicUsize>);

  impl Doorbell for CountingDoorbell {
    fn ring(&self) {
      self.0.fetch_add(1, Ordering::SeqCst);
    }
  }

  /// Logs one record through the batch format.
  fn log(pipeline: &Pipeline, level: u32, message: &str, callback_seq: Option<u64>) {
    let seq = callback_seq.map_or(-1, |seq| seq as i64);
    let line = serde_json::json!([level, 0, seq, message, null, "", 0, ""]);
    pipeline.log_batch(format!("{line}\n"));
  }

  fn json_sink(pipeline: &Pipeline, level: u32) -> (u32, Memory) {
    let memory = Memory::default();
    let id = pipeline.add_sink_target(Target::Writer(Box::new(memory.clone())), level, FormatChoice::Json, false);
    (id, memory)
  }

  fn messages(memory: &Memory) -> Vec<String> {
    memory
      .lines()
      .iter()
      .map(|line| serde_json::from_str::<serde_json::Value>(line).unwrap()["message"].as_str().unwrap().to_owned())
      .collect()
  }

  #[test]
  fn sinks_see_exactly_the_records_logged_while_they_existed() {
    let pipeline = Pipeline::start(Box::new(CountingDoorbell::default())).unwrap();
    log(&pipeline, 20, "before", None);
    let (id, memory) = json_sink(&pipeline, 0);
    log(&pipeline, 20, "during", None);
    assert!(pipeline.remove_sink(id));
    assert!(!pipeline.remove_sink(id));
    log(&pipeline, 20, "after", None);
    assert!(pipeline.flush_blocking(Duration::from_secs(5)));
    assert_eq!(messages(&memory), ["during"]);
  }

  #[test]
  fn a_sink_level_filters_and_stats_count() {
    let pipeline = Pipeline::start(Box::new(CountingDoorbell::default())).unwrap();
    let (_, memory) = json_sink(&pipeline, 40);
    log(&pipeline, 20, "info", None);
    log(&pipeline, 40, "error", None);
    assert!(pipeline.flush_blocking(Duration::from_secs(5)));
    assert_eq!(messages(&memory), ["error"]);
    let stats = pipeline.stats();
    assert_eq!(stats.written, 1);
  }

  #[test]
  fn callback_records_arrive_in_order_with_one_ring_per_empty_buffer() {
    let doorbell = CountingDoorbell::default();
    let pipeline = Pipeline::start(Box::new(doorbell.clone())).unwrap();
    for seq in 0..1000 {
      log(&pipeline, 20, &format!("m{seq}"), Some(seq));
    }
    log(&pipeline, 20, "not for callbacks", None);
    assert!(pipeline.flush_blocking(Duration::from_secs(5)));
    let rings = doorbell.0.load(Ordering::SeqCst);
    assert!(rings >= 1 && rings < 1000, "rang {rings} times");
    let batch = pipeline.take_callback_batch(usize::MAX);
    assert!(!batch.more);
    let values: Vec<serde_json::Value> = serde_json::from_str(&batch.json).unwrap();
    assert_eq!(values.len(), 2000);
    for (seq, pair) in values.chunks(2).enumerate() {
      assert_eq!(pair[0], seq as u64);
      assert_eq!(pair[1]["message"], format!("m{seq}"));
    }
  }

  #[test]
  fn dropping_the_pipeline_writes_what_was_queued() {
    let memory;
    {
      let pipeline = Pipeline::start(Box::new(CountingDoorbell::default())).unwrap();
      memory = json_sink(&pipeline, 0).1;
      for n in 0..10_000 {
        log(&pipeline, 20, &n.to_string(), None);
      }
    }
    assert_eq!(memory.lines().len(), 10_000);
  }

  #[test]
  fn the_default_format_follows_configure() {
    let pipeline = Pipeline::start(Box::new(CountingDoorbell::default())).unwrap();
    let memory = Memory::default();
    pipeline.add_sink_target(Target::Writer(Box::new(memory.clone())), 0, FormatChoice::Default, false);
    log(&pipeline, 20, "text", None);
    pipeline.set_default_json(true);
    log(&pipeline, 20, "json", None);
    assert!(pipeline.flush_blocking(Duration::from_secs(5)));
    let lines = memory.lines();
    assert!(lines[0].ends_with("| INFO | text"), "{}", lines[0]);
    assert!(lines[1].starts_with('{'), "{}", lines[1]);
  }
}
