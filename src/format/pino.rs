//! pino's JSON line, so pino-pretty and pino transports read logly's output
//! unchanged: `{"level":30,"time":1736937045123,"pid":4242,"hostname":"web-1",
//! "msg":"Payment failed","order_id":1234}`.
//!
//! - `level` is pino's number: TRACE 10, DEBUG 20, INFO and SUCCESS 30,
//!   WARNING 40, ERROR and FAIL 50, CRITICAL 60. pino has no SUCCESS nor
//!   FAIL, and a number of its own for them would show as `USERLVL` in its
//!   tools; custom levels take the number of the named level below them.
//! - `time` is milliseconds since the epoch, a number, as pino's default.
//! - `pid`, `hostname` (or whatever `base` holds) come before `msg`.
//! - The location keys follow only when the call site was captured, as in
//!   JSON lines.
//! - Fields named `time` or `msg` move under `extra`, as fields named like
//!   logly's record keys already do (`level` among them): a line never holds
//!   a key twice, which pino's tools would read as the later one.

use super::json::{push_fields, push_location};
use super::{push_json, Base};
use crate::record::Record;

/// The keys this format writes for a record that fields could also hold
/// (`level` and the location keys are logly's record keys: fields never do).
const PINO_KEYS: [&str; 2] = ["time", "msg"];
/// The keys a `base` must not set again.
const OWN_KEYS: [&str; 6] = ["level", "time", "msg", "filename", "lineno", "function"];

/// pino's level number for a logly level number.
pub fn pino_level(level: u32) -> u32 {
  match level {
    0..=9 => 10,   // TRACE
    10..=19 => 20, // DEBUG
    20..=29 => 30, // INFO, SUCCESS
    30..=39 => 40, // WARNING
    40..=49 => 50, // ERROR, FAIL
    _ => 60,       // CRITICAL
  }
}

/// Appends the record as a pino JSON object, without a trailing newline.
pub fn write_pino(record: &Record, base: &Base, out: &mut Vec<u8>) {
  out.extend_from_slice(b"{\"level\":");
  out.extend_from_slice(pino_level(record.level).to_string().as_bytes());
  out.extend_from_slice(b",\"time\":");
  out.extend_from_slice(record.time_ms.to_string().as_bytes());
  let moved = record.fields.moving(&PINO_KEYS);
  let fields = moved.as_ref().unwrap_or(&record.fields);
  base.write(fields, &OWN_KEYS, out);
  out.extend_from_slice(b",\"msg\":");
  push_json(out, record.message.as_ref());
  if record.location.is_captured() {
    push_location(record, out);
  }
  push_fields(fields, out);
  out.push(b'}');
}

#[cfg(test)]
mod tests {
  use super::*;
  use crate::fields::test_support::pairs;
  use crate::format::test_support::any_record;
  use crate::level::LEVELS;
  use crate::record::test_support::record;
  use crate::record::Location;
  use proptest::prelude::*;
  use serde_json::{json, Value};
  use std::collections::HashSet;

  fn pino_of(record: &Record, base: &Base) -> (String, Value) {
    let mut out = Vec::new();
    write_pino(record, base, &mut out);
    let text = String::from_utf8(out).unwrap();
    let value = serde_json::from_str(&text).unwrap();
    (text, value)
  }

  fn pid_and_host() -> Base {
    Base::from_json(r#"[["pid",4242],["hostname","web-1"]]"#).unwrap()
  }

  #[test]
  fn has_pino_keys_in_pino_order_then_the_fields() {
    let (text, value) = pino_of(&record(40, "Payment failed", Some(r#"{"order_id":1234}"#), Location::default()), &pid_and_host());
    assert_eq!(text, r#"{"level":50,"time":1736937045123,"pid":4242,"hostname":"web-1","msg":"Payment failed","order_id":1234}"#);
    assert_eq!(value["level"], 50);
  }

  #[test]
  fn every_level_has_a_pino_number_and_custom_ones_the_named_level_below() {
    let numbers: Vec<u32> = LEVELS.iter().map(|(level, _)| pino_level(*level)).collect();
    assert_eq!(numbers, [10, 20, 30, 30, 40, 50, 50, 60]);
    assert_eq!((pino_level(0), pino_level(27), pino_level(u32::MAX)), (10, 30, 60));
  }

  #[test]
  fn fields_named_like_pino_keys_move_under_extra_and_a_field_beats_the_base() {
    let fields = r#"{"time":"noon","msg":"hi","pid":1,"level":"x","a":true}"#;
    let (_, value) = pino_of(&record(20, "m", Some(fields), Location::default()), &pid_and_host());
    assert_eq!(
      value,
      json!({ "level": 30, "time": 1736937045123_i64, "hostname": "web-1", "msg": "m", "pid": 1, "a": true,
              "extra": { "level": "x", "time": "noon", "msg": "hi" } })
    );
  }

  #[test]
  fn the_location_keys_come_only_when_captured() {
    let (_, value) = pino_of(&record(20, "m", None, Location::default()), &Base::default());
    assert_eq!(value, json!({ "level": 30, "time": 1736937045123_i64, "msg": "m" }));
    let location = Location { filename: "/srv/app.js".into(), lineno: 3, function: "main".into() };
    let (_, value) = pino_of(&record(20, "m", None, location), &Base::default());
    assert_eq!((&value["filename"], &value["lineno"], &value["function"]), (&json!("/srv/app.js"), &json!("3"), &json!("main")));
  }

  proptest! {
    #[test]
    fn any_record_is_one_json_line_with_pino_keys_and_unique_keys(any in any_record()) {
      let mut out = Vec::new();
      write_pino(&any.record(), &pid_and_host(), &mut out);
      let text = String::from_utf8(out).unwrap();
      prop_assert!(!text.contains(['\n', '\r']), "{}", text);
      let value: Value = serde_json::from_str(&text).unwrap();

      let pairs = pairs(&text);
      let keys: Vec<&str> = pairs.iter().map(|(key, _)| key.as_str()).collect();
      prop_assert_eq!(keys.iter().collect::<HashSet<_>>().len(), keys.len(), "keys are unique: {}", text);
      prop_assert_eq!(&keys[..2], ["level", "time"]);
      prop_assert_eq!(&value["level"], &json!(pino_level(any.level)));
      prop_assert_eq!(&value["time"], &json!(any.time_ms));
      prop_assert_eq!(&value["msg"], &json!(any.message));
      let fields: HashSet<String> = any.expected_fields().into_iter().map(|(key, _)| key).collect();
      for (key, from_base) in [("pid", json!(4242)), ("hostname", json!("web-1"))] {
        prop_assert!(keys.contains(&key), "{}", text);
        if !fields.contains(key) {
          prop_assert_eq!(&value[key], &from_base);
        }
      }
    }
  }
}
