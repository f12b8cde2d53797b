//! Timestamps for records: ISO 8601 UTC with milliseconds for JSON and
//! callbacks, local `YYYY-MM-DD HH:MM:SS.mmm` for text.
//!
//! UTC is exactly JavaScript's `new Date(ms).toISOString()` for every time a
//! `Date` can hold (±8.64e15 ms, years -271821 to 275760): years 0000–9999
//! in four digits, any other year as a sign and six digits
//! (`+010000-01-01T00:00:00.000Z`, `-000001-12-31T23:59:59.999Z`). The
//! calendar arithmetic is our own, because chrono stops at ±262143 years;
//! chrono is only asked for the local zone's offset. Past the range of a
//! `Date`, years simply take more digits: nothing panics for any `i64`.
//!
//! Local time uses the machine's zone where chrono can represent the
//! instant; beyond that no zone rule means anything, and the time is shown
//! in UTC.
//!
//! Both texts are formatted once per second and reused: a busy writer
//! formats thousands of records a second, and the local time-zone lookup
//! costs far more than copying 19 bytes. Only the milliseconds are
//! written for each record.

use chrono::{DateTime, Local, TimeZone, Utc};

const SECONDS_PER_DAY: i64 = 86_400;

#[derive(Default)]
pub struct Clock {
  utc: Cached,
  local: Cached,
}

/// The text of one second, kept until the time moves to another second.
/// UTC and local are cached apart, so a JSON-only writer never pays for the
/// zone lookup.
#[derive(Default)]
struct Cached {
  second: Option<i64>,
  text: Vec<u8>,
}

impl Cached {
  fn get(&mut self, second: i64, render: fn(i64, &mut Vec<u8>)) -> &[u8] {
    if self.second != Some(second) {
      self.text.clear();
      render(second, &mut self.text);
      self.second = Some(second);
    }
    &self.text
  }
}

impl Clock {
  /// Appends `2025-01-15T10:30:45.123Z`.
  pub fn write_utc(&mut self, time_ms: i64, out: &mut Vec<u8>) {
    out.extend_from_slice(self.utc.get(time_ms.div_euclid(1000), render_utc));
    push_millis(out, time_ms);
    out.push(b'Z');
  }

  /// Appends `2025-01-15 10:30:45.123` in local time.
  pub fn write_local(&mut self, time_ms: i64, out: &mut Vec<u8>) {
    out.extend_from_slice(self.local.get(time_ms.div_euclid(1000), render_local));
    push_millis(out, time_ms);
  }
}

/// `.123`: the milliseconds within the second, also before the epoch.
fn push_millis(out: &mut Vec<u8>, time_ms: i64) {
  out.push(b'.');
  push_padded(out, time_ms.rem_euclid(1000).unsigned_abs(), 3);
}

fn render_utc(second: i64, out: &mut Vec<u8>) {
  push_date_time(out, second, b'T');
}

fn render_local(second: i64, out: &mut Vec<u8>) {
  push_date_time(out, second + local_offset(second), b' ');
}

/// Seconds east of UTC in the machine's zone at `second`; 0 where chrono
/// cannot represent the instant (see the module notes).
fn local_offset(second: i64) -> i64 {
  DateTime::<Utc>::from_timestamp(second, 0).map_or(0, |utc| {
    i64::from(Local.offset_from_utc_datetime(&utc.naive_utc()).local_minus_utc())
  })
}

/// Appends `YYYY-MM-DD?HH:MM:SS` for seconds since the epoch, `?` being
/// `separator`, with JavaScript's year layout.
fn push_date_time(out: &mut Vec<u8>, second: i64, separator: u8) {
  let (year, month, day) = civil_from_days(second.div_euclid(SECONDS_PER_DAY));
  let of_day = second.rem_euclid(SECONDS_PER_DAY).unsigned_abs();
  push_year(out, year);
  out.push(b'-');
  push_padded(out, month, 2);
  out.push(b'-');
  push_padded(out, day, 2);
  out.push(separator);
  push_padded(out, of_day / 3600, 2);
  out.push(b':');
  push_padded(out, of_day / 60 % 60, 2);
  out.push(b':');
  push_padded(out, of_day % 60, 2);
}

/// `2025`, or `+010000` / `-000001` outside 0000–9999, as `toISOString`.
fn push_year(out: &mut Vec<u8>, year: i64) {
  if (0..=9999).contains(&year) {
    return push_padded(out, year.unsigned_abs(), 4);
  }
  out.push(if year < 0 { b'-' } else { b'+' });
  push_padded(out, year.unsigned_abs(), 6);
}

/// `value` in decimal, zero-padded to at least `width` digits (nothing for 0 with width 0).
pub(super) fn push_padded(out: &mut Vec<u8>, value: u64, width: usize) {
  let mut digits = [b'0'; 20];
  let mut rest = value;
  let mut start = digits.len();
  while rest > 0 || digits.len() - start < width {
    start -= 1;
    digits[start] = b'0' + (rest % 10) as u8;
    rest /= 10;
  }
  out.extend_from_slice(&digits[start..]);
}

/// Year, month (1–12) and day (1–31) of a day count from 1970-01-01 in the
/// proleptic Gregorian calendar: Howard Hinnant's `civil_from_days`.
/// Exact for any day count an `i64` of milliseconds or seconds can give.
fn civil_from_days(days: i64) -> (i64, u64, u64) {
  // Days from 0000-03-01, so the leap day ends each 400-year era.
  let shifted = days + 719_468;
  let era = shifted.div_euclid(146_097);
  let day_of_era = shifted.rem_euclid(146_097);
  let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
  let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  let month_from_march = (5 * day_of_year + 2) / 153;
  let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
  let month = if month_from_march < 10 { month_from_march + 3 } else { month_from_march - 9 };
  let year = era * 400 + year_of_era + i64::from(month <= 2);
  (year, month.unsigned_abs(), day.unsigned_abs())
}

#[cfg(test)]
mod tests {
  use super::*;
  use crate::format::test_support::MAX_DATE_MS as MAX_MS;
  use chrono::Datelike;
  use proptest::prelude::*;

  fn utc(ms: i64) -> String {
    let mut out = Vec::new();
    Clock::default().write_utc(ms, &mut out);
    String::from_utf8(out).unwrap()
  }

  fn local(ms: i64) -> String {
    let mut out = Vec::new();
    Clock::default().write_local(ms, &mut out);
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
    assert_eq!(String::from_utf8(out).unwrap(), "1970-01-01T00:00:01.000Z 1970-01-01T00:01:02.500Z");
  }

  #[test]
  fn times_before_the_epoch_still_format() {
    assert_eq!(utc(0), "1970-01-01T00:00:00.000Z");
    assert_eq!(utc(-1), "1969-12-31T23:59:59.999Z");
  }

  /// Each expected text is what Node prints for `new Date(ms).toISOString()`.
  #[test]
  fn utc_matches_to_iso_string_across_the_date_range() {
    assert_eq!(utc(MAX_MS), "+275760-09-13T00:00:00.000Z");
    assert_eq!(utc(-MAX_MS), "-271821-04-20T00:00:00.000Z");
    assert_eq!(utc(253_402_300_800_000), "+010000-01-01T00:00:00.000Z");
    assert_eq!(utc(253_402_300_799_999), "9999-12-31T23:59:59.999Z");
    assert_eq!(utc(-62_167_219_200_000), "0000-01-01T00:00:00.000Z");
    assert_eq!(utc(-62_167_219_200_001), "-000001-12-31T23:59:59.999Z");
  }

  #[test]
  fn any_i64_formats_without_panicking() {
    for ms in [i64::MIN, i64::MIN + 1, -1, 0, i64::MAX] {
      assert!(utc(ms).ends_with('Z'));
      assert!(!local(ms).is_empty());
    }
  }

  #[test]
  fn local_time_has_the_text_layout() {
    let text = local(1_736_937_045_123);
    assert_eq!(text.len(), 23);
    assert_eq!(&text[4..5], "-");
    assert_eq!(&text[10..11], " ");
    assert_eq!(&text[19..], ".123");
    assert!(local(-1).ends_with(":59.999"));
  }

  #[test]
  fn local_time_beyond_chrono_is_the_utc_time() {
    assert_eq!(local(MAX_MS), "+275760-09-13 00:00:00.000");
    assert_eq!(local(-MAX_MS), "-271821-04-20 00:00:00.000");
    assert_eq!(local(MAX_MS), utc_in_text_layout(MAX_MS));
  }

  /// Milliseconds in 400 Gregorian years, after which the calendar repeats.
  const ERA_MS: i64 = 146_097 * SECONDS_PER_DAY * 1000;

  /// `toISOString` computed by chrono: directly where chrono reaches, else
  /// shifted by whole 400-year eras into its range and shifted back.
  fn reference_utc(ms: i64) -> String {
    let eras = if DateTime::from_timestamp_millis(ms).is_some() { 0 } else { ms.div_euclid(ERA_MS) };
    let time = DateTime::from_timestamp_millis(ms - eras * ERA_MS).expect("within chrono's range");
    let year = i64::from(time.year()) + eras * 400;
    format!("{}{}", js_year(year), time.format("-%m-%dT%H:%M:%S%.3fZ"))
  }

  /// Local time computed by chrono, where it reaches the local time.
  fn reference_local(time: DateTime<Utc>) -> Option<String> {
    let offset = Local.offset_from_utc_datetime(&time.naive_utc());
    let naive = time.naive_utc().checked_add_offset(offset)?;
    Some(format!("{}{}", js_year(naive.year()), naive.format("-%m-%d %H:%M:%S%.3f")))
  }

  fn js_year(year: impl Into<i64>) -> String {
    let year = year.into();
    if (0..=9999).contains(&year) {
      format!("{year:04}")
    } else {
      format!("{year:+07}")
    }
  }

  /// The UTC time in the text layout: `+275760-09-13 00:00:00.000`.
  fn utc_in_text_layout(ms: i64) -> String {
    let iso = utc(ms);
    iso[..iso.len() - 1].replace('T', " ")
  }

  /// Times across the whole `Date` range, with the ends beyond chrono drawn often.
  fn any_date_ms() -> impl Strategy<Value = i64> {
    prop_oneof![-MAX_MS..=MAX_MS, 8_200_000_000_000_000..=MAX_MS, -MAX_MS..=-8_200_000_000_000_000]
  }

  proptest! {
    #[test]
    fn utc_equals_an_independent_computation(ms in any_date_ms()) {
      prop_assert_eq!(utc(ms), reference_utc(ms));
    }

    #[test]
    fn local_time_never_panics_and_agrees_with_chrono(ms in any_date_ms()) {
      let text = local(ms);
      match DateTime::from_timestamp_millis(ms) {
        Some(time) => if let Some(expected) = reference_local(time) {
          prop_assert_eq!(text, expected);
        },
        None => prop_assert_eq!(text, utc_in_text_layout(ms)),
      }
    }
  }
}
