//! Sinks that write to a terminal, written on the logging thread itself.
//!
//! A person reads a terminal with the application's `console.log` output
//! among logly's lines, and Node writes to a terminal synchronously: a line
//! the writer thread wrote at the end of the batch would show up after
//! `console.log` lines that came after it in the code. So these sinks are
//! kept out of the writer, and each record they take is formatted and
//! written before the log call returns (`Pipeline::write_through`), as
//! pino's default destination is synchronous. Files and pipes stay batched.
//! A terminal that stops reading (Ctrl-S) holds the log call as it holds
//! `console.log`.
//!
//! Measured handing each such record to the writer and waiting for it
//! instead: ~80 µs a call (two thread wake-ups), against ~10 µs here.

use crate::batch::{lines, parse_line};
use crate::format::{Base, Clock, Lines};
use crate::stats::Counters;

use super::Sink;

#[derive(Default)]
pub struct TerminalSinks {
  sinks: Vec<Sink>,
  /// The writer's settings, applied here when JS changes them: the
  /// calling thread is the one that orders them among log calls.
  default_json: bool,
  base: Base,
  clock: Clock,
  lines: Lines,
  /// The line of a sink whose redaction changed the record's fields.
  own_line: Vec<u8>,
}

impl TerminalSinks {
  pub fn add(&mut self, sink: Sink) {
    self.sinks.push(sink);
  }

  /// Removes the sinks `matches` picks; true when there was one.
  pub fn remove(&mut self, matches: impl Fn(&Sink) -> bool) -> bool {
    let before = self.sinks.len();
    self.sinks.retain(|sink| !matches(sink));
    self.sinks.len() < before
  }

  pub fn set_default_json(&mut self, json: bool) {
    self.default_json = json;
  }

  pub fn set_base(&mut self, base: Base) {
    self.base = base;
  }

  /// Writes the records of `text` (the batch format of `batch.rs`) to every
  /// terminal sink whose level they reach.
  pub fn write(&mut self, text: &str, counters: &Counters) {
    let mut repaired = String::new();
    for line in lines(text) {
      let record = parse_line(line, &mut repaired);
      self.lines.clear();
      for sink in &mut self.sinks {
        if record.level >= sink.level {
          let line = sink.line(&record, self.default_json, &mut self.lines, &mut self.own_line, &mut self.clock, &self.base);
          sink.push_line(line);
        }
      }
    }
    for sink in &mut self.sinks {
      sink.write_out(counters);
    }
  }
}
