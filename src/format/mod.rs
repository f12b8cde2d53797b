//! Turning records into bytes: JSON lines, the human text layout of the
//! reference page, pino's lines, OTLP, and the records callbacks get.

mod any_value;
mod base;
mod callback;
mod json;
mod otlp;
mod pino;
mod text;
mod time;

pub use base::Base;
pub use callback::{push_fields_object, push_text_values, TEXT_KEYS};
pub use json::write_json;
pub use otlp::{severity_number, write_otlp, write_resource};
pub use pino::write_pino;
pub use text::write_text;
pub use time::Clock;

use serde::Serialize;

use crate::record::Record;

/// How a sink lays out its lines. The set is open: a new format is a file
/// here, a variant, its name in `from_name` and its arm in `write_line`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
  Json,
  Text { color: bool },
  /// An OTLP `LogRecord` (JSON) per line, for the HTTP sink to wrap.
  Otlp,
  /// pino's JSON line, for pino-pretty and pino transports.
  Pino,
}

impl Format {
  /// The format a sink option names (`'text'`, `'json'`, ...); `color` is for text.
  pub fn from_name(name: &str, color: bool) -> Option<Format> {
    match name {
      "json" => Some(Format::Json),
      "text" => Some(Format::Text { color }),
      "otlp" => Some(Format::Otlp),
      "pino" => Some(Format::Pino),
      _ => None,
    }
  }

  /// Appends the record as one line, newline included; `base` is the
  /// configured keys that JSON lines start their fields with.
  pub fn write_line(self, record: &Record, clock: &mut Clock, base: &Base, out: &mut Vec<u8>) {
    match self {
      Format::Json => {
        write_json(record, clock, base, out);
        out.push(b'\n');
      }
      Format::Text { color } => write_text(record, clock, color, out),
      Format::Otlp => {
        write_otlp(record, out);
        out.push(b'\n');
      }
      Format::Pino => {
        write_pino(record, base, out);
        out.push(b'\n');
      }
    }
  }
}

/// The lines of one record in the formats asked for so far, so a record is
/// formatted once per format however many sinks use it.
#[derive(Default)]
pub struct Lines {
  lines: Vec<(Format, Vec<u8>)>,
  /// How many entries of `lines` belong to the current record; the buffers
  /// past it are kept for reuse.
  used: usize,
}

impl Lines {
  /// Forgets the previous record's lines.
  pub fn clear(&mut self) {
    self.used = 0;
  }

  pub fn get(&mut self, format: Format, record: &Record, clock: &mut Clock, base: &Base) -> &[u8] {
    let index = match self.lines[..self.used].iter().position(|(used, _)| *used == format) {
      Some(index) => index,
      None => {
        if self.used == self.lines.len() {
          self.lines.push((format, Vec::with_capacity(512)));
        }
        let (slot, line) = &mut self.lines[self.used];
        *slot = format;
        line.clear();
        format.write_line(record, clock, base, line);
        self.used += 1;
        self.used - 1
      }
    };
    &self.lines[index].1
  }
}

/// Appends `value` as JSON. Writing into a `Vec` cannot fail and every value
/// here has string keys, so the error branch is only a guard.
fn push_json<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) {
  if serde_json::to_writer(&mut *out, value).is_err() {
    out.extend_from_slice(b"null");
  }
}

/// Appends `,"key":value` to an object being written; `json` is the value's
/// JSON text, kept as it came.
fn push_member(out: &mut Vec<u8>, key: &str, json: &str) {
  out.push(b',');
  push_json(out, key);
  out.push(b':');
  out.extend_from_slice(json.as_bytes());
}

#[cfg(test)]
pub(crate) mod test_support {
  //! Arbitrary records for the formatters' property tests.

  use std::borrow::Cow;

  use proptest::prelude::*;
  use serde_json::value::RawValue;

  use crate::fields::test_support::{any_fields, any_text, AnyFields};
  use crate::fields::Fields;
  use crate::record::{Location, Record};

  /// JavaScript's `Date` range in milliseconds.
  pub const MAX_DATE_MS: i64 = 8_640_000_000_000_000;

  /// What a record is made of, owned, so a test can borrow a `Record` from it.
  #[derive(Debug, Clone)]
  pub struct AnyRecord {
    pub level: u32,
    pub time_ms: i64,
    pub message: String,
    pub fields: Option<AnyFields>,
    /// `fields` as the JSON text the record borrows.
    fields_json: Option<String>,
    pub filename: String,
    pub lineno: u32,
    pub function: String,
  }

  pub fn any_record() -> impl Strategy<Value = AnyRecord> {
    (
      any::<u32>(),
      -MAX_DATE_MS..=MAX_DATE_MS,
      any_text(),
      proptest::option::of(any_fields()),
      any_text(),
      any::<u32>(),
      any_text(),
    )
      .prop_map(|(level, time_ms, message, fields, filename, lineno, function)| AnyRecord {
        level,
        time_ms,
        message,
        fields_json: fields.as_ref().map(AnyFields::json),
        fields,
        filename,
        lineno,
        function,
      })
  }

  impl AnyRecord {
    pub fn record(&self) -> Record<'_> {
      let raw = self.fields_json.as_deref().map(|json| serde_json::from_str::<&RawValue>(json).unwrap());
      Record {
        level: self.level,
        time_ms: self.time_ms,
        message: Cow::Borrowed(&self.message),
        location: Location {
          filename: Cow::Borrowed(&self.filename),
          lineno: self.lineno,
          function: Cow::Borrowed(&self.function),
        },
        fields: Fields::from_raw(raw),
        sink_fields: Vec::new(),
        origin: crate::record::Origin::App,
      }
    }

    /// The fields the rules make, each value as JSON text.
    pub fn expected_fields(&self) -> Vec<(String, String)> {
      self.fields.as_ref().map_or_else(Vec::new, AnyFields::expected)
    }
  }
}
