//! The export queue of a network sink, shaped like opentelemetry-rust's
//! batch log processor: a queue bounded in bytes, batches by count and
//! size, a scheduled delay, retries with backoff, and a dropped counter.
//!
//! The writer thread only appends records to the queue (`push`); one
//! exporter thread per sink sends batches, so a slow or dead collector
//! never slows the writer, other sinks or the log call. When the queue is
//! full (the collector is down or slower than the logging), new records are
//! dropped and counted; what is queued waits for the collector to come back.
//! A batch that fails with a retryable answer (429, 502, 503, 504, or no
//! answer at all) is retried with exponential backoff, honouring
//! `Retry-After`, for as long as the sink exists; any other answer (400,
//! 500, ...) drops the batch and counts it.
//!
//! Every record pushed is `accepted`, and `settled` once sent or dropped:
//! `complete()` and the exit handler wait, boundedly, for `settled` to reach
//! what was accepted when they asked, and ask for the batch to go now
//! rather than after the scheduled delay.

use std::collections::VecDeque;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::stats::Counters;
use crate::writer::report;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportConfig {
  /// Bytes of records queued at most; past it new records are dropped.
  pub max_queue_bytes: usize,
  pub max_batch_records: usize,
  pub max_batch_bytes: usize,
  /// How long the first record of a batch waits for others.
  pub delay: Duration,
  pub first_backoff: Duration,
  pub max_backoff: Duration,
  /// After the sink is gone, how long a failing batch is still retried.
  pub linger: Duration,
}

impl Default for ExportConfig {
  fn default() -> Self {
    ExportConfig {
      max_queue_bytes: 16 * 1024 * 1024,
      max_batch_records: 512,
      max_batch_bytes: 1024 * 1024,
      delay: Duration::from_millis(500),
      first_backoff: Duration::from_millis(100),
      max_backoff: Duration::from_secs(5),
      linger: Duration::from_secs(5),
    }
  }
}

/// What became of one attempt to send a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
  Sent,
  /// Try again later (after `after`, if the collector said).
  Retry { after: Option<Duration>, why: String },
  /// The collector will never take it: drop it.
  Refused(String),
}

/// Sends one batch of records (each one line, without its newline).
pub type Send = Box<dyn FnMut(&[Vec<u8>]) -> Outcome + std::marker::Send>;

#[derive(Default)]
struct State {
  queue: VecDeque<Vec<u8>>,
  bytes: usize,
  accepted: u64,
  settled: u64,
  /// When the oldest queued record arrived, for the scheduled delay.
  oldest: Option<Instant>,
  /// Flushes waiting: send now rather than after the delay.
  flushing: usize,
  /// The sink is gone: send what is queued, then end.
  closed: bool,
  /// The thread has ended.
  finished: bool,
  /// Failures already reported, so each kind is reported once.
  reported_full: bool,
  reported_failure: bool,
}

pub struct Shared {
  state: Mutex<State>,
  /// Wakes the exporter: records, a flush, closing.
  wake: Condvar,
  /// Wakes flushes: records settled, or the thread ended.
  settled: Condvar,
  config: ExportConfig,
  counters: Arc<Counters>,
  /// The sink, for reports.
  name: String,
}

impl Shared {
  fn state(&self) -> MutexGuard<'_, State> {
    // Every update under this lock is a counter or a queue operation.
    self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
  }

  /// Queues whole lines (each ending in `\n`) as records; drops and counts
  /// those that do not fit.
  pub fn push(&self, lines: &[u8]) {
    let mut state = self.state();
    let mut dropped = 0;
    for line in lines.split(|&byte| byte == b'\n').filter(|line| !line.is_empty()) {
      state.accepted += 1;
      // One record always fits an empty queue, however large.
      if state.bytes + line.len() > self.config.max_queue_bytes && !state.queue.is_empty() {
        dropped += 1;
        continue;
      }
      state.bytes += line.len();
      state.queue.push_back(line.to_vec());
    }
    if state.oldest.is_none() && !state.queue.is_empty() {
      state.oldest = Some(Instant::now());
    }
    if dropped > 0 {
      state.settled += dropped;
      Counters::add(&self.counters.export_dropped, dropped);
      if !std::mem::replace(&mut state.reported_full, true) {
        report(&format!(
          "logly: sink {} is {} bytes behind (the collector is down or slow); dropping new records, counted in stats().exportDropped (reported once)",
          self.name, self.config.max_queue_bytes
        ));
      }
      self.settled.notify_all();
    }
    drop(state);
    self.wake.notify_one();
  }

  /// No more records will come: the thread sends what is queued and ends.
  pub fn close(&self) {
    self.state().closed = true;
    self.wake.notify_all();
  }

  /// Waits until every record accepted before the call is sent or
  /// dropped, sending now instead of after the delay; false at `deadline`.
  pub fn wait_settled(&self, deadline: Instant) -> bool {
    let mut state = self.state();
    let target = state.accepted;
    state.flushing += 1;
    self.wake.notify_one();
    while state.settled < target && !state.finished {
      let now = Instant::now();
      if now >= deadline {
        break;
      }
      state = self.settled.wait_timeout(state, deadline - now).map_or_else(|poisoned| poisoned.into_inner().0, |(state, _)| state);
    }
    state.flushing -= 1;
    state.settled >= target || state.finished
  }

  pub fn finished(&self) -> bool {
    self.state().finished
  }
}

/// Starts the exporter thread of one sink.
pub fn start(config: ExportConfig, send: Send, counters: Arc<Counters>, name: String) -> std::io::Result<Arc<Shared>> {
  let shared = Arc::new(Shared {
    state: Mutex::default(),
    wake: Condvar::new(),
    settled: Condvar::new(),
    config,
    counters,
    name,
  });
  let thread_shared = shared.clone();
  std::thread::Builder::new().name("logly-export".into()).spawn(move || run(&thread_shared, send))?;
  Ok(shared)
}

fn run(shared: &Shared, mut send: Send) {
  let mut batch = Vec::new();
  while take_batch(shared, &mut batch) {
    let sent = deliver(shared, &mut send, &batch);
    let mut state = shared.state();
    if !sent {
      Counters::add(&shared.counters.export_dropped, batch.len() as u64);
    }
    state.settled += batch.len() as u64;
    batch.clear();
    shared.settled.notify_all();
  }
  shared.state().finished = true;
  shared.settled.notify_all();
}

/// Waits until a batch is due and moves it into `batch`; false once the
/// sink is closed and everything was sent.
fn take_batch(shared: &Shared, batch: &mut Vec<Vec<u8>>) -> bool {
  let config = &shared.config;
  let mut state = shared.state();
  loop {
    match state.oldest {
      None if state.closed => return false,
      None => state = shared.wake.wait(state).unwrap_or_else(|poisoned| poisoned.into_inner()),
      Some(oldest) => {
        let waited = oldest.elapsed();
        let due = state.flushing > 0
          || state.closed
          || state.queue.len() >= config.max_batch_records
          || state.bytes >= config.max_batch_bytes
          || waited >= config.delay;
        if due {
          break;
        }
        state = shared.wake.wait_timeout(state, config.delay - waited).map_or_else(|poisoned| poisoned.into_inner().0, |(state, _)| state);
      }
    }
  }
  let mut bytes = 0;
  while let Some(next) = state.queue.front() {
    if !batch.is_empty() && (batch.len() >= config.max_batch_records || bytes + next.len() > config.max_batch_bytes) {
      break;
    }
    bytes += next.len();
    if let Some(record) = state.queue.pop_front() {
      batch.push(record);
    }
  }
  state.bytes -= bytes;
  state.oldest = if state.queue.is_empty() { None } else { Some(Instant::now()) };
  true
}

/// Sends one batch, retrying what may succeed later; true when it was sent.
fn deliver(shared: &Shared, send: &mut Send, batch: &[Vec<u8>]) -> bool {
  let config = &shared.config;
  let mut backoff = config.first_backoff;
  let mut closed_at: Option<Instant> = None;
  loop {
    let why = match send(batch) {
      Outcome::Sent => return true,
      Outcome::Refused(why) => {
        report_failure(shared, &format!("refused a batch of {} records: {why}; dropped, counted in stats().exportDropped", batch.len()));
        return false;
      }
      Outcome::Retry { after, why } => {
        // The collector's Retry-After wins (http.rs caps it); else our backoff.
        let wait = after.unwrap_or(backoff);
        backoff = (backoff * 2).min(config.max_backoff);
        (wait, why)
      }
    };
    let (wait, why) = why;
    report_failure(shared, &format!("failed: {why}; retrying with backoff, records past {} bytes are dropped and counted in stats().exportDropped", config.max_queue_bytes));
    // Sleep through the backoff; only closing cuts it short.
    let until = Instant::now() + wait;
    let mut state = shared.state();
    loop {
      if state.closed {
        let since = *closed_at.get_or_insert_with(Instant::now);
        if since.elapsed() >= config.linger {
          return false;
        }
      }
      let now = Instant::now();
      if now >= until {
        break;
      }
      let limit = if state.closed { (until - now).min(config.linger) } else { until - now };
      state = shared.wake.wait_timeout(state, limit).map_or_else(|poisoned| poisoned.into_inner().0, |(state, _)| state);
    }
  }
}

fn report_failure(shared: &Shared, what: &str) {
  if !std::mem::replace(&mut shared.state().reported_failure, true) {
    report(&format!("logly: sink {}: export {what} (reported once)", shared.name));
  }
}

/// The exporters of one pipeline, for `complete()` and exit to wait on.
#[derive(Default)]
pub struct Exports(Mutex<Vec<Arc<Shared>>>);

impl Exports {
  fn list(&self) -> MutexGuard<'_, Vec<Arc<Shared>>> {
    self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
  }

  pub fn register(&self, shared: Arc<Shared>) {
    let mut list = self.list();
    list.retain(|shared| !shared.finished());
    list.push(shared);
  }

  pub fn is_empty(&self) -> bool {
    self.list().is_empty()
  }

  /// Waits for every exporter to settle what it accepted; false if
  /// `timeout` passed first.
  pub fn wait(&self, timeout: Duration) -> bool {
    let deadline = Instant::now() + timeout;
    let exporters: Vec<Arc<Shared>> = self.list().clone();
    // Every exporter is asked, even after one ran out of time: each gets
    // its "send now".
    let mut all = true;
    for shared in &exporters {
      all &= shared.wait_settled(deadline);
    }
    all
  }
}

#[cfg(test)]
mod tests {
  use super::*;
  use std::sync::atomic::{AtomicUsize, Ordering};

  fn config() -> ExportConfig {
    ExportConfig {
      max_queue_bytes: 1000,
      max_batch_records: 10,
      max_batch_bytes: 10_000,
      delay: Duration::from_millis(5),
      first_backoff: Duration::from_millis(1),
      max_backoff: Duration::from_millis(4),
      linger: Duration::from_millis(50),
    }
  }

  /// A collector that answers with `answers` in turn (then Sent), keeping
  /// what it took.
  fn collector(answers: Vec<Outcome>) -> (Send, Arc<Mutex<Vec<String>>>, Arc<AtomicUsize>) {
    let taken = Arc::new(Mutex::new(Vec::new()));
    let attempts = Arc::new(AtomicUsize::new(0));
    let (thread_taken, thread_attempts) = (taken.clone(), attempts.clone());
    let send: Send = Box::new(move |batch: &[Vec<u8>]| {
      let attempt = thread_attempts.fetch_add(1, Ordering::SeqCst);
      let outcome = answers.get(attempt).cloned().unwrap_or(Outcome::Sent);
      if outcome == Outcome::Sent {
        thread_taken.lock().unwrap().extend(batch.iter().map(|record| String::from_utf8(record.clone()).unwrap()));
      }
      outcome
    });
    (send, taken, attempts)
  }

  fn lines(from: usize, to: usize) -> Vec<u8> {
    (from..to).map(|n| format!("record {n:03}\n")).collect::<String>().into_bytes()
  }

  #[test]
  fn records_go_in_batches_in_order_and_a_flush_waits_for_them() {
    let (send, taken, attempts) = collector(vec![]);
    let counters = Arc::new(Counters::default());
    let shared = start(config(), send, counters.clone(), "test".into()).unwrap();
    shared.push(&lines(0, 25));
    assert!(shared.wait_settled(Instant::now() + Duration::from_secs(5)));
    assert_eq!(*taken.lock().unwrap(), (0..25).map(|n| format!("record {n:03}")).collect::<Vec<_>>());
    assert!(attempts.load(Ordering::SeqCst) >= 3, "batches of at most 10");
    assert_eq!(Counters::get(&counters.export_dropped), 0);
  }

  #[test]
  fn retryable_failures_are_retried_until_the_collector_takes_the_batch() {
    let down = Outcome::Retry { after: None, why: "connection refused".into() };
    let (send, taken, attempts) = collector(vec![down.clone(), down.clone(), down, Outcome::Retry { after: Some(Duration::from_millis(2)), why: "503".into() }]);
    let shared = start(config(), send, Arc::new(Counters::default()), "test".into()).unwrap();
    shared.push(&lines(0, 5));
    assert!(shared.wait_settled(Instant::now() + Duration::from_secs(5)));
    assert_eq!(taken.lock().unwrap().len(), 5);
    assert_eq!(attempts.load(Ordering::SeqCst), 5);
  }

  #[test]
  fn a_refused_batch_is_dropped_and_counted_and_the_next_one_goes() {
    let (send, taken, _) = collector(vec![Outcome::Refused("500".into())]);
    let counters = Arc::new(Counters::default());
    let shared = start(ExportConfig { max_batch_records: 3, ..config() }, send, counters.clone(), "test".into()).unwrap();
    shared.push(&lines(0, 6));
    assert!(shared.wait_settled(Instant::now() + Duration::from_secs(5)));
    assert_eq!(*taken.lock().unwrap(), ["record 003", "record 004", "record 005"]);
    assert_eq!(Counters::get(&counters.export_dropped), 3);
  }

  #[test]
  fn while_the_collector_is_down_the_queue_stays_within_its_bytes_and_counts_what_it_drops() {
    let down = Outcome::Retry { after: None, why: "connection refused".into() };
    let (send, taken, _) = collector(vec![down; 30]);
    let counters = Arc::new(Counters::default());
    let shared = start(ExportConfig { max_batch_records: 1000, ..config() }, send, counters.clone(), "test".into()).unwrap();
    // 10 bytes a record: the first batch (taken alone) plus 1000 bytes queued.
    shared.push(&lines(0, 1));
    while shared.state().queue.len() == 1 {
      std::thread::yield_now();
    }
    shared.push(&lines(1, 200));
    assert!(shared.state().bytes <= 1000);
    assert!(shared.wait_settled(Instant::now() + Duration::from_secs(5)));
    let kept = taken.lock().unwrap().len() as u64;
    assert_eq!(kept, 1 + 1000 / 10);
    assert_eq!(Counters::get(&counters.export_dropped), 200 - kept);
  }

  #[test]
  fn a_flush_gives_up_at_its_deadline_while_the_collector_stays_down() {
    let (send, _, _) = collector(vec![Outcome::Retry { after: None, why: "down".into() }; 10_000]);
    let shared = start(config(), send, Arc::new(Counters::default()), "test".into()).unwrap();
    shared.push(&lines(0, 1));
    let started = Instant::now();
    assert!(!shared.wait_settled(Instant::now() + Duration::from_millis(50)));
    assert!(started.elapsed() < Duration::from_secs(2));
    // Closed, it stops retrying after `linger` and counts the batch dropped.
    shared.close();
    assert!(shared.wait_settled(Instant::now() + Duration::from_secs(5)));
    // Settled comes just before the thread ends: wait for the end itself.
    let deadline = Instant::now() + Duration::from_secs(5);
    while !shared.finished() && Instant::now() < deadline {
      std::thread::yield_now();
    }
    assert!(shared.finished());
  }
}
