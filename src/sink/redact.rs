//! A sink's own redaction (`add(target, { redact })`): the paths of the
//! record's fields its lines censor or leave out, as lib/redact.js does for
//! a logger, but per sink, on the thread that formats the sink's lines.
//!
//! JS validates and parses the paths (lib/redact.js's parser) and sends
//! them as JSON, `*` as `null`. Most records hold no redacted path: `apply`
//! compares each path's first segment with the fields' keys and returns
//! `None`, allocating nothing and reading no value. A field on a path is
//! read one level at a time, only along the path: every other value stays
//! the JSON text it came as (numbers keep their digits, keys their order,
//! however deep the value).

use std::borrow::Cow;

use serde_json::value::{to_raw_value, RawValue};

use crate::fields::{object_entries, Fields};

/// One step of a path.
#[derive(Debug, Clone, PartialEq)]
enum Segment {
  /// `*` or `[*]`: every key of an object, every element of an array.
  Any,
  /// An object's key, or an array's index when it is one written in
  /// decimal (`index`), as a JS property name is.
  Key { name: String, index: Option<usize> },
}

impl Segment {
  fn key(name: String) -> Self {
    // `Object.hasOwn(array, '01')` is false: only the canonical form is an index.
    let index = name.parse::<usize>().ok().filter(|index| index.to_string() == name);
    Segment::Key { name, index }
  }

  fn matches_key(&self, key: &str) -> bool {
    match self {
      Segment::Any => true,
      Segment::Key { name, .. } => name == key,
    }
  }

  fn matches_index(&self, at: usize) -> bool {
    match self {
      Segment::Any => true,
      Segment::Key { index, .. } => *index == Some(at),
    }
  }
}

#[derive(Debug, Clone)]
pub struct Redaction {
  /// Each path's segments, none empty.
  paths: Vec<Vec<Segment>>,
  /// The censor as JSON text; `None`: remove the key.
  censor: Option<Box<RawValue>>,
}

/// What redaction makes of one value.
enum Outcome {
  Same,
  Removed,
  Replaced(Box<RawValue>),
}

impl Redaction {
  /// From the paths as JS sends them: `[["user","card","number"],[null,"token"]]`,
  /// `null` for `*`. `censor` is the text put in place; `None` removes the key.
  pub fn from_json(paths: &str, censor: Option<String>) -> Result<Self, String> {
    let paths: Vec<Vec<Option<String>>> = serde_json::from_str(paths).map_err(|error| format!("redaction paths: {error}"))?;
    if paths.iter().any(Vec::is_empty) {
      return Err("redaction paths: a path has no segments".into());
    }
    let paths = paths
      .into_iter()
      .map(|path| path.into_iter().map(|segment| segment.map_or(Segment::Any, Segment::key)).collect())
      .collect();
    let censor = censor.map(|censor| to_raw_value(&censor)).transpose().map_err(|error| error.to_string())?;
    Ok(Redaction { paths, censor })
  }

  /// `fields` with the paths censored or removed; `None` when no path
  /// matched, so the record's own fields (and its shared line) serve.
  pub fn apply<'f>(&self, fields: &'f Fields<'_>) -> Option<Fields<'f>> {
    let reaches = |path: &Vec<Segment>| fields.iter().any(|(key, _)| path[0].matches_key(key));
    if !self.paths.iter().any(reaches) {
      return None;
    }
    let mut changed = false;
    let mut redacted = Vec::with_capacity(fields.len());
    for (key, value) in fields.iter() {
      match self.redact_field(key, value) {
        Outcome::Same => redacted.push((Cow::Borrowed(key), Cow::Borrowed(value))),
        Outcome::Removed => changed = true,
        Outcome::Replaced(value) => {
          changed = true;
          redacted.push((Cow::Borrowed(key), Cow::Owned(value)));
        }
      }
    }
    changed.then(|| redacted.into_iter().collect())
  }

  /// One top-level field after every path, applied in order as lib/redact.js
  /// does: a path ending at the field censors or removes it whole, so later
  /// paths find nothing to read in it.
  fn redact_field(&self, key: &str, value: &RawValue) -> Outcome {
    let mut current: Option<Box<RawValue>> = None;
    for path in &self.paths {
      if !path[0].matches_key(key) {
        continue;
      }
      if path.len() == 1 {
        return self.end_of_path();
      }
      if let Some(next) = self.redact_value(current.as_deref().unwrap_or(value), &path[1..]) {
        current = Some(next);
      }
    }
    current.map_or(Outcome::Same, Outcome::Replaced)
  }

  fn end_of_path(&self) -> Outcome {
    match &self.censor {
      Some(censor) => Outcome::Replaced(censor.clone()),
      None => Outcome::Removed,
    }
  }

  /// `value` with `segments` censored or removed in it; `None` when nothing
  /// on the path was there (or `value` is neither object nor array).
  fn redact_value(&self, value: &RawValue, segments: &[Segment]) -> Option<Box<RawValue>> {
    let (segment, rest) = segments.split_first()?;
    match value.get().as_bytes().first() {
      Some(b'{') => {
        let entries = object_entries(value)?;
        let mut changed = false;
        let mut kept = Vec::with_capacity(entries.len());
        for (key, child) in entries {
          let outcome = if segment.matches_key(&key) { self.redact_child(child, rest) } else { Outcome::Same };
          match outcome {
            Outcome::Same => kept.push((key, Cow::Borrowed(child))),
            Outcome::Removed => changed = true,
            Outcome::Replaced(new) => {
              changed = true;
              kept.push((key, Cow::Owned(new)));
            }
          }
        }
        changed.then(|| write_object(&kept))
      }
      Some(b'[') => {
        let elements: Vec<&RawValue> = serde_json::from_str(value.get()).ok()?;
        let mut changed = false;
        let mut kept: Vec<Cow<RawValue>> = Vec::with_capacity(elements.len());
        for (at, child) in elements.into_iter().enumerate() {
          let outcome = if segment.matches_index(at) { self.redact_child(child, rest) } else { Outcome::Same };
          kept.push(match outcome {
            Outcome::Same => Cow::Borrowed(child),
            // lib/redact.js sets the element to undefined, which JSON writes as null.
            Outcome::Removed => {
              changed = true;
              Cow::Owned(null())
            }
            Outcome::Replaced(new) => {
              changed = true;
              Cow::Owned(new)
            }
          });
        }
        changed.then(|| write_array(&kept))
      }
      _ => None,
    }
  }

  /// A value a segment matched: the end of the path, or a step on it.
  fn redact_child(&self, child: &RawValue, rest: &[Segment]) -> Outcome {
    if rest.is_empty() {
      return self.end_of_path();
    }
    self.redact_value(child, rest).map_or(Outcome::Same, Outcome::Replaced)
  }
}

fn null() -> Box<RawValue> {
  RawValue::from_string("null".to_owned()).expect("null is JSON")
}

/// An object written from keys and raw values; valid parts make valid JSON.
fn write_object(entries: &[(Cow<str>, Cow<RawValue>)]) -> Box<RawValue> {
  let mut text = String::from("{");
  for (at, (key, value)) in entries.iter().enumerate() {
    if at > 0 {
      text.push(',');
    }
    text.push_str(&serde_json::Value::from(key.as_ref()).to_string());
    text.push(':');
    text.push_str(value.get());
  }
  text.push('}');
  RawValue::from_string(text).expect("an object of JSON values is JSON")
}

fn write_array(elements: &[Cow<RawValue>]) -> Box<RawValue> {
  let mut text = String::from("[");
  for (at, value) in elements.iter().enumerate() {
    if at > 0 {
      text.push(',');
    }
    text.push_str(value.get());
  }
  text.push(']');
  RawValue::from_string(text).expect("an array of JSON values is JSON")
}

#[cfg(test)]
mod tests {
  use super::*;
  use crate::fields::test_support::{any_key, any_value};
  use proptest::prelude::*;
  use serde_json::{json, Map, Value};

  fn redaction(paths: Value, censor: Option<&str>) -> Redaction {
    Redaction::from_json(&paths.to_string(), censor.map(str::to_owned)).unwrap()
  }

  fn fields_of(json: &str) -> Fields<'_> {
    Fields::from_raw(Some(serde_json::from_str::<&RawValue>(json).unwrap()))
  }

  /// The fields as `(key, value text)` pairs, in order.
  fn texts(fields: &Fields) -> Vec<(String, String)> {
    fields.iter().map(|(key, value)| (key.to_owned(), value.get().to_owned())).collect()
  }

  /// The redacted fields of `json` as one JSON value; `None` when unchanged.
  fn redacted(redaction: &Redaction, json: &str) -> Option<Value> {
    let fields = fields_of(json);
    let redacted = redaction.apply(&fields)?;
    let map: Map<String, Value> = redacted.iter().map(|(key, value)| (key.to_owned(), serde_json::from_str(value.get()).unwrap())).collect();
    Some(Value::Object(map))
  }

  const FIELDS: &str = r#"{
    "password": "p",
    "user": {"card": {"number": "4242", "exp": "12/30"}, "name": "ann"},
    "headers": {"x-api-key": "k", "host": "h"},
    "session": {"token": "t", "id": 1},
    "items": [{"secret": "s", "n": 1}, {"n": 2}, 3],
    "a": {"x": {"b": {"y": {"c": "deep", "d": "kept"}}}}
  }"#;

  fn paths() -> Value {
    json!([["password"], ["user", "card", "number"], ["headers", "x-api-key"], [null, "token"], ["items", null, "secret"], ["a", null, "b", null, "c"]])
  }

  #[test]
  fn censors_every_path_with_wildcards_at_any_depth_and_hyphenated_keys() {
    let got = redacted(&redaction(paths(), Some("[Redacted]")), FIELDS).unwrap();
    assert_eq!(
      got,
      json!({
        "password": "[Redacted]",
        "user": {"card": {"number": "[Redacted]", "exp": "12/30"}, "name": "ann"},
        "headers": {"x-api-key": "[Redacted]", "host": "h"},
        "session": {"token": "[Redacted]", "id": 1},
        "items": [{"secret": "[Redacted]", "n": 1}, {"n": 2}, 3],
        "a": {"x": {"b": {"y": {"c": "[Redacted]", "d": "kept"}}}}
      })
    );
  }

  #[test]
  fn remove_leaves_keys_out_and_writes_null_for_array_elements() {
    let got = redacted(&redaction(json!([["password"], ["user", "card"], ["session", "token"], ["list", "1"]]), None), r#"{"password":"p","user":{"card":1,"name":"n"},"session":{"token":"t"},"list":[1,2,3]}"#);
    assert_eq!(got.unwrap(), json!({"user": {"name": "n"}, "session": {}, "list": [1, null, 3]}));
  }

  #[test]
  fn keys_with_any_characters_and_array_indices() {
    let redaction = redaction(json!([["a.b"], ["q", "we\"ird key"], ["list", "0", "x"], ["list", "01"], ["obj", "0"]]), Some("***"));
    let got = redacted(&redaction, r#"{"a.b":1,"q":{"we\"ird key":2},"list":[{"x":1},{"x":2}],"obj":{"0":"zero","01":"kept"}}"#);
    assert_eq!(got.unwrap(), json!({"a.b": "***", "q": {"we\"ird key": "***"}, "list": [{"x": "***"}, {"x": 2}], "obj": {"0": "***", "01": "kept"}}));
  }

  #[test]
  fn a_censor_is_written_as_a_json_string() {
    let got = redacted(&redaction(json!([["k"]]), Some("say \"no\"\n")), r#"{"k":1}"#);
    assert_eq!(got.unwrap(), json!({"k": "say \"no\"\n"}));
  }

  #[test]
  fn a_wildcard_alone_takes_every_field() {
    assert_eq!(redacted(&redaction(json!([[null]]), Some("x")), r#"{"a":1,"b":{"c":2}}"#).unwrap(), json!({"a": "x", "b": "x"}));
    assert_eq!(redacted(&redaction(json!([[null]]), None), r#"{"a":1,"b":{"c":2}}"#).unwrap(), json!({}));
  }

  #[test]
  fn no_match_is_none() {
    let redaction = redaction(paths(), Some("[Redacted]"));
    assert!(redacted(&redaction, r#"{"other":1,"nested":{"password":"p"}}"#).is_none(), "no top-level key on a path");
    assert!(redacted(&redaction, r#"{"user":{"card":"4242"},"session":[1,2],"items":{"secret":1},"headers":"h"}"#).is_none(), "top-level keys on a path, nothing under them");
    assert!(redacted(&redaction, "null").is_none());
    assert!(redaction.apply(&Fields::default()).is_none());
  }

  #[test]
  fn paths_apply_in_order_and_a_whole_field_wins() {
    let got = redacted(&redaction(json!([["user", "card", "number"], ["user"], ["user", "name"]]), Some("x")), r#"{"user":{"card":{"number":1},"name":"n"}}"#);
    assert_eq!(got.unwrap(), json!({"user": "x"}));
    let got = redacted(&redaction(json!([["a", "b"], ["a", "c"]]), None), r#"{"a":{"b":1,"c":2,"d":3}}"#);
    assert_eq!(got.unwrap(), json!({"a": {"d": 3}}));
  }

  #[test]
  fn values_off_the_path_keep_their_text_however_deep() {
    let deep = format!("{}{}", "[".repeat(300), "]".repeat(300));
    let json = format!(r#"{{"n":1.50,"u":{{"big":123456789012345678901234567890,"s":"x","deep":{deep}}},"v":{{"z":1,"a":2}}}}"#);
    let fields = fields_of(&json);
    let redaction = redaction(json!([["u", "s"]]), Some("[Redacted]"));
    let got = texts(&redaction.apply(&fields).unwrap());
    let u = format!(r#"{{"big":123456789012345678901234567890,"s":"[Redacted]","deep":{deep}}}"#);
    assert_eq!(got, [("n".to_owned(), "1.50".to_owned()), ("u".to_owned(), u), ("v".to_owned(), r#"{"z":1,"a":2}"#.to_owned())]);
  }

  #[test]
  fn fields_under_extra_are_reached_by_their_path_there() {
    // A field named like a record key moved under `extra`: lines write it there.
    let got = redacted(&redaction(json!([["extra", "level"]]), Some("x")), r#"{"level":"secret","a":1}"#);
    assert_eq!(got.unwrap(), json!({"a": 1, "extra": {"level": "x"}}));
  }

  #[test]
  fn bad_paths_are_errors() {
    assert!(Redaction::from_json("[[]]", None).is_err());
    assert!(Redaction::from_json(r#"["a"]"#, None).is_err());
    assert!(Redaction::from_json(r#"[[1]]"#, None).is_err());
  }

  // --- against a plain model of lib/redact.js on serde_json values ---------

  /// lib/redact.js's `redactPath` on a `Value`: `None` for remove.
  fn model(value: &mut Value, path: &[Segment], censor: Option<&str>) -> bool {
    let (segment, rest) = path.split_first().unwrap();
    let mut removed = false;
    match value {
      Value::Object(map) => {
        let keys: Vec<String> = map.keys().filter(|key| segment.matches_key(key)).cloned().collect();
        for key in keys {
          if rest.is_empty() {
            match censor {
              Some(censor) => {
                map.insert(key, Value::from(censor));
              }
              None => {
                map.shift_remove(&key);
              }
            }
            removed = true;
          } else {
            removed |= model(map.get_mut(&key).unwrap(), rest, censor);
          }
        }
      }
      Value::Array(elements) => {
        for (at, element) in elements.iter_mut().enumerate() {
          if !segment.matches_index(at) {
            continue;
          }
          if rest.is_empty() {
            *element = censor.map_or(Value::Null, Value::from);
            removed = true;
          } else {
            removed |= model(element, rest, censor);
          }
        }
      }
      _ => {}
    }
    removed
  }

  fn any_path() -> impl Strategy<Value = Vec<Option<String>>> {
    let segment = prop_oneof![
      1 => Just(None),
      3 => any_key().prop_map(Some),
      1 => (0..4usize).prop_map(|index| Some(index.to_string())),
    ];
    prop::collection::vec(segment, 1..4)
  }

  proptest! {
    #[test]
    fn any_fields_are_redacted_as_lib_redact_js_would(
      entries in prop::collection::vec((prop_oneof![any_key(), Just("a".to_owned())], any_value()), 0..6),
      paths in prop::collection::vec(any_path(), 1..4),
      censor in proptest::option::of(Just("[Redacted]".to_owned())),
    ) {
      let object: Map<String, Value> = entries.into_iter().collect();
      let json = Value::Object(object.clone()).to_string();
      let fields = fields_of(&json);
      // The model works on the fields as Rust reads them (record keys under `extra`).
      let mut expected = Value::Object(fields.iter().map(|(key, value)| (key.to_owned(), serde_json::from_str(value.get()).unwrap())).collect());
      let redaction = Redaction::from_json(&serde_json::to_string(&paths).unwrap(), censor.clone()).unwrap();
      let mut changed = false;
      for path in &redaction.paths {
        changed |= model(&mut expected, path, censor.as_deref());
      }
      match redaction.apply(&fields) {
        None => prop_assert!(!changed, "nothing redacted, but the model redacted: {}", expected),
        Some(redacted) => {
          let got = Value::Object(redacted.iter().map(|(key, value)| (key.to_owned(), serde_json::from_str(value.get()).unwrap())).collect());
          prop_assert_eq!(got, expected);
        }
      }
    }
  }
}
