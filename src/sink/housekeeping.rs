//! What happens to rotated files after a rotation, on a thread of its own
//! so that writing never waits for it: compression, then retention.
//!
//! Each pass starts from the folder as it is on disk, not from memory, so the
//! first pass after a start also finishes what a crash left behind:
//!
//! - Compression writes `<rotated>.gz.tmp`, syncs it, renames it to
//!   `<rotated>.gz`, then removes the uncompressed file. A crash at any point
//!   leaves the uncompressed file and at most a `.tmp`, never half a `.gz`
//!   under the final name; the next pass removes the `.tmp` and compresses
//!   again. A crash between the rename and the removal leaves both: the
//!   `.gz` is whole (it was renamed after its sync), so the uncompressed one
//!   is removed.
//! - Retention counts rotated files (a file and its compressed form are one)
//!   and never the active file, which has no rotated name.

use std::fs::{self, File};
use std::io::{self, BufReader, BufWriter};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use flate2::write::GzEncoder;

use super::file::Now;
use super::rotation::{Names, Rotated};
use crate::writer::report;

/// Which rotated files to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retention {
  /// The newest this many.
  Count(usize),
  /// Those rotated less than this many milliseconds ago.
  Age(i64),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
  Gzip,
}

impl Compression {
  fn suffix(self) -> &'static str {
    match self {
      Compression::Gzip => "gz",
    }
  }

  fn compress(self, from: &Path, to: &Path) -> io::Result<()> {
    match self {
      Compression::Gzip => {
        let mut source = BufReader::new(File::open(from)?);
        let mut encoder = GzEncoder::new(BufWriter::new(File::create(to)?), flate2::Compression::default());
        io::copy(&mut source, &mut encoder)?;
        let file = encoder.finish()?.into_inner().map_err(|error| error.into_error())?;
        file.sync_all()
      }
    }
  }
}

/// What to do with rotated files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Policy {
  pub retention: Option<Retention>,
  pub compression: Option<Compression>,
}

impl Policy {
  pub fn is_empty(&self) -> bool {
    self.retention.is_none() && self.compression.is_none()
  }
}

/// Passes asked for and passes done, so tests can wait for the thread.
#[derive(Default)]
struct Progress {
  asked: Mutex<(u64, u64)>,
  changed: Condvar,
}

/// The thread of one file sink. Dropping it lets the thread end after its
/// current pass; the process may also end during one (see the module notes).
pub struct Housekeeper {
  nudge: Option<Sender<()>>,
  progress: Arc<Progress>,
  thread: Option<JoinHandle<()>>,
}

impl Housekeeper {
  /// Starts the thread, which makes a first pass at once.
  pub fn start(names: Names, policy: Policy, now: Now) -> io::Result<Self> {
    let (nudge, nudged) = mpsc::channel();
    let progress = Arc::new(Progress::default());
    let thread_progress = progress.clone();
    let thread = std::thread::Builder::new()
      .name("logly-housekeeping".into())
      .spawn(move || run(&names, policy, &now, &nudged, &thread_progress))?;
    let housekeeper = Housekeeper { nudge: Some(nudge), progress, thread: Some(thread) };
    housekeeper.rotated();
    Ok(housekeeper)
  }

  /// A file was rotated: make a pass.
  pub fn rotated(&self) {
    if let Some(nudge) = &self.nudge {
      self.progress.asked.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).0 += 1;
      let _ = nudge.send(());
    }
  }

  /// Waits until every pass asked for is done; false after `timeout`.
  pub fn wait_idle(&self, timeout: Duration) -> bool {
    let progress = self.progress.asked.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let (progress, _) = self
      .progress
      .changed
      .wait_timeout_while(progress, timeout, |(asked, done)| done < asked)
      .unwrap_or_else(|poisoned| poisoned.into_inner());
    progress.1 >= progress.0
  }
}

impl Drop for Housekeeper {
  fn drop(&mut self) {
    self.nudge = None;
    // Not joined: removing a sink must not wait for a compression.
    self.thread.take();
  }
}

fn run(names: &Names, policy: Policy, now: &Now, nudged: &Receiver<()>, progress: &Progress) {
  let mut reported = false;
  while nudged.recv().is_ok() {
    // Passes asked for meanwhile are covered by this one.
    let mut passes = 1;
    while nudged.try_recv().is_ok() {
      passes += 1;
    }
    if let Err(error) = pass(names, policy, now()) {
      if !std::mem::replace(&mut reported, true) {
        report(&format!("logly: could not compress or remove rotated files in {}: {error} (reported once)", names.dir().display()));
      }
    }
    progress.asked.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).1 += passes;
    progress.changed.notify_all();
  }
}

/// One pass over the folder: leftovers of a crash, retention, compression.
pub fn pass(names: &Names, policy: Policy, now: i64) -> io::Result<()> {
  let suffix = policy.compression.map(Compression::suffix);
  let mut rotated = Vec::new();
  for file in names.list()? {
    match (file.compressed.as_deref(), suffix) {
      // A compression cut short: the uncompressed file is still there.
      (Some(found), _) if found.ends_with(".tmp") => remove(&file.path)?,
      _ => rotated.push(file),
    }
  }
  if let Some(retention) = policy.retention {
    let expired = expired(&rotated, retention, now);
    for file in &expired {
      remove(&file.path)?;
    }
    rotated.retain(|file| !expired.iter().any(|gone| gone.path == file.path));
  }
  if let (Some(compression), Some(suffix)) = (policy.compression, suffix) {
    for file in rotated.iter().filter(|file| file.compressed.is_none()) {
      let compressed = with_suffix(&file.path, suffix);
      if !compressed.exists() {
        let temporary = with_suffix(&compressed, "tmp");
        compression.compress(&file.path, &temporary)?;
        fs::rename(&temporary, &compressed)?;
        sync_folder(names.dir());
      }
      remove(&file.path)?;
    }
  }
  Ok(())
}

/// The files retention removes: each rotation time counts once, whatever
/// forms of it are on disk.
fn expired(rotated: &[Rotated], retention: Retention, now: i64) -> Vec<Rotated> {
  let mut times: Vec<i64> = rotated.iter().map(|file| file.time_ms).collect();
  times.dedup();
  let oldest_kept = match retention {
    Retention::Count(count) => match times.len().checked_sub(count) {
      Some(cut) => times.get(cut).copied().unwrap_or(i64::MAX),
      None => i64::MIN,
    },
    Retention::Age(age_ms) => now.saturating_sub(age_ms),
  };
  rotated.iter().filter(|file| file.time_ms < oldest_kept).cloned().collect()
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
  let mut name = path.as_os_str().to_owned();
  name.push(".");
  name.push(suffix);
  PathBuf::from(name)
}

/// A file already gone is what we wanted.
fn remove(path: &Path) -> io::Result<()> {
  match fs::remove_file(path) {
    Err(error) if error.kind() != io::ErrorKind::NotFound => Err(error),
    _ => Ok(()),
  }
}

/// Makes the rename durable where the platform allows; a failure only
/// loses durability, not data, so it is ignored.
fn sync_folder(dir: &Path) {
  #[cfg(unix)]
  {
    let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
    let _ = File::open(dir).and_then(|dir| dir.sync_all());
  }
  #[cfg(not(unix))]
  let _ = dir;
}


#[cfg(test)]
mod tests {
  use super::*;
  use crate::sink::file::test_support::{names, temp_dir, FakeClock};
  use crate::sink::rotation::Rotation;
  use crate::sink::{Destination, FileDestination, FileSpec};
  use flate2::read::GzDecoder;
  use std::io::Read;

  /// 2025-01-15T10:30:45.123Z
  const T0: i64 = 1_736_937_045_123;
  const DAY: i64 = 86_400_000;

  fn gunzip(path: &Path) -> String {
    let mut text = String::new();
    GzDecoder::new(File::open(path).unwrap()).read_to_string(&mut text).unwrap();
    text
  }

  /// Rotated files at T0, T0 + 1 day, ... with their number as content.
  fn rotated_files(dir: &Path, count: i64) -> Names {
    let names = Names::new(&dir.join("app.log"));
    fs::write(dir.join("app.log"), "active\n").unwrap();
    for n in 0..count {
      fs::write(names.rotated(T0 + n * DAY), format!("file {n}\n")).unwrap();
    }
    names
  }

  #[test]
  fn retention_by_count_keeps_the_newest_and_never_the_active_file() {
    let dir = temp_dir("keep-count");
    let rotated = rotated_files(&dir, 5);
    pass(&rotated, Policy { retention: Some(Retention::Count(2)), compression: None }, T0).unwrap();
    assert_eq!(names(&dir), ["app.2025-01-18T10-30-45.123Z.log", "app.2025-01-19T10-30-45.123Z.log", "app.log"]);
    pass(&rotated, Policy { retention: Some(Retention::Count(0)), compression: None }, T0).unwrap();
    assert_eq!(names(&dir), ["app.log"]);
    fs::remove_dir_all(dir).unwrap();
  }

  #[test]
  fn retention_by_age_removes_files_rotated_longer_ago() {
    let dir = temp_dir("keep-age");
    let rotated = rotated_files(&dir, 5);
    pass(&rotated, Policy { retention: Some(Retention::Age(2 * DAY)), compression: None }, T0 + 4 * DAY).unwrap();
    assert_eq!(names(&dir), ["app.2025-01-17T10-30-45.123Z.log", "app.2025-01-18T10-30-45.123Z.log", "app.2025-01-19T10-30-45.123Z.log", "app.log"]);
    fs::remove_dir_all(dir).unwrap();
  }

  #[test]
  fn gzip_replaces_each_rotated_file_with_its_compressed_form() {
    let dir = temp_dir("gzip");
    let rotated = rotated_files(&dir, 2);
    pass(&rotated, Policy { retention: None, compression: Some(Compression::Gzip) }, T0).unwrap();
    assert_eq!(names(&dir), ["app.2025-01-15T10-30-45.123Z.log.gz", "app.2025-01-16T10-30-45.123Z.log.gz", "app.log"]);
    assert_eq!(gunzip(&dir.join("app.2025-01-16T10-30-45.123Z.log.gz")), "file 1\n");
    assert_eq!(fs::read_to_string(dir.join("app.log")).unwrap(), "active\n");
    fs::remove_dir_all(dir).unwrap();
  }

  #[test]
  fn a_crash_mid_compression_leaves_the_uncompressed_file_which_the_next_pass_compresses() {
    let dir = temp_dir("crash");
    let rotated = rotated_files(&dir, 2);
    let first = rotated.rotated(T0);
    let second = rotated.rotated(T0 + DAY);
    // Crashed while compressing the first: half a temporary file.
    fs::write(with_suffix(&with_suffix(&first, "gz"), "tmp"), [0x1f, 0x8b, 8]).unwrap();
    // Crashed after renaming the second's archive, before removing it.
    Compression::Gzip.compress(&second, &with_suffix(&second, "gz")).unwrap();
    pass(&rotated, Policy { retention: None, compression: Some(Compression::Gzip) }, T0).unwrap();
    assert_eq!(names(&dir), ["app.2025-01-15T10-30-45.123Z.log.gz", "app.2025-01-16T10-30-45.123Z.log.gz", "app.log"]);
    assert_eq!(gunzip(&with_suffix(&first, "gz")), "file 0\n");
    assert_eq!(gunzip(&with_suffix(&second, "gz")), "file 1\n");
    fs::remove_dir_all(dir).unwrap();
  }

  #[test]
  fn a_file_and_its_compressed_form_count_once_for_retention() {
    let dir = temp_dir("pairs");
    let rotated = rotated_files(&dir, 3);
    let newest = rotated.rotated(T0 + 2 * DAY);
    Compression::Gzip.compress(&newest, &with_suffix(&newest, "gz")).unwrap();
    pass(&rotated, Policy { retention: Some(Retention::Count(1)), compression: None }, T0).unwrap();
    assert_eq!(names(&dir), ["app.2025-01-17T10-30-45.123Z.log", "app.2025-01-17T10-30-45.123Z.log.gz", "app.log"]);
    fs::remove_dir_all(dir).unwrap();
  }

  #[test]
  fn a_rotating_sink_compresses_and_prunes_on_its_own_thread() {
    let dir = temp_dir("sink-housekeeping");
    let clock = FakeClock::at(T0);
    let spec = FileSpec {
      path: dir.join("app.log"),
      rotation: Some(Rotation { max_bytes: Some(20), every: None }),
      housekeeping: Policy { retention: Some(Retention::Count(3)), compression: Some(Compression::Gzip) },
    };
    let mut file = FileDestination::open_with_clock(&spec, clock.now()).unwrap();
    for n in 0..10 {
      clock.set(T0 + n * 1000);
      file.write_lines(format!("line number {n:03}\n").as_bytes()).unwrap();
    }
    file.wait_housekeeping();
    let found = names(&dir);
    assert_eq!(found.len(), 4, "{found:?}");
    assert!(found[..3].iter().all(|name| name.ends_with(".log.gz")), "{found:?}");
    let kept: String = found[..3].iter().map(|name| gunzip(&dir.join(name))).collect();
    assert_eq!(kept, "line number 006\nline number 007\nline number 008\n");
    assert_eq!(fs::read_to_string(dir.join("app.log")).unwrap(), "line number 009\n");
    fs::remove_dir_all(dir).unwrap();
  }
}
