//! Option objects as JS passes them, converted to core types.

use napi::bindgen_prelude::Float64Array;
use napi_derive::napi;

use crate::format::{write_resource, Format};
use crate::pipeline::SinkOptions;
use crate::sink::housekeeping::{Compression, Policy, Retention};
use crate::sink::rotation::{Period, Rotation};
use crate::sink::exporter::ExportConfig;
use crate::sink::{Body, FileSpec, FormatChoice, HttpSpec, Redaction, TargetSpec};

/// A sink as the JS facade describes it after validating the user's options
/// (lib/sinks.js, lib/targets/): the fields of every target kind, each kind using its own.
#[napi(object)]
pub struct NativeSinkOptions {
  /// `'stdout'`, `'stderr'`, `'file'` or `'http'`.
  pub kind: String,
  /// The file path, for `'file'`.
  pub path: Option<String>,
  pub level: u32,
  /// A format name (`'text'`, `'json'`, `'otlp'`); absent: follow
  /// `configure({ json })` (`'otlp'` for http).
  pub format: Option<String>,
  pub color: bool,
  /// Files: rotate past this many bytes.
  pub rotation_bytes: Option<f64>,
  /// Files: rotate at `rotation_offset_ms + k * rotation_period_ms` (UTC).
  pub rotation_period_ms: Option<f64>,
  pub rotation_offset_ms: Option<f64>,
  /// Files: keep this many rotated files...
  pub retention_count: Option<u32>,
  /// ...or those rotated less than this long ago.
  pub retention_ms: Option<f64>,
  /// Files: `'gzip'` rotated files.
  pub compression: Option<String>,
  /// Http: the collector's URL.
  pub url: Option<String>,
  /// Http: request headers, `[name, value]` pairs.
  pub headers: Option<Vec<Vec<String>>>,
  /// Http with format `'otlp'`: the resource's attributes as a JSON object.
  pub resource: Option<String>,
  /// Http: PEM certificates to trust instead of the built-in roots.
  pub ca: Option<String>,
  /// The sink's redaction paths as JSON, parsed by lib/redact.js: an array
  /// of paths, each an array of segments, `null` for `*`.
  pub redact_paths: Option<String>,
  /// The text put in place of a redacted value...
  pub redact_censor: Option<String>,
  /// ...unless the key is to be left out instead.
  pub redact_remove: Option<bool>,
}

fn invalid(message: String) -> napi::Error {
  napi::Error::new(napi::Status::InvalidArg, message)
}

impl TryFrom<NativeSinkOptions> for SinkOptions {
  type Error = napi::Error;

  fn try_from(options: NativeSinkOptions) -> napi::Result<Self> {
    let target = match (options.kind.as_str(), options.path.clone()) {
      ("http", _) => TargetSpec::Http(http(&options)?),
      ("stdout", _) => TargetSpec::Stdout,
      ("stderr", _) => TargetSpec::Stderr,
      ("file", Some(path)) => TargetSpec::File(FileSpec { path: path.into(), rotation: rotation(&options), housekeeping: housekeeping(&options)? }),
      (kind, _) => return Err(invalid(format!("unknown sink kind {kind:?}"))),
    };
    let format = match options.format.as_deref() {
      None if options.kind == "http" => FormatChoice::Fixed(Format::Otlp),
      None => FormatChoice::Default,
      Some(name) => FormatChoice::Fixed(Format::from_name(name, options.color).ok_or_else(|| invalid(format!("unknown format {name:?}")))?),
    };
    Ok(SinkOptions { target, level: options.level, format, color: options.color, redaction: redaction(&options)? })
  }
}

fn redaction(options: &NativeSinkOptions) -> napi::Result<Option<Redaction>> {
  let Some(paths) = &options.redact_paths else { return Ok(None) };
  let censor = match (options.redact_remove, &options.redact_censor) {
    (Some(true), _) => None,
    (_, Some(censor)) => Some(censor.clone()),
    (_, None) => return Err(invalid("a redaction needs a censor or remove".into())),
  };
  Redaction::from_json(paths, censor).map(Some).map_err(invalid)
}

fn rotation(options: &NativeSinkOptions) -> Option<Rotation> {
  let max_bytes = options.rotation_bytes.map(|bytes| bytes as u64);
  let every = options
    .rotation_period_ms
    .map(|period| Period { length_ms: period as i64, offset_ms: options.rotation_offset_ms.unwrap_or(0.0) as i64 });
  (max_bytes.is_some() || every.is_some()).then_some(Rotation { max_bytes, every })
}

fn http(options: &NativeSinkOptions) -> napi::Result<HttpSpec> {
  let url = options.url.clone().ok_or_else(|| invalid("an http sink needs a url".into()))?;
  let headers = options
    .headers
    .iter()
    .flatten()
    .map(|pair| match pair.as_slice() {
      [name, value] => Ok((name.clone(), value.clone())),
      _ => Err(invalid("headers are [name, value] pairs".into())),
    })
    .collect::<napi::Result<_>>()?;
  let body = match options.format.as_deref() {
    Some("json" | "pino") => Body::Ndjson,
    Some("otlp") | None => {
      let attributes: serde_json::Map<String, serde_json::Value> = match &options.resource {
        Some(json) => serde_json::from_str(json).map_err(|error| invalid(format!("resource: {error}")))?,
        None => serde_json::Map::new(),
      };
      let mut resource = Vec::new();
      write_resource(&attributes, &mut resource);
      Body::Otlp { resource: String::from_utf8_lossy(&resource).into_owned() }
    }
    Some(other) => return Err(invalid(format!("an http sink cannot take the format {other:?}"))),
  };
  Ok(HttpSpec { url, headers, ca: options.ca.clone(), body, config: ExportConfig::default() })
}

fn housekeeping(options: &NativeSinkOptions) -> napi::Result<Policy> {
  let retention = match (options.retention_count, options.retention_ms) {
    (Some(count), _) => Some(Retention::Count(count as usize)),
    (None, Some(ms)) => Some(Retention::Age(ms as i64)),
    (None, None) => None,
  };
  let compression = match options.compression.as_deref() {
    None => None,
    Some("gzip") => Some(Compression::Gzip),
    Some(other) => return Err(invalid(format!("unknown compression {other:?}"))),
  };
  Ok(Policy { retention, compression })
}

/// One batch of callback records, as `callbacks::Batch` describes it.
#[napi(object)]
pub struct NativeBatch {
  pub text: String,
  pub fields: String,
  pub layout: Float64Array,
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
      text: batch.text,
      fields: batch.fields,
      layout: Float64Array::new(batch.layout),
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
  pub main: i64,
}

#[napi(object)]
pub struct NativeStats {
  pub written: f64,
  pub write_errors: f64,
  pub dropped: f64,
  pub lost: f64,
  pub export_dropped: f64,
}
