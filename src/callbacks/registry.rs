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

/// Where a callback runs, and so which buffer its records go to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lane {
  /// A function on the main JS thread.
  Main,
  /// A module on the logger's worker thread.
  Worker,
}

/// What the registry knows of one callback.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Registration {
  /// The lowest level it takes.
  pub level: u32,
  pub lane: Lane,
  /// Whether it wants `filename`, `lineno` and `function` (a stack walk per record).
  pub location: bool,
}

#[derive(Debug, Default)]
pub struct CallbackRegistry {
  callbacks: BTreeMap<u32, Registration>,
}

/// The lowest levels JS must let through: for any callback, and for a
/// callback that wants the call site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Gates {
  pub any: Option<u32>,
  pub location: Option<u32>,
  /// The lowest level a callback on the main thread takes: only records
  /// such a callback gets keep the main thread's event loop alive.
  pub main: Option<u32>,
}

impl CallbackRegistry {
  pub fn add(&mut self, id: u32, registration: Registration) {
    self.callbacks.insert(id, registration);
  }

  /// True when `id` named a registered callback, which is now gone.
  pub fn remove(&mut self, id: u32) -> bool {
    self.callbacks.remove(&id).is_some()
  }

  pub fn gates(&self) -> Gates {
    let min = |wanted: fn(&Registration) -> bool| self.callbacks.values().filter(|r| wanted(r)).map(|r| r.level).min();
    Gates { any: min(|_| true), location: min(|r| r.location), main: min(|r| r.lane == Lane::Main) }
  }

  /// Fills `into` with the ids of the callbacks of `lane` that take a
  /// record at `level`, in the order they were added.
  pub fn takers(&self, level: u32, lane: Lane, into: &mut Vec<u32>) {
    into.clear();
    into.extend(
      self.callbacks.iter().filter(|(_, r)| r.lane == lane && level >= r.level).map(|(id, _)| *id),
    );
  }

  pub fn is_empty(&self) -> bool {
    self.callbacks.is_empty()
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  fn main_lane(level: u32) -> Registration {
    Registration { level, lane: Lane::Main, location: true }
  }

  #[test]
  fn ids_are_positive_and_never_reused() {
    let first = next_callback_id();
    let second = next_callback_id();
    assert!(first > 0 && second > first);
  }

  #[test]
  fn removing_an_unknown_or_removed_id_is_false() {
    let mut registry = CallbackRegistry::default();
    registry.add(7, main_lane(20));
    assert!(!registry.remove(99));
    assert!(registry.remove(7));
    assert!(!registry.remove(7));
    assert!(registry.is_empty());
  }

  #[test]
  fn takers_are_the_lanes_callbacks_at_or_below_the_record_level_in_id_order() {
    let mut registry = CallbackRegistry::default();
    registry.add(3, main_lane(40));
    registry.add(1, main_lane(0));
    registry.add(2, main_lane(20));
    registry.add(4, Registration { level: 0, lane: Lane::Worker, location: false });
    let mut takers = Vec::new();
    registry.takers(20, Lane::Main, &mut takers);
    assert_eq!(takers, [1, 2]);
    registry.takers(50, Lane::Main, &mut takers);
    assert_eq!(takers, [1, 2, 3]);
    registry.takers(5, Lane::Worker, &mut takers);
    assert_eq!(takers, [4]);
  }

  #[test]
  fn gates_are_the_lowest_levels_of_all_callbacks_of_those_wanting_the_location_and_of_the_main_threads() {
    let mut registry = CallbackRegistry::default();
    assert_eq!(registry.gates(), Gates::default());
    registry.add(1, Registration { level: 10, lane: Lane::Worker, location: false });
    registry.add(2, main_lane(40));
    assert_eq!(registry.gates(), Gates { any: Some(10), location: Some(40), main: Some(40) });
  }
}
