//! Sinks: where formatted lines go. A sink owns a buffer that the writer
//! fills with a whole batch and hands to its destination in one call.
//!
//! Destinations are an open set: each kind is one file here implementing
//! `Destination`, plus its arm in `TargetSpec` (what JS asks for).

pub mod exporter;
mod file;
pub mod housekeeping;
mod http;
mod redact;
pub mod rotation;
mod set;
mod stream;
mod terminal;

pub use file::{system_now, FileDestination, FileSpec, Now};
pub use http::{Body, HttpDestination, HttpSpec};
pub use redact::Redaction;
pub use set::Sinks;
pub use stream::{write_fully, Stream};
pub use terminal::TerminalSinks;

use std::io;
use std::sync::Arc;

use crate::format::{Base, Clock, Format, Lines};
use crate::record::Record;
use crate::stats::Counters;
use crate::writer::report;
use exporter::Exports;

/// Where a sink's lines end up: a stream, a file, a collector.
pub trait Destination: Send {
  /// Takes whole lines, each ending in `\n`: a destination may split the
  /// bytes between lines (a file rotating, a request batching), never inside one.
  fn write_lines(&mut self, lines: &[u8]) -> io::Result<()>;

  /// Opens its file again by name (logrotate's `create` mode moved the old
  /// one away). Nothing to do for streams.
  fn reopen(&mut self) -> io::Result<()> {
    Ok(())
  }

  /// What it writes to, for reports: `stdout`, a path, a URL.
  fn describe(&self) -> String;

  /// Whether it writes to a terminal, where a person reads its lines
  /// among the application's own `console.log` output.
  fn is_terminal(&self) -> bool {
    false
  }
}

/// A sink's destination as asked for, opened by `open`.
#[derive(Debug, Clone, PartialEq)]
pub enum TargetSpec {
  Stdout,
  Stderr,
  File(FileSpec),
  Http(HttpSpec),
}

/// What a destination may share with its pipeline.
#[derive(Clone, Default)]
pub struct Context {
  pub counters: Arc<Counters>,
  /// Exporters `complete()` and exit wait for.
  pub exports: Arc<Exports>,
}

impl TargetSpec {
  /// Opens the destination now, so a bad path fails in `add()`.
  pub fn open(&self, context: &Context) -> io::Result<Box<dyn Destination>> {
    Ok(match self {
      TargetSpec::Stdout => Box::new(Stream::stdout()?),
      TargetSpec::Stderr => Box::new(Stream::stderr()?),
      TargetSpec::File(spec) => Box::new(FileDestination::open(spec)?),
      TargetSpec::Http(spec) => Box::new(HttpDestination::open(spec, context.counters.clone(), &context.exports)?),
    })
  }

  pub fn describe(&self) -> String {
    match self {
      TargetSpec::Stdout => "stdout".into(),
      TargetSpec::Stderr => "stderr".into(),
      TargetSpec::File(spec) => spec.path.display().to_string(),
      TargetSpec::Http(spec) => spec.url.clone(),
    }
  }
}

/// The layout a sink was asked for. `Default` follows `configure({ json })`,
/// which can change after the sink was added.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormatChoice {
  Fixed(Format),
  Default,
}

pub struct Sink {
  pub id: u32,
  /// Records below this level are not written here.
  pub level: u32,
  pub format: FormatChoice,
  /// Colors for text when the format follows the default.
  pub color: bool,
  /// Paths of the fields this sink's lines censor or leave out.
  redaction: Option<Redaction>,
  destination: Box<dyn Destination>,
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
  pub fn new(id: u32, level: u32, format: FormatChoice, color: bool, destination: Box<dyn Destination>) -> Self {
    Sink {
      id,
      level,
      format,
      color,
      redaction: None,
      destination,
      buffer: Vec::with_capacity(8 * 1024),
      buffered_lines: 0,
      failed: false,
    }
  }

  pub fn with_redaction(self, redaction: Option<Redaction>) -> Self {
    Sink { redaction, ..self }
  }

  /// The line of `record` for this sink: the one `lines` makes once per
  /// format for every sink, unless this sink's redaction changes the
  /// record's fields (here, or in JS for a censor function); then its own,
  /// written into `own` (never into `lines`, which other sinks read).
  pub fn line<'l>(&self, record: &Record, default_json: bool, lines: &'l mut Lines, own: &'l mut Vec<u8>, clock: &mut Clock, base: &Base) -> &'l [u8] {
    let format = self.format(default_json);
    let redacted = match record.fields_for_sink(self.id) {
      Some(fields) => Some(fields.borrowed()),
      None => self.redaction.as_ref().and_then(|redaction| redaction.apply(&record.fields)),
    };
    match redacted {
      None => lines.get(format, record, clock, base),
      Some(fields) => {
        own.clear();
        format.write_line(&record.with_fields(fields), clock, base, own);
        own
      }
    }
  }

  /// The format in force given the configured default.
  pub fn format(&self, default_json: bool) -> Format {
    match self.format {
      FormatChoice::Fixed(format) => format,
      FormatChoice::Default if default_json => Format::Json,
      FormatChoice::Default => Format::Text { color: self.color },
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
    let result = self.destination.write_lines(&buffer);
    buffer.clear();
    self.buffer = buffer;
    result.map(|()| lines)
  }

  /// Writes the buffer out; counts the lines written, or the failure
  /// (reported once per sink).
  pub fn write_out(&mut self, counters: &Counters) {
    match self.flush() {
      Ok(lines) => Counters::add(&counters.written, lines),
      Err(error) => {
        Counters::add(&counters.write_errors, 1);
        if self.first_failure() {
          report(&format!(
            "logly: sink {} ({}) failed to write: {error}; later failures are counted in stats().writeErrors",
            self.id,
            self.describe()
          ));
        }
      }
    }
  }

  /// Reopens the destination; the writer writes the buffer out first.
  pub fn reopen(&mut self) -> io::Result<()> {
    self.destination.reopen()
  }

  /// True the first time it is asked after a failure: failures are reported
  /// once per sink and counted every time.
  fn first_failure(&mut self) -> bool {
    !std::mem::replace(&mut self.failed, true)
  }

  pub fn is_terminal(&self) -> bool {
    self.destination.is_terminal()
  }

  pub fn describe(&self) -> String {
    self.destination.describe()
  }
}
