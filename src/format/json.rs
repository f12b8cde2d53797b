//! One record as one JSON object: the six record keys, then the `base`
//! keys (sink lines only), then the fields.

use super::{push_json, push_member, Base, Clock};
use crate::fields::{Fields, RECORD_KEYS};
use crate::record::Record;

/// Appends the record as a JSON object, without a trailing newline. The
/// location keys are there only when the call site was captured: pino's
/// tools read these lines, and empty keys on every line are noise.
pub fn write_json(record: &Record, clock: &mut Clock, base: &Base, out: &mut Vec<u8>) {
  out.extend_from_slice(b"{\"timestamp\":\"");
  clock.write_utc(record.time_ms, out);
  out.extend_from_slice(b"\",\"level\":\"");
  out.extend_from_slice(record.level_name().as_bytes());
  out.extend_from_slice(b"\",\"message\":");
  push_json(out, record.message.as_ref());
  if record.location.is_captured() {
    push_location(record, out);
  }
  base.write(&record.fields, &RECORD_KEYS, out);
  push_fields(&record.fields, out);
  out.push(b'}');
}

/// Appends `,"filename":...,"lineno":"42","function":...`: the line number
/// as a string, empty for none, as the reference page has it.
pub(super) fn push_location(record: &Record, out: &mut Vec<u8>) {
  out.extend_from_slice(b",\"filename\":");
  push_json(out, record.location.filename.as_ref());
  out.extend_from_slice(b",\"lineno\":\"");
  if record.location.lineno > 0 {
    out.extend_from_slice(record.location.lineno.to_string().as_bytes());
  }
  out.extend_from_slice(b"\",\"function\":");
  push_json(out, record.location.function.as_ref());
}

/// Appends `,"key":value` for each field, values as the JSON they came as.
pub(super) fn push_fields(fields: &Fields, out: &mut Vec<u8>) {
  for (key, value) in fields.iter() {
    push_member(out, key, value.get());
  }
}

#[cfg(test)]
mod tests {
  use super::*;
  use crate::fields::test_support::pairs;
  use crate::fields::RECORD_KEYS;
  use crate::format::test_support::any_record;
  use crate::level::level_name;
  use crate::record::test_support::record;
  use crate::record::Location;
  use proptest::prelude::*;
  use serde_json::{json, Value};
  use std::collections::HashSet;

  fn json_of(record: &Record) -> (String, Value) {
    let mut out = Vec::new();
    write_json(record, &mut Clock::default(), &Base::default(), &mut out);
    let text = String::from_utf8(out).unwrap();
    let value = serde_json::from_str(&text).unwrap();
    (text, value)
  }

  #[test]
  fn has_the_record_keys_first_then_the_fields_with_their_types() {
    let location = Location { filename: "/srv/pay.js".into(), lineno: 42, function: "charge".into() };
    let fields = r#"{"order_id":1234,"amount":99.99,"ok":false,"deep":{"a":[1]}}"#;
    let (text, value) = json_of(&record(40, "Payment \"failed\"\n", Some(fields), location));
    assert!(text.starts_with(r#"{"timestamp":"2025-01-15T10:30:45.123Z","level":"ERROR","message":"#));
    assert_eq!(
      value,
      json!({
        "timestamp": "2025-01-15T10:30:45.123Z", "level": "ERROR", "message": "Payment \"failed\"\n",
        "filename": "/srv/pay.js", "lineno": "42", "function": "charge",
        "order_id": 1234, "amount": 99.99, "ok": false, "deep": {"a": [1]}
      })
    );
  }

  #[test]
  fn lines_carry_the_location_keys_only_when_the_call_site_was_captured() {
    let (_, value) = json_of(&record(20, "m", Some(r#"{"a":1}"#), Location::default()));
    assert_eq!(value, json!({ "timestamp": "2025-01-15T10:30:45.123Z", "level": "INFO", "message": "m", "a": 1 }));
    let top_level = Location { filename: "/srv/app.js".into(), lineno: 3, function: "".into() };
    let (_, value) = json_of(&record(20, "m", None, top_level));
    assert_eq!((value["filename"].as_str(), value["lineno"].as_str(), value["function"].as_str()), (Some("/srv/app.js"), Some("3"), Some("")));
  }

  proptest! {
    #[test]
    fn any_record_is_one_json_line_with_the_record_keys_first_then_its_fields(any in any_record()) {
      let mut out = Vec::new();
      let record = any.record();
      write_json(&record, &mut Clock::default(), &Base::default(), &mut out);
      let text = String::from_utf8(out).unwrap();
      prop_assert!(!text.contains(['\n', '\r']), "{}", text);

      let pairs = pairs(&text);
      let keys: HashSet<&str> = pairs.iter().map(|(key, _)| key.as_str()).collect();
      prop_assert_eq!(keys.len(), pairs.len(), "keys are unique");
      let mut timestamp = Vec::new();
      Clock::default().write_utc(any.time_ms, &mut timestamp);
      let lineno = if any.lineno > 0 { any.lineno.to_string() } else { String::new() };
      let record_values = [
        String::from_utf8(timestamp).unwrap(),
        level_name(any.level).to_owned(),
        any.message.clone(),
        any.filename.clone(),
        lineno,
        any.function.clone(),
      ];
      let record_keys = if record.location.is_captured() { RECORD_KEYS.len() } else { 3 };
      for ((key, value), (record_key, expected)) in pairs.iter().zip(RECORD_KEYS.iter().zip(record_values).take(record_keys)) {
        prop_assert_eq!(key, record_key);
        prop_assert_eq!(serde_json::from_str::<Value>(value).unwrap(), Value::String(expected));
      }
      prop_assert_eq!(&pairs[record_keys..], any.expected_fields());
    }
  }
}
