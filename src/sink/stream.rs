//! Streams: a duplicate of stdout or stderr, or any writer (tests).

use std::io::{self, IsTerminal, Write};
use std::thread;
use std::time::Duration;

use super::Destination;

pub struct Stream {
  name: &'static str,
  writer: Box<dyn Write + Send>,
  terminal: bool,
}

impl Stream {
  pub fn stdout() -> io::Result<Self> {
    Ok(Stream { terminal: io::stdout().is_terminal(), ..Stream::new("stdout", duplicate::stdout()?) })
  }

  pub fn stderr() -> io::Result<Self> {
    Ok(Stream { terminal: io::stderr().is_terminal(), ..Stream::new("stderr", duplicate::stderr()?) })
  }

  /// Any writer; tests use in-memory ones.
  pub fn new(name: &'static str, writer: impl Write + Send + 'static) -> Self {
    Stream { name, writer: Box::new(writer), terminal: false }
  }
}

impl Destination for Stream {
  /// Whole lines, at most `ATOMIC_WRITE` bytes a write: the application's
  /// own `console.log` writes to the same pipe, and only a write that small
  /// is never split by the kernel, so neither side can cut into the
  /// other's line.
  fn write_lines(&mut self, lines: &[u8]) -> io::Result<()> {
    for chunk in line_chunks(lines, ATOMIC_WRITE) {
      write_fully(&mut self.writer, chunk)?;
    }
    Ok(())
  }

  fn describe(&self) -> String {
    self.name.into()
  }

  fn is_terminal(&self) -> bool {
    self.terminal
  }
}

/// PIPE_BUF: the most a pipe takes in one piece (POSIX guarantees 512; Linux has 4096).
#[cfg(target_os = "linux")]
const ATOMIC_WRITE: usize = 4096;
#[cfg(not(target_os = "linux"))]
const ATOMIC_WRITE: usize = 512;

/// `bytes` (whole lines) cut into runs of whole lines of at most `max`
/// bytes; a single longer line is a run of its own.
fn line_chunks(bytes: &[u8], max: usize) -> impl Iterator<Item = &[u8]> {
  let mut rest = bytes;
  std::iter::from_fn(move || {
    if rest.is_empty() {
      return None;
    }
    let window = &rest[..rest.len().min(max)];
    let end = match window.iter().rposition(|&byte| byte == b'\n') {
      Some(newline) if rest.len() > max => newline + 1,
      // Everything fits, or one line is longer than `max`: up to its end.
      _ if rest.len() <= max => rest.len(),
      _ => rest.iter().position(|&byte| byte == b'\n').map_or(rest.len(), |newline| newline + 1),
    };
    let (chunk, tail) = rest.split_at(end);
    rest = tail;
    Some(chunk)
  })
}

/// How long to wait before retrying a write the OS refused for now.
const RETRY_AFTER: Duration = Duration::from_millis(1);

/// Writes all of `bytes`. Node puts the pipes and terminals behind stdout and
/// stderr into non-blocking mode, and our duplicate descriptor shares that
/// mode, so a full pipe answers `WouldBlock`: wait and retry instead of
/// failing (which `write_all` would do, losing track of what was written).
pub fn write_fully(writer: &mut dyn Write, mut bytes: &[u8]) -> io::Result<()> {
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
  use std::sync::Arc;

  /// Accepts two bytes a call and refuses every other call with WouldBlock.
  struct Stingy {
    calls: usize,
    out: Arc<std::sync::Mutex<Vec<u8>>>,
  }

  impl Write for Stingy {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
      self.calls += 1;
      if self.calls.is_multiple_of(2) {
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
  fn lines_go_out_whole_in_writes_of_at_most_the_atomic_size() {
    let lines: Vec<u8> = (0..100).flat_map(|n| format!("line {n:03} {}\n", "x".repeat(n % 7)).into_bytes()).collect();
    let chunks: Vec<&[u8]> = line_chunks(&lines, 64).collect();
    assert_eq!(chunks.concat(), lines);
    for chunk in &chunks {
      assert!(chunk.len() <= 64 && chunk.ends_with(b"\n"), "{:?}", String::from_utf8_lossy(chunk));
    }
    let long = format!("short\n{}\nshort\n", "y".repeat(100));
    let chunks: Vec<&[u8]> = line_chunks(long.as_bytes(), 64).collect();
    assert_eq!(chunks, [&b"short\n"[..], format!("{}\n", "y".repeat(100)).as_bytes(), b"short\n"]);
  }

  #[test]
  fn would_block_is_retried_until_everything_is_written() {
    let out = Arc::new(std::sync::Mutex::new(Vec::new()));
    let mut stream = Stream::new("stingy", Stingy { calls: 0, out: out.clone() });
    stream.write_lines(b"hello world\n").unwrap();
    assert_eq!(&*out.lock().unwrap(), b"hello world\n");
  }
}
