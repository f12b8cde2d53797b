//! One log call as JS described it (`Entry`) and the record built from it
//! (`Record`): record keys that collide with fields are resolved here, on the
//! writer thread, off the hot path.

use serde_json::{Map, Value};

use crate::level::level_name;

/// Where the log call was written. Empty strings and line 0 when location
/// capture is off.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Location {
  pub filename: String,
  pub lineno: u32,
  pub function: String,
}

/// One log call.
#[derive(Debug, Clone)]
pub struct Entry {
  pub level: u32,
  /// Milliseconds since the Unix epoch, taken when the call was made.
  pub time_ms: i64,
  pub message: String,
  /// Normally a JSON object, parsed from text in which keys may repeat: the
  /// later key wins, which is how JS joins bind, contextualize and call
  /// fields in precedence order.
  pub fields: Option<Value>,
  pub location: Location,
  /// The callback sequence number, present when callbacks want this record.
  pub callback_seq: Option<u64>,
}

/// The keys every record has; a field with one of these names moves under `extra`.
pub const RECORD_KEYS: [&str; 6] = ["timestamp", "level", "message", "filename", "lineno", "function"];

/// A record ready to format.
#[derive(Debug)]
pub struct Record {
  pub level: u32,
  pub time_ms: i64,
  pub message: String,
  pub location: Location,
  pub fields: Map<String, Value>,
  pub callback_seq: Option<u64>,
}

impl Record {
  pub fn level_name(&self) -> &'static str {
    level_name(self.level)
  }
}

impl From<Entry> for Record {
  fn from(entry: Entry) -> Self {
    Record {
      level: entry.level,
      time_ms: entry.time_ms,
      message: entry.message,
      location: entry.location,
      fields: entry.fields.map(fields_map).unwrap_or_default(),
      callback_seq: entry.callback_seq,
    }
  }
}

/// Moves keys that collide with record keys under `extra`. Fields that are
/// not an object are kept whole as `extra.fields` rather than lost.
fn fields_map(fields: Value) -> Map<String, Value> {
  let mut fields = match fields {
    Value::Object(map) => map,
    Value::Null => return Map::new(),
    other => return extra_only("fields", other),
  };
  // Comparing each key with six short names is cheaper than six hashed
  // removals, and collisions are rare.
  if !fields.keys().any(|key| RECORD_KEYS.contains(&key.as_str())) {
    return fields;
  }
  let collisions: Vec<(String, Value)> = RECORD_KEYS
    .iter()
    .filter_map(|key| fields.shift_remove_entry(*key))
    .collect();
  let mut extra = take_extra(&mut fields);
  for (key, value) in collisions {
    extra.entry(key).or_insert(value);
  }
  fields.insert("extra".to_owned(), Value::Object(extra));
  fields
}

fn extra_only(key: &str, value: Value) -> Map<String, Value> {
  let mut extra = Map::new();
  extra.insert(key.to_owned(), value);
  let mut fields = Map::new();
  fields.insert("extra".to_owned(), Value::Object(extra));
  fields
}

/// Removes and returns the user's own `extra` object. A user `extra` that is
/// not an object is kept inside the returned one as `extra.extra`.
fn take_extra(fields: &mut Map<String, Value>) -> Map<String, Value> {
  match fields.shift_remove("extra") {
    Some(Value::Object(map)) => map,
    Some(other) => {
      let mut map = Map::new();
      map.insert("extra".to_owned(), other);
      map
    }
    None => Map::new(),
  }
}

#[cfg(test)]
mod tests {
  use super::*;
  use serde_json::json;

  fn entry(fields: &str) -> Entry {
    Entry {
      level: 20,
      time_ms: 0,
      message: "m".into(),
      fields: Some(serde_json::from_str(fields).unwrap()),
      location: Location::default(),
      callback_seq: None,
    }
  }

  fn fields_of(json: &str) -> Value {
    Value::Object(Record::from(entry(json)).fields)
  }

  #[test]
  fn later_duplicate_keys_win_in_first_position() {
    assert_eq!(fields_of(r#"{"a":1,"b":2,"a":3}"#), json!({"a":3,"b":2}));
    let record = Record::from(entry(r#"{"a":1,"b":2,"a":3}"#));
    assert_eq!(record.fields.keys().collect::<Vec<_>>(), ["a", "b"]);
  }

  #[test]
  fn fields_named_like_record_keys_move_under_extra() {
    assert_eq!(
      fields_of(r#"{"level":"x","user":1,"message":"y"}"#),
      json!({"user":1,"extra":{"level":"x","message":"y"}})
    );
  }

  #[test]
  fn a_user_extra_object_receives_the_collisions() {
    assert_eq!(
      fields_of(r#"{"extra":{"a":1},"lineno":7}"#),
      json!({"extra":{"a":1,"lineno":7}})
    );
  }

  #[test]
  fn a_user_extra_scalar_is_kept_inside_extra() {
    assert_eq!(
      fields_of(r#"{"extra":5,"function":"f"}"#),
      json!({"extra":{"extra":5,"function":"f"}})
    );
  }

  #[test]
  fn fields_that_are_not_an_object_are_kept_under_extra() {
    assert_eq!(fields_of("[1,2]"), json!({"extra":{"fields":[1,2]}}));
    assert_eq!(fields_of("null"), json!({}));
  }

  #[test]
  fn no_fields_means_an_empty_map() {
    let mut e = entry("{}");
    e.fields = None;
    assert!(Record::from(e).fields.is_empty());
  }
}
