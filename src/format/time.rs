//! Timestamps for records: ISO 8601 UTC with milliseconds for JSON and
//! callbacks, local `YYYY-MM-DD HH:MM:SS` for text.
//!
//! Both are formatted once per second and reused: a busy writer formats
//! thousands of records a second, and chrono's formatting (and the local
//! time-zone lookup) costs far more than copying 19 bytes.

use chrono::{DateTime, Local, Utc};

#[derive(Default)]
pub struct Clock {
  second: Option<i64>,
  utc: String,
  local: String,
}

impl Clock {
  fn refresh(&mut self, time_ms: i64) {
    let second = time_ms.div_euclid(1000);
    if self.second == Some(second) {
      return;
    }
    let utc = DateTime::<Utc>::from_timestamp(second, 0).unwrap_or_default();
    self.utc = utc.format("%Y-%m-%dT%H:%M:%S").to_string();
    self.local = utc.with_timezone(&Local).format("%Y-%m-%d %H:%M:%S").to_string();
    self.second = Some(second);
  }

  /// Appends `2025-01-15T10:30:45.123Z`.
  pub fn write_utc(&mut self, time_ms: i64, out: &mut Vec<u8>) {
    self.refresh(time_ms);
    out.extend_from_slice(self.utc.as_bytes());
    out.push(b'.');
    push_millis(time_ms, out);
    out.push(b'Z');
  }

  /// Appends `2025-01-15 10:30:45` in local time.
  pub fn write_local(&mut self, time_ms: i64, out: &mut Vec<u8>) {
    self.refresh(time_ms);
    out.extend_from_slice(self.local.as_bytes());
  }
}

fn push_millis(time_ms: i64, out: &mut Vec<u8>) {
  let millis = time_ms.rem_euclid(1000) as u16;
  out.extend_from_slice(&[
    b'0' + (millis / 100) as u8,
    b'0' + (millis / 10 % 10) as u8,
    b'0' + (millis % 10) as u8,
  ]);
}

#[cfg(test)]
mod tests {
  use super::*;

  fn utc(ms: i64) -> String {
    let mut out = Vec::new();
    Clock::default().write_utc(ms, &mut out);
    String::from_utf8(out).unwrap()
  }

  #[test]
  fn utc_has_milliseconds_and_z() {
    // 2025-01-15T10:30:45.123Z, the reference page's example.
    assert_eq!(utc(1_736_937_045_123), "2025-01-15T10:30:45.123Z");
    assert_eq!(utc(1_736_937_045_007), "2025-01-15T10:30:45.007Z");
  }

  #[test]
  fn the_cached_second_is_replaced_when_time_moves_on() {
    let mut clock = Clock::default();
    let mut out = Vec::new();
    clock.write_utc(1_000, &mut out);
    out.push(b' ');
    clock.write_utc(62_500, &mut out);
    assert_eq!(
      String::from_utf8(out).unwrap(),
      "1970-01-01T00:00:01.000Z 1970-01-01T00:01:02.500Z"
    );
  }

  #[test]
  fn times_before_the_epoch_still_format() {
    assert_eq!(utc(-1), "1969-12-31T23:59:59.999Z");
  }

  #[test]
  fn local_time_has_the_text_layout() {
    let mut out = Vec::new();
    Clock::default().write_local(1_736_937_045_123, &mut out);
    let text = String::from_utf8(out).unwrap();
    assert_eq!(text.len(), 19);
    assert_eq!(&text[4..5], "-");
    assert_eq!(&text[10..11], " ");
  }
}
