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

use crate::batch::Batch;
use crate::format::Clock;
use crate::stats::Counters;

use super::Sinks;

#[derive(Default)]
pub struct TerminalSinks {
  /// Changed by the calling thread too, which orders sink and setting
  /// changes among its log calls.
  pub sinks: Sinks,
  clock: Clock,
}

impl TerminalSinks {
  /// Writes the records of `batch` to every terminal sink whose level they
  /// reach, before returning.
  pub fn write(&mut self, batch: &Batch, counters: &Counters) {
    let TerminalSinks { sinks, clock } = self;
    batch.for_each_record(|record| sinks.log(record, clock, counters));
    sinks.write_out(counters);
  }
}
