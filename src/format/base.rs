//! The keys every JSON line starts its fields with, pino's `base`
//! (`pid` and `hostname` unless configured otherwise).

use serde_json::value::RawValue;

use super::push_member;
use crate::fields::Fields;

/// `(key, value as JSON)` in the order configured; empty when `base: null`.
#[derive(Debug, Default, Clone)]
pub struct Base(Vec<(String, Box<RawValue>)>);

impl Base {
  /// Reads `[[key, value], ...]`, the shape JS sends (an object would lose
  /// its order through serde_json's map).
  pub fn from_json(json: &str) -> serde_json::Result<Base> {
    serde_json::from_str(json).map(Base)
  }

  pub fn is_empty(&self) -> bool {
    self.0.is_empty()
  }

  /// Appends `,"key":value` for each key, except those `reserved` (the
  /// format's own keys, which the record fills) and those a field of the
  /// record sets: a field wins over the base, as pino's bindings do.
  pub fn write(&self, fields: &Fields, reserved: &[&str], out: &mut Vec<u8>) {
    for (key, value) in &self.0 {
      if reserved.contains(&key.as_str()) || fields.iter().any(|(field, _)| field == key) {
        continue;
      }
      push_member(out, key, value.get());
    }
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn keys_in_order_except_reserved_ones_and_those_a_field_sets() {
    let base = Base::from_json(r#"[["pid",42],["hostname","h"],["env",{"a":1}],["msg","x"]]"#).unwrap();
    let raw: &RawValue = serde_json::from_str(r#"{"hostname":"mine"}"#).unwrap();
    let mut out = Vec::new();
    base.write(&Fields::from_raw(Some(raw)), &["msg"], &mut out);
    assert_eq!(String::from_utf8(out).unwrap(), r#","pid":42,"env":{"a":1}"#);
  }

  #[test]
  fn rejects_anything_but_pairs() {
    assert!(Base::from_json(r#"{"pid":1}"#).is_err());
    assert!(Base::from_json("[]").unwrap().is_empty());
  }
}
