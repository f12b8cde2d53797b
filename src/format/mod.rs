//! Turning records into bytes: JSON lines (also the callback payload) and
//! the human text layout of the reference page.

mod json;
mod text;
mod time;

pub use json::write_json;
pub use text::write_text;
pub use time::Clock;

use serde::Serialize;

/// How a sink lays out its lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
  Json,
  Text { color: bool },
}

/// Appends `value` as JSON. Writing into a `Vec` cannot fail and every value
/// here has string keys, so the error branch is only a guard.
fn push_json<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) {
  if serde_json::to_writer(&mut *out, value).is_err() {
    out.extend_from_slice(b"null");
  }
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
        origin: crate::record::Origin::App,
      }
    }

    /// The fields the rules make, each value as JSON text.
    pub fn expected_fields(&self) -> Vec<(String, String)> {
      self.fields.as_ref().map_or_else(Vec::new, AnyFields::expected)
    }
  }
}
