//! The text JS sends: the log calls of one event-loop turn, one JSON array
//! per line, `[level, time_ms, callback_seq, message, fields, filename,
//! lineno, function]`.
//!
//! Crossing into Rust once per batch instead of once per call is what makes
//! the log call cheap: a napi call with a handful of arguments costs more
//! than everything else the caller does. Parsing happens here, on the writer
//! thread, and borrows from the batch text wherever nothing is escaped.

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::json;
use serde_json::value::RawValue;

use crate::fields::{extra_only, Fields};
use crate::level::ERROR;
use crate::record::{Location, Record};

#[derive(Deserialize)]
struct Line<'a>(
  u32,
  i64,
  i64,
  #[serde(borrow)] Cow<'a, str>,
  #[serde(borrow)] Option<&'a RawValue>,
  #[serde(borrow)] Cow<'a, str>,
  u32,
  #[serde(borrow)] Cow<'a, str>,
);

/// The records of a batch, in order. Empty lines are skipped.
pub fn parse_batch(text: &str) -> impl Iterator<Item = Record<'_>> {
  text.lines().filter(|line| !line.is_empty()).map(parse_line)
}

fn parse_line(line: &str) -> Record<'_> {
  match serde_json::from_str::<Line>(line) {
    Ok(Line(level, time_ms, callback_seq, message, fields, filename, lineno, function)) => Record {
      level,
      time_ms,
      message,
      location: Location { filename, lineno, function },
      fields: Fields::from_raw(fields),
      callback_seq: u64::try_from(callback_seq).ok(),
    },
    // JS writes these lines, so this is a bug; keep what arrived rather than lose it.
    Err(error) => Record {
      level: ERROR,
      time_ms: chrono::Utc::now().timestamp_millis(),
      message: Cow::Borrowed("logly: could not read a record"),
      location: Location::default(),
      fields: Fields::from_map(extra_only("unreadable", json!({ "line": line, "error": error.to_string() }))),
      callback_seq: None,
    },
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn reads_each_line_in_order_borrowing_what_has_no_escapes() {
    let text = concat!(
      r#"[20,1736937045123,-1,"hello",null,"",0,""]"#, "\n",
      r#"[40,1736937045124,7,"line\nbreak",{"a":1,"a":2},"/app.js",42,"charge"]"#, "\n",
    );
    let records: Vec<Record> = parse_batch(text).collect();
    assert_eq!(records.len(), 2);
    assert_eq!((records[0].level, records[0].time_ms, records[0].callback_seq), (20, 1_736_937_045_123, None));
    assert!(matches!(records[0].message, Cow::Borrowed("hello")));
    assert!(records[0].fields.is_empty());
    assert_eq!(records[1].message, "line\nbreak");
    assert_eq!(records[1].fields.iter().map(|(k, v)| (k, v.get())).collect::<Vec<_>>(), [("a", "2")]);
    assert_eq!(records[1].callback_seq, Some(7));
    assert_eq!(records[1].location, Location { filename: "/app.js".into(), lineno: 42, function: "charge".into() });
  }

  #[test]
  fn an_unreadable_line_becomes_an_error_record_that_keeps_the_text() {
    let records: Vec<Record> = parse_batch("[20,oops]\n").collect();
    assert_eq!(records[0].level, ERROR);
    let (key, value) = records[0].fields.iter().next().unwrap();
    assert_eq!(key, "extra");
    assert!(value.get().contains(r#""line":"[20,oops]""#));
  }
}
