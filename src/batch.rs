//! The log calls JS sends: those of one event-loop turn, as one text holding
//! the records' string values and a layout of `SLOTS` numbers per record
//! (`lib/batch.js` writes both):
//!
//! `[level, time_ms, origin, message, fields, filename, lineno, function, sink_fields]`
//!
//! where `message`, `fields`, `filename`, `function` and `sink_fields` are
//! lengths, in UTF-16 code units (JS string lengths), of consecutive parts
//! of the text, -1 for an absent `fields` or `sink_fields`. `fields` is the
//! record's fields as a JSON object, or, at `-2 - n`, `n` flat fields sent
//! raw: each a key and a value in the text, and `[key, value, kind]` in the
//! field layout (UTF-16 lengths; kind 0: the value is a string, 1: JS wrote
//! it as JSON: a number, `true`, `false`, `null`; 2: no key, and the value
//! is members, `"a":1,"b":2`, of the bound and contextual fields that come
//! first). The writer escapes and joins those, so the log call builds no
//! JSON for the commonest fields.
//! `sink_fields`, `[[sink id, fields], ...]`,
//! what a sink's redaction with a censor function made of them (see
//! `Record::sink_fields`). `time_ms` is NaN when JS had no time, `origin` 1
//! for a record logged from inside a callback (it goes to sinks, never back
//! to callbacks).
//!
//! Crossing into Rust once per batch instead of once per call is what makes
//! the log call cheap. Strings cross as they are: JS neither escapes nor
//! quotes them, and the writer slices instead of parsing (measured in JS:
//! ~20 ns a record to build, against ~245 ns for a JSON line per record).
//! Only fields stay JSON. Every layout row is one record, whatever is in
//! it, so JS and Rust number records alike (the progress watermark in
//! `writer` depends on it); a part that cannot be read still leaves a record.

use std::borrow::Cow;

use serde_json::json;
use serde_json::value::RawValue;

use crate::fields::{extra_only, Fields};
use crate::record::{Location, Origin, Record};
use crate::surrogates::repair_lone_surrogates;

/// Numbers per record in the layout.
pub const SLOTS: usize = 9;

/// JavaScript's Date range: times outside it are not times.
const MAX_TIME_MS: f64 = 8.64e15;

/// Numbers per raw field in the field layout: key length, value length, kind.
const FIELD_SLOTS: usize = 3;
/// Raw field kinds (lib/fields.js): a string to quote; anything else is JSON
/// as JS wrote it, a value, or for `RAW_MEMBERS` members (`"a":1,"b":2`)
/// that go into the object as they are.
const RAW_STRING: f64 = 0.0;
const RAW_MEMBERS: f64 = 2.0;

#[derive(Debug, Default, Clone, PartialEq)]
pub struct Batch {
  text: String,
  layout: Vec<f64>,
  field_layout: Vec<f64>,
}

impl Batch {
  pub fn new(text: String, layout: Vec<f64>, field_layout: Vec<f64>) -> Self {
    Batch { text, layout, field_layout }
  }

  /// How many records it holds, whatever is in them.
  pub fn len(&self) -> u64 {
    (self.layout.len() / SLOTS) as u64
  }

  pub fn is_empty(&self) -> bool {
    self.len() == 0
  }

  /// Its size in bytes, for the queue's bound.
  pub fn size(&self) -> usize {
    self.text.len() + (self.layout.len() + self.field_layout.len()) * std::mem::size_of::<f64>()
  }

  /// Reads the records in order, handing each to `each`. A layout that does
  /// not fit the text (a bug in JS) gives records with what there is, never
  /// a panic.
  pub fn for_each_record(&self, mut each: impl FnMut(&Record)) {
    let mut parts = Parts::new(&self.text);
    let mut raw_fields = self.field_layout.chunks_exact(FIELD_SLOTS);
    let mut repaired = [String::new(), String::new()];
    let mut raw_json = Vec::new();
    for row in self.layout.chunks_exact(SLOTS) {
      each(&read_record(row, &mut parts, &mut raw_fields, &mut repaired, &mut raw_json));
    }
  }
}

fn read_record<'t: 'r, 'r>(
  row: &[f64],
  parts: &mut Parts<'t>,
  raw_fields: &mut std::slice::ChunksExact<'_, f64>,
  repaired: &'r mut [String; 2],
  raw_json: &'r mut Vec<u8>,
) -> Record<'r> {
  let message = parts.take(row[3]);
  let [fields_text, sink_fields_text] = repaired;
  let fields_json = if row[4] <= -2.0 {
    Some(raw_fields_json(row[4], parts, raw_fields, raw_json))
  } else {
    present(row[4]).map(|units| json_text(parts.take(units), fields_text))
  };
  let filename = parts.take(row[5]);
  let function = parts.take(row[7]);
  let sink_fields_json = present(row[8]).map(|units| parts.take(units));
  let fields = match fields_json {
    None => Fields::default(),
    Some(text) => match serde_json::from_str::<&RawValue>(text) {
      Ok(raw) => Fields::from_raw(Some(raw)),
      // JS writes this JSON, so this is a bug; keep what arrived rather than lose it.
      Err(error) => Fields::from_map(extra_only("unreadable", json!({ "fields": text, "error": error.to_string() }))),
    },
  };
  let sink_fields = sink_fields_json
    .and_then(|json| serde_json::from_str::<Vec<(u32, &RawValue)>>(json_text(json, sink_fields_text)).ok())
    .unwrap_or_default();
  Record {
    level: row[0] as u32,
    time_ms: time_or_now(row[1]),
    message,
    location: Location { filename, lineno: row[6] as u32, function },
    fields,
    sink_fields: sink_fields.into_iter().map(|(sink, fields)| (sink, Fields::from_raw(Some(fields)))).collect(),
    origin: if row[2] == 1.0 { Origin::Callback } else { Origin::App },
  }
}

/// The JSON object of a record's raw fields (`-2 - n` in its `fields` slot),
/// written into `out`. A layout that runs out gives the fields it has; a
/// value that is not JSON makes the object unreadable, which keeps its text.
fn raw_fields_json<'o>(slot: f64, parts: &mut Parts<'_>, raw_fields: &mut std::slice::ChunksExact<'_, f64>, out: &'o mut Vec<u8>) -> &'o str {
  let count = -2.0 - slot;
  out.clear();
  out.push(b'{');
  let mut written = 0.0;
  while written < count {
    let Some(&[key_units, value_units, kind]) = raw_fields.next() else { break };
    if written > 0.0 {
      out.push(b',');
    }
    let key = parts.take(key_units);
    let value = parts.take(value_units);
    if kind == RAW_MEMBERS {
      // JSON.stringify's text, which may escape lone surrogates (json_text).
      let members = repair_lone_surrogates(&value);
      out.extend_from_slice(members.as_deref().unwrap_or(&value).as_bytes());
    } else {
      push_json(out, key.as_ref());
      out.push(b':');
      if kind == RAW_STRING {
        push_json(out, value.as_ref());
      } else {
        out.extend_from_slice(value.as_bytes());
      }
    }
    written += 1.0;
  }
  out.push(b'}');
  // Keys and string values are escaped by serde_json; a JSON value is a
  // slice of the text. Either is valid UTF-8.
  std::str::from_utf8(out).unwrap_or("{}")
}

/// A string as JSON (serde_json's escaping: it cannot fail for a `str`).
fn push_json(out: &mut Vec<u8>, text: &str) {
  let _ = serde_json::to_writer(&mut *out, text);
}

/// A length, or `None` for -1 (absent).
fn present(units: f64) -> Option<f64> {
  (units >= 0.0).then_some(units)
}

/// JSON text as serde_json can read it: `JSON.stringify` writes a lone
/// surrogate as an escape (`\ud83d`) that serde_json refuses, so such
/// escapes become `\ufffd` (src/surrogates.rs), in `storage` when anything
/// changed.
fn json_text<'a>(json: Cow<'a, str>, storage: &'a mut String) -> &'a str {
  *storage = match json {
    Cow::Borrowed(text) => match repair_lone_surrogates(text) {
      None => return text,
      Some(repaired) => repaired,
    },
    Cow::Owned(text) => repair_lone_surrogates(&text).unwrap_or(text),
  };
  storage
}

/// The text cut into consecutive parts by UTF-16 lengths.
struct Parts<'t> {
  text: &'t str,
  /// Where the next part starts, in bytes.
  at: usize,
  ascii: bool,
  /// The previous part ended inside a character: a surrogate pair whose
  /// halves JS had in two strings (two lone surrogates, each U+FFFD).
  split: bool,
}

impl<'t> Parts<'t> {
  fn new(text: &'t str) -> Self {
    Parts { text, at: 0, ascii: text.is_ascii(), split: false }
  }

  /// The next `units` UTF-16 code units (fewer at the end of the text).
  fn take(&mut self, units: f64) -> Cow<'t, str> {
    let mut units = if units > 0.0 { units as usize } else { 0 };
    if self.ascii {
      let end = self.text.len().min(self.at.saturating_add(units));
      let part = &self.text[self.at..end];
      self.at = end;
      return Cow::Borrowed(part);
    }
    let mut prefix = None;
    if self.split && units > 0 {
      self.split = false;
      // The second half of the character the previous part ended inside.
      prefix = Some('\u{fffd}');
      units -= 1;
    }
    let start = self.at;
    let mut end = start;
    let mut suffix = None;
    for character in self.text[start..].chars() {
      if units == 0 {
        break;
      }
      let width = character.len_utf16();
      end += character.len_utf8();
      if width > units {
        // Half of a pair: this part ends with its first half.
        suffix = Some('\u{fffd}');
        self.split = true;
        break;
      }
      units -= width;
    }
    self.at = end;
    let body = &self.text[start..if suffix.is_some() { end - '\u{10000}'.len_utf8() } else { end }];
    match (prefix, suffix) {
      (None, None) => Cow::Borrowed(body),
      _ => Cow::Owned(prefix.into_iter().chain(body.chars()).chain(suffix).collect()),
    }
  }
}

/// The time JS took, when it is one (a mocked `Date.now` may give NaN, a
/// fraction or a far-away number): truncated like a JS Date, or now.
fn time_or_now(time_ms: f64) -> i64 {
  if time_ms.is_finite() && time_ms.abs() <= MAX_TIME_MS {
    time_ms.trunc() as i64
  } else {
    now_ms()
  }
}

fn now_ms() -> i64 {
  chrono::Utc::now().timestamp_millis()
}

#[cfg(test)]
pub mod test_support {
  use super::*;

  /// One log call as JS would send it.
  #[derive(Debug, Clone, Default)]
  pub struct Call<'a> {
    pub level: u32,
    pub time_ms: Option<f64>,
    pub origin: u8,
    pub message: &'a str,
    pub fields: Option<&'a str>,
    pub filename: &'a str,
    pub lineno: u32,
    pub function: &'a str,
    pub sink_fields: Option<&'a str>,
    /// Flat fields sent raw instead of `fields`: key, value, kind (0: a string, 1: JSON).
    pub raw_fields: Option<&'a [(&'a str, &'a str, u8)]>,
  }

  fn units(text: &str) -> f64 {
    text.encode_utf16().count() as f64
  }

  impl Batch {
    /// The batch `lib/batch.js` sends for these calls.
    pub fn of(calls: &[Call]) -> Batch {
      let mut batch = Batch::default();
      for call in calls {
        let optional = |part: Option<&str>| part.map_or(-1.0, units);
        let fields_slot = match call.raw_fields {
          Some(raw) => -2.0 - raw.len() as f64,
          None => optional(call.fields),
        };
        batch.layout.extend([
          f64::from(call.level),
          call.time_ms.unwrap_or(f64::NAN),
          f64::from(call.origin),
          units(call.message),
          fields_slot,
          units(call.filename),
          f64::from(call.lineno),
          units(call.function),
          optional(call.sink_fields),
        ]);
        batch.text.push_str(call.message);
        match call.raw_fields {
          Some(raw) => {
            for (key, value, kind) in raw {
              batch.text.push_str(key);
              batch.text.push_str(value);
              batch.field_layout.extend([units(key), units(value), f64::from(*kind)]);
            }
          }
          None => batch.text.push_str(call.fields.unwrap_or("")),
        }
        for part in [Some(call.filename), Some(call.function), call.sink_fields] {
          batch.text.push_str(part.unwrap_or(""));
        }
      }
      batch
    }

    /// Every record's level, time, origin, message and fields (`key=json`, joined by commas).
    pub fn read_all(&self) -> Vec<(u32, i64, Origin, String, String)> {
      let mut records = Vec::new();
      self.for_each_record(|record| {
        let fields: Vec<String> = record.fields.iter().map(|(k, v)| format!("{k}={}", v.get())).collect();
        records.push((record.level, record.time_ms, record.origin, record.message.to_string(), fields.join(",")));
      });
      records
    }
  }

  /// A call at `level` with `message` and nothing else.
  pub fn call(level: u32, message: &str) -> Call<'_> {
    Call { level, time_ms: Some(0.0), message, ..Call::default() }
  }
}

#[cfg(test)]
mod tests {
  use super::test_support::{call, Call};
  use super::*;
  use proptest::prelude::*;

  #[test]
  fn reads_each_record_in_order_borrowing_its_strings() {
    let batch = Batch::of(&[
      Call { time_ms: Some(1_736_937_045_123.0), ..call(20, "hello") },
      Call {
        time_ms: Some(1_736_937_045_124.0),
        origin: 1,
        fields: Some(r#"{"a":1,"a":2}"#),
        filename: "/app.js",
        lineno: 42,
        function: "charge",
        ..call(40, "line\nbreak \"quoted\" 😀")
      },
    ]);
    assert_eq!(batch.len(), 2);
    let mut locations = Vec::new();
    batch.for_each_record(|record| {
      assert!(matches!(record.message, Cow::Borrowed(_)));
      locations.push(owned(&record.location));
    });
    assert_eq!(locations[1], ("/app.js".to_owned(), 42, "charge".to_owned()));
    let records = batch.read_all();
    assert_eq!(records[0], (20, 1_736_937_045_123, Origin::App, "hello".into(), String::new()));
    assert_eq!(records[1], (40, 1_736_937_045_124, Origin::Callback, "line\nbreak \"quoted\" 😀".into(), "a=2".into()));
  }

  fn owned(location: &Location) -> (String, u32, String) {
    (location.filename.to_string(), location.lineno, location.function.to_string())
  }

  #[test]
  fn sink_fields_carry_what_js_redacted_for_some_sinks() {
    let batch = Batch::of(&[Call { fields: Some(r#"{"card":"4242"}"#), sink_fields: Some(r#"[[3,{"card":"**42"}]]"#), ..call(20, "m") }]);
    let fields = |fields: &Fields| fields.iter().map(|(key, value)| format!("{key}={}", value.get())).collect::<Vec<_>>();
    batch.for_each_record(|record| {
      assert_eq!(fields(&record.fields), ["card=\"4242\""]);
      assert_eq!(record.fields_for_sink(3).map(fields), Some(vec!["card=\"**42\"".to_owned()]));
      assert!(record.fields_for_sink(4).is_none());
    });
  }

  #[test]
  fn unreadable_fields_keep_the_record_and_their_text() {
    let records = Batch::of(&[Call { fields: Some("{oops"), ..call(20, "kept") }]).read_all();
    assert_eq!(records[0].3, "kept");
    assert!(records[0].4.starts_with(r#"extra={"unreadable":{"fields":"{oops","error":"#), "{}", records[0].4);
  }

  #[test]
  fn lone_surrogate_escapes_in_fields_become_replacement_characters() {
    let records = Batch::of(&[Call { fields: Some(r#"{"k\ud800":"v\udbff"}"#), ..call(20, "m") }]).read_all();
    assert_eq!(records[0].4, "k\u{fffd}=\"v\\ufffd\"");
  }

  #[test]
  fn a_surrogate_pair_split_between_two_parts_is_a_replacement_character_on_each_side() {
    // JS had '\ud83d' at the end of the message and '\ude00' at the start
    // of the file name: napi hands over the pair as one character.
    let mut batch = Batch::of(&[Call { filename: "X.js", ..call(20, "hi X") }]);
    batch.text = "hi 😀.js".to_owned();
    batch.for_each_record(|record| {
      assert_eq!(record.message, "hi \u{fffd}");
      assert_eq!(record.location.filename, "\u{fffd}.js");
    });
  }

  #[test]
  fn a_time_that_is_not_a_date_becomes_now() {
    let before = now_ms();
    for time in [f64::NAN, 1e300, -9e15, f64::INFINITY] {
      let records = Batch::of(&[Call { time_ms: Some(time), ..call(20, "m") }]).read_all();
      assert!(records[0].1 >= before, "{time} gave {}", records[0].1);
    }
    assert_eq!(Batch::of(&[Call { time_ms: Some(1.9), ..call(20, "m") }]).read_all()[0].1, 1);
    assert_eq!(Batch::of(&[Call { time_ms: Some(-8.64e15), ..call(20, "m") }]).read_all()[0].1, -8_640_000_000_000_000);
  }

  #[test]
  fn raw_fields_are_escaped_and_joined_into_one_object() {
    let raw: &[(&str, &str, u8)] = &[("user", "al \"x\"\n", 0), ("n", "1.5", 1), ("ok", "true", 1), ("message", "moved", 0), ("k😀", "", 0)];
    let records = Batch::of(&[Call { raw_fields: Some(raw), filename: "/a.js", ..call(20, "m") }, Call { fields: Some(r#"{"a":1}"#), ..call(20, "next") }]).read_all();
    assert_eq!(records[0].4, r#"user="al \"x\"\n",n=1.5,ok=true,k😀="",extra={"message":"moved"}"#);
    assert_eq!((records[1].3.as_str(), records[1].4.as_str()), ("next", "a=1"), "the parts after raw fields stay in step");
  }

  #[test]
  fn raw_members_come_first_and_later_keys_win() {
    let raw: &[(&str, &str, u8)] = &[("", r#""req":"r-1","user":{"id":7}"#, 2), ("user", "al", 0)];
    let records = Batch::of(&[Call { raw_fields: Some(raw), ..call(20, "m") }]).read_all();
    assert_eq!(records[0].4, r#"req="r-1",user="al""#);
    let raw: &[(&str, &str, u8)] = &[("", r#""k\ud800":"v\udbff""#, 2)];
    let records = Batch::of(&[Call { raw_fields: Some(raw), ..call(20, "m") }]).read_all();
    assert_eq!(records[0].4, "k\u{fffd}=\"v\\ufffd\"", "lone surrogate escapes in members, as in JSON fields");
  }

  #[test]
  fn a_raw_value_that_is_not_json_keeps_the_record_and_its_text() {
    let raw: &[(&str, &str, u8)] = &[("n", "{oops", 1)];
    let records = Batch::of(&[Call { raw_fields: Some(raw), ..call(20, "kept") }]).read_all();
    assert_eq!(records[0].3, "kept");
    assert!(records[0].4.starts_with(r#"extra={"unreadable":{"fields":"{\"n\":{oops}""#), "{}", records[0].4);
  }

  proptest! {
    #[test]
    fn any_raw_string_fields_come_back_whole(fields in proptest::collection::vec(("\\PC*", "\\PC*"), 0..6)) {
      let raw: Vec<(&str, &str, u8)> = fields.iter().map(|(key, value)| (key.as_str(), value.as_str(), 0)).collect();
      let batch = Batch::of(&[Call { raw_fields: Some(&raw), ..call(20, "m") }, call(30, "next")]);
      let mut seen = Vec::new();
      batch.for_each_record(|record| seen.push(record.fields.iter().map(|(key, value)| (key.to_owned(), serde_json::from_str::<String>(value.get()).unwrap())).collect::<Vec<_>>()));
      // Later duplicates win, in the first one's place; record keys move under `extra`.
      let mut expected: Vec<(String, String)> = Vec::new();
      for (key, value) in &fields {
        match expected.iter_mut().find(|(seen, _)| seen == key) {
          Some(entry) => entry.1 = value.clone(),
          None => expected.push((key.clone(), value.clone())),
        }
      }
      if expected.iter().all(|(key, _)| !crate::fields::RECORD_KEYS.contains(&key.as_str()) && key != "extra") {
        prop_assert_eq!(&seen[0], &expected);
      }
      prop_assert!(seen[1].is_empty());
    }

    #[test]
    fn any_strings_come_back_whole(message in "\\PC*", filename in "\\PC*", function in "\\PC*", lineno: u32) {
      let batch = Batch::of(&[Call { filename: &filename, lineno, function: &function, ..call(20, &message) }, call(30, "next")]);
      let mut seen = Vec::new();
      batch.for_each_record(|record| seen.push((record.message.to_string(), owned(&record.location))));
      prop_assert_eq!(&seen[0], &(message.clone(), (filename.clone(), lineno, function.clone())));
      prop_assert_eq!(&seen[1].0, "next");
    }

    #[test]
    fn any_layout_gives_one_record_a_row_and_no_panic(
      text in "\\PC*",
      layout in proptest::collection::vec(proptest::num::f64::ANY, 0..40),
      field_layout in proptest::collection::vec(proptest::num::f64::ANY, 0..20),
    ) {
      let batch = Batch::new(text, layout, field_layout);
      let mut count = 0;
      batch.for_each_record(|_| count += 1);
      prop_assert_eq!(count, batch.len());
    }
  }
}
