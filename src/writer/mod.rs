//! The writer thread: turns queued entries into records, formats each once
//! per format in use, hands lines to sinks and JSON to the callback buffer,
//! and writes every sink once per batch.

mod queue;

pub use queue::Queue;

use std::collections::VecDeque;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

use crate::callbacks::{CallbackBuffer, Doorbell};
use crate::format::{write_json, write_text, Clock, Format};
use crate::batch::parse_batch;
use crate::record::Record;
use crate::sink::Sink;
use crate::stats::Counters;

/// Everything the writer does arrives through the queue, in the order it was
/// asked for: a sink added after a record does not get it, a sink removed
/// after a record still writes it.
pub enum Command {
  /// Log calls in the batch format of `batch.rs`.
  Batch(String),
  AddSink(Sink),
  RemoveSink(u32),
  RemoveAllSinks,
  DefaultJson(bool),
}

impl Command {
  /// The bytes it holds, for the queue's bound.
  pub fn size(&self) -> usize {
    match self {
      Command::Batch(text) => text.len(),
      _ => 0,
    }
  }
}

/// The writer's own state; it lives on the writer thread only.
pub struct Writer {
  sinks: Vec<Sink>,
  default_json: bool,
  clock: Clock,
  json_line: Vec<u8>,
  text_line: Vec<u8>,
  for_callbacks: Vec<(u64, String)>,
  counters: Arc<Counters>,
  callbacks: Arc<CallbackBuffer>,
  doorbell: Box<dyn Doorbell>,
}

impl Writer {
  pub fn new(counters: Arc<Counters>, callbacks: Arc<CallbackBuffer>, doorbell: Box<dyn Doorbell>) -> Self {
    Writer {
      sinks: Vec::new(),
      default_json: false,
      clock: Clock::default(),
      json_line: Vec::with_capacity(512),
      text_line: Vec::with_capacity(512),
      for_callbacks: Vec::new(),
      counters,
      callbacks,
      doorbell,
    }
  }

  /// Runs until the queue is closed and drained. A panic while handling a
  /// batch is caught so that one bad record cannot stop all logging; the
  /// batch still counts as finished so `complete()` never hangs on it.
  pub fn run(mut self, queue: &Queue) {
    let mut batch = VecDeque::new();
    while queue.take_all(&mut batch) {
      let n = batch.len() as u64;
      let outcome = catch_unwind(AssertUnwindSafe(|| self.handle_batch(&mut batch)));
      if outcome.is_err() {
        batch.clear();
        eprintln!("logly: the writer recovered from an internal error; some records of one batch may be missing");
      }
      queue.finish(n);
    }
    self.flush_sinks();
  }

  fn handle_batch(&mut self, batch: &mut VecDeque<Command>) {
    for command in batch.drain(..) {
      match command {
        Command::Batch(text) => {
          for record in parse_batch(&text) {
            self.log(&record);
          }
        }
        Command::AddSink(sink) => self.sinks.push(sink),
        Command::RemoveSink(id) => self.remove_sinks(|sink| sink.id == id),
        Command::RemoveAllSinks => self.remove_sinks(|_| true),
        Command::DefaultJson(json) => self.default_json = json,
      }
    }
    self.flush_sinks();
    if !self.for_callbacks.is_empty() && self.callbacks.push_all(self.for_callbacks.drain(..)) {
      self.doorbell.ring();
    }
  }

  fn log(&mut self, record: &Record) {
    self.json_line.clear();
    self.text_line.clear();
    let mut text_color = None;
    let mut written = 0;
    for sink in &mut self.sinks {
      if record.level < sink.level {
        continue;
      }
      let line = match sink.format(self.default_json) {
        Format::Json => {
          if self.json_line.is_empty() {
            write_json(record, &mut self.clock, &mut self.json_line);
            self.json_line.push(b'\n');
          }
          &self.json_line
        }
        Format::Text { color } => {
          if text_color != Some(color) {
            self.text_line.clear();
            write_text(record, &mut self.clock, color, &mut self.text_line);
            text_color = Some(color);
          }
          &self.text_line
        }
      };
      written += 1;
      if sink.push_line(line) {
        report_failure(sink, &self.counters);
      }
    }
    Counters::add(&self.counters.written, written);
    if let Some(seq) = record.callback_seq {
      if self.json_line.is_empty() {
        write_json(record, &mut self.clock, &mut self.json_line);
      } else {
        self.json_line.pop(); // the sink's newline
      }
      let json = String::from_utf8_lossy(&self.json_line).into_owned();
      self.for_callbacks.push((seq, json));
    }
  }

  fn remove_sinks(&mut self, matches: impl Fn(&Sink) -> bool) {
    for sink in self.sinks.iter_mut().filter(|sink| matches(sink)) {
      report_failure(sink, &self.counters);
    }
    self.sinks.retain(|sink| !matches(sink));
  }

  fn flush_sinks(&mut self) {
    for sink in &mut self.sinks {
      report_failure(sink, &self.counters);
    }
  }
}

fn report_failure(sink: &mut Sink, counters: &Counters) {
  if let Err(error) = sink.flush() {
    Counters::add(&counters.write_errors, 1);
    if sink.first_failure() {
      eprintln!(
        "logly: sink {} ({}) failed to write: {error}; later failures are counted in stats().writeErrors",
        sink.id,
        sink.describe()
      );
    }
  }
}
