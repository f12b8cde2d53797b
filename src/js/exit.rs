//! Ending the process at once, for the one case where Node's own exit would
//! hang: a module callback's worker thread stuck in a system call (a blocking
//! read that never returns). Node joins every worker thread before the
//! process ends, and a thread in a system call cannot be stopped, so after
//! the exit drain has given up waiting for it (`exitTimeout`), logly ends
//! the process itself with the exit code Node was about to use.

use napi_derive::napi;

/// Ends the process now with `code`, running no exit handlers: everything
/// logly had to write was written (or given up on) by the exit drain.
#[napi(catch_unwind)]
pub fn exit_now(code: i32) {
  #[cfg(unix)]
  // SAFETY: `_exit` takes a plain integer and never returns; skipping the C
  // runtime's atexit handlers is the point (they would join the stuck thread).
  unsafe {
    libc::_exit(code)
  }
  #[cfg(not(unix))]
  std::process::exit(code)
}
