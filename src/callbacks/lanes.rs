//! The buffers callback records wait in, one per lane (see `Lane`), and the
//! doorbells that wake the JS side of each.
//!
//! The main lane's doorbell is the pipeline's own. The worker lane's is
//! attached by the logger's worker thread once it runs: a threadsafe
//! function created in the worker's environment, so the writer wakes the
//! worker directly and its records never pass through the main thread. The
//! worker finds its lane by the pipeline's lane id in a process-wide table
//! (the only process-wide state besides callback ids: two JS environments
//! must meet somewhere).

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use super::buffer::{CallbackBuffer, Doorbell};
use super::registry::Lane;

/// A doorbell that may not be there yet (or any more).
#[derive(Default)]
pub struct DoorbellSlot(Mutex<Option<Arc<dyn Doorbell>>>);

impl DoorbellSlot {
  fn slot(&self) -> MutexGuard<'_, Option<Arc<dyn Doorbell>>> {
    // The slot is replaced in one step; a panic elsewhere cannot tear it.
    self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
  }

  fn set(&self, doorbell: Option<Arc<dyn Doorbell>>) {
    *self.slot() = doorbell;
  }
}

impl Doorbell for DoorbellSlot {
  fn ring(&self) {
    let doorbell = self.slot().clone();
    if let Some(doorbell) = doorbell {
      doorbell.ring();
    }
  }
}

/// One lane's buffer and doorbell.
#[derive(Clone)]
pub struct LaneBuffer {
  pub buffer: Arc<CallbackBuffer>,
  pub doorbell: Arc<dyn Doorbell>,
}

/// Both lanes of one pipeline.
pub struct Lanes {
  pub main: LaneBuffer,
  pub worker: LaneBuffer,
  worker_slot: Arc<DoorbellSlot>,
  id: u32,
}

static LAST_LANE_ID: AtomicU32 = AtomicU32::new(0);

/// A worker lane as the table keeps it: its buffer and its doorbell slot.
type WorkerLane = (Arc<CallbackBuffer>, Arc<DoorbellSlot>);

fn worker_lanes() -> MutexGuard<'static, BTreeMap<u32, WorkerLane>> {
  static TABLE: Mutex<BTreeMap<u32, WorkerLane>> = Mutex::new(BTreeMap::new());
  TABLE.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Lanes {
  /// New lanes whose worker lane the table lists until they are dropped.
  pub fn new(main_doorbell: Arc<dyn Doorbell>) -> Self {
    let worker_slot = Arc::new(DoorbellSlot::default());
    let worker_buffer = Arc::new(CallbackBuffer::default());
    let id = LAST_LANE_ID.fetch_add(1, Ordering::Relaxed) + 1;
    worker_lanes().insert(id, (worker_buffer.clone(), worker_slot.clone()));
    Lanes {
      main: LaneBuffer { buffer: Arc::new(CallbackBuffer::default()), doorbell: main_doorbell },
      worker: LaneBuffer { buffer: worker_buffer, doorbell: worker_slot.clone() },
      worker_slot,
      id,
    }
  }

  /// The id a worker attaches by.
  pub fn id(&self) -> u32 {
    self.id
  }

  pub fn get(&self, lane: Lane) -> &LaneBuffer {
    match lane {
      Lane::Main => &self.main,
      Lane::Worker => &self.worker,
    }
  }
}

impl Drop for Lanes {
  fn drop(&mut self) {
    worker_lanes().remove(&self.id);
    self.worker_slot.set(None);
  }
}

/// For the worker thread: rings `doorbell` for the worker lane of the
/// pipeline with this lane id from now on, and returns the lane's buffer;
/// `None` when there is no such pipeline. Rings once at once, for what
/// waited before the worker was there.
pub fn attach_worker(id: u32, doorbell: Arc<dyn Doorbell>) -> Option<Arc<CallbackBuffer>> {
  let (buffer, slot) = worker_lanes().get(&id).cloned()?;
  slot.set(Some(doorbell.clone()));
  doorbell.ring();
  Some(buffer)
}

/// For the worker thread as it stops: nothing rings it any more.
pub fn detach_worker(id: u32) {
  if let Some((_, slot)) = worker_lanes().get(&id).cloned() {
    slot.set(None);
  }
}

#[cfg(test)]
mod tests {
  use super::*;
  use std::sync::atomic::AtomicUsize;

  #[derive(Default)]
  struct Counting(AtomicUsize);

  impl Doorbell for Counting {
    fn ring(&self) {
      self.0.fetch_add(1, Ordering::SeqCst);
    }
  }

  #[test]
  fn a_worker_attaches_by_lane_id_and_is_rung_from_then_on() {
    let lanes = Lanes::new(Arc::new(Counting::default()));
    lanes.worker.doorbell.ring(); // nobody there yet: nothing happens
    let worker = Arc::new(Counting::default());
    let buffer = attach_worker(lanes.id(), worker.clone()).expect("the lane exists");
    assert!(Arc::ptr_eq(&buffer, &lanes.worker.buffer));
    lanes.worker.doorbell.ring();
    assert_eq!(worker.0.load(Ordering::SeqCst), 2, "once on attach, once rung");
    detach_worker(lanes.id());
    lanes.worker.doorbell.ring();
    assert_eq!(worker.0.load(Ordering::SeqCst), 2);
  }

  #[test]
  fn a_dropped_pipeline_has_no_lane_to_attach_to() {
    let id = Lanes::new(Arc::new(Counting::default())).id();
    assert!(attach_worker(id, Arc::new(Counting::default())).is_none());
  }
}
