'use strict'

const { isMainThread } = require('node:worker_threads')

// Every way the process ends, in one place, so that what was logged before
// reaches the sinks and the callbacks (DESIGN.md: "Nothing lost at exit").
//
// 'exit' covers natural exit, process.exit(), an uncaught exception and an
// unhandled rejection. A terminating signal's default action skips 'exit',
// so for SIGTERM (Docker, Kubernetes), SIGINT (Ctrl-C) and SIGHUP (terminal
// gone) we listen and drain. Listening replaces the default action, so when
// nobody else listens we stop listening and raise the signal again: the
// process dies of it as it would have without logly (the signal-exit
// pattern; the parent sees the signal, a shell 128 + its number). When the
// application listens too, its handler decides: we only drain, and what it
// logs afterwards is drained by the ending that follows (its process.exit(),
// or the signal again once it stops listening).
//
// Our listener is prepended, so it runs before the application's whether
// those were added before or after logly loaded: the application's handler
// finds everything logged so far written, and its `once` listeners are still
// registered (counted) when we decide whether to raise the signal again.
//
// Drains are not skipped while another one runs: JS cannot be interrupted by
// a signal (listeners run from the event loop), so the only nesting is a
// callback ending the process from inside a drain, and then the outer drain
// never resumes: the inner one must deliver what is left.

const SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP']
/** Marks our signal listeners, so that copies of logly in one process know each other's. */
const kDrainsOnSignal = Symbol.for('logly.drainsOnSignal')

/**
 * Calls `drain(final, exitCode)` synchronously whenever the process ends.
 * `final` is true when the process is gone once the current listeners return
 * (from then on every log call must drain at once), false on a signal that
 * the application handles (the process may go on for a long time, SIGHUP
 * often means "reload"). `exitCode` is the code of an 'exit', undefined on a
 * signal.
 */
function drainOnEnd (drain) {
  // Node 20 hands 'exit' listeners 0 for an unsettled top-level await while
  // the process ends with process.exitCode, 13: that one is the truth.
  process.on('exit', (code) => drain(true, typeof process.exitCode === 'number' ? process.exitCode : code))
  // Signals reach only the main thread; a worker's records drain at its own exit.
  if (isMainThread) for (const signal of SIGNALS) drainOnSignal(signal, drain)
}

function drainOnSignal (signal, drain) {
  const onSignal = () => {
    // Decided before the drain: a listener that a callback adds now would
    // not hear this signal, which would have killed the process without logly.
    const alone = othersListening(signal) === 0
    try {
      drain(alone)
    } finally {
      // Even a drain that failed must not change what the signal does.
      if (alone) raiseAgain(signal, onSignal)
    }
  }
  onSignal[kDrainsOnSignal] = true
  try {
    process.prependListener(signal, onSignal)
  } catch {
    // This platform cannot listen for this signal, so its default action stays.
  }
}

/** The listeners for `signal` that decide what it does: neither logly's nor signal-exit's. */
function othersListening (signal) {
  let others = 0
  for (const listener of process.listeners(signal)) if (listener[kDrainsOnSignal] !== true) others++
  return others - signalExitListeners()
}

/**
 * signal-exit (v3 and v4, under many CLIs and tools) raises the signal again
 * once its listeners are the only ones left. Counting them as the
 * application's would leave each of us waiting for the other, and the
 * process would survive the signal. Each loaded copy counts itself on a
 * process-wide emitter (v4 also adds v3's count the same way).
 */
function signalExitListeners () {
  let count = 0
  for (const emitter of [globalThis[Symbol.for('signal-exit emitter')], process.__signal_exit_emitter__]) {
    if (typeof emitter?.count === 'number') count += emitter.count
  }
  return count
}

function raiseAgain (signal, onSignal) {
  process.removeListener(signal, onSignal)
  // Windows cannot raise SIGHUP (ENOSYS); signal-exit raises SIGINT there,
  // which terminates the process just the same.
  process.kill(process.pid, process.platform === 'win32' && signal === 'SIGHUP' ? 'SIGINT' : signal)
}

module.exports = { drainOnEnd }
