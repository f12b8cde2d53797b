//! The files a sink writes to: a duplicate of stdout or stderr, or a file
//! opened for appending.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::thread;
use std::time::Duration;

pub enum Target {
  Stdout(File),
  Stderr(File),
  File(File, PathBuf),
  /// Anything else that takes bytes; used by tests.
  Writer(Box<dyn Write + Send>),
}

impl Target {
  pub fn stdout() -> io::Result<Self> {
    Ok(Target::Stdout(duplicate::stdout()?))
  }

  pub fn stderr() -> io::Result<Self> {
    Ok(Target::Stderr(duplicate::stderr()?))
  }

  /// Opens `path` for appending, creating it and its parent folders.
  pub fn file(path: &Path) -> io::Result<Self> {
    if let Some(parent) = path.parent().filter(|parent| !parent.as_os_str().is_empty()) {
      fs::create_dir_all(parent).map_err(|error| match error.kind() {
        // create_dir_all says AlreadyExists when a component is a file.
        io::ErrorKind::AlreadyExists => io::ErrorKind::NotADirectory.into(),
        _ => error,
      })?;
    }
    let file = OpenOptions::new().append(true).create(true).open(path)?;
    Ok(Target::File(file, path.to_owned()))
  }

  pub fn describe(&self) -> String {
    match self {
      Target::Stdout(_) => "stdout".into(),
      Target::Stderr(_) => "stderr".into(),
      Target::File(_, path) => path.display().to_string(),
      Target::Writer(_) => "writer".into(),
    }
  }

  fn writer(&mut self) -> &mut dyn Write {
    match self {
      Target::Stdout(file) | Target::Stderr(file) | Target::File(file, _) => file,
      Target::Writer(writer) => writer,
    }
  }
}

/// How long to wait before retrying a write the OS refused for now.
const RETRY_AFTER: Duration = Duration::from_millis(1);

/// Writes all of `bytes`. Node puts the pipes and terminals behind stdout and
/// stderr into non-blocking mode, and our duplicate descriptor shares that
/// mode, so a full pipe answers `WouldBlock`: wait and retry instead of
/// failing (which `write_all` would do, losing track of what was written).
pub fn write_fully(target: &mut Target, mut bytes: &[u8]) -> io::Result<()> {
  let writer = target.writer();
  while !bytes.is_empty() {
    match writer.write(bytes) {
      Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
      Ok(written) => bytes = &bytes[written..],
      Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
      Err(error) if error.kind() == io::ErrorKind::WouldBlock => thread::sleep(RETRY_AFTER),
      Err(error) => return Err(error),
    }
  }
  writer.flush()
}

/// Our own descriptors for the process's stdout and stderr, so the writer
/// thread can write without going through (and locking) Rust's `Stdout`.
mod duplicate {
  use std::fs::File;
  use std::io;

  #[cfg(unix)]
  fn duplicate(stream: &impl std::os::fd::AsFd) -> io::Result<File> {
    Ok(File::from(stream.as_fd().try_clone_to_owned()?))
  }

  #[cfg(windows)]
  fn duplicate(stream: &impl std::os::windows::io::AsHandle) -> io::Result<File> {
    Ok(File::from(stream.as_handle().try_clone_to_owned()?))
  }

  pub fn stdout() -> io::Result<File> {
    duplicate(&io::stdout())
  }

  pub fn stderr() -> io::Result<File> {
    duplicate(&io::stderr())
  }
}

#[cfg(test)]
mod tests {
  use super::*;
  use std::sync::atomic::{AtomicUsize, Ordering};
  use std::sync::Arc;

  /// Accepts two bytes a call and refuses every other call with WouldBlock.
  struct Stingy {
    calls: usize,
    out: Arc<std::sync::Mutex<Vec<u8>>>,
  }

  impl Write for Stingy {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
      self.calls += 1;
      if self.calls % 2 == 0 {
        return Err(io::ErrorKind::WouldBlock.into());
      }
      let n = buf.len().min(2);
      self.out.lock().unwrap().extend_from_slice(&buf[..n]);
      Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
      Ok(())
    }
  }

  #[test]
  fn would_block_is_retried_until_everything_is_written() {
    let out = Arc::new(std::sync::Mutex::new(Vec::new()));
    let mut target = Target::Writer(Box::new(Stingy { calls: 0, out: out.clone() }));
    write_fully(&mut target, b"hello world\n").unwrap();
    assert_eq!(&*out.lock().unwrap(), b"hello world\n");
  }

  #[test]
  fn files_are_created_with_their_folders_and_appended_to() {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!("logly-target-{}-{}", std::process::id(), N.fetch_add(1, Ordering::SeqCst)));
    let path = dir.join("a/b/app.log");
    for line in [&b"one\n"[..], b"two\n"] {
      let mut target = Target::file(&path).unwrap();
      write_fully(&mut target, line).unwrap();
    }
    assert_eq!(fs::read_to_string(&path).unwrap(), "one\ntwo\n");
    fs::remove_dir_all(dir).unwrap();
  }

  #[test]
  fn an_unwritable_path_is_an_error_not_a_panic() {
    let error = Target::file(Path::new("/proc/logly-cannot-exist/app.log")).err().unwrap();
    assert!(matches!(error.kind(), io::ErrorKind::NotFound | io::ErrorKind::PermissionDenied | io::ErrorKind::Other));
  }
}
