//! File sinks: a file opened for appending, created with its folders.

use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

use super::{write_fully, Destination};

/// A file sink as asked for.
#[derive(Debug, Clone, PartialEq)]
pub struct FileSpec {
  pub path: PathBuf,
}

impl FileSpec {
  pub fn new(path: impl Into<PathBuf>) -> Self {
    FileSpec { path: path.into() }
  }
}

pub struct FileDestination {
  spec: FileSpec,
  file: File,
}

impl FileDestination {
  pub fn open(spec: &FileSpec) -> io::Result<Self> {
    Ok(FileDestination { file: open_append(&spec.path)?, spec: spec.clone() })
  }
}

impl Destination for FileDestination {
  fn write_lines(&mut self, lines: &[u8]) -> io::Result<()> {
    write_fully(&mut self.file, lines)
  }

  fn reopen(&mut self) -> io::Result<()> {
    self.file = open_append(&self.spec.path)?;
    Ok(())
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
  OpenOptions::new().append(true).create(true).open(path)
}

#[cfg(test)]
mod tests {
  use super::*;
  use std::sync::atomic::{AtomicUsize, Ordering};

  pub fn temp_dir(name: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    std::env::temp_dir().join(format!("logly-{name}-{}-{}", std::process::id(), N.fetch_add(1, Ordering::SeqCst)))
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
}
