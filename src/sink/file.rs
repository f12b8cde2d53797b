//! File sinks: a file opened for appending, created with its folders, and
//! rotated by size, by time or both (see `rotation.rs` for the names).
//!
//! Rotation happens between lines, on the writer thread, as part of a
//! write: the active file is renamed to its rotated name and a new one is
//! created. Nothing about it lives only in memory: the size is the file's
//! length on disk and the period the one of its last modification, so a
//! restarted process rotates exactly where the previous one would have, and
//! the next name after the newest one on disk.

use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use super::housekeeping::{Housekeeper, Policy};
use super::rotation::{Names, Rotation};
use super::{write_fully, Destination};
use crate::writer::report;

/// A file sink as asked for.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FileSpec {
  pub path: PathBuf,
  pub rotation: Option<Rotation>,
  /// Retention and compression of rotated files.
  pub housekeeping: Policy,
}

impl FileSpec {
  pub fn new(path: impl Into<PathBuf>) -> Self {
    FileSpec { path: path.into(), ..FileSpec::default() }
  }
}

/// The time now in milliseconds since the Unix epoch; tests pass their own.
pub type Now = Arc<dyn Fn() -> i64 + Send + Sync>;

pub fn system_now() -> i64 {
  SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |since| since.as_millis() as i64)
}

pub struct FileDestination {
  spec: FileSpec,
  names: Names,
  file: File,
  /// Bytes in the active file.
  size: u64,
  /// The period the active file's lines belong to.
  period: i64,
  /// The newest rotated name's time: the next one is later.
  last_rotated_ms: i64,
  now: Now,
  /// A failed rotation is reported once; the lines go on to the current file.
  rotation_failed: bool,
  /// Compresses and removes rotated files off the writer's thread.
  housekeeper: Option<Housekeeper>,
}

impl FileDestination {
  pub fn open(spec: &FileSpec) -> io::Result<Self> {
    Self::open_with_clock(spec, Arc::new(system_now))
  }

  pub fn open_with_clock(spec: &FileSpec, now: Now) -> io::Result<Self> {
    let file = open_append(&spec.path)?;
    let names = Names::new(&spec.path);
    let last_rotated_ms = match spec.rotation {
      Some(_) => names.list().ok().and_then(|rotated| rotated.last().map(|newest| newest.time_ms)).unwrap_or(i64::MIN),
      None => i64::MIN,
    };
    let housekeeper = if spec.housekeeping.is_empty() {
      None
    } else {
      Some(Housekeeper::start(names.clone(), spec.housekeeping, now.clone())?)
    };
    let mut destination = FileDestination {
      spec: spec.clone(),
      names,
      file,
      size: 0,
      period: 0,
      last_rotated_ms,
      now,
      rotation_failed: false,
      housekeeper,
    };
    destination.read_state()?;
    Ok(destination)
  }

  /// Size and period from the file on disk.
  fn read_state(&mut self) -> io::Result<()> {
    let metadata = self.file.metadata()?;
    self.size = metadata.len();
    if let Some(period) = self.spec.rotation.and_then(|rotation| rotation.every) {
      let modified = metadata.modified().ok().and_then(|time| time.duration_since(UNIX_EPOCH).ok());
      let time = match modified {
        Some(since) if self.size > 0 => since.as_millis() as i64,
        _ => (self.now)(),
      };
      self.period = period.index(time);
    }
    Ok(())
  }

  /// How many bytes of `lines`, whole lines, go to the active file before
  /// it must rotate: all when they fit; else as many whole lines as fit,
  /// at least one when the file is empty (a line larger than the limit
  /// gets a file of its own rather than being split).
  fn fitting(&self, lines: &[u8]) -> usize {
    let Some(max) = self.spec.rotation.and_then(|rotation| rotation.max_bytes) else {
      return lines.len();
    };
    let room = max.saturating_sub(self.size).min(lines.len() as u64) as usize;
    if room == lines.len() || self.rotation_failed {
      return lines.len();
    }
    match lines[..room].iter().rposition(|&byte| byte == b'\n') {
      Some(end) => end + 1,
      None if self.size == 0 => lines.iter().position(|&byte| byte == b'\n').map_or(lines.len(), |end| end + 1),
      None => 0,
    }
  }

  /// Past the size limit: only after a failed rotation, which writes on.
  fn over_size(&self) -> bool {
    self.spec.rotation.and_then(|rotation| rotation.max_bytes).is_some_and(|max| self.size >= max)
  }

  fn due_by_time(&self, now: i64) -> bool {
    self.spec.rotation.and_then(|rotation| rotation.every).is_some_and(|period| period.index(now) > self.period)
  }

  /// Renames the active file to its rotated name and starts a new one. A
  /// failure is reported once, and writing goes on to the file held open:
  /// a line is never lost to a rotation.
  fn rotate(&mut self, now: i64) {
    if let Some(period) = self.spec.rotation.and_then(|rotation| rotation.every) {
      self.period = period.index(now);
    }
    if self.size == 0 {
      return; // nothing to keep: no empty rotated files
    }
    match self.try_rotate(now) {
      Ok(()) => self.rotation_failed = false,
      Err(error) => {
        if !std::mem::replace(&mut self.rotation_failed, true) {
          report(&format!("logly: could not rotate {}: {error}; writing on to it", self.spec.path.display()));
        }
      }
    }
  }

  fn try_rotate(&mut self, now: i64) -> io::Result<()> {
    let mut time = now.max(self.last_rotated_ms.saturating_add(1));
    let mut rotated = self.names.rotated(time);
    // Another process may have rotated to this name: never overwrite.
    while rotated.exists() {
      time += 1;
      rotated = self.names.rotated(time);
    }
    fs::rename(&self.spec.path, &rotated)?;
    self.last_rotated_ms = time;
    // If the new file cannot be created, the lines go on to the renamed one.
    if let Some(housekeeper) = &self.housekeeper {
      housekeeper.rotated();
    }
    self.file = open_append(&self.spec.path)?;
    self.size = 0;
    Ok(())
  }

  /// Waits for compression and retention to catch up (tests).
  #[cfg(test)]
  pub fn wait_housekeeping(&self) {
    if let Some(housekeeper) = &self.housekeeper {
      assert!(housekeeper.wait_idle(std::time::Duration::from_secs(10)));
    }
  }
}

impl Destination for FileDestination {
  fn write_lines(&mut self, mut lines: &[u8]) -> io::Result<()> {
    if self.spec.rotation.is_none() {
      return write_fully(&mut self.file, lines);
    }
    let now = (self.now)();
    if self.due_by_time(now) || (self.rotation_failed && self.over_size()) {
      self.rotate(now);
    }
    while !lines.is_empty() {
      let fitting = self.fitting(lines);
      if fitting > 0 {
        write_fully(&mut self.file, &lines[..fitting])?;
        self.size += fitting as u64;
        lines = &lines[fitting..];
      }
      if !lines.is_empty() {
        self.rotate(now);
      }
    }
    Ok(())
  }

  fn reopen(&mut self) -> io::Result<()> {
    self.file = open_append(&self.spec.path)?;
    self.read_state()
  }

  fn describe(&self) -> String {
    self.spec.path.display().to_string()
  }
}

/// Opens `path` for appending, creating it and its parent folders.
pub(super) fn open_append(path: &Path) -> io::Result<File> {
  if let Some(parent) = path.parent().filter(|parent| !parent.as_os_str().is_empty()) {
    fs::create_dir_all(parent).map_err(|error| match error.kind() {
      // create_dir_all says AlreadyExists when a component is a file.
      io::ErrorKind::AlreadyExists => io::ErrorKind::NotADirectory.into(),
      _ => error,
    })?;
  }
  let mut options = OpenOptions::new();
  options.append(true).create(true);
  // Windows refuses to rename an open file unless it was opened sharing
  // delete access: without it, rotation (and logrotate) could never move it.
  #[cfg(windows)]
  {
    use std::os::windows::fs::OpenOptionsExt;
    const FILE_SHARE_READ_WRITE_DELETE: u32 = 0x1 | 0x2 | 0x4;
    options.share_mode(FILE_SHARE_READ_WRITE_DELETE);
  }
  options.open(path)
}

#[cfg(test)]
pub(crate) mod test_support {
  use super::*;
  use std::sync::atomic::{AtomicI64, AtomicUsize, Ordering};

  pub fn temp_dir(name: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!("logly-{name}-{}-{}", std::process::id(), N.fetch_add(1, Ordering::SeqCst)));
    fs::create_dir_all(&dir).unwrap();
    dir
  }

  /// A clock the test sets.
  #[derive(Clone, Default)]
  pub struct FakeClock(pub Arc<AtomicI64>);

  impl FakeClock {
    pub fn at(ms: i64) -> Self {
      FakeClock(Arc::new(AtomicI64::new(ms)))
    }
    pub fn set(&self, ms: i64) {
      self.0.store(ms, Ordering::SeqCst);
    }
    pub fn now(&self) -> Now {
      let time = self.0.clone();
      Arc::new(move || time.load(Ordering::SeqCst))
    }
  }

  /// The file names in `dir`, sorted.
  pub fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir).unwrap().map(|entry| entry.unwrap().file_name().into_string().unwrap()).collect();
    names.sort();
    names
  }
}

#[cfg(test)]
mod tests {
  use super::test_support::*;
  use super::*;
  use crate::sink::rotation::Period;

  /// 2025-01-15T10:30:45.123Z
  const T0: i64 = 1_736_937_045_123;
  const DAY: i64 = 86_400_000;

  fn rotating(dir: &Path, rotation: Rotation, clock: &FakeClock) -> FileDestination {
    let spec = FileSpec { path: dir.join("app.log"), rotation: Some(rotation), housekeeping: Policy::default() };
    FileDestination::open_with_clock(&spec, clock.now()).unwrap()
  }

  fn by_size(max: u64) -> Rotation {
    Rotation { max_bytes: Some(max), every: None }
  }

  /// Every file's lines, the rotated ones in name order then the active one.
  fn all_lines(dir: &Path) -> Vec<Vec<String>> {
    let mut files: Vec<String> = names(dir).into_iter().filter(|name| name != "app.log").collect();
    files.push("app.log".into());
    files.iter().map(|name| fs::read_to_string(dir.join(name)).unwrap().lines().map(str::to_owned).collect()).collect()
  }

  #[test]
  fn files_are_created_with_their_folders_and_appended_to() {
    let dir = temp_dir("file");
    let spec = FileSpec::new(dir.join("a/b/app.log"));
    for line in [&b"one\n"[..], b"two\n"] {
      FileDestination::open(&spec).unwrap().write_lines(line).unwrap();
    }
    assert_eq!(fs::read_to_string(&spec.path).unwrap(), "one\ntwo\n");
    fs::remove_dir_all(dir).unwrap();
  }

  #[test]
  fn reopen_writes_to_a_new_file_after_the_old_one_was_renamed() {
    let dir = temp_dir("reopen");
    let spec = FileSpec::new(dir.join("app.log"));
    let mut file = FileDestination::open(&spec).unwrap();
    file.write_lines(b"old\n").unwrap();
    fs::rename(&spec.path, dir.join("app.log.1")).unwrap();
    file.write_lines(b"still old\n").unwrap();
    file.reopen().unwrap();
    file.write_lines(b"new\n").unwrap();
    assert_eq!(fs::read_to_string(dir.join("app.log.1")).unwrap(), "old\nstill old\n");
    assert_eq!(fs::read_to_string(&spec.path).unwrap(), "new\n");
    fs::remove_dir_all(dir).unwrap();
  }

  #[test]
  fn an_unwritable_path_is_an_error_not_a_panic() {
    let error = FileDestination::open(&FileSpec::new("/proc/logly-cannot-exist/app.log")).err().unwrap();
    assert!(matches!(error.kind(), io::ErrorKind::NotFound | io::ErrorKind::PermissionDenied | io::ErrorKind::Other));
  }

  #[test]
  fn size_rotation_never_splits_or_loses_a_line_and_no_file_passes_the_limit() {
    let dir = temp_dir("size");
    let clock = FakeClock::at(T0);
    let mut file = rotating(&dir, by_size(100), &clock);
    let mut expected = Vec::new();
    // Batches of lines of many lengths, one longer than the limit.
    for batch in 0..50 {
      let mut bytes = Vec::new();
      for n in 0..(batch % 7 + 1) {
        let line = format!("b{batch} n{n} {}", "x".repeat((batch * 13 + n * 7) % 40));
        bytes.extend_from_slice(line.as_bytes());
        bytes.push(b'\n');
        expected.push(line);
      }
      if batch == 20 {
        let long = "L".repeat(250);
        bytes.extend_from_slice(long.as_bytes());
        bytes.push(b'\n');
        expected.push(long);
      }
      file.write_lines(&bytes).unwrap();
    }
    let files = all_lines(&dir);
    assert!(files.len() > 10, "{} files", files.len());
    for name in names(&dir) {
      let size = fs::metadata(dir.join(&name)).unwrap().len();
      let text = fs::read_to_string(dir.join(&name)).unwrap();
      assert!(size <= 100 || text.lines().count() == 1, "{name} has {size} bytes");
      assert!(text.ends_with('\n'), "{name} ends with a whole line");
    }
    assert_eq!(files.concat(), expected);
    fs::remove_dir_all(dir).unwrap();
  }

  #[test]
  fn names_are_unique_and_increasing_when_rotations_share_a_millisecond() {
    let dir = temp_dir("same-ms");
    let clock = FakeClock::at(T0);
    let mut file = rotating(&dir, by_size(10), &clock);
    for n in 0..5 {
      file.write_lines(format!("line {n} .\n").as_bytes()).unwrap();
    }
    assert_eq!(
      names(&dir),
      [
        "app.2025-01-15T10-30-45.123Z.log",
        "app.2025-01-15T10-30-45.124Z.log",
        "app.2025-01-15T10-30-45.125Z.log",
        "app.2025-01-15T10-30-45.126Z.log",
        "app.log"
      ]
    );
    assert_eq!(all_lines(&dir).concat(), (0..5).map(|n| format!("line {n} .")).collect::<Vec<_>>());
    fs::remove_dir_all(dir).unwrap();
  }

  #[test]
  fn daily_rotation_starts_a_new_file_at_midnight_utc_named_for_the_rotation() {
    let dir = temp_dir("daily");
    let clock = FakeClock::at(T0);
    let mut file = rotating(&dir, Rotation { max_bytes: None, every: Some(Period::DAILY) }, &clock);
    file.write_lines(b"jan 15 a\njan 15 b\n").unwrap();
    clock.set(T0 - T0 % DAY + DAY - 1); // 23:59:59.999
    file.write_lines(b"jan 15 c\n").unwrap();
    clock.set(T0 - T0 % DAY + DAY + 5); // 00:00:00.005 on the 16th
    file.write_lines(b"jan 16\n").unwrap();
    clock.set(T0 - T0 % DAY + 3 * DAY); // the 18th, nothing on the 17th
    file.write_lines(b"jan 18\n").unwrap();
    assert_eq!(names(&dir), ["app.2025-01-16T00-00-00.005Z.log", "app.2025-01-18T00-00-00.000Z.log", "app.log"]);
    assert_eq!(all_lines(&dir), [vec!["jan 15 a", "jan 15 b", "jan 15 c"], vec!["jan 16"], vec!["jan 18"]]);
    fs::remove_dir_all(dir).unwrap();
  }

  #[test]
  fn an_empty_file_is_not_rotated() {
    let dir = temp_dir("empty");
    let clock = FakeClock::at(T0);
    let mut file = rotating(&dir, Rotation { max_bytes: None, every: Some(Period::HOURLY) }, &clock);
    clock.set(T0 + 5 * 3_600_000);
    file.write_lines(b"later\n").unwrap();
    assert_eq!(names(&dir), ["app.log"]);
    fs::remove_dir_all(dir).unwrap();
  }

  #[test]
  fn size_state_survives_a_restart_because_it_is_read_from_disk() {
    let dir = temp_dir("restart-size");
    let clock = FakeClock::at(T0);
    rotating(&dir, by_size(100), &clock).write_lines(&[b'a'; 59].iter().chain(b"\n").copied().collect::<Vec<_>>()).unwrap();
    let mut again = rotating(&dir, by_size(100), &clock);
    again.write_lines(&[b'b'; 59].iter().chain(b"\n").copied().collect::<Vec<_>>()).unwrap();
    assert_eq!(names(&dir), ["app.2025-01-15T10-30-45.123Z.log", "app.log"]);
    // The next name follows the newest on disk, even with the clock behind it.
    clock.set(T0 - 1000);
    let mut third = rotating(&dir, by_size(100), &clock);
    third.write_lines(&[b'c'; 59].iter().chain(b"\n").copied().collect::<Vec<_>>()).unwrap();
    assert_eq!(names(&dir), ["app.2025-01-15T10-30-45.123Z.log", "app.2025-01-15T10-30-45.124Z.log", "app.log"]);
    fs::remove_dir_all(dir).unwrap();
  }

  #[test]
  fn time_state_survives_a_restart_because_it_is_read_from_disk() {
    let dir = temp_dir("restart-time");
    let path = dir.join("app.log");
    fs::write(&path, "yesterday\n").unwrap();
    let yesterday = UNIX_EPOCH + std::time::Duration::from_millis((T0 - DAY) as u64);
    File::options().append(true).open(&path).unwrap().set_modified(yesterday).unwrap();
    let clock = FakeClock::at(T0);
    let mut file = rotating(&dir, Rotation { max_bytes: None, every: Some(Period::DAILY) }, &clock);
    file.write_lines(b"today\n").unwrap();
    assert_eq!(all_lines(&dir), [vec!["yesterday"], vec!["today"]]);
    fs::remove_dir_all(dir).unwrap();
  }

  #[test]
  fn a_failed_rotation_is_reported_and_writing_goes_on_without_an_error() {
    let dir = temp_dir("fail-rotate");
    let clock = FakeClock::at(T0);
    let mut file = rotating(&dir, by_size(10), &clock);
    file.write_lines(b"first line\n").unwrap();
    // The folder goes read-only: renaming fails (root ignores permissions, so
    // remove the active file instead: the rename has nothing to move).
    fs::remove_file(dir.join("app.log")).unwrap();
    file.write_lines(b"second line\nthird line\n").unwrap();
    assert_eq!(names(&dir), Vec::<String>::new());
    assert!(file.rotation_failed);
    // Once the file can be rotated again, rotation resumes.
    file.reopen().unwrap();
    file.write_lines(b"fourth line\n").unwrap();
    file.write_lines(b"fifth line\n").unwrap();
    assert!(!file.rotation_failed);
    assert_eq!(all_lines(&dir), [vec!["fourth line"], vec!["fifth line"]]);
    fs::remove_dir_all(dir).unwrap();
  }
}
