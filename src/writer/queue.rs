//! The bounded queue between log calls and the writer thread.
//!
//! Shaped like tracing-appender's non-blocking writer, in its blocking mode:
//! a full queue makes the log call wait, so nothing is ever lost. "Full" is
//! counted in bytes of queued batch text, so memory stays bounded whatever
//! the size of the records. Two things
//! keep the log call cheap: the writer takes everything queued in one lock,
//! and the caller signals the writer only when it is asleep. After a batch
//! the writer naps briefly before sleeping, so under steady logging callers
//! never pay for a wake-up at all.
//!
//! If the writer thread ever ends without closing the queue (it catches
//! panics, so this takes something like a failed allocation), the queue is
//! abandoned: from then on log calls never wait, their records are dropped
//! and counted, and everyone waiting for progress is released.

use std::collections::VecDeque;
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use tokio::sync::Notify;

use super::Command;

/// How long the writer waits for more work before it sleeps until woken.
const NAP: Duration = Duration::from_millis(1);

struct State {
  commands: VecDeque<Command>,
  /// The bytes of batch text in `commands`.
  bytes: usize,
  /// Commands ever pushed, and ever finished by the writer.
  pushed: u64,
  finished: u64,
  /// The writer sleeps until a producer wakes it.
  writer_asleep: bool,
  producers_waiting: usize,
  closed: bool,
  /// The writer is gone: nothing queued will ever be written.
  abandoned: bool,
  /// Records dropped because the writer was gone.
  lost: u64,
}

pub struct Queue {
  state: Mutex<State>,
  /// Bytes of batch text queued before producers wait.
  capacity: usize,
  wake_writer: Condvar,
  space: Condvar,
  progress: Condvar,
  progress_async: Notify,
}

impl Queue {
  pub fn new(capacity: usize) -> Self {
    Queue {
      state: Mutex::new(State {
        commands: VecDeque::new(),
        bytes: 0,
        pushed: 0,
        finished: 0,
        writer_asleep: false,
        producers_waiting: 0,
        closed: false,
        abandoned: false,
        lost: 0,
      }),
      capacity: capacity.max(1),
      wake_writer: Condvar::new(),
      space: Condvar::new(),
      progress: Condvar::new(),
      progress_async: Notify::new(),
    }
  }

  fn state(&self) -> MutexGuard<'_, State> {
    // Every update under this lock is a push, a swap or a counter: a panic
    // elsewhere cannot leave it half-done, so poisoning is ignored.
    self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
  }

  /// Queues a command, waiting while the queue is full. Returns its ticket:
  /// `wait_finished(ticket)` returns once it and everything before it is done.
  pub fn push(&self, command: Command) -> u64 {
    let size = command.size();
    let mut state = self.state();
    if state.abandoned {
      state.lost += command.records();
      state.pushed += 1;
      state.finished += 1;
      return state.pushed;
    }
    // An empty queue always takes the command, however large.
    while state.bytes > 0 && state.bytes + size > self.capacity && !state.closed && !state.abandoned {
      state.producers_waiting += 1;
      state = self.space.wait(state).unwrap_or_else(|poisoned| poisoned.into_inner());
      state.producers_waiting -= 1;
    }
    if state.abandoned {
      drop(state);
      return self.push(command);
    }
    state.commands.push_back(command);
    state.bytes += size;
    state.pushed += 1;
    let ticket = state.pushed;
    let wake = std::mem::take(&mut state.writer_asleep);
    drop(state);
    if wake {
      self.wake_writer.notify_one();
    }
    ticket
  }

  /// The ticket of the newest command queued so far.
  pub fn last_ticket(&self) -> u64 {
    self.state().pushed
  }

  /// For the writer: swaps everything queued into `into` (which must be
  /// empty), sleeping while there is nothing. False once closed and drained.
  pub fn take_all(&self, into: &mut VecDeque<Command>) -> bool {
    let mut state = self.state();
    let mut napped = false;
    loop {
      if !state.commands.is_empty() {
        std::mem::swap(&mut state.commands, into);
        state.bytes = 0;
        if state.producers_waiting > 0 {
          self.space.notify_all();
        }
        return true;
      }
      if state.closed {
        return false;
      }
      if napped {
        state.writer_asleep = true;
        state = self.wake_writer.wait(state).unwrap_or_else(|poisoned| poisoned.into_inner());
      } else {
        state = self.wake_writer.wait_timeout(state, NAP).unwrap_or_else(|poisoned| poisoned.into_inner()).0;
        napped = true;
      }
    }
  }

  /// For the writer: `n` more commands are done.
  pub fn finish(&self, n: u64) {
    self.state().finished += n;
    self.notify_progress();
  }

  fn notify_progress(&self) {
    self.progress.notify_all();
    self.progress_async.notify_waiters();
  }

  /// The writer is gone: drops what is queued (counted as lost), and
  /// releases producers and everyone waiting for progress.
  pub fn abandon(&self) {
    let mut state = self.state();
    if state.closed && state.commands.is_empty() {
      return; // an orderly stop
    }
    state.abandoned = true;
    let lost: u64 = state.commands.drain(..).map(|command| command.records()).sum();
    state.lost += lost;
    state.bytes = 0;
    state.finished = state.pushed;
    drop(state);
    self.space.notify_all();
    self.notify_progress();
  }

  /// Records dropped because the writer was gone.
  pub fn lost(&self) -> u64 {
    self.state().lost
  }

  fn is_finished(&self, ticket: u64) -> bool {
    self.state().finished >= ticket
  }

  /// Blocks until `ticket` is done or `timeout` passes; true when done.
  pub fn wait_finished(&self, ticket: u64, timeout: Duration) -> bool {
    let deadline = Instant::now() + timeout;
    let mut state = self.state();
    while state.finished < ticket {
      let now = Instant::now();
      if now >= deadline {
        return false;
      }
      state = self.progress.wait_timeout(state, deadline - now).unwrap_or_else(|poisoned| poisoned.into_inner()).0;
    }
    true
  }

  /// Resolves once `ticket` is done.
  pub async fn finished(&self, ticket: u64) {
    loop {
      let notified = self.progress_async.notified();
      if self.is_finished(ticket) {
        return;
      }
      notified.await;
    }
  }

  /// Stops the writer once it has drained what is queued.
  pub fn close(&self) {
    self.state().closed = true;
    self.wake_writer.notify_one();
    self.space.notify_all();
  }
}

#[cfg(test)]
mod tests {
  use super::*;
  use crate::batch::{Batch, SLOTS};
  use std::sync::mpsc;
  use std::sync::Arc;

  /// A batch of `bytes` of text and no record.
  fn batch(bytes: usize) -> Command {
    Command::Batch(Batch::new("x".repeat(bytes), Vec::new(), Vec::new()))
  }

  /// A batch of `n` records (72 bytes each: their layout rows).
  fn records(n: usize) -> Command {
    Command::Batch(Batch::new(String::new(), vec![0.0; n * SLOTS], Vec::new()))
  }

  #[test]
  fn a_producer_waits_while_the_queued_bytes_are_over_capacity() {
    let queue = Arc::new(Queue::new(10));
    queue.push(batch(8));
    let (done, finished) = mpsc::channel();
    let producer = {
      let queue = queue.clone();
      std::thread::spawn(move || {
        queue.push(batch(8));
        done.send(()).unwrap();
      })
    };
    assert!(finished.recv_timeout(Duration::from_millis(100)).is_err(), "16 bytes would exceed 10");
    let mut taken = VecDeque::new();
    assert!(queue.take_all(&mut taken));
    finished.recv_timeout(Duration::from_secs(5)).expect("room again after the writer took the batch");
    producer.join().unwrap();
  }

  #[test]
  fn an_empty_queue_takes_a_batch_larger_than_capacity() {
    let queue = Queue::new(10);
    assert_eq!(queue.push(batch(100)), 1);
  }

  #[test]
  fn an_abandoned_queue_never_blocks_and_counts_what_it_drops() {
    let queue = Queue::new(1000);
    queue.push(records(2));
    let ticket = queue.push(records(1));
    queue.abandon();
    assert!(queue.wait_finished(ticket, Duration::from_secs(5)), "waiters are released");
    for _ in 0..3 {
      // 576 bytes each: over capacity together, so only an abandoned queue takes them all.
      let ticket = queue.push(records(8));
      assert!(queue.wait_finished(ticket, Duration::ZERO));
    }
    assert_eq!(queue.lost(), 2 + 1 + 3 * 8);
  }

  #[test]
  fn waiting_for_a_ticket_ends_when_the_writer_finishes_it() {
    let queue = Queue::new(10);
    let ticket = queue.push(batch(1));
    assert!(!queue.wait_finished(ticket, Duration::from_millis(10)));
    let mut taken = VecDeque::new();
    queue.take_all(&mut taken);
    queue.finish(taken.len() as u64);
    assert!(queue.wait_finished(ticket, Duration::from_secs(1)));
  }
}
