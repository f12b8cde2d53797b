//! Counters shared by the log call, the writer and the callback buffer.

use std::sync::atomic::{AtomicU64, Ordering};

#[derive(Debug, Default)]
pub struct Counters {
  /// Lines sinks wrote successfully.
  pub written: AtomicU64,
  /// Sink writes that failed (disk full, closed pipe).
  pub write_errors: AtomicU64,
  /// Records network sinks dropped: their queue full, or refused by the collector.
  pub export_dropped: AtomicU64,
}

impl Counters {
  pub fn add(counter: &AtomicU64, n: u64) {
    counter.fetch_add(n, Ordering::Relaxed);
  }

  pub fn get(counter: &AtomicU64) -> u64 {
    counter.load(Ordering::Relaxed)
  }
}

/// A copy of the counters at one moment.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Stats {
  pub written: u64,
  pub write_errors: u64,
  /// Records not delivered to callbacks because the buffer was full.
  pub dropped: u64,
  /// Records never written because the writer thread was gone.
  pub lost: u64,
  /// Records network sinks dropped: their queue full, or refused by the collector.
  pub export_dropped: u64,
}
