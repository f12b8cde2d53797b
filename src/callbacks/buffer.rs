//! The bounded buffer between the writer thread and the JS dispatcher.
//!
//! The writer pushes each record's JSON with the ids of the callbacks that
//! take it, and the progress watermark: every record before it is in the
//! buffer, was dropped, or goes to no callback. JS takes batches and learns
//! the watermark with each, so it always knows how far delivery got, whatever
//! happened to individual records. JS is told that something waits by a
//! doorbell (a threadsafe function) that rings at most once until JS has
//! emptied the buffer, so a flood costs one call per batch, not per record.

use std::collections::VecDeque;
use std::sync::Mutex;

/// Wakes the JS dispatcher. Implemented over a napi threadsafe function in
/// `js/`, and by counters in tests.
pub trait Doorbell: Send + Sync {
  fn ring(&self);
}

/// One record for callbacks.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
  /// The record's place among every record logged (readable or not).
  pub seq: u64,
  /// The callbacks that take it, in the order they were added.
  pub takers: Vec<u32>,
  pub json: String,
}

/// What JS gets from one `take`.
#[derive(Debug, Default, PartialEq)]
pub struct Batch {
  /// `[seq, bytes, [ids], record, ...]` as one JSON array: one string
  /// crosses into JS and one `JSON.parse` rebuilds the batch.
  pub json: String,
  pub count: usize,
  /// Records dropped because the buffer was full, since the previous take.
  pub dropped: u64,
  /// Every record before this sequence number has been handed over in this
  /// or an earlier batch, or dropped, or was for no callback.
  pub through: u64,
  /// False when this take emptied the buffer; the doorbell rings again for
  /// the next record.
  pub more: bool,
}

/// How many records and bytes of record JSON the buffer holds at most.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
  pub records: usize,
  pub bytes: usize,
}

pub const DEFAULT_LIMITS: Limits = Limits { records: 100_000, bytes: 32 * 1024 * 1024 };

struct State {
  records: VecDeque<Entry>,
  bytes: usize,
  limits: Limits,
  dropped_since_take: u64,
  dropped_total: u64,
  /// The writer's watermark: records before it are all accounted for.
  processed: u64,
  /// The watermark JS was last given.
  reported: u64,
  /// JS waits for the watermark to move (records in flight, or `complete()`),
  /// so progress alone rings the doorbell.
  wants_progress: bool,
  /// The doorbell rang and JS has not yet found the buffer empty.
  rung: bool,
}

impl State {
  /// Whether the doorbell should ring now; marks it rung if so.
  fn should_ring(&mut self) -> bool {
    let news = !self.records.is_empty()
      || self.dropped_since_take > 0
      || (self.wants_progress && self.processed > self.reported);
    let ring = news && !self.rung;
    self.rung |= ring;
    ring
  }
}

pub struct CallbackBuffer {
  state: Mutex<State>,
}

impl Default for CallbackBuffer {
  fn default() -> Self {
    Self::with_limits(DEFAULT_LIMITS)
  }
}

impl CallbackBuffer {
  pub fn with_limits(limits: Limits) -> Self {
    CallbackBuffer {
      state: Mutex::new(State {
        records: VecDeque::new(),
        bytes: 0,
        limits,
        dropped_since_take: 0,
        dropped_total: 0,
        processed: 0,
        reported: 0,
        wants_progress: false,
        rung: false,
      }),
    }
  }

  fn state(&self) -> std::sync::MutexGuard<'_, State> {
    // A panic while holding this lock cannot leave the queue inconsistent
    // (every update is a single push, pop or counter), so poisoning is ignored.
    self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
  }

  pub fn set_limits(&self, limits: Limits) {
    self.state().limits = limits;
  }

  /// Adds records and moves the watermark to `processed`. When the buffer
  /// is full the newest records are dropped and counted. Returns true when
  /// the caller must ring the doorbell.
  pub fn push(&self, records: impl IntoIterator<Item = Entry>, processed: u64) -> bool {
    let mut state = self.state();
    for record in records {
      let size = record.json.len();
      let fits = state.records.len() < state.limits.records
        && (state.records.is_empty() || state.bytes + size <= state.limits.bytes);
      if fits {
        state.bytes += size;
        state.records.push_back(record);
      } else {
        state.dropped_since_take += 1;
        state.dropped_total += 1;
      }
    }
    state.processed = state.processed.max(processed);
    state.should_ring()
  }

  /// Whether JS waits for the watermark to move. Returns true when the
  /// doorbell should ring now (it already moved).
  pub fn want_progress(&self, wanted: bool) -> bool {
    let mut state = self.state();
    state.wants_progress = wanted;
    state.should_ring()
  }

  /// Takes records, oldest first, up to `max_records` and about `max_bytes`
  /// (at least one record when any waits).
  pub fn take(&self, max_records: usize, max_bytes: usize) -> Batch {
    let mut state = self.state();
    let mut count = 0;
    let mut bytes = 0;
    for record in state.records.iter().take(max_records) {
      if count > 0 && bytes + record.json.len() > max_bytes {
        break;
      }
      count += 1;
      bytes += record.json.len();
    }
    let mut json = String::with_capacity(bytes + count * 32 + 2);
    json.push('[');
    for (index, record) in state.records.drain(..count).enumerate() {
      if index > 0 {
        json.push(',');
      }
      push_entry(&mut json, &record);
    }
    json.push(']');
    state.bytes -= bytes;
    let dropped = std::mem::take(&mut state.dropped_since_take);
    let through = state.records.front().map_or(state.processed, |next| next.seq);
    state.reported = through;
    let more = !state.records.is_empty();
    state.rung = more;
    Batch { json, count, dropped, through, more }
  }

  pub fn dropped_total(&self) -> u64 {
    self.state().dropped_total
  }
}

/// `seq,bytes,[ids],record`.
fn push_entry(json: &mut String, record: &Entry) {
  use std::fmt::Write;
  let _ = write!(json, "{},{},[", record.seq, record.json.len());
  for (index, id) in record.takers.iter().enumerate() {
    if index > 0 {
      json.push(',');
    }
    let _ = write!(json, "{id}");
  }
  json.push_str("],");
  json.push_str(&record.json);
}

#[cfg(test)]
mod tests {
  use super::*;

  fn records(range: std::ops::Range<u64>) -> Vec<Entry> {
    range.map(|seq| Entry { seq, takers: vec![1], json: format!("{{\"n\":{seq}}}") }).collect()
  }

  #[test]
  fn rings_once_until_js_empties_the_buffer() {
    let buffer = CallbackBuffer::default();
    assert!(buffer.push(records(0..2), 2));
    assert!(!buffer.push(records(2..3), 3), "already rung");
    let batch = buffer.take(2, usize::MAX);
    assert_eq!(batch.json, r#"[0,7,[1],{"n":0},1,7,[1],{"n":1}]"#);
    assert_eq!((batch.through, batch.more), (2, true));
    assert!(!buffer.push(records(3..4), 4), "JS has not found it empty yet");
    let batch = buffer.take(10, usize::MAX);
    assert_eq!((batch.count, batch.through, batch.more), (2, 4, false));
    assert!(buffer.push(records(4..5), 5), "empty again: the next record rings");
  }

  #[test]
  fn a_full_buffer_drops_the_newest_and_reports_them_once() {
    let buffer = CallbackBuffer::with_limits(Limits { records: 3, bytes: usize::MAX });
    buffer.push(records(0..5), 5);
    let batch = buffer.take(10, usize::MAX);
    assert_eq!(batch.json, r#"[0,7,[1],{"n":0},1,7,[1],{"n":1},2,7,[1],{"n":2}]"#);
    assert_eq!((batch.dropped, batch.through), (2, 5));
    assert_eq!(buffer.take(10, usize::MAX).dropped, 0);
    assert_eq!(buffer.dropped_total(), 2);
  }

  #[test]
  fn the_byte_limit_bounds_the_buffer_but_always_takes_one_record() {
    let buffer = CallbackBuffer::with_limits(Limits { records: 100, bytes: 10 });
    let big = Entry { seq: 0, takers: vec![1], json: format!("\"{}\"", "x".repeat(50)) };
    buffer.push([big.clone(), Entry { seq: 1, ..big }], 2);
    let batch = buffer.take(10, 5);
    assert_eq!((batch.count, batch.dropped, batch.through), (1, 1, 2));
  }

  #[test]
  fn a_take_stops_at_the_byte_budget_and_the_watermark_stops_at_the_next_record() {
    let buffer = CallbackBuffer::default();
    buffer.push(records(0..3), 3);
    let batch = buffer.take(10, 8);
    assert_eq!((batch.count, batch.through, batch.more), (1, 1, true));
  }

  #[test]
  fn progress_without_records_rings_only_while_js_wants_it() {
    let buffer = CallbackBuffer::default();
    assert!(!buffer.push([], 10), "nobody waits");
    assert!(buffer.want_progress(true), "it already moved");
    let batch = buffer.take(10, usize::MAX);
    assert_eq!((batch.count, batch.through), (0, 10));
    assert!(!buffer.push([], 10), "no news");
    assert!(buffer.push([], 11));
  }

  #[test]
  fn an_empty_take_is_an_empty_array() {
    let batch = CallbackBuffer::default().take(10, usize::MAX);
    assert_eq!(batch, Batch { json: "[]".into(), count: 0, dropped: 0, through: 0, more: false });
  }
}
