//! One record as an OTLP `LogRecord` in the OTLP/HTTP JSON encoding
//! (protobuf's JSON mapping: lowerCamelCase names, 64-bit integers as
//! decimal strings). The HTTP sink wraps a batch of them in
//! `resourceLogs -> scopeLogs -> logRecords` (src/sink/http.rs).
//!
//! - `timeUnixNano`: the log call's time; before 1970 it is 0 (the field is
//!   unsigned).
//! - `severityNumber` per the logs data model's ranges (TRACE 1-4, DEBUG
//!   5-8, INFO 9-12, WARN 13-16, ERROR 17-20, FATAL 21-24): logly's TRACE 1,
//!   DEBUG 5, INFO 9, SUCCESS 10 (INFO2), WARNING 13, ERROR 17, FAIL 18
//!   (ERROR2), CRITICAL 21; levels between named ones take the range of the
//!   one below. `severityText` is logly's level name.
//! - `body`: the message, a string.
//! - `attributes`: when the location was captured, `code.file.path`,
//!   `code.line.number` and `code.function.name` (semantic conventions
//!   1.30), then the fields, each value as an `AnyValue` (any_value.rs).

use serde_json::Value;

use super::any_value::push_any_value;
use super::push_json;
use crate::record::Record;

/// The OpenTelemetry severity number of a logly level.
pub fn severity_number(level: u32) -> u8 {
  match level {
    0..=9 => 1,
    10..=19 => 5,
    20..=24 => 9,
    25..=29 => 10,
    30..=39 => 13,
    40..=44 => 17,
    45..=49 => 18,
    _ => 21,
  }
}

/// Appends the record as a `LogRecord` object, without a newline.
pub fn write_otlp(record: &Record, out: &mut Vec<u8>) {
  out.extend_from_slice(b"{\"timeUnixNano\":\"");
  let nanos = u64::try_from(record.time_ms).unwrap_or(0).saturating_mul(1_000_000);
  out.extend_from_slice(nanos.to_string().as_bytes());
  out.extend_from_slice(b"\",\"severityNumber\":");
  out.extend_from_slice(severity_number(record.level).to_string().as_bytes());
  out.extend_from_slice(b",\"severityText\":");
  push_json(out, record.level_name());
  out.extend_from_slice(b",\"body\":{\"stringValue\":");
  push_json(out, record.message.as_ref());
  out.extend_from_slice(b"},\"attributes\":[");
  let mut attributes = Attributes { out, first: true };
  let location = &record.location;
  if !location.filename.is_empty() {
    attributes.key("code.file.path");
    push_string_value(attributes.out, &location.filename);
    if location.lineno > 0 {
      attributes.key("code.line.number");
      push_int_value(attributes.out, i64::from(location.lineno));
    }
    attributes.key("code.function.name");
    push_string_value(attributes.out, &location.function);
  }
  for (key, raw) in record.fields.iter() {
    attributes.key(key);
    push_any_value(attributes.out, raw.get());
    attributes.out.push(b'}');
  }
  out.extend_from_slice(b"]}");
}

/// A `Resource` with the attributes of a JSON object.
pub fn write_resource(object: &serde_json::Map<String, Value>, out: &mut Vec<u8>) {
  out.extend_from_slice(b"{\"attributes\":[");
  let mut attributes = Attributes { out, first: true };
  for (key, value) in object {
    attributes.key(key);
    push_any_value(attributes.out, &value.to_string());
    attributes.out.push(b'}');
  }
  out.extend_from_slice(b"]}");
}

/// Writes a list of `KeyValue`s: each `key` opens one, its value closes it.
struct Attributes<'a> {
  out: &'a mut Vec<u8>,
  first: bool,
}

impl Attributes<'_> {
  fn key(&mut self, key: &str) {
    if !std::mem::replace(&mut self.first, false) {
      self.out.push(b',');
    }
    self.out.extend_from_slice(b"{\"key\":");
    push_json(self.out, key);
    self.out.extend_from_slice(b",\"value\":");
  }
}

fn push_string_value(out: &mut Vec<u8>, text: &str) {
  out.extend_from_slice(b"{\"stringValue\":");
  push_json(out, text);
  out.extend_from_slice(b"}}");
}

fn push_int_value(out: &mut Vec<u8>, n: i64) {
  out.extend_from_slice(b"{\"intValue\":\"");
  out.extend_from_slice(n.to_string().as_bytes());
  out.extend_from_slice(b"\"}}");
}

#[cfg(test)]
mod tests {
  use super::*;
  use crate::format::test_support::any_record;
  use crate::record::test_support::record;
  use crate::record::Location;
  use proptest::prelude::*;
  use serde_json::json;

  fn otlp(level: u32, message: &str, fields: Option<&str>, location: Location) -> Value {
    let mut out = Vec::new();
    write_otlp(&record(level, message, fields, location), &mut out);
    serde_json::from_slice(&out).unwrap()
  }

  #[test]
  fn a_record_is_a_log_record_with_nanoseconds_severity_body_and_attributes() {
    let location = Location { filename: "/srv/pay.js".into(), lineno: 42, function: "charge".into() };
    let fields = r#"{"order":1234,"amount":99.5,"ok":false,"none":null,"tags":["a",1],"deep":{"a":{"b":"c"}},"big":18446744073709551615}"#;
    assert_eq!(
      otlp(40, "Payment failed", Some(fields), location),
      json!({
        "timeUnixNano": "1736937045123000000",
        "severityNumber": 17,
        "severityText": "ERROR",
        "body": { "stringValue": "Payment failed" },
        "attributes": [
          { "key": "code.file.path", "value": { "stringValue": "/srv/pay.js" } },
          { "key": "code.line.number", "value": { "intValue": "42" } },
          { "key": "code.function.name", "value": { "stringValue": "charge" } },
          { "key": "order", "value": { "intValue": "1234" } },
          { "key": "amount", "value": { "doubleValue": 99.5 } },
          { "key": "ok", "value": { "boolValue": false } },
          { "key": "none", "value": {} },
          { "key": "tags", "value": { "arrayValue": { "values": [{ "stringValue": "a" }, { "intValue": "1" }] } } },
          { "key": "deep", "value": { "kvlistValue": { "values": [{ "key": "a", "value": { "kvlistValue": { "values": [{ "key": "b", "value": { "stringValue": "c" } }] } } }] } } },
          { "key": "big", "value": { "doubleValue": 18446744073709551615.0 } }
        ]
      })
    );
  }

  #[test]
  fn without_a_location_there_are_no_code_attributes_and_times_before_1970_are_zero() {
    let mut value = otlp(20, "m", None, Location::default());
    assert_eq!(value["attributes"], json!([]));
    let mut out = Vec::new();
    let mut early = record(20, "m", None, Location::default());
    early.time_ms = -5;
    write_otlp(&early, &mut out);
    value = serde_json::from_slice(&out).unwrap();
    assert_eq!(value["timeUnixNano"], "0");
  }

  #[test]
  fn severities_follow_the_logs_data_model_ranges() {
    let pairs: Vec<(u32, u8)> = [5, 10, 20, 25, 30, 40, 45, 50, 0, 99].iter().map(|level| (*level, severity_number(*level))).collect();
    assert_eq!(pairs, [(5, 1), (10, 5), (20, 9), (25, 10), (30, 13), (40, 17), (45, 18), (50, 21), (0, 1), (99, 21)]);
  }

  #[test]
  fn a_resource_is_a_list_of_attributes() {
    let resource = json!({ "service.name": "api", "replicas": 3 });
    let mut out = Vec::new();
    write_resource(resource.as_object().unwrap(), &mut out);
    assert_eq!(
      serde_json::from_slice::<Value>(&out).unwrap(),
      json!({ "attributes": [
        { "key": "service.name", "value": { "stringValue": "api" } },
        { "key": "replicas", "value": { "intValue": "3" } }
      ] })
    );
  }

  proptest! {
    #[test]
    fn any_record_is_one_log_record_line_with_an_attribute_per_field(any in any_record()) {
      let mut out = Vec::new();
      write_otlp(&any.record(), &mut out);
      prop_assert!(!out.contains(&b'\n'));
      let value: Value = serde_json::from_slice(&out).unwrap();
      prop_assert_eq!(value["body"]["stringValue"].as_str(), Some(any.message.as_str()));
      let location = if any.filename.is_empty() { 0 } else if any.lineno > 0 { 3 } else { 2 };
      let attributes = value["attributes"].as_array().unwrap();
      prop_assert_eq!(attributes.len(), location + any.expected_fields().len());
      for ((key, _), attribute) in any.expected_fields().iter().zip(&attributes[location..]) {
        prop_assert_eq!(attribute["key"].as_str(), Some(key.as_str()));
        prop_assert!(attribute["value"].is_object());
      }
    }
  }
}
