//! The bounded queue between log calls and the writer thread.
//!
//! Shaped like tracing-appender's non-blocking writer, in its blocking mode:
//! a full queue makes the log call wait, so nothing is ever lost. Two things
//! keep the log call cheap: the writer takes everything queued in one lock,
//! and the caller signals the writer only when it is asleep. After a batch
//! the writer naps briefly before sleeping, so under steady logging callers
//! never pay for a wake-up at all.

use std::collections::VecDeque;
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use tokio::sync::Notify;

use super::Command;

/// How long the writer waits for more work before it sleeps until woken.
const NAP: Duration = Duration::from_millis(1);

struct State {
  commands: VecDeque<Command>,
  /// Commands ever pushed, and ever finished by the writer.
  pushed: u64,
  finished: u64,
  /// The writer sleeps until a producer wakes it.
  writer_asleep: bool,
  producers_waiting: usize,
  closed: bool,
}

pub struct Queue {
  state: Mutex<State>,
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
        pushed: 0,
        finished: 0,
        writer_asleep: false,
        producers_waiting: 0,
        closed: false,
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
    let mut state = self.state();
    while state.commands.len() >= self.capacity && !state.closed {
      state.producers_waiting += 1;
      state = self.space.wait(state).unwrap_or_else(|poisoned| poisoned.into_inner());
      state.producers_waiting -= 1;
    }
    state.commands.push_back(command);
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
    self.progress.notify_all();
    self.progress_async.notify_waiters();
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
      state = self.progress.wait_timeout(state, deadline - now).unwrap_or_else(|p| p.into_inner()).0;
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
