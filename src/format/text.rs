//! The reference page's text layout, with milliseconds and the level name
//! padded so messages line up:
//! `2025-01-15 10:30:45.123 | ERROR    | Error 0 error_code=0`.
//!
//! Message, keys and values come from users, and a terminal or a line-based
//! log reader trusts what it sees: a raw newline forges a second record, ESC
//! or a C1 control drives the terminal (clear the screen, set the title).
//! So no user text reaches the line raw unless a reader can take it
//! literally; everything else is written quoted, as a JSON string literal:
//!
//! - A string that needs escaping is wrapped in `"`; inside, `\` and `"` are
//!   written `\\` and `\"`, `\n` `\r` `\t` as themselves, every other C0
//!   control, DEL, every C1 control and U+2028/U+2029 as `\u00XX`/`\u2028`.
//!   A quoted string therefore reads back with any JSON parser.
//! - A string written bare is exactly the original: backslashes in it are
//!   plain backslashes (`path=C:\new` is a path, not a newline), because the
//!   opening quote is what tells a reader that escapes follow.
//! - The message is bare unless it holds a control character (C0, DEL, C1)
//!   or U+2028/U+2029, or starts with `"`. A key or string value is bare
//!   unless it is empty or holds such a character, a space, `=` or `"`
//!   (logfmt: `user=alice`, `name="alice smith"`).
//! - Other values are their JSON (`tags=["a b"]`), read back with a JSON
//!   parser: only its insignificant whitespace and the DEL, C1 and
//!   U+2028/U+2029 characters JSON allows raw in strings are rewritten, to
//!   equal JSON (see `push_json_value`).

use serde_json::value::RawValue;

use super::Clock;
use crate::record::Record;

const RESET: &str = "\x1b[0m";

/// The longest level name, `CRITICAL`: every name is padded to it, so
/// messages start in one column as in loguru.
const LEVEL_WIDTH: usize = 8;

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
/// message as ` key=value`: strings bare when they can be (see the module
/// notes), everything else as JSON, so `error_code=0` and `user=alice` read
/// naturally.
pub fn write_text(record: &Record, clock: &mut Clock, color: bool, out: &mut Vec<u8>) {
  clock.write_local(record.time_ms, out);
  out.extend_from_slice(b" | ");
  if color {
    out.extend_from_slice(level_color(record.level).as_bytes());
  }
  let name = record.level_name();
  out.extend_from_slice(name.as_bytes());
  if color {
    out.extend_from_slice(RESET.as_bytes());
  }
  // The padding stays outside the colors: only the name is colored.
  out.resize(out.len() + LEVEL_WIDTH.saturating_sub(name.len()), b' ');
  out.extend_from_slice(b" | ");
  push_message(out, &record.message);
  for (key, value) in record.fields.iter() {
    out.push(b' ');
    push_token(out, key);
    out.push(b'=');
    push_value(out, value);
  }
  out.push(b'\n');
}

/// The message runs to the end of the line, so spaces and `=` are fine in
/// it; a leading `"` is not, since that is how a quoted message starts.
fn push_message(out: &mut Vec<u8>, message: &str) {
  if message.starts_with('"') || has_unsafe(message.as_bytes(), false) {
    push_quoted(out, message);
  } else {
    out.extend_from_slice(message.as_bytes());
  }
}

/// A key or a string value: one logfmt token, so it must not be empty nor
/// hold the characters that separate tokens.
fn push_token(out: &mut Vec<u8>, text: &str) {
  if text.is_empty() || has_unsafe(text.as_bytes(), true) {
    push_quoted(out, text);
  } else {
    out.extend_from_slice(text.as_bytes());
  }
}

/// A string value as a token; any other value as the JSON it is.
fn push_value(out: &mut Vec<u8>, value: &RawValue) {
  let json = value.get();
  if !json.starts_with('"') {
    return push_json_value(out, json);
  }
  // Without a backslash the JSON text between the quotes is the string
  // itself: no allocation on the common path.
  match json.strip_prefix('"').and_then(|inner| inner.strip_suffix('"')) {
    Some(inner) if !inner.contains('\\') => push_token(out, inner),
    _ => match serde_json::from_str::<String>(json) {
      Ok(text) => push_token(out, &text),
      Err(_) => push_json_value(out, json),
    },
  }
}

/// Whether `bytes` holds a character that must not reach the line raw: a C0
/// control, DEL, a C1 control (UTF-8 `C2 80`..`C2 9F`) or U+2028/U+2029
/// (`E2 80 A8`/`A9`), which some readers take as line breaks. With
/// `logfmt`, also a space, `=` or `"`, which would blur where a token ends.
/// One pass over the bytes, stopping at the first hit.
fn has_unsafe(bytes: &[u8], logfmt: bool) -> bool {
  bytes.iter().enumerate().any(|(at, &byte)| match byte {
    0x00..=0x1f | 0x7f => true,
    b' ' | b'=' | b'"' => logfmt,
    0xc2 => matches!(bytes.get(at + 1), Some(0x80..=0x9f)),
    0xe2 => bytes.get(at + 1) == Some(&0x80) && matches!(bytes.get(at + 2), Some(0xa8 | 0xa9)),
    _ => false,
  })
}

/// `text` as a JSON string literal that keeps the line one line and inert.
fn push_quoted(out: &mut Vec<u8>, text: &str) {
  out.push(b'"');
  push_escaped(out, text, escape_in_quotes);
  out.push(b'"');
}

/// JSON that is not a string. Valid JSON holds raw control characters only
/// as whitespace between tokens, which becomes a space; and DEL, C1 and
/// U+2028/U+2029 only inside strings, where a `\u` escape reads back as the
/// same character. So the value stays valid, equal JSON.
fn push_json_value(out: &mut Vec<u8>, json: &str) {
  if has_unsafe(json.as_bytes(), false) {
    push_escaped(out, json, escape_in_json);
  } else {
    out.extend_from_slice(json.as_bytes());
  }
}

/// How one character is written instead of itself.
enum Escape {
  /// `\` and the given byte: `\n`, `\"`, `\\`.
  Backslash(u8),
  Space,
  /// `\u` and four hex digits.
  Unicode(char),
}

/// Copies `text`, writing each character `escape` names in its place; runs
/// of characters it leaves alone are copied whole.
fn push_escaped(out: &mut Vec<u8>, text: &str, escape: fn(char) -> Option<Escape>) {
  let mut copied = 0;
  for (at, c) in text.char_indices() {
    let Some(escaped) = escape(c) else { continue };
    out.extend_from_slice(&text.as_bytes()[copied..at]);
    push_escape(out, escaped);
    copied = at + c.len_utf8();
  }
  out.extend_from_slice(&text.as_bytes()[copied..]);
}

fn push_escape(out: &mut Vec<u8>, escape: Escape) {
  const HEX: &[u8; 16] = b"0123456789abcdef";
  match escape {
    Escape::Backslash(byte) => out.extend_from_slice(&[b'\\', byte]),
    Escape::Space => out.push(b' '),
    Escape::Unicode(c) => {
      let code = c as u32;
      out.extend_from_slice(b"\\u");
      out.extend([12, 8, 4, 0].map(|shift| HEX[((code >> shift) & 0xf) as usize]));
    }
  }
}

/// Inside quotes: JSON's short escapes, `\u` for the other unsafe characters.
fn escape_in_quotes(c: char) -> Option<Escape> {
  match c {
    '"' | '\\' => Some(Escape::Backslash(c as u8)),
    '\n' => Some(Escape::Backslash(b'n')),
    '\r' => Some(Escape::Backslash(b'r')),
    '\t' => Some(Escape::Backslash(b't')),
    _ => escape_unsafe(c),
  }
}

/// Inside a JSON value: whitespace controls can only be between tokens, the
/// other unsafe characters only inside strings.
fn escape_in_json(c: char) -> Option<Escape> {
  match c {
    '\n' | '\r' | '\t' => Some(Escape::Space),
    _ => escape_unsafe(c),
  }
}

/// C0 controls, DEL, C1 controls and U+2028/U+2029: the characters
/// `has_unsafe` looks for.
fn escape_unsafe(c: char) -> Option<Escape> {
  matches!(c, '\0'..='\x1f' | '\x7f'..='\u{9f}' | '\u{2028}' | '\u{2029}').then_some(Escape::Unicode(c))
}

#[cfg(test)]
mod tests {
  use super::*;
  use crate::record::test_support::record;
  use crate::fields::test_support::any_text;
  use crate::format::test_support::any_record;
  use crate::record::Location;
  use proptest::prelude::*;

  fn line(level: u32, message: &str, fields: Option<&str>, color: bool) -> String {
    let mut out = Vec::new();
    write_text(&record(level, message, fields, Location::default()), &mut Clock::default(), color, &mut out);
    String::from_utf8(out).unwrap()
  }

  /// Drops the local date and time, which depend on the machine's zone.
  fn after_time(line: &str) -> &str {
    &line[23..]
  }

  #[test]
  fn matches_the_reference_page_layout() {
    let text = line(40, "Error 0", Some(r#"{"error_code":0}"#), false);
    assert_eq!(after_time(&text), " | ERROR    | Error 0 error_code=0\n");
    assert_eq!(after_time(&line(20, "Application started", None, false)), " | INFO     | Application started\n");
  }

  #[test]
  fn strings_are_bare_and_other_values_are_json() {
    let text = line(20, "m", Some(r#"{"user":"alice","path":"C:\\new","tags":["a"],"n":null,"o":{"k":1}}"#), false);
    assert_eq!(after_time(&text), r#" | INFO     | m user=alice path=C:\new tags=["a"] n=null o={"k":1}"#.to_owned() + "\n");
  }

  #[test]
  fn color_wraps_only_the_level_name() {
    let text = line(50, "down", None, true);
    assert_eq!(after_time(&text), " | \x1b[1;31mCRITICAL\x1b[0m | down\n");
    let text = line(20, "up", None, true);
    assert_eq!(after_time(&text), " | \x1b[37mINFO\x1b[0m     | up\n");
  }

  #[test]
  fn every_level_name_fits_the_padding() {
    for (_, name) in crate::level::LEVELS {
      assert!(name.len() <= LEVEL_WIDTH, "{name}");
    }
    assert!(crate::level::LEVELS.iter().any(|(_, name)| name.len() == LEVEL_WIDTH));
  }

  #[test]
  fn a_newline_in_the_message_cannot_forge_a_second_line() {
    let text = line(20, "ok\n2025-01-15 10:30:45 | CRITICAL | forged", None, false);
    assert_eq!(text.lines().count(), 1);
    assert_eq!(after_time(&text), r#" | INFO     | "ok\n2025-01-15 10:30:45 | CRITICAL | forged""#.to_owned() + "\n");
  }

  #[test]
  fn terminal_sequences_in_message_key_and_value_never_appear_raw() {
    // Clear screen (CSI, 7- and 8-bit), window title (OSC, 7- and 8-bit), bell.
    let attack = "\x1b[2J\u{9b}2J\x1b]0;owned\x07\u{9d}0;owned\u{9c}";
    let key = serde_json::to_string(attack).unwrap();
    let fields = format!("{{{key}:{key},\"nested\":[{key}]}}");
    for color in [false, true] {
      let text = line(20, attack, Some(&fields), color);
      let own_colors_removed = text.replace(level_color(20), "").replace(RESET, "");
      assert!(!own_colors_removed.contains(|c: char| c.is_control() && c != '\n'), "{text:?}");
    }
    let text = line(20, attack, Some(&fields), false);
    let escaped = r#""\u001b[2J\u009b2J\u001b]0;owned\u0007\u009d0;owned\u009c""#;
    assert_eq!(after_time(&text), format!(" | INFO     | {escaped} {escaped}={escaped} nested=[{escaped}]\n"));
  }

  #[test]
  fn keys_and_string_values_that_need_it_are_quoted_logfmt_style() {
    let fields = r#"{"name":"alice smith","empty":"","eq":"a=b","say":"\"hi\"","a b":1,"":2,"k=v":3,"tab":"\t"}"#;
    assert_eq!(
      after_time(&line(20, "m", Some(fields), false)),
      r#" | INFO     | m name="alice smith" empty="" eq="a=b" say="\"hi\"" "a b"=1 ""=2 "k=v"=3 tab="\t""#.to_owned() + "\n"
    );
  }

  #[test]
  fn backslashes_are_escaped_only_inside_quotes() {
    let fields = r#"{"bare":"C:\\new","quoted":"C:\\new dir"}"#;
    assert_eq!(
      after_time(&line(20, r"C:\new", Some(fields), false)),
      r#" | INFO     | C:\new bare=C:\new quoted="C:\\new dir""#.to_owned() + "\n"
    );
    assert_eq!(after_time(&line(20, "C:\\new\n", None, false)), r#" | INFO     | "C:\\new\n""#.to_owned() + "\n");
  }

  #[test]
  fn a_message_that_starts_with_a_quote_is_quoted() {
    assert_eq!(after_time(&line(20, r#""hi" she said"#, None, false)), r#" | INFO     | "\"hi\" she said""#.to_owned() + "\n");
  }

  #[test]
  fn other_values_stay_equal_json_on_one_inert_line() {
    // JSON allows whitespace between tokens and DEL, C1 and U+2028 raw in strings.
    let fields = "{\"a\":[1,\n\t2,\r\n\"x\u{7f}\u{9b}\u{2028}\"]}";
    let text = line(20, "m", Some(fields), false);
    assert_eq!(after_time(&text), " | INFO     | m a=[1,  2,  \"x\\u007f\\u009b\\u2028\"]\n");
    let json: serde_json::Value = serde_json::from_str(&text[text.find("a=").unwrap() + 2..]).unwrap();
    assert_eq!(json, serde_json::json!([1, 2, "x\u{7f}\u{9b}\u{2028}"]));
  }

  // Reading lines back, to prove nothing is lost or forged.

  /// The parts of a line: time, level name, message, fields.
  fn parts(line: &str) -> (&str, &str, &str) {
    let line = line.strip_suffix('\n').expect("a line ends with a newline");
    let mut parts = line.splitn(3, " | ");
    let (time, level, rest) = (parts.next(), parts.next(), parts.next());
    (time.expect("time"), level.expect("level"), rest.expect("message"))
  }

  /// The message of a line without fields.
  fn message(rest: &str) -> String {
    if rest.starts_with('"') {
      let (message, after) = token(rest, ' ');
      assert_eq!(after, "", "a quoted message ends the line here");
      message
    } else {
      rest.to_owned()
    }
  }

  /// The ` key=value` pairs after a message; string values as their text,
  /// other values as their JSON text.
  fn fields(mut rest: &str) -> Vec<(String, String)> {
    let mut fields = Vec::new();
    while let Some(after_space) = rest.strip_prefix(' ') {
      let (key, after_key) = token(after_space, '=');
      let after_equals = after_key.strip_prefix('=').expect("key=value");
      let (value, after_value) = token(after_equals, ' ');
      fields.push((key, value));
      rest = after_value;
    }
    assert_eq!(rest, "", "nothing but fields after the message");
    fields
  }

  /// One token ending before `end` or the end of the text: bare, or quoted
  /// and unescaped. A JSON value is read as a bare token, so only values
  /// without spaces read back whole.
  fn token(text: &str, end: char) -> (String, &str) {
    match text.strip_prefix('"') {
      Some(quoted) => unquote(quoted),
      None => {
        let length = text.find(end).unwrap_or(text.len());
        (text[..length].to_owned(), &text[length..])
      }
    }
  }

  /// The inverse of `push_quoted`, from just after the opening quote.
  fn unquote(text: &str) -> (String, &str) {
    let mut out = String::new();
    let mut chars = text.chars();
    loop {
      match chars.next().expect("a closing quote") {
        '"' => return (out, chars.as_str()),
        '\\' => out.push(unescape(&mut chars)),
        c => out.push(c),
      }
    }
  }

  fn unescape(chars: &mut std::str::Chars) -> char {
    match chars.next().expect("an escape") {
      'n' => '\n',
      'r' => '\r',
      't' => '\t',
      'u' => {
        let hex: String = chars.take(4).collect();
        char::from_u32(u32::from_str_radix(&hex, 16).unwrap()).unwrap()
      }
      c @ ('"' | '\\') => c,
      c => panic!("unknown escape \\{c}"),
    }
  }

  /// A line with one newline, at the end, and no control character (C0,
  /// DEL, C1) nor U+2028/U+2029 but that newline and logly's own colors.
  fn assert_one_inert_line(text: &str, level: u32) {
    let without_colors = text.replacen(level_color(level), "", 1).replacen(RESET, "", 1);
    let body = without_colors.strip_suffix('\n').expect("a line ends with a newline");
    let unsafe_char = |c: char| c.is_control() || c == '\u{2028}' || c == '\u{2029}';
    assert!(!body.contains(unsafe_char), "{text:?}");
  }

  proptest! {
    #[test]
    fn any_message_stays_on_one_inert_line_and_reads_back(message in any_text(), color: bool) {
      let text = line(20, &message, None, color);
      assert_one_inert_line(&text, 20);
      let (_, _, rest) = parts(&text);
      prop_assert_eq!(self::message(rest), message);
    }

    #[test]
    fn any_key_and_string_value_stay_on_one_inert_line_and_read_back(key in any_text(), value in any_text(), color: bool) {
      let fields = serde_json::json!({ key.as_str(): value.as_str() }).to_string();
      let text = line(20, "m", Some(&fields), color);
      assert_one_inert_line(&text, 20);
      let (_, _, rest) = parts(&text);
      let after_message = rest.strip_prefix('m').expect("the message");
      prop_assert_eq!(self::fields(after_message), [(key, value)]);
    }

    #[test]
    fn any_record_is_one_inert_line_with_its_time_level_and_message(any in any_record(), color: bool) {
      let mut out = Vec::new();
      write_text(&any.record(), &mut Clock::default(), color, &mut out);
      let text = String::from_utf8(out).unwrap();
      assert_one_inert_line(&text, any.level);

      let (time, level, rest) = parts(&text);
      let mut local = Vec::new();
      Clock::default().write_local(any.time_ms, &mut local);
      prop_assert_eq!(time.as_bytes(), &local[..]);
      let name = crate::level::level_name(any.level);
      let colored = if color { format!("{}{name}{RESET}", level_color(any.level)) } else { name.to_owned() };
      let expected_level = format!("{colored:<width$}", width = colored.len() + LEVEL_WIDTH - name.len());
      prop_assert_eq!(level, expected_level);
      if any.expected_fields().is_empty() {
        prop_assert_eq!(message(rest), any.message);
      }
    }
  }
}
