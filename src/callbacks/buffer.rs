//! The bounded buffer between the writer thread and the JS dispatcher.
//!
//! The writer pushes each record with the ids of the callbacks that take
//! it, and the progress watermark: every record before it is in the
//! buffer, was dropped, or goes to no callback. JS takes batches and learns
//! the watermark with each, so it always knows how far delivery got, whatever
//! happened to individual records. JS is told that something waits by a
//! doorbell (a threadsafe function) that rings at most once until JS has
//! emptied the buffer, so a flood costs one call per batch, not per record.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use crate::format::CallbackRecord;

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
  /// The callbacks that take it, in the order they were added (shared by
  /// the records that have the same takers, nearly all of them).
  pub takers: Arc<[u32]>,
  /// Shared by the two lanes when callbacks in both take it.
  pub record: Arc<CallbackRecord>,
}

/// What JS gets from one `take`: two strings and an array of numbers
/// cross into JS, whatever the number of records (`lib/callback-batch.js`
/// reads them).
#[derive(Debug, Default, PartialEq)]
pub struct Batch {
  /// Every record's `CallbackRecord::text`, one after another.
  pub text: String,
  /// `[{...},{...}]`: the fields of the records that have any, in order,
  /// for one `JSON.parse`; empty when no record has fields.
  pub fields: String,
  /// Per record: its sequence number, level index, the number of takers,
  /// their ids, the five text lengths (UTF-16 code units) and the size of
  /// its fields in bytes (0 for none).
  pub layout: Vec<f64>,
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
      let size = record.record.size();
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
    for entry in state.records.iter().take(max_records) {
      if count > 0 && bytes + entry.record.size() > max_bytes {
        break;
      }
      count += 1;
      bytes += entry.record.size();
    }
    let entries: Vec<Entry> = state.records.drain(..count).collect();
    state.bytes -= bytes;
    let dropped = std::mem::take(&mut state.dropped_since_take);
    let through = state.records.front().map_or(state.processed, |next| next.seq);
    state.reported = through;
    let more = !state.records.is_empty();
    state.rung = more;
    // The writer pushes under the same lock: the strings are built without it.
    drop(state);
    let mut batch = Batch { text: String::with_capacity(bytes), layout: Vec::with_capacity(count * 10), count, dropped, through, more, ..Batch::default() };
    for entry in &entries {
      batch.push(entry);
    }
    if !batch.fields.is_empty() {
      batch.fields.push(']');
    }
    batch
  }

  pub fn dropped_total(&self) -> u64 {
    self.state().dropped_total
  }
}

impl Batch {
  fn push(&mut self, entry: &Entry) {
    let record = &entry.record;
    self.text.push_str(&record.text);
    if !record.fields.is_empty() {
      self.fields.push(if self.fields.is_empty() { '[' } else { ',' });
      self.fields.push_str(&record.fields);
    }
    let layout = &mut self.layout;
    layout.extend([entry.seq as f64, record.level as f64, entry.takers.len() as f64]);
    layout.extend(entry.takers.iter().map(|&id| f64::from(id)));
    layout.extend(record.lengths.map(f64::from));
    layout.push(record.fields.len() as f64);
  }
}

#[cfg(test)]
pub mod test_support {
  use super::*;
  use crate::format::TEXT_KEYS;
  use crate::level::LEVELS;
  use serde_json::{Map, Value};

  impl Batch {
    /// Each record as (seq, takers, the object JS builds), read the way
    /// `lib/callback-batch.js` reads a batch.
    pub fn records(&self) -> Vec<(u64, Vec<u32>, Value)> {
      let units: Vec<u16> = self.text.encode_utf16().collect();
      let mut fields: std::vec::IntoIter<Value> = match self.fields.as_str() {
        "" => Vec::new().into_iter(),
        json => serde_json::from_str::<Vec<Value>>(json).unwrap().into_iter(),
      };
      let (mut at, mut text_at) = (0, 0);
      let mut records = Vec::new();
      while at < self.layout.len() {
        let number = |index: usize| self.layout[index] as usize;
        let takers = (0..number(at + 2)).map(|t| number(at + 3 + t) as u32).collect();
        let mut record = Map::new();
        record.insert("level".into(), LEVELS[number(at + 1)].1.into());
        let lengths = at + 3 + number(at + 2);
        for (index, key) in TEXT_KEYS.iter().enumerate() {
          let end = text_at + number(lengths + index);
          record.insert((*key).into(), String::from_utf16(&units[text_at..end]).unwrap().into());
          text_at = end;
        }
        if number(lengths + 5) > 0 {
          let Some(Value::Object(object)) = fields.next() else { panic!("fields expected") };
          record.extend(object);
        }
        records.push((self.layout[at] as u64, takers, Value::Object(record)));
        at = lengths + 6;
      }
      records
    }
  }

  /// A record for the buffer: `{"n": seq}` as its fields.
  pub fn entry(seq: u64, takers: Vec<u32>) -> Entry {
    let record = CallbackRecord {
      level: 2,
      text: String::new(),
      lengths: [0; 5],
      fields: format!("{{\"n\":{seq}}}"),
    };
    Entry { seq, takers: takers.into(), record: Arc::new(record) }
  }
}

#[cfg(test)]
mod tests {
  use super::test_support::entry;
  use super::*;

  fn records(range: std::ops::Range<u64>) -> Vec<Entry> {
    range.map(|seq| entry(seq, vec![1])).collect()
  }

  fn numbers(batch: &Batch) -> Vec<u64> {
    batch.records().iter().map(|(_, _, record)| record["n"].as_u64().unwrap()).collect()
  }

  #[test]
  fn rings_once_until_js_empties_the_buffer() {
    let buffer = CallbackBuffer::default();
    assert!(buffer.push(records(0..2), 2));
    assert!(!buffer.push(records(2..3), 3), "already rung");
    let batch = buffer.take(2, usize::MAX);
    assert_eq!(numbers(&batch), [0, 1]);
    assert_eq!((batch.through, batch.more), (2, true));
    assert!(!buffer.push(records(3..4), 4), "JS has not found it empty yet");
    let batch = buffer.take(10, usize::MAX);
    assert_eq!((batch.count, batch.through, batch.more), (2, 4, false));
    assert!(buffer.push(records(4..5), 5), "empty again: the next record rings");
  }

  #[test]
  fn a_batch_is_the_records_in_order_with_their_takers() {
    let buffer = CallbackBuffer::default();
    buffer.push([entry(3, vec![1, 4]), entry(7, vec![2])], 8);
    let batch = buffer.take(10, usize::MAX);
    assert_eq!(batch.fields, r#"[{"n":3},{"n":7}]"#);
    let records = batch.records();
    let heads: Vec<(u64, Vec<u32>)> = records.iter().map(|(seq, takers, _)| (*seq, takers.clone())).collect();
    assert_eq!(heads, [(3, vec![1, 4]), (7, vec![2])]);
    assert_eq!(records[0].2["level"], "INFO");
  }

  #[test]
  fn a_full_buffer_drops_the_newest_and_reports_them_once() {
    let buffer = CallbackBuffer::with_limits(Limits { records: 3, bytes: usize::MAX });
    buffer.push(records(0..5), 5);
    let batch = buffer.take(10, usize::MAX);
    assert_eq!(numbers(&batch), [0, 1, 2]);
    assert_eq!((batch.dropped, batch.through), (2, 5));
    assert_eq!(buffer.take(10, usize::MAX).dropped, 0);
    assert_eq!(buffer.dropped_total(), 2);
  }

  #[test]
  fn the_byte_limit_bounds_the_buffer_but_always_takes_one_record() {
    let buffer = CallbackBuffer::with_limits(Limits { records: 100, bytes: 10 });
    let mut big = entry(0, vec![1]);
    Arc::make_mut(&mut big.record).text = "x".repeat(50);
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
  fn an_empty_take_is_empty() {
    let batch = CallbackBuffer::default().take(10, usize::MAX);
    assert_eq!(batch, Batch::default());
  }
}
