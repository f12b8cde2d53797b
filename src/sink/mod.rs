//! Sinks: where formatted lines go. A sink owns a buffer that the writer
//! fills with a whole batch and writes out in one call.

mod target;

pub use target::{write_fully, Target};

use std::io;

use crate::format::Format;

/// The layout a sink was asked for. `Default` follows `configure({ json })`,
/// which can change after the sink was added.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormatChoice {
  Json,
  Text,
  Default,
}

pub struct Sink {
  pub id: u32,
  /// Records below this level are not written here.
  pub level: u32,
  pub format: FormatChoice,
  pub color: bool,
  target: Target,
  buffer: Vec<u8>,
  /// Lines in `buffer`, counted as written once the write succeeds.
  buffered_lines: u64,
  /// Set once a failure has been reported.
  failed: bool,
}

/// Above this many buffered bytes a sink writes before the batch ends, so a
/// large batch never holds a large buffer.
const FLUSH_AT: usize = 256 * 1024;

impl Sink {
  pub fn new(id: u32, level: u32, format: FormatChoice, color: bool, target: Target) -> Self {
    Sink { id, level, format, color, target, buffer: Vec::with_capacity(8 * 1024), buffered_lines: 0, failed: false }
  }

  /// The format in force given the configured default.
  pub fn format(&self, default_json: bool) -> Format {
    let json = match self.format {
      FormatChoice::Json => true,
      FormatChoice::Text => false,
      FormatChoice::Default => default_json,
    };
    if json {
      Format::Json
    } else {
      Format::Text { color: self.color }
    }
  }

  /// Buffers one formatted line; returns whether the buffer should be flushed.
  pub fn push_line(&mut self, line: &[u8]) -> bool {
    self.buffer.extend_from_slice(line);
    self.buffered_lines += 1;
    self.buffer.len() >= FLUSH_AT
  }

  /// Writes the buffer out; returns how many lines that was. The buffered
  /// lines are dropped even when the write fails (or panics), so a broken
  /// disk or a closed pipe cannot grow memory and a bad sink cannot fail
  /// the same lines forever.
  pub fn flush(&mut self) -> io::Result<u64> {
    if self.buffer.is_empty() {
      return Ok(0);
    }
    let lines = std::mem::take(&mut self.buffered_lines);
    let mut buffer = std::mem::take(&mut self.buffer);
    let result = write_fully(&mut self.target, &buffer);
    buffer.clear();
    self.buffer = buffer;
    result.map(|()| lines)
  }

  /// True the first time it is asked after a failure: failures are reported
  /// once per sink and counted every time.
  pub fn first_failure(&mut self) -> bool {
    !std::mem::replace(&mut self.failed, true)
  }

  pub fn describe(&self) -> String {
    self.target.describe()
  }
}
