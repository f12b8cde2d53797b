//! When a file sink starts a new file, and what the old one is called.
//!
//! Times are UTC throughout: periods start at UTC boundaries (`daily` at
//! 00:00 UTC, `'06:30'` at 06:30 UTC) and rotated names carry UTC. Local time
//! would give a 23- or 25-hour day twice a year and, when clocks go back,
//! the same name twice.
//!
//! A rotated file is named for the moment it was rotated (closed), in
//! milliseconds: `app.log` becomes `app.2025-01-16T00-00-00.000Z.log`. Every
//! line in it was written before that moment and after the previous name's,
//! so names sort by time as text. Names only ever increase: a rotation in
//! the same millisecond as the previous one (or with the clock set back) is
//! named one millisecond after it.

use std::ffi::OsStr;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDateTime};

/// When to rotate: past a size, at period boundaries, or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Rotation {
  /// A file never grows past this many bytes, unless one line is larger.
  pub max_bytes: Option<u64>,
  pub every: Option<Period>,
}

/// Boundaries at `offset_ms + k * length_ms` milliseconds since the Unix epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
  pub length_ms: i64,
  pub offset_ms: i64,
}

impl Period {
  pub const DAILY: Period = Period { length_ms: 86_400_000, offset_ms: 0 };
  pub const HOURLY: Period = Period { length_ms: 3_600_000, offset_ms: 0 };

  /// Which period `time_ms` falls in.
  pub fn index(&self, time_ms: i64) -> i64 {
    time_ms.saturating_sub(self.offset_ms).div_euclid(self.length_ms.max(1))
  }
}

/// `2025-01-16T00-00-00.000Z`: no `:`, which Windows forbids in names.
const STAMP: &str = "%Y-%m-%dT%H-%M-%S%.3fZ";
const STAMP_LEN: usize = "2025-01-16T00-00-00.000Z".len();

/// A rotated file found on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rotated {
  pub path: PathBuf,
  /// When it was rotated, from its name.
  pub time_ms: i64,
  /// The suffix of a compressed file (`"gz"`), if it is one.
  pub compressed: Option<String>,
}

/// The names of one active file's rotated files: `<stem>.<stamp><.ext>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Names {
  dir: PathBuf,
  stem: String,
  /// `.log`, or empty for a file without an extension.
  ext: String,
}

impl Names {
  pub fn new(active: &Path) -> Self {
    let dir = active.parent().map_or_else(PathBuf::new, Path::to_owned);
    let stem = active.file_stem().map_or_else(String::new, |stem| stem.to_string_lossy().into_owned());
    let ext = active.extension().map_or_else(String::new, |ext| format!(".{}", ext.to_string_lossy()));
    Names { dir, stem, ext }
  }

  pub fn dir(&self) -> &Path {
    &self.dir
  }

  /// The name of a file rotated at `time_ms`.
  pub fn rotated(&self, time_ms: i64) -> PathBuf {
    let stamp = DateTime::from_timestamp_millis(time_ms).map_or_else(|| time_ms.to_string(), |time| time.format(STAMP).to_string());
    self.dir.join(format!("{}.{stamp}{}", self.stem, self.ext))
  }

  /// The rotation time and compression suffix of `name`, if it is one of ours.
  pub fn parse(&self, name: &OsStr) -> Option<(i64, Option<String>)> {
    let name = name.to_str()?;
    let rest = name.strip_prefix(self.stem.as_str())?.strip_prefix('.')?;
    let stamp = rest.get(..STAMP_LEN)?;
    let rest = rest[STAMP_LEN..].strip_prefix(self.ext.as_str())?;
    let compressed = match rest {
      "" => None,
      suffix => Some(suffix.strip_prefix('.')?.to_owned()),
    };
    let time = NaiveDateTime::parse_from_str(stamp, STAMP).ok()?.and_utc().timestamp_millis();
    Some((time, compressed))
  }

  /// The rotated files on disk, oldest first.
  pub fn list(&self) -> io::Result<Vec<Rotated>> {
    let dir = if self.dir.as_os_str().is_empty() { Path::new(".") } else { &self.dir };
    let mut found = Vec::new();
    for entry in fs::read_dir(dir)? {
      let entry = entry?;
      if let Some((time_ms, compressed)) = self.parse(&entry.file_name()) {
        found.push(Rotated { path: entry.path(), time_ms, compressed });
      }
    }
    found.sort_by(|a, b| (a.time_ms, &a.compressed).cmp(&(b.time_ms, &b.compressed)));
    Ok(found)
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn rotated_names_carry_the_utc_time_and_read_back() {
    let names = Names::new(Path::new("/var/log/app.log"));
    let path = names.rotated(1_736_985_600_123);
    assert_eq!(path, Path::new("/var/log/app.2025-01-16T00-00-00.123Z.log"));
    assert_eq!(names.parse(path.file_name().unwrap()), Some((1_736_985_600_123, None)));
    assert_eq!(names.parse(OsStr::new("app.2025-01-16T00-00-00.123Z.log.gz")), Some((1_736_985_600_123, Some("gz".into()))));
    for other in ["app.log", "app.log.1", "other.2025-01-16T00-00-00.123Z.log", "app.2025-01-16T00-00-00.123Z.txt", "app.2025-13-16T00-00-00.123Z.log"] {
      assert_eq!(names.parse(OsStr::new(other)), None, "{other}");
    }
  }

  #[test]
  fn names_sort_as_text_in_time_order() {
    let names = Names::new(Path::new("app"));
    let times = [0, 999, 1_000, 59_999, 86_399_999, 1_736_985_600_123, 4_102_444_800_000];
    let texts: Vec<String> = times.iter().map(|time| names.rotated(*time).display().to_string()).collect();
    let mut sorted = texts.clone();
    sorted.sort();
    assert_eq!(texts, sorted);
    assert_eq!(texts[0], "app.1970-01-01T00-00-00.000Z");
  }

  #[test]
  fn periods_start_at_utc_boundaries_with_their_offset() {
    let day = Period::DAILY;
    assert_eq!(day.index(86_399_999), 0);
    assert_eq!(day.index(86_400_000), 1);
    let at_0630 = Period { length_ms: 86_400_000, offset_ms: (6 * 60 + 30) * 60_000 };
    assert_eq!(at_0630.index(86_400_000 + 6 * 3_600_000), 0);
    assert_eq!(at_0630.index(86_400_000 + 6 * 3_600_000 + 30 * 60_000), 1);
    assert_eq!(Period::HOURLY.index(-1), -1);
  }
}
