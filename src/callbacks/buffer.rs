//! The bounded buffer between the writer thread and the JS dispatcher.
//!
//! The writer pushes each record's JSON; JS takes batches. JS is told that
//! records are waiting by a doorbell (a threadsafe function) that rings at
//! most once until JS has emptied the buffer, so a flood costs one call per
//! batch, not one per record.

use std::collections::VecDeque;
use std::sync::Mutex;

/// Wakes the JS dispatcher. Implemented over a napi threadsafe function in
/// `js/`, and by counters in tests.
pub trait Doorbell: Send + Sync {
  fn ring(&self);
}

/// What JS gets from one `take`.
#[derive(Debug, Default, PartialEq)]
pub struct Batch {
  /// `[seq, record, seq, record, ...]` as one JSON array: one string crosses
  /// into JS and one `JSON.parse` rebuilds the batch.
  pub json: String,
  pub count: usize,
  /// Records dropped because the buffer was full, since the previous take.
  pub dropped: u64,
  /// False when this take emptied the buffer; the doorbell rings again for
  /// the next record.
  pub more: bool,
}

struct State {
  records: VecDeque<(u64, String)>,
  capacity: usize,
  dropped_since_take: u64,
  dropped_total: u64,
  /// The doorbell rang and JS has not yet found the buffer empty.
  rung: bool,
}

pub struct CallbackBuffer {
  state: Mutex<State>,
}

pub const DEFAULT_CAPACITY: usize = 100_000;

impl Default for CallbackBuffer {
  fn default() -> Self {
    Self::with_capacity(DEFAULT_CAPACITY)
  }
}

impl CallbackBuffer {
  pub fn with_capacity(capacity: usize) -> Self {
    CallbackBuffer {
      state: Mutex::new(State {
        records: VecDeque::new(),
        capacity,
        dropped_since_take: 0,
        dropped_total: 0,
        rung: false,
      }),
    }
  }

  fn state(&self) -> std::sync::MutexGuard<'_, State> {
    // A panic while holding this lock cannot leave the queue inconsistent
    // (every update is a single push, pop or counter), so poisoning is ignored.
    self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
  }

  pub fn set_capacity(&self, capacity: usize) {
    self.state().capacity = capacity;
  }

  /// Adds a batch of records; when the buffer is full the newest are
  /// dropped and counted. Returns true when the caller must ring the doorbell.
  pub fn push_all(&self, records: impl IntoIterator<Item = (u64, String)>) -> bool {
    let mut state = self.state();
    for record in records {
      if state.records.len() < state.capacity {
        state.records.push_back(record);
      } else {
        state.dropped_since_take += 1;
        state.dropped_total += 1;
      }
    }
    let ring = !state.rung && (!state.records.is_empty() || state.dropped_since_take > 0);
    if ring {
      state.rung = true;
    }
    ring
  }

  /// Takes up to `max` records, oldest first.
  pub fn take(&self, max: usize) -> Batch {
    let mut state = self.state();
    let count = state.records.len().min(max);
    let bytes: usize = state.records.iter().take(count).map(|(_, json)| json.len() + 24).sum();
    let mut json = String::with_capacity(bytes + 2);
    json.push('[');
    for (index, (seq, record)) in state.records.drain(..count).enumerate() {
      if index > 0 {
        json.push(',');
      }
      json.push_str(&seq.to_string());
      json.push(',');
      json.push_str(&record);
    }
    json.push(']');
    let dropped = std::mem::take(&mut state.dropped_since_take);
    let more = !state.records.is_empty();
    state.rung = more;
    Batch { json, count, dropped, more }
  }

  pub fn dropped_total(&self) -> u64 {
    self.state().dropped_total
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  fn records(range: std::ops::Range<u64>) -> Vec<(u64, String)> {
    range.map(|seq| (seq, format!("{{\"n\":{seq}}}"))).collect()
  }

  #[test]
  fn rings_once_until_js_empties_the_buffer() {
    let buffer = CallbackBuffer::default();
    assert!(buffer.push_all(records(0..2)));
    assert!(!buffer.push_all(records(2..3)), "already rung");
    let batch = buffer.take(2);
    assert_eq!(batch.json, r#"[0,{"n":0},1,{"n":1}]"#);
    assert!(batch.more);
    assert!(!buffer.push_all(records(3..4)), "JS has not found it empty yet");
    let batch = buffer.take(10);
    assert_eq!((batch.count, batch.more), (2, false));
    assert!(buffer.push_all(records(4..5)), "empty again: the next record rings");
  }

  #[test]
  fn a_full_buffer_drops_the_newest_and_reports_them_once() {
    let buffer = CallbackBuffer::with_capacity(3);
    buffer.push_all(records(0..5));
    let batch = buffer.take(10);
    assert_eq!(batch.json, r#"[0,{"n":0},1,{"n":1},2,{"n":2}]"#);
    assert_eq!(batch.dropped, 2);
    assert_eq!(buffer.take(10).dropped, 0);
    assert_eq!(buffer.dropped_total(), 2);
  }

  #[test]
  fn an_empty_take_is_an_empty_array() {
    let batch = CallbackBuffer::default().take(10);
    assert_eq!(batch, Batch { json: "[]".into(), count: 0, dropped: 0, more: false });
  }
}
