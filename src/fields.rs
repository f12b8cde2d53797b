//! The fields of a record, kept as the JSON text JS sent.
//!
//! Only the top level is read: each value stays a slice of the batch text
//! (`RawValue`), so a nested object costs a scan, not a tree of maps and
//! strings that would only be written back out (measured: 6 µs a record for
//! a four-level object as `serde_json::Value`, the writer's main cost).
//!
//! Two rules are applied here. Keys may repeat (JS joins bind, contextualize
//! and call fields in precedence order): the later value wins, in the first
//! position. Keys named like record keys move under `extra`.

use std::borrow::Cow;
use std::collections::hash_map::{Entry, HashMap};
use std::fmt;

use serde::de::{Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::value::{to_raw_value, RawValue};
use serde_json::{Map, Value};

/// The keys every record has; a field with one of these names moves under `extra`.
pub const RECORD_KEYS: [&str; 6] = ["timestamp", "level", "message", "filename", "lineno", "function"];

pub type Field<'a> = (Cow<'a, str>, Cow<'a, RawValue>);

#[derive(Debug, Default)]
pub struct Fields<'a>(Vec<Field<'a>>);

impl<'a> Fields<'a> {
  /// Reads the fields JS sent. Anything but an object (or null) is kept
  /// whole as `extra.fields` rather than lost.
  pub fn from_raw(raw: Option<&'a RawValue>) -> Self {
    let Some(raw) = raw else { return Fields::default() };
    match serde_json::from_str::<TopLevel<'a>>(raw.get()) {
      Ok(TopLevel(entries)) => Fields::from_entries(entries),
      Err(_) if raw.get() == "null" => Fields::default(),
      Err(_) => Fields(extra_field(&[(Cow::Borrowed("fields"), raw)]).into_iter().collect()),
    }
  }

  /// The entries of the fields object with collisions moved under `extra`.
  fn from_entries(entries: Vec<RawEntry<'a>>) -> Self {
    if !entries.iter().any(|(key, _)| is_record_key(key)) {
      return Fields(entries.into_iter().map(|(key, value)| (key, Cow::Borrowed(value))).collect());
    }
    Fields::moved(entries, is_record_key)
  }

  /// These fields with those named `keys` also moved under `extra`, for a
  /// format whose own keys are not the record's (pino's `time` and `msg`);
  /// `None` when no field has such a name, the common case.
  pub fn moving(&self, keys: &[&str]) -> Option<Fields<'_>> {
    if !self.0.iter().any(|(key, _)| keys.contains(&key.as_ref())) {
      return None;
    }
    let entries = self.0.iter().map(|(key, value)| (Cow::Borrowed(key.as_ref()), value.as_ref())).collect();
    Some(Fields::moved(entries, |key| keys.contains(&key)))
  }

  fn moved(entries: Vec<RawEntry<'a>>, collides: impl Fn(&str) -> bool) -> Self {
    let mut fields = Vec::with_capacity(entries.len());
    let mut collisions = Vec::new();
    let mut user_extra = None;
    for (key, value) in entries {
      if collides(&key) {
        collisions.push((key, value));
      } else if key == "extra" {
        user_extra = Some(value);
      } else {
        fields.push((key, Cow::Borrowed(value)));
      }
    }
    fields.extend(extra_field(&extra_entries(user_extra, collisions)));
    Fields(fields)
  }

  /// Fields built in Rust (logly's own records, collisions moved).
  pub fn from_map(map: Map<String, Value>) -> Self {
    Fields(
      map
        .into_iter()
        .filter_map(|(key, value)| Some((Cow::Owned(key), Cow::Owned(to_raw_value(&value).ok()?))))
        .collect(),
    )
  }

  pub fn iter(&self) -> impl Iterator<Item = (&str, &RawValue)> {
    self.0.iter().map(|(key, value)| (key.as_ref(), value.as_ref()))
  }

  pub fn is_empty(&self) -> bool {
    self.0.is_empty()
  }

  pub fn len(&self) -> usize {
    self.0.len()
  }

  /// The same fields, borrowed.
  pub fn borrowed(&self) -> Fields<'_> {
    self.0.iter().map(|(key, value)| (Cow::Borrowed(key.as_ref()), Cow::Borrowed(value.as_ref()))).collect()
  }
}

/// Fields made from entries already by the rules (a redacted copy of fields).
impl<'a> FromIterator<Field<'a>> for Fields<'a> {
  fn from_iter<I: IntoIterator<Item = Field<'a>>>(entries: I) -> Self {
    Fields(entries.into_iter().collect())
  }
}

/// The entries of a JSON object in order, each value as its text, a
/// repeated key's later value in the first position; `None` when `raw` is
/// no object. For reading one level of a nested value without parsing the
/// rest (redaction).
pub fn object_entries(raw: &RawValue) -> Option<Vec<RawEntry<'_>>> {
  serde_json::from_str::<TopLevel>(raw.get()).ok().map(|TopLevel(entries)| entries)
}

/// A key and its value as JSON text, borrowed from the batch.
pub type RawEntry<'a> = (Cow<'a, str>, &'a RawValue);

/// A top-level JSON object read into (key, raw value) pairs, later keys
/// replacing earlier ones in place.
struct TopLevel<'a>(Vec<RawEntry<'a>>);

/// A key borrowed from the text when it has no escapes.
#[derive(Deserialize)]
struct Key<'a>(#[serde(borrow)] Cow<'a, str>);

impl<'de> Deserialize<'de> for TopLevel<'de> {
  fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
    struct TopLevelVisitor;

    impl<'de> Visitor<'de> for TopLevelVisitor {
      type Value = TopLevel<'de>;

      fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a JSON object")
      }

      fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut entries = Entries::default();
        while let Some(Key(key)) = map.next_key()? {
          entries.insert(key, map.next_value()?);
        }
        Ok(TopLevel(entries.list))
      }
    }

    deserializer.deserialize_map(TopLevelVisitor)
  }
}

/// Up to this many keys, a duplicate is found by comparing with each key so
/// far: records have a handful of fields, and that beats hashing. Past it,
/// a hash index keeps one wide object linear (a linear search per key took
/// 19 s for 150k keys).
const LINEAR_KEYS: usize = 16;

/// Object entries in first-seen order, a later duplicate replacing the value
/// in place.
#[derive(Default)]
struct Entries<'de> {
  list: Vec<RawEntry<'de>>,
  /// Position in `list` of each key, built once `list` is past `LINEAR_KEYS`.
  index: HashMap<Cow<'de, str>, usize>,
}

impl<'de> Entries<'de> {
  fn insert(&mut self, key: Cow<'de, str>, value: &'de RawValue) {
    if self.list.len() < LINEAR_KEYS {
      match self.list.iter_mut().find(|(existing, _)| *existing == key) {
        Some(entry) => entry.1 = value,
        None => self.list.push((key, value)),
      }
      return;
    }
    if self.index.is_empty() {
      self.index = self.list.iter().enumerate().map(|(at, (key, _))| (key.clone(), at)).collect();
    }
    // Cloning a key borrowed from the text copies a pointer; only keys with
    // escapes, already owned, are copied.
    match self.index.entry(key) {
      Entry::Occupied(found) => self.list[*found.get()].1 = value,
      Entry::Vacant(slot) => {
        self.list.push((slot.key().clone(), value));
        slot.insert(self.list.len() - 1);
      }
    }
  }
}

fn is_record_key(key: &str) -> bool {
  RECORD_KEYS.contains(&key)
}

/// The entries of `extra` when fields collide: the user's own `extra` (its
/// entries when it is an object, else itself as `extra.extra`), then each
/// collision the user's `extra` does not already hold. At most six
/// collisions (eight with a format's own keys), so searching the entries
/// for each stays linear.
fn extra_entries<'a>(user_extra: Option<&'a RawValue>, collisions: Vec<RawEntry<'a>>) -> Vec<RawEntry<'a>> {
  let mut entries = match user_extra {
    None => Vec::new(),
    Some(value) => match serde_json::from_str::<TopLevel<'a>>(value.get()) {
      Ok(TopLevel(entries)) => entries,
      Err(_) => vec![(Cow::Borrowed("extra"), value)],
    },
  };
  for (key, value) in collisions {
    if !entries.iter().any(|(existing, _)| *existing == key) {
      entries.push((key, value));
    }
  }
  entries
}

/// `extra` as one field whose object is written from the raw values, never
/// parsed into a `Value`: that would cost a tree per value and turn anything
/// deeper than serde_json's 128 levels into null. Serializing a key and
/// reading back JSON built from valid parts cannot fail; `None` is a guard.
fn extra_field<'a>(entries: &[RawEntry<'_>]) -> Option<Field<'a>> {
  let mut text = String::from("{");
  for (at, (key, value)) in entries.iter().enumerate() {
    if at > 0 {
      text.push(',');
    }
    text.push_str(&serde_json::to_string(key.as_ref()).ok()?);
    text.push(':');
    text.push_str(value.get());
  }
  text.push('}');
  Some((Cow::Borrowed("extra"), Cow::Owned(RawValue::from_string(text).ok()?)))
}

/// `{ extra: { key: value } }`.
pub fn extra_only(key: &str, value: Value) -> Map<String, Value> {
  let mut extra = Map::new();
  extra.insert(key.to_owned(), value);
  let mut fields = Map::new();
  fields.insert("extra".to_owned(), Value::Object(extra));
  fields
}

#[cfg(test)]
mod tests {
  use super::test_support::{any_fields, any_value, AnyFields};
  use super::*;
  use proptest::prelude::*;
  use serde_json::json;

  /// The fields read from `json`, as one JSON value, and their key order.
  fn fields_of(json: &str) -> (Value, Vec<String>) {
    let raw: &RawValue = serde_json::from_str(json).unwrap();
    let fields = Fields::from_raw(Some(raw));
    let keys = fields.iter().map(|(key, _)| key.to_owned()).collect();
    let map: Map<String, Value> = fields.iter().map(|(k, v)| (k.to_owned(), serde_json::from_str(v.get()).unwrap())).collect();
    (Value::Object(map), keys)
  }

  #[test]
  fn later_duplicate_keys_win_in_first_position() {
    let (value, keys) = fields_of(r#"{"a":1,"b":2,"a":3}"#);
    assert_eq!(value, json!({"a":3,"b":2}));
    assert_eq!(keys, ["a", "b"]);
  }

  #[test]
  fn a_wide_object_keeps_the_duplicate_rule_in_linear_time() {
    // 200k keys: the linear search per key this replaced would take minutes.
    const KEYS: usize = 200_000;
    let mut json = String::from("{");
    for at in 0..KEYS {
      json.push_str(&format!("\"k{at}\":{at},"));
    }
    for at in (0..KEYS).step_by(1000) {
      json.push_str(&format!("\"k{at}\":\"again\","));
    }
    json.push_str(r#""k\u0031":"escaped","level":"collides"}"#);
    let raw: &RawValue = serde_json::from_str(&json).unwrap();
    let fields = Fields::from_raw(Some(raw));
    let fields: Vec<(&str, &str)> = fields.iter().map(|(key, value)| (key, value.get())).collect();
    assert_eq!(fields.len(), KEYS + 1);
    for (at, (key, value)) in fields[..KEYS].iter().enumerate() {
      let expected = match at {
        1 => r#""escaped""#.to_owned(),
        _ if at % 1000 == 0 => r#""again""#.to_owned(),
        _ => at.to_string(),
      };
      assert_eq!((*key, value.to_string()), (format!("k{at}").as_str(), expected));
    }
    assert_eq!(fields[KEYS], ("extra", r#"{"level":"collides"}"#));
  }

  #[test]
  fn duplicates_are_found_on_both_sides_of_the_index_threshold() {
    let keys: Vec<String> = (0..LINEAR_KEYS + 4).map(|at| format!("k{at}")).collect();
    let mut json = String::from("{");
    for (at, key) in keys.iter().enumerate() {
      json.push_str(&format!("\"{key}\":{at},\"k0\":-{at},"));
    }
    json.push_str(&format!("\"{}\":\"last\"}}", keys[LINEAR_KEYS]));
    let (value, order) = fields_of(&json);
    assert_eq!(order, keys);
    assert_eq!(value["k0"], -((LINEAR_KEYS + 3) as i64));
    assert_eq!(value[&keys[LINEAR_KEYS]], "last");
    assert_eq!(value[&keys[LINEAR_KEYS + 1]], LINEAR_KEYS + 1);
  }

  #[test]
  fn moving_collisions_keeps_every_value_as_written_however_deep() {
    // serde_json's Value stops at 128 levels; the raw text has no limit.
    let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
    let json = format!(r#"{{"level":{deep},"deep":{deep},"n":1.50,"extra":{{"e":{deep}}}}}"#);
    let raw: &RawValue = serde_json::from_str(&json).unwrap();
    let fields = Fields::from_raw(Some(raw));
    let fields: Vec<(&str, &str)> = fields.iter().map(|(key, value)| (key, value.get())).collect();
    let extra = format!(r#"{{"e":{deep},"level":{deep}}}"#);
    assert_eq!(fields, [("deep", deep.as_str()), ("n", "1.50"), ("extra", extra.as_str())]);
  }

  #[test]
  fn fields_that_are_not_an_object_are_kept_as_written_however_deep() {
    let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
    let raw: &RawValue = serde_json::from_str(&deep).unwrap();
    let fields = Fields::from_raw(Some(raw));
    let fields: Vec<(&str, String)> = fields.iter().map(|(key, value)| (key, value.get().to_owned())).collect();
    assert_eq!(fields, [("extra", format!(r#"{{"fields":{deep}}}"#))]);
  }

  #[test]
  fn nested_values_are_kept_as_written() {
    let raw: &RawValue = serde_json::from_str(r#"{"deep":{"a":[1,{"b":"c\n"}]}}"#).unwrap();
    let fields = Fields::from_raw(Some(raw));
    let (key, value) = fields.iter().next().unwrap();
    assert_eq!((key, value.get()), ("deep", r#"{"a":[1,{"b":"c\n"}]}"#));
  }

  #[test]
  fn escaped_keys_are_unescaped() {
    assert_eq!(fields_of(r#"{"a\"b":1}"#).1, ["a\"b"]);
  }

  #[test]
  fn fields_named_like_record_keys_move_under_extra() {
    assert_eq!(
      fields_of(r#"{"level":"x","user":1,"message":"y"}"#).0,
      json!({"user":1,"extra":{"level":"x","message":"y"}})
    );
  }

  #[test]
  fn a_user_extra_object_receives_the_collisions() {
    assert_eq!(fields_of(r#"{"extra":{"a":1},"lineno":7}"#).0, json!({"extra":{"a":1,"lineno":7}}));
  }

  #[test]
  fn a_user_extra_scalar_is_kept_inside_extra() {
    assert_eq!(fields_of(r#"{"extra":5,"function":"f"}"#).0, json!({"extra":{"extra":5,"function":"f"}}));
  }

  #[test]
  fn moving_other_keys_joins_extra_and_leaves_the_rest_in_place() {
    let raw: &RawValue = serde_json::from_str(r#"{"time":1,"a":2,"level":3,"msg":"m"}"#).unwrap();
    let fields = Fields::from_raw(Some(raw));
    assert!(fields.moving(&["pid"]).is_none());
    let moved = fields.moving(&["time", "msg"]).unwrap();
    let pairs: Vec<(&str, &str)> = moved.iter().map(|(key, value)| (key, value.get())).collect();
    assert_eq!(pairs, [("a", "2"), ("extra", r#"{"level":3,"time":1,"msg":"m"}"#)]);
  }

  #[test]
  fn fields_that_are_not_an_object_are_kept_under_extra() {
    assert_eq!(fields_of("[1,2]").0, json!({"extra":{"fields":[1,2]}}));
    assert_eq!(fields_of("\"text\"").0, json!({"extra":{"fields":"text"}}));
  }

  #[test]
  fn null_or_no_fields_are_none() {
    assert!(fields_of("null").1.is_empty());
    assert!(Fields::from_raw(None).is_empty());
  }

  fn texts(fields: &Fields) -> Vec<(String, String)> {
    fields.iter().map(|(key, value)| (key.to_owned(), value.get().to_owned())).collect()
  }

  /// Values parsed and written back compactly, so differently spaced texts
  /// compare. Both sides must go through it: serde_json may read a float a
  /// bit off, but always the same for the same digits.
  fn compact(texts: Vec<(String, String)>) -> Vec<(String, String)> {
    let compact = |text: String| serde_json::from_str::<Value>(&text).unwrap().to_string();
    texts.into_iter().map(|(key, value)| (key, compact(value))).collect()
  }

  proptest! {
    #[test]
    fn any_fields_come_out_by_the_duplicate_and_collision_rules(fields in any_fields()) {
      let json = fields.json();
      let raw: &RawValue = serde_json::from_str(&json).unwrap();
      prop_assert_eq!(texts(&Fields::from_raw(Some(raw))), fields.expected());
    }

    #[test]
    fn any_json_text_comes_out_by_the_rules_however_it_is_spaced(value in any_value(), pretty: bool) {
      let json = if pretty { serde_json::to_string_pretty(&value).unwrap() } else { value.to_string() };
      let raw: &RawValue = serde_json::from_str(&json).unwrap();
      let expected = compact(AnyFields::Other(value).expected());
      prop_assert_eq!(compact(texts(&Fields::from_raw(Some(raw)))), expected);
    }
  }
}

#[cfg(test)]
pub(crate) mod test_support {
  //! Arbitrary fields as JS could send them, and the rules they must come
  //! out by, computed the plain way.

  use std::fmt;

  use proptest::prelude::*;
  use serde::de::{Deserializer, MapAccess, Visitor};
  use serde::Deserialize;
  use serde_json::value::RawValue;
  use serde_json::{Map, Number, Value};

  use super::RECORD_KEYS;

  /// Any text, with the characters that matter for escaping drawn often.
  pub fn any_text() -> impl Strategy<Value = String> {
    let special = prop_oneof![
      proptest::char::range('\0', '\u{9f}'),
      Just('\u{2028}'),
      Just('\u{2029}'),
      Just('"'),
      Just('\\'),
      Just(' '),
      Just('='),
    ];
    prop::collection::vec(prop_oneof![any::<char>(), special], 0..12).prop_map(String::from_iter)
  }

  /// Keys that collide with record keys, with `extra`, with each other, or
  /// with nothing.
  pub fn any_key() -> impl Strategy<Value = String> {
    prop_oneof![
      any_text(),
      prop::sample::select(&RECORD_KEYS[..]).prop_map(str::to_owned),
      Just("extra".to_owned()),
      prop::sample::select(&["a", "b", "c"][..]).prop_map(str::to_owned),
    ]
  }

  /// Any JSON value a few levels deep.
  pub fn any_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
      Just(Value::Null),
      any::<bool>().prop_map(Value::Bool),
      any::<i64>().prop_map(Value::from),
      any::<u64>().prop_map(Value::from),
      any::<f64>().prop_filter_map("JSON numbers are finite", |float| Number::from_f64(float).map(Value::Number)),
      any_text().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
      prop_oneof![
        prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
        prop::collection::vec((any_key(), inner), 0..4).prop_map(|entries| Value::Object(entries.into_iter().collect())),
      ]
    })
  }

  /// What JS may send as the fields of a record.
  #[derive(Debug, Clone)]
  pub enum AnyFields {
    /// An object as text, so keys may repeat.
    Object(Vec<(String, Value)>),
    /// Any other value, objects and null included.
    Other(Value),
  }

  pub fn any_fields() -> impl Strategy<Value = AnyFields> {
    prop_oneof![
      4 => prop::collection::vec((any_key(), any_value()), 0..8).prop_map(AnyFields::Object),
      1 => any_value().prop_map(AnyFields::Other),
    ]
  }

  impl AnyFields {
    /// The compact JSON JS would send.
    pub fn json(&self) -> String {
      match self {
        AnyFields::Object(entries) => {
          let entries: Vec<String> = entries
            .iter()
            .map(|(key, value)| format!("{}:{value}", Value::String(key.clone())))
            .collect();
          format!("{{{}}}", entries.join(","))
        }
        AnyFields::Other(value) => value.to_string(),
      }
    }

    /// The fields the rules make of it, each value as compact JSON text.
    pub fn expected(&self) -> Vec<(String, String)> {
      let fields = match self {
        AnyFields::Object(entries) => moved(deduplicated(entries.clone())),
        AnyFields::Other(Value::Object(map)) => moved(map.clone().into_iter().collect()),
        AnyFields::Other(Value::Null) => Vec::new(),
        AnyFields::Other(other) => vec![("extra".to_owned(), json_object([("fields".to_owned(), other.clone())]))],
      };
      fields.into_iter().map(|(key, value)| (key, value.to_string())).collect()
    }
  }

  /// The later value wins, in the first position.
  fn deduplicated(entries: Vec<(String, Value)>) -> Vec<(String, Value)> {
    let mut kept: Vec<(String, Value)> = Vec::new();
    for (key, value) in entries {
      match kept.iter_mut().find(|(existing, _)| *existing == key) {
        Some(entry) => entry.1 = value,
        None => kept.push((key, value)),
      }
    }
    kept
  }

  /// Record keys move under `extra`, after the user's own `extra`, which
  /// keeps its keys; `extra` goes last.
  fn moved(fields: Vec<(String, Value)>) -> Vec<(String, Value)> {
    let is_record_key = |key: &String| RECORD_KEYS.contains(&key.as_str());
    if !fields.iter().any(|(key, _)| is_record_key(key)) {
      return fields;
    }
    let (collisions, mut rest): (Vec<_>, Vec<_>) = fields.into_iter().partition(|(key, _)| is_record_key(key));
    let mut extra: Vec<(String, Value)> = match rest.iter().position(|(key, _)| key == "extra") {
      None => Vec::new(),
      Some(at) => match rest.remove(at).1 {
        Value::Object(map) => map.into_iter().collect(),
        other => vec![("extra".to_owned(), other)],
      },
    };
    for (key, value) in collisions {
      if !extra.iter().any(|(existing, _)| *existing == key) {
        extra.push((key, value));
      }
    }
    rest.push(("extra".to_owned(), json_object(extra)));
    rest
  }

  fn json_object(entries: impl IntoIterator<Item = (String, Value)>) -> Value {
    Value::Object(entries.into_iter().collect::<Map<String, Value>>())
  }

  /// The top-level pairs of a JSON object in order, repeated keys kept, each
  /// value as its JSON text.
  pub fn pairs(json: &str) -> Vec<(String, String)> {
    struct Pairs(Vec<(String, String)>);

    impl<'de> Deserialize<'de> for Pairs {
      fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PairsVisitor;

        impl<'de> Visitor<'de> for PairsVisitor {
          type Value = Pairs;

          fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
            formatter.write_str("a JSON object")
          }

          fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Pairs, A::Error> {
            let mut pairs = Vec::new();
            while let Some((key, value)) = map.next_entry::<String, Box<RawValue>>()? {
              pairs.push((key, value.get().to_owned()));
            }
            Ok(Pairs(pairs))
          }
        }

        deserializer.deserialize_map(PairsVisitor)
      }
    }

    serde_json::from_str::<Pairs>(json).expect("a JSON object").0
  }
}
