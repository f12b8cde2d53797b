//! Option objects as JS passes them, converted to core types.

use napi_derive::napi;

use crate::format::Format;
use crate::pipeline::SinkOptions;
use crate::sink::{FileSpec, FormatChoice, TargetSpec};

/// A sink as the JS facade describes it after validating the user's options
/// (lib/sinks.js, lib/targets/): the fields of every target kind, each kind using its own.
#[napi(object)]
pub struct NativeSinkOptions {
  /// `'stdout'`, `'stderr'` or `'file'`.
  pub kind: String,
  /// The file path, for `'file'`.
  pub path: Option<String>,
  pub level: u32,
  /// A format name (`'text'`, `'json'`); absent: follow `configure({ json })`.
  pub format: Option<String>,
  pub color: bool,
}

fn invalid(message: String) -> napi::Error {
  napi::Error::new(napi::Status::InvalidArg, message)
}

impl TryFrom<NativeSinkOptions> for SinkOptions {
  type Error = napi::Error;

  fn try_from(options: NativeSinkOptions) -> napi::Result<Self> {
    let target = match (options.kind.as_str(), options.path) {
      ("stdout", _) => TargetSpec::Stdout,
      ("stderr", _) => TargetSpec::Stderr,
      ("file", Some(path)) => TargetSpec::File(FileSpec::new(path)),
      (kind, _) => return Err(invalid(format!("unknown sink kind {kind:?}"))),
    };
    let format = match options.format.as_deref() {
      None => FormatChoice::Default,
      Some(name) => FormatChoice::Fixed(Format::from_name(name, options.color).ok_or_else(|| invalid(format!("unknown format {name:?}")))?),
    };
    Ok(SinkOptions { target, level: options.level, format, color: options.color })
  }
}

/// One batch of callback records.
#[napi(object)]
pub struct NativeBatch {
  /// `[seq, bytes, [callback ids], record, ...]`.
  pub json: String,
  pub count: u32,
  /// Records dropped since the previous batch because the buffer was full.
  pub dropped: f64,
  /// Every record logged before this sequence number is accounted for.
  pub through: f64,
  /// More records are waiting; take again.
  pub more: bool,
}

impl From<crate::callbacks::Batch> for NativeBatch {
  fn from(batch: crate::callbacks::Batch) -> Self {
    NativeBatch {
      json: batch.json,
      count: batch.count as u32,
      dropped: batch.dropped as f64,
      through: batch.through as f64,
      more: batch.more,
    }
  }
}

/// The lowest levels JS must let through for callbacks; -1 for none.
#[napi(object)]
pub struct NativeGates {
  pub any: i64,
  pub location: i64,
}

#[napi(object)]
pub struct NativeStats {
  pub written: f64,
  pub write_errors: f64,
  pub dropped: f64,
  pub lost: f64,
}
