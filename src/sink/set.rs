//! A set of sinks with what formatting records for them takes: the
//! configured default format and base keys, and each record's line made
//! once per format in use. The writer thread has one; the terminal sinks,
//! written on the logging thread, have another (terminal.rs).

use crate::format::{Base, Clock, Lines};
use crate::record::Record;
use crate::stats::Counters;
use crate::writer::report;

use super::Sink;

#[derive(Default)]
pub struct Sinks {
  sinks: Vec<Sink>,
  default_json: bool,
  base: Base,
  /// The record's line in each format in use, made once per record.
  lines: Lines,
  /// The line of a sink whose redaction changed the record's fields.
  own_line: Vec<u8>,
}

impl Sinks {
  pub fn add(&mut self, sink: Sink) {
    self.sinks.push(sink);
  }

  /// Takes the sinks `matches` picks out first, then writes what they hold:
  /// a sink whose write panics is gone all the same. True when there was one.
  pub fn remove(&mut self, matches: impl Fn(&Sink) -> bool, counters: &Counters) -> bool {
    let (removed, kept): (Vec<Sink>, Vec<Sink>) = self.sinks.drain(..).partition(|sink| matches(sink));
    self.sinks = kept;
    let any = !removed.is_empty();
    for mut sink in removed {
      sink.write_out(counters);
    }
    any
  }

  pub fn set_default_json(&mut self, json: bool) {
    self.default_json = json;
  }

  pub fn set_base(&mut self, base: Base) {
    self.base = base;
  }

  /// Formats the record for every sink whose level it reaches and buffers
  /// the lines; a sink whose buffer is full writes it at once.
  pub fn log(&mut self, record: &Record, clock: &mut Clock, counters: &Counters) {
    self.lines.clear();
    for sink in &mut self.sinks {
      if record.level < sink.level {
        continue;
      }
      let line = sink.line(record, self.default_json, &mut self.lines, &mut self.own_line, clock, &self.base);
      if sink.push_line(line) {
        sink.write_out(counters);
      }
    }
  }

  /// Writes what every sink holds.
  pub fn write_out(&mut self, counters: &Counters) {
    for sink in &mut self.sinks {
      sink.write_out(counters);
    }
  }

  /// Writes each sink's buffer to the file it had, then reopens it; a file
  /// that cannot be opened again is reported and counted like a failed write.
  pub fn reopen(&mut self, counters: &Counters) {
    for sink in &mut self.sinks {
      sink.write_out(counters);
      if let Err(error) = sink.reopen() {
        Counters::add(&counters.write_errors, 1);
        report(&format!("logly: sink {} ({}) could not be reopened: {error}", sink.id, sink.describe()));
      }
    }
  }
}
