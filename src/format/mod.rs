//! Turning records into bytes: JSON lines (also the callback payload) and
//! the human text layout of the reference page.

mod json;
mod text;
mod time;

pub use json::write_json;
pub use text::write_text;
pub use time::Clock;

use serde::Serialize;

/// How a sink lays out its lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
  Json,
  Text { color: bool },
}

/// Appends `value` as JSON. Writing into a `Vec` cannot fail and every value
/// here has string keys, so the error branch is only a guard.
fn push_json<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) {
  if serde_json::to_writer(&mut *out, value).is_err() {
    out.extend_from_slice(b"null");
  }
}
