//! The record as callbacks get it, in the form JS rebuilds objects from
//! fastest: the five string values as raw text that JS slices (no escaping,
//! no `JSON.parse`), their lengths in UTF-16 code units (what JS slices by),
//! and the fields as a JSON object that JS parses in one `JSON.parse` per
//! batch with every other record's fields (`callbacks::Batch`).
//!
//! Measured on the worker thread: `JSON.parse` of whole records cost
//! ~550 ns a record, building the same object from slices ~60 ns
//! (BENCHMARKS.md, "Profile of the worker path").

use super::time::push_padded;
use super::{push_member, Clock};
use crate::level::level_index;
use crate::record::Record;

/// The string values of a record, in this order in `CallbackRecord::text`.
pub const TEXT_KEYS: [&str; 5] = ["timestamp", "message", "filename", "lineno", "function"];

#[derive(Debug, Clone, PartialEq)]
pub struct CallbackRecord {
  /// The index of the level's name in `level::LEVELS`.
  pub level: usize,
  /// The values of `TEXT_KEYS`, one after another: the line number as
  /// text, empty for none, as the reference page has it.
  pub text: String,
  /// The length of each of them in UTF-16 code units.
  pub lengths: [u32; 5],
  /// The fields as one JSON object; empty when there are none.
  pub fields: String,
}

impl CallbackRecord {
  pub fn new(record: &Record, clock: &mut Clock) -> Self {
    let location = &record.location;
    let mut text = Vec::with_capacity(34 + record.message.len() + location.filename.len() + location.function.len());
    let mut lengths = [0; 5];
    // The timestamp and the line number (empty for none) are ASCII: one
    // UTF-16 unit a byte.
    clock.write_utc(record.time_ms, &mut text);
    lengths[0] = text.len() as u32;
    for (index, value) in [(1, record.message.as_ref()), (2, location.filename.as_ref())] {
      text.extend_from_slice(value.as_bytes());
      lengths[index] = utf16_len(value);
    }
    let before = text.len();
    push_padded(&mut text, u64::from(location.lineno), 0);
    lengths[3] = (text.len() - before) as u32;
    text.extend_from_slice(location.function.as_bytes());
    lengths[4] = utf16_len(&location.function);
    // Every part is a str or ASCII.
    let text = String::from_utf8(text).unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned());
    CallbackRecord { level: level_index(record.level), text, lengths, fields: fields_object(record) }
  }

  /// Its size in bytes, for the buffer's bound.
  pub fn size(&self) -> usize {
    self.text.len() + self.fields.len()
  }
}

fn fields_object(record: &Record) -> String {
  if record.fields.is_empty() {
    return String::new();
  }
  let mut out = Vec::new();
  for (key, value) in record.fields.iter() {
    push_member(&mut out, key, value.get());
  }
  out[0] = b'{'; // push_member's leading comma
  out.push(b'}');
  // Keys are written by serde_json and values are slices of valid UTF-8.
  String::from_utf8(out).unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned())
}

fn utf16_len(text: &str) -> u32 {
  let units = if text.is_ascii() { text.len() } else { text.chars().map(char::len_utf16).sum() };
  units as u32
}

#[cfg(test)]
mod tests {
  use super::*;
  use crate::format::test_support::any_record;
  use crate::record::test_support::record;
  use crate::record::Location;
  use proptest::prelude::*;
  use std::borrow::Cow;

  /// The values back from the text, sliced by UTF-16 lengths as JS does.
  fn values(callback: &CallbackRecord) -> Vec<String> {
    let units: Vec<u16> = callback.text.encode_utf16().collect();
    let mut at = 0;
    callback
      .lengths
      .iter()
      .map(|&length| {
        let value = String::from_utf16(&units[at..at + length as usize]).unwrap();
        at += length as usize;
        value
      })
      .collect()
  }

  #[test]
  fn the_values_are_raw_text_and_the_fields_one_object() {
    let location = Location { filename: Cow::Borrowed("/srv/app.js"), lineno: 42, function: Cow::Borrowed("main") };
    let callback = CallbackRecord::new(&record(25, "a \"quote\" 😀", Some(r#"{"user":"al","n":[1]}"#), location), &mut Clock::default());
    assert_eq!(values(&callback), ["2025-01-15T10:30:45.123Z", "a \"quote\" 😀", "/srv/app.js", "42", "main"]);
    assert_eq!(callback.lengths[1], 12, "the emoji is two UTF-16 code units");
    assert_eq!(crate::level::LEVELS[callback.level].1, "SUCCESS");
    assert_eq!(callback.fields, r#"{"user":"al","n":[1]}"#);
  }

  #[test]
  fn no_fields_and_no_location_are_empty() {
    let callback = CallbackRecord::new(&record(20, "m", None, Location::default()), &mut Clock::default());
    assert_eq!(values(&callback)[1..], ["m", "", "", ""]);
    assert_eq!(callback.fields, "");
  }

  proptest! {
    #[test]
    fn any_record_comes_back_whole(any in any_record()) {
      let record = any.record();
      let callback = CallbackRecord::new(&record, &mut Clock::default());
      let values = values(&callback);
      prop_assert_eq!(&values[1], record.message.as_ref());
      prop_assert_eq!(&values[2], record.location.filename.as_ref());
      prop_assert_eq!(&values[4], record.location.function.as_ref());
      let fields: Vec<(String, String)> = if callback.fields.is_empty() {
        Vec::new()
      } else {
        crate::fields::test_support::pairs(&callback.fields)
      };
      prop_assert_eq!(fields, any.expected_fields());
    }
  }
}
