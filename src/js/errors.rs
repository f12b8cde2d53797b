//! I/O errors as JS errors whose `code` is the errno name Node uses, so
//! `add('/root/x.log')` fails like `fs.openSync` would: `err.code === 'EACCES'`.

use std::io;

pub fn io_error(error: &io::Error, syscall: &str, path: &str) -> napi::Error<String> {
  let code = errno_name(error);
  // Node words it `ENOENT: no such file or directory, open '/x'`; Rust adds
  // ` (os error 2)`, which says nothing the code does not.
  let text = error.to_string();
  let text = text.split(" (os error").next().unwrap_or(&text).to_lowercase();
  napi::Error::new(code.to_owned(), format!("{code}: {text}, {syscall} '{path}'"))
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
    InvalidInput | InvalidFilename => "EINVAL",
    _ => "EIO",
  }
}
