//! A record ready to format, borrowing its text from the batch it came in.

use std::borrow::Cow;

use crate::fields::Fields;
use crate::level::level_name;

/// Where the log call was written. Empty strings and line 0 when the
/// location was not captured.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Location<'a> {
  pub filename: Cow<'a, str>,
  pub lineno: u32,
  pub function: Cow<'a, str>,
}

impl Location<'_> {
  /// Whether the log call's site was captured (a top-level call has no function name).
  pub fn is_captured(&self) -> bool {
    !self.filename.is_empty() || self.lineno > 0
  }
}

/// Who logged a record. Records logged from inside a callback go to sinks
/// but never to callbacks again, so a callback that logs cannot loop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
  App,
  Callback,
}

#[derive(Debug)]
pub struct Record<'a> {
  pub level: u32,
  /// Milliseconds since the Unix epoch, taken when the call was made.
  pub time_ms: i64,
  pub message: Cow<'a, str>,
  pub location: Location<'a>,
  pub fields: Fields<'a>,
  /// What a sink's redaction with a censor function (run in JS, at the
  /// log call) made of the fields, by sink id; only where it changed them.
  pub sink_fields: Vec<(u32, Fields<'a>)>,
  pub origin: Origin,
}

impl Record<'_> {
  pub fn level_name(&self) -> &'static str {
    level_name(self.level)
  }

  /// The fields JS redacted for sink `id`, if it did.
  pub fn fields_for_sink(&self, id: u32) -> Option<&Fields<'_>> {
    self.sink_fields.iter().find(|(sink, _)| *sink == id).map(|(_, fields)| fields)
  }

  /// This record with other fields (a sink's redacted copy), borrowing the rest.
  pub fn with_fields<'b>(&'b self, fields: Fields<'b>) -> Record<'b> {
    Record {
      level: self.level,
      time_ms: self.time_ms,
      message: Cow::Borrowed(&self.message),
      location: Location {
        filename: Cow::Borrowed(&self.location.filename),
        lineno: self.location.lineno,
        function: Cow::Borrowed(&self.location.function),
      },
      fields,
      sink_fields: Vec::new(),
      origin: self.origin,
    }
  }
}

#[cfg(test)]
pub mod test_support {
  use super::*;
  use serde_json::value::RawValue;

  /// A record at 2025-01-15T10:30:45.123Z with `fields` (JSON text).
  pub fn record<'a>(level: u32, message: &'a str, fields: Option<&'a str>, location: Location<'a>) -> Record<'a> {
    let raw = fields.map(|json| serde_json::from_str::<&RawValue>(json).unwrap());
    Record {
      level,
      time_ms: 1_736_937_045_123,
      message: Cow::Borrowed(message),
      location,
      fields: Fields::from_raw(raw),
      sink_fields: Vec::new(),
      origin: Origin::App,
    }
  }
}
