//! Lone surrogates in the JSON text JS sends (a record's fields).
//!
//! JavaScript strings are UTF-16 and may hold a surrogate without its pair
//! (`'😀 hi'.slice(1)`). `JSON.stringify` writes one as an escape such as
//! `\ud83d`, which is valid JSON text but not Unicode, so serde_json refuses
//! the whole text. Rather than lose the fields, each unpaired surrogate
//! escape becomes `\ufffd` (the replacement character), as
//! `String.prototype.toWellFormed` would do, and every string in the record
//! is well formed from then on. Paired escapes are kept. (Strings that
//! cross as they are, such as the message, get U+FFFD from napi itself.)
//!
//! This runs only on text that contains a `\ud` escape, so ordinary records
//! pay one substring search.

/// The line with every unpaired surrogate escape replaced, or `None` when
/// it has none.
pub fn repair_lone_surrogates(line: &str) -> Option<String> {
  if !might_hold_surrogates(line) {
    return None;
  }
  let bytes = line.as_bytes();
  let mut out: Option<String> = None;
  let mut copied = 0;
  let mut i = 0;
  while i < bytes.len() {
    if bytes[i] != b'\\' {
      i += 1;
      continue;
    }
    // An escape: `\u` plus four hex digits, or a backslash and one character.
    let Some(unit) = hex_escape(bytes, i) else {
      i += 2;
      continue;
    };
    let escape_end = i + 6;
    match unit {
      0xD800..=0xDBFF => match hex_escape(bytes, escape_end) {
        Some(0xDC00..=0xDFFF) => i = escape_end + 6,
        _ => {
          replace(line, &mut out, &mut copied, i, escape_end);
          i = escape_end;
        }
      },
      0xDC00..=0xDFFF => {
        replace(line, &mut out, &mut copied, i, escape_end);
        i = escape_end;
      }
      _ => i = escape_end,
    }
  }
  out.map(|mut repaired| {
    repaired.push_str(&line[copied..]);
    repaired
  })
}

fn might_hold_surrogates(line: &str) -> bool {
  line.contains("\\ud") || line.contains("\\uD")
}

/// The code unit of a `\uXXXX` escape starting at `at`.
fn hex_escape(bytes: &[u8], at: usize) -> Option<u32> {
  let escape = bytes.get(at..at + 6)?;
  if escape[0] != b'\\' || escape[1] != b'u' {
    return None;
  }
  let digits = std::str::from_utf8(&escape[2..]).ok()?;
  u32::from_str_radix(digits, 16).ok()
}

/// Copies what precedes `start` and writes the replacement character's escape.
fn replace(line: &str, out: &mut Option<String>, copied: &mut usize, start: usize, end: usize) {
  let out = out.get_or_insert_with(|| String::with_capacity(line.len()));
  out.push_str(&line[*copied..start]);
  out.push_str("\\ufffd");
  *copied = end;
}

#[cfg(test)]
mod tests {
  use super::*;
  use proptest::prelude::*;

  #[test]
  fn lines_without_surrogate_escapes_are_left_alone() {
    assert_eq!(repair_lone_surrogates(r#"[20,0,0,"caf\u00e9 \n",null]"#), None);
  }

  #[test]
  fn paired_surrogates_are_kept_and_lone_ones_replaced() {
    let line = r#"["\ud83d\ude00","\ud83d hi","lo \ude00","\uD83D"]"#;
    let repaired = repair_lone_surrogates(line).unwrap();
    assert_eq!(repaired, r#"["\ud83d\ude00","\ufffd hi","lo \ufffd","\ufffd"]"#);
    let values: Vec<String> = serde_json::from_str(&repaired).unwrap();
    assert_eq!(values, ["😀", "\u{fffd} hi", "lo \u{fffd}", "\u{fffd}"]);
  }

  #[test]
  fn an_escaped_backslash_before_ud_is_not_an_escape() {
    assert_eq!(repair_lone_surrogates(r#"["\\ud800 is text"]"#), None);
  }

  #[test]
  fn two_high_surrogates_in_a_row_are_both_replaced() {
    assert_eq!(repair_lone_surrogates(r#""\ud800\ud800\udc00""#).unwrap(), r#""\ufffd\ud800\udc00""#);
  }

  /// JSON text as `JSON.stringify` writes a JS string of arbitrary UTF-16
  /// code units: lone surrogates escaped in lower case.
  fn js_string_json(units: &[u16]) -> String {
    let mut out = String::from("\"");
    for chunk in char::decode_utf16(units.iter().copied()) {
      match chunk {
        Ok(c) => {
          let escaped = serde_json::to_string(&c).unwrap();
          out.push_str(&escaped[1..escaped.len() - 1]);
        }
        Err(lone) => out.push_str(&format!("\\u{:04x}", lone.unpaired_surrogate())),
      }
    }
    out.push('"');
    out
  }

  proptest! {
    #[test]
    fn any_js_string_becomes_readable_json_with_replacements(units in proptest::collection::vec(any::<u16>(), 0..64)) {
      let json = js_string_json(&units);
      let repaired = repair_lone_surrogates(&json).unwrap_or(json);
      let read: String = serde_json::from_str(&repaired).expect("repaired text parses");
      let expected: String = char::decode_utf16(units.iter().copied()).map(|c| c.unwrap_or('\u{fffd}')).collect();
      prop_assert_eq!(read, expected);
    }
  }
}
