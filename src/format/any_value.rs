//! JSON text -> OTLP `AnyValue` in the OTLP/HTTP JSON encoding, streamed:
//! the field's JSON is read once and written as it is read, without
//! building a `serde_json::Value` (the writer thread formats every record,
//! and a tree of allocations per field cost it more than the rest of the
//! record).
//!
//! Strings are `stringValue`, booleans `boolValue`, integers that fit 64
//! bits `intValue` (a decimal string, as protobuf's JSON mapping writes
//! int64), other numbers `doubleValue`, arrays `arrayValue`, objects
//! `kvlistValue`, null an empty value.

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::push_json;

/// Appends the `AnyValue` of `json`, a JSON text. Text that is not JSON
/// (never from logly's batches) becomes its `stringValue`.
pub fn push_any_value(out: &mut Vec<u8>, json: &str) {
  let start = out.len();
  let mut deserializer = serde_json::Deserializer::from_str(json);
  if AnyValue(out).deserialize(&mut deserializer).and_then(|()| deserializer.end()).is_err() {
    out.truncate(start);
    out.extend_from_slice(b"{\"stringValue\":");
    push_json(out, json);
    out.push(b'}');
  }
}

/// Writes the value it reads.
struct AnyValue<'a>(&'a mut Vec<u8>);

/// Writes `{"key":<key>,"value":` for the key it reads.
struct KeyValueStart<'a>(&'a mut Vec<u8>);

impl<'de> DeserializeSeed<'de> for AnyValue<'_> {
  type Value = ();

  fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
    deserializer.deserialize_any(self)
  }
}

impl<'de> Visitor<'de> for AnyValue<'_> {
  type Value = ();

  fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
    formatter.write_str("a JSON value")
  }

  fn visit_unit<E>(self) -> Result<(), E> {
    self.0.extend_from_slice(b"{}");
    Ok(())
  }

  fn visit_bool<E>(self, value: bool) -> Result<(), E> {
    self.0.extend_from_slice(if value { b"{\"boolValue\":true}" } else { b"{\"boolValue\":false}" });
    Ok(())
  }

  fn visit_i64<E>(self, value: i64) -> Result<(), E> {
    self.0.extend_from_slice(b"{\"intValue\":\"");
    self.0.extend_from_slice(value.to_string().as_bytes());
    self.0.extend_from_slice(b"\"}");
    Ok(())
  }

  fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<(), E> {
    match i64::try_from(value) {
      Ok(value) => self.visit_i64(value),
      Err(_) => self.visit_f64(value as f64),
    }
  }

  fn visit_f64<E>(self, value: f64) -> Result<(), E> {
    self.0.extend_from_slice(b"{\"doubleValue\":");
    push_json(self.0, &value);
    self.0.push(b'}');
    Ok(())
  }

  fn visit_str<E>(self, value: &str) -> Result<(), E> {
    self.0.extend_from_slice(b"{\"stringValue\":");
    push_json(self.0, value);
    self.0.push(b'}');
    Ok(())
  }

  fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<(), A::Error> {
    let out = self.0;
    out.extend_from_slice(b"{\"arrayValue\":{\"values\":[");
    let mut first = true;
    loop {
      let mark = out.len();
      if !first {
        out.push(b',');
      }
      if items.next_element_seed(AnyValue(&mut *out))?.is_none() {
        out.truncate(mark);
        break;
      }
      first = false;
    }
    out.extend_from_slice(b"]}}");
    Ok(())
  }

  fn visit_map<A: MapAccess<'de>>(self, mut entries: A) -> Result<(), A::Error> {
    let out = self.0;
    out.extend_from_slice(b"{\"kvlistValue\":{\"values\":[");
    let mut first = true;
    loop {
      let mark = out.len();
      if !first {
        out.push(b',');
      }
      if entries.next_key_seed(KeyValueStart(&mut *out))?.is_none() {
        out.truncate(mark);
        break;
      }
      entries.next_value_seed(AnyValue(&mut *out))?;
      out.push(b'}');
      first = false;
    }
    out.extend_from_slice(b"]}}");
    Ok(())
  }
}

impl<'de> DeserializeSeed<'de> for KeyValueStart<'_> {
  type Value = ();

  fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
    deserializer.deserialize_str(self)
  }
}

impl<'de> Visitor<'de> for KeyValueStart<'_> {
  type Value = ();

  fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
    formatter.write_str("an object key")
  }

  fn visit_str<E>(self, key: &str) -> Result<(), E> {
    self.0.extend_from_slice(b"{\"key\":");
    push_json(self.0, key);
    self.0.extend_from_slice(b",\"value\":");
    Ok(())
  }
}

#[cfg(test)]
mod tests {
  use super::*;
  use serde_json::{json, Value};

  fn any_value(json: &str) -> Value {
    let mut out = Vec::new();
    push_any_value(&mut out, json);
    serde_json::from_slice(&out).unwrap()
  }

  #[test]
  fn every_json_type_has_its_any_value() {
    assert_eq!(any_value("null"), json!({}));
    assert_eq!(any_value("true"), json!({ "boolValue": true }));
    assert_eq!(any_value("-7"), json!({ "intValue": "-7" }));
    assert_eq!(any_value("9223372036854775807"), json!({ "intValue": "9223372036854775807" }));
    assert_eq!(any_value("9223372036854775808"), json!({ "doubleValue": 9223372036854775808.0 }));
    assert_eq!(any_value("1e400"), json!({ "stringValue": "1e400" }), "not a double: kept as text");
    assert_eq!(any_value("2.5"), json!({ "doubleValue": 2.5 }));
    assert_eq!(any_value(r#""a\"b\n""#), json!({ "stringValue": "a\"b\n" }));
    assert_eq!(any_value("[]"), json!({ "arrayValue": { "values": [] } }));
    assert_eq!(any_value("{}"), json!({ "kvlistValue": { "values": [] } }));
    assert_eq!(
      any_value(r#"{"a":[1,{"b\u0000":null}],"c":"d"}"#),
      json!({ "kvlistValue": { "values": [
        { "key": "a", "value": { "arrayValue": { "values": [{ "intValue": "1" }, { "kvlistValue": { "values": [{ "key": "b\u{0}", "value": {} }] } }] } } },
        { "key": "c", "value": { "stringValue": "d" } }
      ] } })
    );
  }

  #[test]
  fn text_that_is_not_json_becomes_a_string_value() {
    assert_eq!(any_value("[1,"), json!({ "stringValue": "[1," }));
    assert_eq!(any_value("1 2"), json!({ "stringValue": "1 2" }));
  }
}
