//! The reference page's text layout:
//! `2025-01-15 10:30:45 | ERROR | Error 0 error_code=0`.

use serde_json::value::RawValue;

use super::Clock;
use crate::record::Record;

const RESET: &str = "\x1b[0m";

/// The ANSI color of a level name.
fn level_color(level: u32) -> &'static str {
  match level {
    0..=9 => "\x1b[36m",    // TRACE: cyan
    10..=19 => "\x1b[34m",  // DEBUG: blue
    20..=24 => "\x1b[37m",  // INFO: white
    25..=29 => "\x1b[32m",  // SUCCESS: green
    30..=39 => "\x1b[33m",  // WARNING: yellow
    40..=44 => "\x1b[31m",  // ERROR: red
    45..=49 => "\x1b[35m",  // FAIL: magenta
    _ => "\x1b[1;31m",      // CRITICAL: bold red
  }
}

/// Appends the record as one text line, newline included. Fields follow the
/// message as ` key=value`; strings are written as they are, everything else
/// as JSON, so `error_code=0` and `user=alice` read naturally.
pub fn write_text(record: &Record, clock: &mut Clock, color: bool, out: &mut Vec<u8>) {
  clock.write_local(record.time_ms, out);
  out.extend_from_slice(b" | ");
  if color {
    out.extend_from_slice(level_color(record.level).as_bytes());
  }
  out.extend_from_slice(record.level_name().as_bytes());
  if color {
    out.extend_from_slice(RESET.as_bytes());
  }
  out.extend_from_slice(b" | ");
  out.extend_from_slice(record.message.as_bytes());
  for (key, value) in record.fields.iter() {
    out.push(b' ');
    out.extend_from_slice(key.as_bytes());
    out.push(b'=');
    push_bare(out, value);
  }
  out.push(b'\n');
}

/// A string value without its quotes and escapes; any other value as the
/// JSON it is.
fn push_bare(out: &mut Vec<u8>, value: &RawValue) {
  let json = value.get();
  if json.starts_with('"') {
    if let Ok(text) = serde_json::from_str::<&str>(json) {
      out.extend_from_slice(text.as_bytes());
      return;
    }
    if let Ok(text) = serde_json::from_str::<String>(json) {
      out.extend_from_slice(text.as_bytes());
      return;
    }
  }
  out.extend_from_slice(json.as_bytes());
}

#[cfg(test)]
mod tests {
  use super::*;
  use crate::record::test_support::record;
  use crate::record::Location;

  fn line(level: u32, message: &str, fields: Option<&str>, color: bool) -> String {
    let mut out = Vec::new();
    write_text(&record(level, message, fields, Location::default()), &mut Clock::default(), color, &mut out);
    String::from_utf8(out).unwrap()
  }

  /// Drops the local date and time, which depend on the machine's zone.
  fn after_time(line: &str) -> &str {
    &line[19..]
  }

  #[test]
  fn matches_the_reference_page_layout() {
    let text = line(40, "Error 0", Some(r#"{"error_code":0}"#), false);
    assert_eq!(after_time(&text), " | ERROR | Error 0 error_code=0\n");
    assert_eq!(after_time(&line(20, "Application started", None, false)), " | INFO | Application started\n");
  }

  #[test]
  fn strings_are_bare_and_other_values_are_json() {
    let text = line(20, "m", Some(r#"{"user":"alice","quote":"say \"hi\"","tags":["a"],"n":null,"o":{"k":1}}"#), false);
    assert_eq!(after_time(&text), r#" | INFO | m user=alice quote=say "hi" tags=["a"] n=null o={"k":1}"#.to_owned() + "\n");
  }

  #[test]
  fn color_wraps_only_the_level_name() {
    let text = line(50, "down", None, true);
    assert_eq!(after_time(&text), " | \x1b[1;31mCRITICAL\x1b[0m | down\n");
  }
}
