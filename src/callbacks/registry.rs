//! Which callbacks exist and which records each takes.
//!
//! The registry is the one owner of callback registrations. The pipeline
//! keeps one to answer `addCallback`/`removeCallback` at once; the writer
//! keeps one that changes in queue order, so a callback takes exactly the
//! records logged between its add and its remove (they travel through the
//! same queue as the records). JS keeps only the functions, by id.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU32, Ordering};

/// The last callback id handed out in this process, across every logger:
/// an id from one logger can never remove another logger's callback.
static LAST_ID: AtomicU32 = AtomicU32::new(0);

/// A new process-wide callback id: positive, never reused, so a stale id
/// can never remove a callback added later.
pub fn next_callback_id() -> u32 {
  LAST_ID.fetch_add(1, Ordering::Relaxed) + 1
}

#[derive(Debug, Default)]
pub struct CallbackRegistry {
  /// id -> the lowest level the callback takes.
  levels: BTreeMap<u32, u32>,
}

impl CallbackRegistry {
  pub fn add(&mut self, id: u32, level: u32) {
    self.levels.insert(id, level);
  }

  /// True when `id` named a registered callback, which is now gone.
  pub fn remove(&mut self, id: u32) -> bool {
    self.levels.remove(&id).is_some()
  }

  /// The lowest level any callback takes; `None` without callbacks.
  pub fn min_level(&self) -> Option<u32> {
    self.levels.values().copied().min()
  }

  /// Fills `into` with the ids of the callbacks that take a record at
  /// `level`, in the order they were added.
  pub fn takers(&self, level: u32, into: &mut Vec<u32>) {
    into.clear();
    into.extend(self.levels.iter().filter(|(_, min)| level >= **min).map(|(id, _)| *id));
  }

  pub fn is_empty(&self) -> bool {
    self.levels.is_empty()
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn ids_are_positive_and_never_reused() {
    let first = next_callback_id();
    let second = next_callback_id();
    assert!(first > 0 && second > first);
  }

  #[test]
  fn removing_an_unknown_or_removed_id_is_false() {
    let mut registry = CallbackRegistry::default();
    registry.add(7, 20);
    assert!(!registry.remove(99));
    assert!(registry.remove(7));
    assert!(!registry.remove(7));
    assert!(registry.is_empty());
  }

  #[test]
  fn takers_are_the_callbacks_at_or_below_the_record_level_in_id_order() {
    let mut registry = CallbackRegistry::default();
    registry.add(3, 40);
    registry.add(1, 0);
    registry.add(2, 20);
    let mut takers = Vec::new();
    registry.takers(20, &mut takers);
    assert_eq!(takers, [1, 2]);
    registry.takers(50, &mut takers);
    assert_eq!(takers, [1, 2, 3]);
    assert_eq!(registry.min_level(), Some(0));
  }
}
