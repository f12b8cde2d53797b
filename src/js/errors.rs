//! I/O errors as JS errors JS can turn into Node's own: on Unix the `code`
//! is the errno number, which the facade names with Node's table
//! (`util.getSystemErrorMap`), so `add('/root/x.log')` fails exactly like
//! `fs.openSync` would, `ENAMETOOLONG` and `ELOOP` included. Elsewhere the
//! code is the nearest errno name Rust's error kind gives.

use std::io;

pub fn io_error(error: &io::Error, syscall: &str, path: &str) -> napi::Error<String> {
  let name = errno_name(error);
  // Node words it `ENOENT: no such file or directory, open '/x'`; Rust adds
  // ` (os error 2)`, which says nothing the code does not.
  let text = error.to_string();
  let text = text.split(" (os error").next().unwrap_or(&text).to_lowercase();
  napi::Error::new(code(error).unwrap_or_else(|| name.to_owned()), format!("{name}: {text}, {syscall} '{path}'"))
}

#[cfg(unix)]
fn code(error: &io::Error) -> Option<String> {
  error.raw_os_error().map(|errno| errno.to_string())
}

#[cfg(not(unix))]
fn code(_: &io::Error) -> Option<String> {
  None
}

fn errno_name(error: &io::Error) -> &'static str {
  use io::ErrorKind::*;
  match error.kind() {
    NotFound => "ENOENT",
    PermissionDenied => "EACCES",
    AlreadyExists => "EEXIST",
    NotADirectory => "ENOTDIR",
    IsADirectory => "EISDIR",
    ReadOnlyFilesystem => "EROFS",
    StorageFull => "ENOSPC",
    InvalidFilename => "ENAMETOOLONG",
    InvalidInput => "EINVAL",
    _ => "EIO",
  }
}
