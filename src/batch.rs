//! The text JS sends: the log calls of one event-loop turn, one JSON array
//! per line, `[level, time_ms, origin, message, fields, filename, lineno,
//! function, sink_fields?]`, each line ended by `\n`. `sink_fields`, when
//! there, is `[[sink id, fields], ...]`: what a sink's redaction with a
//! censor function made of the fields (see `Record::sink_fields`). `origin` is 1 for a record logged
//! from inside a callback (it goes to sinks, never back to callbacks); any
//! other value is the application's.
//!
//! Crossing into Rust once per batch instead of once per call is what makes
//! the log call cheap: a napi call with a handful of arguments costs more
//! than everything else the caller does. Parsing happens here, on the writer
//! thread, and borrows from the batch text wherever nothing is escaped.
//!
//! Every line is one record, readable or not: JSON text never holds a raw
//! newline, so JS and Rust count records the same way (the progress
//! watermark in `writer` depends on it), and a line that cannot be read
//! still becomes a record.

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::json;
use serde_json::value::RawValue;

use crate::fields::{extra_only, Fields};
use crate::level::ERROR;
use crate::record::{Location, Origin, Record};
use crate::surrogates::repair_lone_surrogates;

/// JavaScript's Date range: times outside it are not times.
const MAX_TIME_MS: f64 = 8.64e15;

#[derive(Deserialize)]
struct Line<'a>(
  u32,
  Option<f64>,
  u8,
  #[serde(borrow)] Cow<'a, str>,
  #[serde(borrow)] Option<&'a RawValue>,
  #[serde(borrow)] Cow<'a, str>,
  u32,
  #[serde(borrow)] Cow<'a, str>,
  #[serde(borrow, default)] Vec<(u32, &'a RawValue)>,
);

/// The lines of a batch: everything between newlines, the empty rest after
/// the last newline excluded.
pub fn lines(text: &str) -> impl Iterator<Item = &str> {
  text.strip_suffix('\n').unwrap_or(text).split('\n').filter(|_| !text.is_empty())
}

/// How many records a batch holds, whatever is in them.
pub fn count_lines(text: &str) -> u64 {
  lines(text).count() as u64
}

/// Reads one line. `repaired` holds the line when its lone surrogates had
/// to be replaced, so the record can borrow from it.
pub fn parse_line<'a>(line: &'a str, repaired: &'a mut String) -> Record<'a> {
  let line = match repair_lone_surrogates(line) {
    Some(text) => {
      *repaired = text;
      repaired.as_str()
    }
    None => line,
  };
  match serde_json::from_str::<Line>(line) {
    Ok(Line(level, time_ms, origin, message, fields, filename, lineno, function, sink_fields)) => Record {
      level,
      time_ms: time_or_now(time_ms),
      message,
      location: Location { filename, lineno, function },
      fields: Fields::from_raw(fields),
      sink_fields: sink_fields.into_iter().map(|(sink, fields)| (sink, Fields::from_raw(Some(fields)))).collect(),
      origin: if origin == 1 { Origin::Callback } else { Origin::App },
    },
    // JS writes these lines, so this is a bug; keep what arrived rather than
    // lose it. Its origin is unknown, so callbacks don't get it: a callback
    // that logged it could otherwise loop.
    Err(error) => Record {
      level: ERROR,
      time_ms: now_ms(),
      message: Cow::Borrowed("logly: could not read a record"),
      location: Location::default(),
      fields: Fields::from_map(extra_only("unreadable", json!({ "line": line, "error": error.to_string() }))),
      sink_fields: Vec::new(),
      origin: Origin::Callback,
    },
  }
}

/// The time JS took, when it is one (a mocked `Date.now` may give NaN, a
/// fraction or a far-away number): truncated like a JS Date, or now.
fn time_or_now(time_ms: Option<f64>) -> i64 {
  match time_ms {
    Some(ms) if ms.is_finite() && ms.abs() <= MAX_TIME_MS => ms.trunc() as i64,
    _ => now_ms(),
  }
}

fn now_ms() -> i64 {
  chrono::Utc::now().timestamp_millis()
}

#[cfg(test)]
mod tests {
  use super::*;
  use proptest::prelude::*;

  fn parse_all(text: &str) -> Vec<(u32, i64, Origin, String, String)> {
    lines(text)
      .map(|line| {
        let mut repaired = String::new();
        let record = parse_line(line, &mut repaired);
        let fields: Vec<String> = record.fields.iter().map(|(k, v)| format!("{k}={}", v.get())).collect();
        (record.level, record.time_ms, record.origin, record.message.into_owned(), fields.join(","))
      })
      .collect()
  }

  #[test]
  fn reads_each_line_in_order_borrowing_what_has_no_escapes() {
    let text = concat!(
      r#"[20,1736937045123,0,"hello",null,"",0,""]"#, "\n",
      r#"[40,1736937045124,1,"line\nbreak",{"a":1,"a":2},"/app.js",42,"charge"]"#, "\n",
    );
    let mut repaired = String::new();
    let first = parse_line(lines(text).next().unwrap(), &mut repaired);
    assert!(matches!(first.message, Cow::Borrowed("hello")));
    assert_eq!(first.location, Location::default());
    let records = parse_all(text);
    assert_eq!(records[0], (20, 1_736_937_045_123, Origin::App, "hello".into(), String::new()));
    assert_eq!(records[1], (40, 1_736_937_045_124, Origin::Callback, "line\nbreak".into(), "a=2".into()));
    assert_eq!(count_lines(text), 2);
  }

  #[test]
  fn a_ninth_slot_carries_the_fields_js_redacted_for_some_sinks() {
    let mut repaired = String::new();
    let line = r#"[20,0,0,"m",{"card":"4242"},"",0,"",[[3,{"card":"**42"}]]]"#;
    let record = parse_line(line, &mut repaired);
    let fields = |fields: &Fields| fields.iter().map(|(key, value)| format!("{key}={}", value.get())).collect::<Vec<_>>();
    assert_eq!(fields(&record.fields), ["card=\"4242\""]);
    assert_eq!(record.fields_for_sink(3).map(fields), Some(vec!["card=\"**42\"".to_owned()]));
    assert!(record.fields_for_sink(4).is_none());
  }

  #[test]
  fn an_unreadable_line_becomes_an_error_record_that_keeps_the_text() {
    let mut repaired = String::new();
    let record = parse_line("[20,oops]", &mut repaired);
    assert_eq!((record.level, record.origin), (ERROR, Origin::Callback));
    let (key, value) = record.fields.iter().next().unwrap();
    assert_eq!(key, "extra");
    assert!(value.get().contains(r#""line":"[20,oops]""#));
  }

  #[test]
  fn lone_surrogates_in_message_keys_and_values_become_replacement_characters() {
    let records = parse_all("[20,0,0,\"\\ude00 hi\",{\"k\\ud800\":\"v\\udbff\"},\"\",0,\"\"]\n");
    assert_eq!(records[0].3, "\u{fffd} hi");
    assert_eq!(records[0].4, "k\u{fffd}=\"v\\ufffd\"");
  }

  #[test]
  fn a_time_that_is_not_a_date_becomes_now() {
    let before = now_ms();
    for time in ["null", "1e300", "-9e15"] {
      let record = &parse_all(&format!("[20,{time},0,\"m\",null,\"\",0,\"\"]\n"))[0];
      assert!(record.1 >= before, "{time} gave {}", record.1);
    }
    assert_eq!(parse_all("[20,1.9,0,\"m\",null,\"\",0,\"\"]\n")[0].1, 1);
    assert_eq!(parse_all("[20,-8.64e15,0,\"m\",null,\"\",0,\"\"]\n")[0].1, -8_640_000_000_000_000);
  }

  #[test]
  fn lines_are_counted_the_same_way_they_are_read() {
    assert_eq!(count_lines(""), 0);
    assert_eq!(count_lines("a\n"), 1);
    assert_eq!(count_lines("a\n\nb\n"), 3, "an empty line is an (unreadable) record");
  }

  proptest! {
    #[test]
    fn any_line_gives_a_record_and_no_panic(line in "\\PC*") {
      let mut repaired = String::new();
      let _ = parse_line(&line, &mut repaired);
    }
  }
}
