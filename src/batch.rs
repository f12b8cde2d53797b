//! The text JS sends: the log calls of one event-loop turn, one JSON array
//! per line, `[level, time_ms, callback_seq, message, fields, filename,
//! lineno, function]`.
//!
//! Crossing into Rust once per batch instead of once per call is what makes
//! the log call cheap: a napi call with a handful of arguments costs more
//! than everything else the caller does. Parsing happens here, on the writer
//! thread.

use serde_json::{json, Value};

use crate::level::ERROR;
use crate::record::{Entry, Location};

type Line = (u32, i64, i64, String, Value, String, u32, String);

/// The entries of a batch, in order. Empty lines are skipped.
pub fn parse_batch(text: &str) -> impl Iterator<Item = Entry> + '_ {
  text.lines().filter(|line| !line.is_empty()).map(parse_line)
}

fn parse_line(line: &str) -> Entry {
  match serde_json::from_str::<Line>(line) {
    Ok((level, time_ms, callback_seq, message, fields, filename, lineno, function)) => Entry {
      level,
      time_ms,
      message,
      fields: Some(fields),
      location: Location { filename, lineno, function },
      callback_seq: u64::try_from(callback_seq).ok(),
    },
    // JS writes these lines, so this is a bug; keep what arrived rather than lose it.
    Err(error) => Entry {
      level: ERROR,
      time_ms: chrono::Utc::now().timestamp_millis(),
      message: "logly: could not read a record".into(),
      fields: Some(json!({ "line": line, "error": error.to_string() })),
      location: Location::default(),
      callback_seq: None,
    },
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn reads_each_line_in_order() {
    let text = concat!(
      r#"[20,1736937045123,-1,"hello",null,"",0,""]"#, "\n",
      r#"[40,1736937045124,7,"line\nbreak",{"a":1,"a":2},"/app.js",42,"charge"]"#, "\n",
    );
    let entries: Vec<Entry> = parse_batch(text).collect();
    assert_eq!(entries.len(), 2);
    assert_eq!((entries[0].level, entries[0].time_ms, entries[0].callback_seq), (20, 1_736_937_045_123, None));
    assert_eq!(entries[1].message, "line\nbreak");
    assert_eq!(entries[1].fields, Some(json!({"a": 2})));
    assert_eq!(entries[1].callback_seq, Some(7));
    assert_eq!(entries[1].location, Location { filename: "/app.js".into(), lineno: 42, function: "charge".into() });
  }

  #[test]
  fn an_unreadable_line_becomes_an_error_record_that_keeps_the_text() {
    let entries: Vec<Entry> = parse_batch("[20,oops]\n").collect();
    assert_eq!(entries[0].level, 40);
    assert_eq!(entries[0].fields.as_ref().unwrap()["line"], "[20,oops]");
  }
}
