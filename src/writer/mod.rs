//! The writer thread: turns queued log calls into records, formats each once
//! per format in use, hands lines to sinks and callback records to the
//! callback buffers, and writes every sink once per batch.

mod queue;

pub use queue::Queue;

use std::collections::VecDeque;
use std::io::Write;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use crate::batch::Batch;
use crate::callbacks::{CallbackRegistry, Lane, Lanes, Registration, Staged};
use crate::format::{Base, Clock};
use crate::record::{Origin, Record};
use crate::sink::{Sink, Sinks};
use crate::stats::Counters;

/// Everything the writer does arrives through the queue, in the order it was
/// asked for: a sink or callback added after a record does not get it, one
/// removed after a record still gets it.
pub enum Command {
  /// Log calls (`batch.rs`).
  Batch(Batch),
  AddSink(Sink),
  RemoveSink(u32),
  RemoveAllSinks,
  DefaultJson(bool),
  /// The keys JSON and pino lines carry before the fields (`configure({ base })`).
  Base(Base),
  /// Every sink reopens its file.
  Reopen,
  AddCallback { id: u32, registration: Registration },
  RemoveCallback(u32),
}

impl Command {
  /// The bytes it holds, for the queue's bound.
  pub fn size(&self) -> usize {
    match self {
      Command::Batch(batch) => batch.size(),
      _ => 0,
    }
  }

  /// The records it holds.
  pub fn records(&self) -> u64 {
    match self {
      Command::Batch(batch) => batch.len(),
      _ => 0,
    }
  }
}

/// The writer's own state; it lives on the writer thread only.
pub struct Writer {
  sinks: Sinks,
  clock: Clock,
  /// The callbacks in queue order: which one takes which record.
  callbacks: CallbackRegistry,
  takers: Vec<u32>,
  /// Records read so far, readable or not: the next record's sequence number.
  records: u64,
  /// This batch's records for each lane's callbacks: main, worker.
  for_callbacks: [Staged; 2],
  counters: Arc<Counters>,
  lanes: Arc<Lanes>,
}

const LANES: [Lane; 2] = [Lane::Main, Lane::Worker];

impl Writer {
  pub fn new(counters: Arc<Counters>, lanes: Arc<Lanes>) -> Self {
    Writer {
      sinks: Sinks::default(),
      clock: Clock::default(),
      callbacks: CallbackRegistry::default(),
      takers: Vec::new(),
      records: 0,
      for_callbacks: [Staged::default(), Staged::default()],
      counters,
      lanes,
    }
  }

  /// Runs until the queue is closed and drained. A panic is caught per
  /// command, so one bad record cannot stop logging or swallow the sink
  /// change queued after it; the records of a failed batch still count as
  /// read, so the watermark moves and `complete()` never waits on them.
  pub fn run(mut self, queue: &Queue) {
    let mut commands = VecDeque::new();
    while queue.take_all(&mut commands) {
      let n = commands.len() as u64;
      for command in commands.drain(..) {
        recover(|| self.handle(command));
      }
      recover(|| self.end_batch());
      queue.finish(n);
    }
    self.sinks.write_out(&self.counters);
  }

  /// Logs every record of a batch. If one panics, the rest of the batch is
  /// lost but still counted as read, so the watermark moves past it.
  fn log_batch(&mut self, batch: &Batch) {
    let first = self.records;
    let outcome = catch_unwind(AssertUnwindSafe(|| {
      batch.for_each_record(|record| {
        self.log(record);
        self.records += 1;
      })
    }));
    if outcome.is_err() {
      self.records = first + batch.len();
      report_recovery();
    }
  }

  fn handle(&mut self, command: Command) {
    match command {
      Command::Batch(batch) => self.log_batch(&batch),
      Command::AddSink(sink) => self.sinks.add(sink),
      Command::RemoveSink(id) => {
        self.sinks.remove(|sink| sink.id == id, &self.counters);
      }
      Command::RemoveAllSinks => {
        self.sinks.remove(|_| true, &self.counters);
      }
      Command::DefaultJson(json) => self.sinks.set_default_json(json),
      Command::Base(base) => self.sinks.set_base(base),
      Command::Reopen => self.sinks.reopen(&self.counters),
      Command::AddCallback { id, registration } => self.callbacks.add(id, registration),
      Command::RemoveCallback(id) => {
        self.callbacks.remove(id);
      }
    }
  }

  /// Writes what the batch left in sink buffers and hands its callback
  /// records over to each lane, with the watermark.
  fn end_batch(&mut self) {
    self.sinks.write_out(&self.counters);
    for (lane, staged) in LANES.iter().zip(&mut self.for_callbacks) {
      let lane = self.lanes.get(*lane);
      if lane.buffer.push(staged, self.records) {
        lane.doorbell.ring();
      }
    }
  }

  fn log(&mut self, record: &Record) {
    self.sinks.log(record, &mut self.clock, &self.counters);
    if record.origin == Origin::App && !self.callbacks.is_empty() {
      self.hand_to_callbacks(record);
    }
  }

  fn hand_to_callbacks(&mut self, record: &Record) {
    for (lane, staged) in LANES.iter().zip(&mut self.for_callbacks) {
      self.callbacks.takers(record.level, *lane, &mut self.takers);
      if !self.takers.is_empty() {
        staged.add(&self.lanes.get(*lane).buffer, self.records, &self.takers, record, &mut self.clock);
      }
    }
  }
}

/// Runs one step of the writer, surviving a panic instead of dying of it.
fn recover(step: impl FnOnce()) {
  if catch_unwind(AssertUnwindSafe(step)).is_err() {
    report_recovery();
  }
}

/// The first recovery is reported; a bug that repeats every batch would flood stderr.
fn report_recovery() {
  static REPORTED: AtomicBool = AtomicBool::new(false);
  if !REPORTED.swap(true, Ordering::Relaxed) {
    report("logly: the writer recovered from an internal error; some records may be missing (reported once)");
  }
}

/// Tells stderr about logly's own trouble. A report that cannot be written
/// (stderr closed) is dropped: `eprintln!` would panic the writer instead.
pub fn report(message: &str) {
  let _ = writeln!(std::io::stderr(), "{message}");
}
