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
use crate::record::Record;

/// The string values of a record, in this order in a batch's text.
pub const TEXT_KEYS: [&str; 5] = ["timestamp", "message", "filename", "lineno", "function"];

/// Appends the values of `TEXT_KEYS` to `text`, one after another (the line
/// number as text, empty for none, as the reference page has it), and
/// returns the length of each in UTF-16 code units.
pub fn push_text_values(record: &Record, clock: &mut Clock, text: &mut Vec<u8>) -> [u32; 5] {
  let location = &record.location;
  let mut lengths = [0; 5];
  // The timestamp and the line number (empty for none) are ASCII: one
  // UTF-16 unit a byte.
  let start = text.len();
  clock.write_utc(record.time_ms, text);
  lengths[0] = (text.len() - start) as u32;
  for (index, value) in [(1, record.message.as_ref()), (2, location.filename.as_ref())] {
    text.extend_from_slice(value.as_bytes());
    lengths[index] = utf16_len(value);
  }
  let before = text.len();
  push_padded(text, u64::from(location.lineno), 0);
  lengths[3] = (text.len() - before) as u32;
  text.extend_from_slice(location.function.as_bytes());
  lengths[4] = utf16_len(&location.function);
  lengths
}

/// Appends the record's fields as one JSON object; nothing when it has none.
/// Keys are written by serde_json and values are slices of valid UTF-8.
pub fn push_fields_object(record: &Record, out: &mut Vec<u8>) {
  if record.fields.is_empty() {
    return;
  }
  let start = out.len();
  for (key, value) in record.fields.iter() {
    push_member(out, key, value.get());
  }
  out[start] = b'{'; // push_member's leading comma
  out.push(b'}');
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

  /// The text values and the fields object of `record`, the text sliced by
  /// UTF-16 lengths as JS does.
  fn written(record: &Record) -> (Vec<String>, String) {
    let mut text = Vec::new();
    let lengths = push_text_values(record, &mut Clock::default(), &mut text);
    let units: Vec<u16> = String::from_utf8(text).unwrap().encode_utf16().collect();
    let mut at = 0;
    let values = lengths
      .iter()
      .map(|&length| {
        let value = String::from_utf16(&units[at..at + length as usize]).unwrap();
        at += length as usize;
        value
      })
      .collect();
    let mut fields = Vec::new();
    push_fields_object(record, &mut fields);
    (values, String::from_utf8(fields).unwrap())
  }

  #[test]
  fn the_values_are_raw_text_and_the_fields_one_object() {
    let location = Location { filename: Cow::Borrowed("/srv/app.js"), lineno: 42, function: Cow::Borrowed("main") };
    let (values, fields) = written(&record(25, "a \"quote\" 😀", Some(r#"{"user":"al","n":[1]}"#), location));
    assert_eq!(values, ["2025-01-15T10:30:45.123Z", "a \"quote\" 😀", "/srv/app.js", "42", "main"]);
    assert_eq!(values[1].encode_utf16().count(), 12, "the emoji is two UTF-16 code units");
    assert_eq!(fields, r#"{"user":"al","n":[1]}"#);
  }

  #[test]
  fn no_fields_and_no_location_are_empty() {
    let (values, fields) = written(&record(20, "m", None, Location::default()));
    assert_eq!(values[1..], ["m", "", "", ""]);
    assert_eq!(fields, "");
  }

  proptest! {
    #[test]
    fn any_record_comes_back_whole(any in any_record()) {
      let record = any.record();
      let (values, fields) = written(&record);
      prop_assert_eq!(&values[1], record.message.as_ref());
      prop_assert_eq!(&values[2], record.location.filename.as_ref());
      prop_assert_eq!(&values[4], record.location.function.as_ref());
      let fields: Vec<(String, String)> = if fields.is_empty() {
        Vec::new()
      } else {
        crate::fields::test_support::pairs(&fields)
      };
      prop_assert_eq!(fields, any.expected_fields());
    }
  }
}
