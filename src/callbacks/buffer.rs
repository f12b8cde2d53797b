//! The bounded buffer between the writer thread and one lane's JS dispatcher.
//!
//! The writer writes each record that callbacks take straight into the form
//! JS reads (`Batch`), in chunks the size of one take: a take hands over a
//! whole chunk without copying a record, and a record costs no allocation
//! of its own. (Records as separate allocations cost the writer a third of
//! its time in malloc's slow path, since another thread freed them, and
//! the worker a copy of each into its batch: BENCHMARKS.md, "Worker
//! callbacks".)
//!
//! Each push carries the progress watermark: every record before it is in
//! the buffer, was dropped, or goes to no callback. JS takes batches and learns
//! the watermark with each, so it always knows how far delivery got, whatever
//! happened to individual records. JS is told that something waits by a
//! doorbell (a threadsafe function) that rings at most once until JS has
//! emptied the buffer, so a flood costs one call per batch, not per record.

use std::collections::VecDeque;
use std::sync::Mutex;

use crate::format::{push_fields_object, push_text_values, Clock};
use crate::level::level_index;
use crate::record::Record;

/// Wakes the JS dispatcher. Implemented over a napi threadsafe function in
/// `js/`, and by counters in tests.
pub trait Doorbell: Send + Sync {
  fn ring(&self);
}

/// What JS gets from one `take`: two strings and an array of numbers
/// cross into JS, whatever the number of records (`lib/callback-batch.js`
/// reads them).
#[derive(Debug, Default, PartialEq)]
pub struct Batch {
  /// Every record's text values (`format::TEXT_KEYS`), one after another.
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

/// How many records and bytes of record text and fields the buffer holds at most.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
  pub records: usize,
  pub bytes: usize,
}

pub const DEFAULT_LIMITS: Limits = Limits { records: 100_000, bytes: 32 * 1024 * 1024 };

/// The most one take hands over: JS delivers a batch without turning its
/// event loop, so a batch stays small enough not to hold it up.
pub const TAKE_LIMITS: Limits = Limits { records: 1024, bytes: 4 * 1024 * 1024 };

/// Records in the form of a `Batch`, still open for more.
#[derive(Debug, Default)]
struct Chunk {
  text: Vec<u8>,
  /// `[{...},{...}` without the closing bracket, so that chunks can be joined.
  fields: Vec<u8>,
  layout: Vec<f64>,
  count: usize,
  /// Of text and fields, for the bounds.
  bytes: usize,
  /// The sequence number of its first record.
  first_seq: u64,
}

impl Chunk {
  fn has_room_for(&self, other: &Chunk, limits: Limits) -> bool {
    self.count + other.count <= limits.records && self.bytes + other.bytes <= limits.bytes
  }

  fn append(&mut self, mut other: Chunk) {
    self.text.append(&mut other.text);
    if !other.fields.is_empty() {
      if !self.fields.is_empty() {
        other.fields[0] = b','; // its opening bracket
      }
      self.fields.append(&mut other.fields);
    }
    self.layout.append(&mut other.layout);
    self.count += other.count;
    self.bytes += other.bytes;
  }

  fn into_batch(self) -> Batch {
    let mut fields = self.fields;
    if !fields.is_empty() {
      fields.push(b']');
    }
    Batch { text: utf8(self.text), fields: utf8(fields), layout: self.layout, count: self.count, ..Batch::default() }
  }
}

/// Every part is a str, ASCII or JSON written by serde_json.
fn utf8(bytes: Vec<u8>) -> String {
  String::from_utf8(bytes).unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned())
}

/// What the buffer had room for when a batch of log calls began: only the
/// writer adds records, so the room can only have grown since.
#[derive(Debug, Clone, Copy)]
struct Room {
  records: usize,
  bytes: usize,
  /// Nothing waits: one record is taken whatever its size.
  empty: bool,
}

/// The records the writer wrote for one lane during a batch of log calls,
/// pushed into the buffer at its end in one lock.
#[derive(Debug, Default)]
pub struct Staged {
  chunks: Vec<Chunk>,
  room: Option<Room>,
  dropped: u64,
}

impl Staged {
  /// Writes `record` (the `seq`th logged, for the callbacks `takers`), or
  /// drops it if the buffer has no room for it.
  pub fn add(&mut self, buffer: &CallbackBuffer, seq: u64, takers: &[u32], record: &Record, clock: &mut Clock) {
    let room = self.room.get_or_insert_with(|| buffer.room());
    if room.records == 0 {
      // Full: no need to write what cannot be kept (a flood lands here).
      self.dropped += 1;
      return;
    }
    let fresh = match self.chunks.last() {
      Some(chunk) => chunk.count >= TAKE_LIMITS.records || chunk.bytes >= TAKE_LIMITS.bytes,
      None => true,
    };
    if fresh {
      // Its `first_seq` is that of the first record it keeps.
      self.chunks.push(Chunk::default());
    }
    let chunk = self.chunks.last_mut().expect("a chunk was just ensured");
    let marks = (chunk.text.len(), chunk.fields.len(), chunk.layout.len());

    chunk.layout.extend([seq as f64, level_index(record.level) as f64, takers.len() as f64]);
    chunk.layout.extend(takers.iter().map(|&id| f64::from(id)));
    let lengths = push_text_values(record, clock, &mut chunk.text);
    chunk.layout.extend(lengths.map(f64::from));
    let fields_start = chunk.fields.len() + 1;
    if !record.fields.is_empty() {
      chunk.fields.push(if chunk.fields.is_empty() { b'[' } else { b',' });
      push_fields_object(record, &mut chunk.fields);
    }
    let fields_size = chunk.fields.len().saturating_sub(fields_start);
    chunk.layout.push(fields_size as f64);

    let size = (chunk.text.len() - marks.0) + fields_size;
    let fits = room.empty || size <= room.bytes;
    if fits {
      room.records -= 1;
      room.bytes = room.bytes.saturating_sub(size);
      room.empty = false;
      if chunk.count == 0 {
        chunk.first_seq = seq;
      }
      chunk.count += 1;
      chunk.bytes += size;
    } else {
      // Written, then taken back: cheaper than sizing every record first.
      chunk.text.truncate(marks.0);
      chunk.fields.truncate(marks.1);
      chunk.layout.truncate(marks.2);
      self.dropped += 1;
    }
  }
}

struct State {
  chunks: VecDeque<Chunk>,
  records: usize,
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
    let news = !self.chunks.is_empty()
      || self.dropped_since_take > 0
      || (self.wants_progress && self.processed > self.reported);
    let ring = news && !self.rung;
    self.rung |= ring;
    ring
  }

  fn add(&mut self, chunk: Chunk) {
    if chunk.count == 0 {
      return;
    }
    self.records += chunk.count;
    self.bytes += chunk.bytes;
    match self.chunks.back_mut() {
      // A batch of a few log calls joins the chunk before it: JS takes
      // chunks, and many small ones would cost a take each.
      Some(last) if last.has_room_for(&chunk, TAKE_LIMITS) => last.append(chunk),
      _ => self.chunks.push_back(chunk),
    }
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
        chunks: VecDeque::new(),
        records: 0,
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

  fn room(&self) -> Room {
    let state = self.state();
    Room {
      records: state.limits.records.saturating_sub(state.records),
      bytes: state.limits.bytes.saturating_sub(state.bytes),
      empty: state.records == 0,
    }
  }

  /// Adds what the writer staged and moves the watermark to `processed`.
  /// Returns true when the caller must ring the doorbell.
  pub fn push(&self, staged: &mut Staged, processed: u64) -> bool {
    let mut state = self.state();
    for chunk in staged.chunks.drain(..) {
      state.add(chunk);
    }
    state.dropped_since_take += staged.dropped;
    state.dropped_total += staged.dropped;
    staged.dropped = 0;
    staged.room = None;
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

  /// Takes the oldest chunk: at most `TAKE_LIMITS` (a single record may be
  /// larger).
  pub fn take(&self) -> Batch {
    let mut state = self.state();
    let chunk = state.chunks.pop_front().unwrap_or_default();
    state.records -= chunk.count;
    state.bytes -= chunk.bytes;
    let dropped = std::mem::take(&mut state.dropped_since_take);
    let through = state.chunks.front().map_or(state.processed, |next| next.first_seq);
    state.reported = through;
    let more = !state.chunks.is_empty();
    state.rung = more;
    // The writer pushes under the same lock: the strings are made without it.
    drop(state);
    Batch { dropped, through, more, ..chunk.into_batch() }
  }

  pub fn dropped_total(&self) -> u64 {
    self.state().dropped_total
  }
}

#[cfg(test)]
pub mod test_support {
  use super::*;
  use crate::format::TEXT_KEYS;
  use crate::level::LEVELS;
  use crate::record::test_support::record;
  use crate::record::Location;
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

  /// Pushes records `{"n": seq}` (message `message`) for `takers` into
  /// `buffer`, as the writer does for one batch of log calls.
  pub fn push_records(buffer: &CallbackBuffer, seqs: std::ops::Range<u64>, takers: &[u32], message: &str, processed: u64) -> bool {
    let mut staged = Staged::default();
    for seq in seqs {
      let fields = format!("{{\"n\":{seq}}}");
      staged.add(buffer, seq, takers, &record(20, message, Some(&fields), Location::default()), &mut Clock::default());
    }
    buffer.push(&mut staged, processed)
  }
}

#[cfg(test)]
mod tests {
  use super::test_support::push_records;
  use super::*;
  use proptest::prelude::*;

  fn push(buffer: &CallbackBuffer, seqs: std::ops::Range<u64>, processed: u64) -> bool {
    push_records(buffer, seqs, &[1], "m", processed)
  }

  fn numbers(batch: &Batch) -> Vec<u64> {
    batch.records().iter().map(|(_, _, record)| record["n"].as_u64().unwrap()).collect()
  }

  #[test]
  fn rings_once_until_js_empties_the_buffer() {
    let buffer = CallbackBuffer::default();
    assert!(push(&buffer, 0..2, 2));
    assert!(!push(&buffer, 2..3, 3), "already rung");
    let batch = buffer.take();
    assert_eq!(numbers(&batch), [0, 1, 2], "a small push joins the chunk before it");
    assert_eq!((batch.through, batch.more), (3, false));
    assert!(push(&buffer, 3..4, 4), "empty again: the next record rings");
  }

  #[test]
  fn a_batch_is_the_records_in_order_with_their_takers() {
    let buffer = CallbackBuffer::default();
    push_records(&buffer, 3..4, &[1, 4], "first", 4);
    push_records(&buffer, 7..8, &[2], "second", 8);
    let batch = buffer.take();
    assert_eq!(batch.fields, r#"[{"n":3},{"n":7}]"#);
    let records = batch.records();
    assert_eq!(records.iter().map(|(seq, takers, _)| (*seq, takers.clone())).collect::<Vec<_>>(), [(3, vec![1, 4]), (7, vec![2])]);
    assert_eq!(records[1].2["message"], "second");
    assert_eq!((batch.count, batch.through), (2, 8));
  }

  #[test]
  fn a_take_is_at_most_one_chunk_and_the_watermark_stops_at_the_next() {
    let buffer = CallbackBuffer::default();
    let total = TAKE_LIMITS.records as u64 * 2 + 5;
    push(&buffer, 0..total, total);
    let first = buffer.take();
    assert_eq!((first.count, first.through, first.more), (TAKE_LIMITS.records, TAKE_LIMITS.records as u64, true));
    assert_eq!(buffer.take().count, TAKE_LIMITS.records);
    let last = buffer.take();
    assert_eq!(numbers(&last), (total - 5..total).collect::<Vec<_>>());
    assert_eq!((last.through, last.more), (total, false));
  }

  #[test]
  fn when_full_the_newest_records_are_dropped_and_counted() {
    let buffer = CallbackBuffer::with_limits(Limits { records: 3, bytes: usize::MAX });
    push(&buffer, 0..5, 5);
    let batch = buffer.take();
    assert_eq!(numbers(&batch), [0, 1, 2]);
    assert_eq!((batch.dropped, batch.through), (2, 5));
    assert_eq!(buffer.take().dropped, 0);
    assert_eq!(buffer.dropped_total(), 2);
    push(&buffer, 5..6, 6);
    assert_eq!(numbers(&buffer.take()), [5], "taking made room again");
  }

  #[test]
  fn the_byte_limit_bounds_the_buffer_but_always_takes_one_record() {
    let buffer = CallbackBuffer::with_limits(Limits { records: 100, bytes: 10 });
    let big = "x".repeat(50);
    push_records(&buffer, 0..2, &[1], &big, 2);
    let batch = buffer.take();
    assert_eq!((batch.count, batch.dropped, batch.through), (1, 1, 2));
    assert_eq!(batch.records()[0].2["message"], big.as_str());
  }

  #[test]
  fn a_dropped_record_leaves_nothing_of_itself_in_the_batch() {
    let buffer = CallbackBuffer::with_limits(Limits { records: 1, bytes: usize::MAX });
    push_records(&buffer, 0..1, &[1], "kept", 1);
    push_records(&buffer, 1..2, &[7, 8], "dropped", 2);
    let batch = buffer.take();
    assert_eq!((batch.count, batch.fields.as_str()), (1, r#"[{"n":0}]"#));
    assert_eq!(batch.records()[0].2["message"], "kept");
  }

  #[test]
  fn progress_without_records_rings_only_while_js_wants_it() {
    let buffer = CallbackBuffer::default();
    assert!(!push(&buffer, 0..0, 10), "nobody waits");
    assert!(buffer.want_progress(true), "it already moved");
    let batch = buffer.take();
    assert_eq!((batch.count, batch.through), (0, 10));
    assert!(!push(&buffer, 0..0, 10), "no news");
    assert!(push(&buffer, 0..0, 11));
  }

  #[test]
  fn an_empty_take_is_empty() {
    let batch = CallbackBuffer::default().take();
    assert_eq!(batch, Batch::default());
  }

  #[derive(Debug, Clone)]
  enum Step {
    /// A batch of log calls with this many records.
    Push(u64),
    Take,
    Limits(Limits),
  }

  /// The largest record `records_arrive_once...` writes: timestamp, message, fields.
  const MAX_RECORD_BYTES: usize = 24 + 60 + 32;

  fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
      (0..2500u64).prop_map(Step::Push),
      Just(Step::Take),
      (1..5000usize, 1..200_000usize)
        .prop_map(|(records, bytes)| Step::Limits(Limits { records, bytes })),
    ]
  }

  proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    /// Whatever the pushes, takes and limits: every record is taken once,
    /// in order, whole, or counted as dropped; a push never grows the buffer
    /// past its limits (lowering them drops nothing already in it); a take
    /// never exceeds `TAKE_LIMITS` (but one record); the watermark never
    /// goes back.
    #[test]
    fn records_arrive_once_in_order_or_are_counted_dropped(steps in proptest::collection::vec(step(), 1..40)) {
      let buffer = CallbackBuffer::default();
      let (mut next, mut taken, mut dropped, mut through) = (0u64, Vec::new(), 0u64, 0u64);
      let take = |taken: &mut Vec<u64>, dropped: &mut u64, through: &mut u64| -> Result<(), TestCaseError> {
        let batch = buffer.take();
        prop_assert!(batch.count <= TAKE_LIMITS.records);
        prop_assert!(batch.count <= 1 || batch.text.len() + batch.fields.len() <= TAKE_LIMITS.bytes + 2);
        prop_assert!(batch.through >= *through);
        *through = batch.through;
        *dropped += batch.dropped;
        let records = batch.records();
        prop_assert_eq!(records.len(), batch.count);
        for (seq, takers, record) in records {
          prop_assert_eq!(takers, vec![1]);
          prop_assert_eq!(record["n"].as_u64(), Some(seq));
          prop_assert_eq!(record["message"].as_str().map(str::len), Some((seq % 7) as usize * 10));
          taken.push(seq);
        }
        // Every record before the watermark was taken or dropped.
        let missing = *through - taken.iter().filter(|&&seq| seq < *through).count() as u64;
        prop_assert!(missing <= *dropped, "{missing} records before {through} neither taken nor dropped");
        Ok(())
      };
      for step in steps {
        match step {
          Step::Push(records) => {
            let (before, before_bytes) = { let state = buffer.state(); (state.records, state.bytes) };
            let mut staged = Staged::default();
            for seq in next..next + records {
              let message = "m".repeat((seq % 7) as usize * 10);
              let fields = format!("{{\"n\":{seq}}}");
              let record = crate::record::test_support::record(20, &message, Some(&fields), crate::record::Location::default());
              staged.add(&buffer, seq, &[1], &record, &mut Clock::default());
            }
            next += records;
            buffer.push(&mut staged, next);
            let state = buffer.state();
            prop_assert!(state.records <= state.limits.records.max(before).max(1));
            // One record past the byte limit is let in when the buffer was empty.
            prop_assert!(state.bytes <= state.limits.bytes.max(before_bytes) + MAX_RECORD_BYTES);
          }
          Step::Take => take(&mut taken, &mut dropped, &mut through)?,
          Step::Limits(limits) => buffer.set_limits(limits),
        }
      }
      loop {
        let more = buffer.state().chunks.len() > 0;
        take(&mut taken, &mut dropped, &mut through)?;
        if !more {
          break;
        }
      }
      prop_assert!(taken.windows(2).all(|pair| pair[0] < pair[1]), "in order, once");
      prop_assert_eq!(taken.len() as u64 + dropped, next, "every record taken or counted");
      prop_assert_eq!(dropped, buffer.dropped_total());
      prop_assert_eq!(through, next);
    }
  }
}
