//! HTTP sinks: batches of records POSTed to a collector by the sink's
//! exporter thread (exporter.rs), as OTLP/HTTP JSON or as NDJSON.
//!
//! The client is ureq: small, blocking (it runs on the exporter's own
//! thread, so blocking costs nothing), rustls with the webpki roots, so
//! https works without OpenSSL or the system's certificate store; `ca`
//! replaces those roots for a collector behind a private CA.

use std::io;
use std::sync::Arc;
use std::time::Duration;

use ureq::tls::{parse_pem, Certificate, PemItem, RootCerts, TlsConfig};

use super::exporter::{self, ExportConfig, Exports, Outcome, Shared};
use super::Destination;
use crate::stats::Counters;

/// How long one request may take, connection included.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// Retry-After values past this are capped: a record waits at most this long per attempt.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(30);

/// What the body of a request is.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
  /// `ExportLogsServiceRequest` in JSON; `resource` is the JSON of its `Resource`.
  Otlp { resource: String },
  /// One JSON record per line (Vector, Fluent Bit, Loki's push gateways...).
  Ndjson,
}

#[derive(Debug, Clone, PartialEq)]
pub struct HttpSpec {
  pub url: String,
  pub headers: Vec<(String, String)>,
  /// PEM certificates to trust instead of the webpki roots (a private CA).
  pub ca: Option<String>,
  pub body: Body,
  pub config: ExportConfig,
}

pub struct HttpDestination {
  url: String,
  shared: Arc<Shared>,
}

impl HttpDestination {
  /// Starts the exporter thread; `exports` lets `complete()` wait for it.
  pub fn open(spec: &HttpSpec, counters: Arc<Counters>, exports: &Exports) -> io::Result<Self> {
    spec.url.parse::<ureq::http::Uri>().map_err(|error| io::Error::new(io::ErrorKind::InvalidInput, error.to_string()))?;
    let roots = spec.ca.as_deref().map(certificates).transpose()?;
    let shared = exporter::start(spec.config, sender(spec.clone(), roots), counters, spec.url.clone())?;
    exports.register(shared.clone());
    Ok(HttpDestination { url: spec.url.clone(), shared })
  }
}

impl Destination for HttpDestination {
  fn write_lines(&mut self, lines: &[u8]) -> io::Result<()> {
    self.shared.push(lines);
    Ok(())
  }

  fn describe(&self) -> String {
    self.url.clone()
  }
}

impl Drop for HttpDestination {
  /// The exporter sends what it holds, then ends.
  fn drop(&mut self) {
    self.shared.close();
  }
}

/// Appends the request body for `records` (each one line, no newline).
pub fn encode(body: &Body, records: &[Vec<u8>], out: &mut Vec<u8>) {
  match body {
    Body::Otlp { resource } => {
      out.extend_from_slice(b"{\"resourceLogs\":[{\"resource\":");
      out.extend_from_slice(resource.as_bytes());
      out.extend_from_slice(b",\"scopeLogs\":[{\"scope\":{\"name\":\"logly-node\",\"version\":\"");
      out.extend_from_slice(env!("CARGO_PKG_VERSION").as_bytes());
      out.extend_from_slice(b"\"},\"logRecords\":[");
      for (index, record) in records.iter().enumerate() {
        if index > 0 {
          out.push(b',');
        }
        out.extend_from_slice(record);
      }
      out.extend_from_slice(b"]}]}]}");
    }
    Body::Ndjson => {
      for record in records {
        out.extend_from_slice(record);
        out.push(b'\n');
      }
    }
  }
}

/// What an HTTP status means for a batch: OTLP/HTTP's retryable codes are
/// 429, 502, 503 and 504; every other failure is final.
pub fn classify(status: u16, retry_after: Option<Duration>) -> Outcome {
  match status {
    200..=299 => Outcome::Sent,
    429 | 502 | 503 | 504 => Outcome::Retry { after: retry_after, why: format!("HTTP {status}") },
    _ => Outcome::Refused(format!("HTTP {status}")),
  }
}

/// The certificates of a PEM text; an error if it holds none or a bad one.
fn certificates(pem: &str) -> io::Result<Vec<Certificate<'static>>> {
  let invalid = |why: String| io::Error::new(io::ErrorKind::InvalidInput, format!("ca: {why}"));
  let mut certificates = Vec::new();
  for item in parse_pem(pem.as_bytes()) {
    if let PemItem::Certificate(certificate) = item.map_err(|error| invalid(error.to_string()))? {
      certificates.push(certificate);
    }
  }
  if certificates.is_empty() {
    return Err(invalid("no certificate in the PEM text".into()));
  }
  Ok(certificates)
}

fn sender(spec: HttpSpec, roots: Option<Vec<Certificate<'static>>>) -> exporter::Send {
  let mut tls = TlsConfig::builder();
  if let Some(roots) = roots {
    tls = tls.root_certs(RootCerts::Specific(Arc::new(roots)));
  }
  let agent: ureq::Agent = ureq::Agent::config_builder()
    .tls_config(tls.build())
    .timeout_global(Some(REQUEST_TIMEOUT))
    .http_status_as_error(false)
    .user_agent(concat!("logly-node/", env!("CARGO_PKG_VERSION")))
    .build()
    .into();
  let content_type = match spec.body {
    Body::Otlp { .. } => "application/json",
    Body::Ndjson => "application/x-ndjson",
  };
  let mut body = Vec::new();
  Box::new(move |records: &[Vec<u8>]| {
    body.clear();
    encode(&spec.body, records, &mut body);
    let mut request = agent.post(&spec.url).header("content-type", content_type);
    for (name, value) in &spec.headers {
      request = request.header(name, value);
    }
    match request.send(&body[..]) {
      Ok(mut response) => {
        let retry_after = response
          .headers()
          .get("retry-after")
          .and_then(|value| value.to_str().ok())
          .and_then(|value| value.trim().parse::<u64>().ok())
          .map(|seconds| Duration::from_secs(seconds).min(MAX_RETRY_AFTER));
        // Read the answer so the connection can be used again.
        let _ = response.body_mut().with_config().limit(64 * 1024).read_to_vec();
        classify(response.status().as_u16(), retry_after)
      }
      Err(error) => Outcome::Retry { after: None, why: error.to_string() },
    }
  })
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn otlp_bodies_wrap_the_records_in_resource_and_scope() {
    let mut out = Vec::new();
    let resource = r#"{"attributes":[{"key":"service.name","value":{"stringValue":"api"}}]}"#.to_owned();
    encode(&Body::Otlp { resource }, &[b"{\"a\":1}".to_vec(), b"{\"b\":2}".to_vec()], &mut out);
    let value: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let scope_logs = &value["resourceLogs"][0]["scopeLogs"][0];
    assert_eq!(value["resourceLogs"][0]["resource"]["attributes"][0]["key"], "service.name");
    assert_eq!(scope_logs["scope"]["name"], "logly-node");
    assert_eq!(scope_logs["logRecords"], serde_json::json!([{ "a": 1 }, { "b": 2 }]));
  }

  #[test]
  fn ndjson_bodies_are_one_record_a_line() {
    let mut out = Vec::new();
    encode(&Body::Ndjson, &[b"{\"a\":1}".to_vec(), b"{\"b\":2}".to_vec()], &mut out);
    assert_eq!(out, b"{\"a\":1}\n{\"b\":2}\n");
  }

  #[test]
  fn only_429_502_503_504_are_retried() {
    for status in [429, 502, 503, 504] {
      assert!(matches!(classify(status, None), Outcome::Retry { .. }), "{status}");
    }
    for status in [400, 401, 404, 413, 500, 501] {
      assert!(matches!(classify(status, None), Outcome::Refused(_)), "{status}");
    }
    assert_eq!(classify(200, None), Outcome::Sent);
    assert_eq!(classify(204, None), Outcome::Sent);
  }
}
