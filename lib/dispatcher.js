'use strict'

const { AsyncLocalStorage } = require('node:async_hooks')
const { writeSync } = require('node:fs')
// Captured now: fake timers that replace the global later must not stop delivery.
const { setImmediate } = require('node:timers')
const { inspect } = require('node:util')
const { Fifo } = require('./fifo')
const { CallbackBatch } = require('./callback-batch')

// Hands records from a Rust callback buffer to the JS callbacks: on the main
// thread for functions (lib/core.js), on the logger's worker thread for
// modules (lib/worker-thread.js).
//
// Rust owns who gets what: each record arrives with the ids of the callbacks
// that take it (their level, and whether they were registered when it was
// logged), and each batch with a watermark, `through`: every record logged
// before it has been handed over, dropped or was for no callback, readable or
// not. JS keeps only the functions, by id, and what happens to a record after
// it arrived: promises, backlogs. `complete()` waits for a watermark, so no
// input can leave JS waiting for a record Rust never sends.
//
// Rust rings a doorbell (a threadsafe function) when records or progress
// wait; we take them in batches (lib/callback-batch.js) and yield to the
// event loop between batches. Per callback, records arrive in log order.
// Each callback gets its own record object.
//
// Everything a callback does runs inside `scope`, an AsyncLocalStorage that
// follows its awaits: the log call sees it and marks such records, which
// Rust keeps from callbacks, so a callback that logs cannot loop.

/**
 * The origin of a record in a batch (src/batch.rs). Rust reads only CALLBACK:
 * such records go to sinks, never to callbacks.
 */
const ORIGIN = Object.freeze({ APP: 0, CALLBACK: 1, APP_FOR_CALLBACKS: 2 })

class Dispatcher {
  /**
   * `source` is the lane's end in Rust: `takeCallbacks()` (at most 1024 records)
   * and `keepAlive(alive)` (NativeLogger on the main thread, NativeWorkerFeed
   * on the worker).
   */
  constructor (source, limits) {
    this.source = source
    /** id -> callback state, for registered callbacks and removed ones still owed records. */
    this.callbacks = new Map()
    /** The lowest level a callback takes (Rust's answer, set by the core after every change). */
    this.minLevel = Infinity
    /** The lowest level a callback of this lane (the main thread's) takes. */
    this.laneLevel = Infinity
    /** Rust's watermark: every record before it has reached the callbacks (called or backlogged). */
    this.deliveredThrough = 0
    /** The newest record logged for callbacks; the process is kept alive until it is delivered. */
    this.lastForCallbacks = -1
    this.keptAlive = false
    /** Per callback: at most `records` records and `bytes` bytes of record JSON wait in its backlog. */
    this.limits = limits
    this.scope = new AsyncLocalStorage()
    this.counters = { delivered: 0, dropped: 0, callbackErrors: 0 }
    /** The batch being delivered, kept so a delivery cut short (process.exit in a callback) resumes. */
    this.pending = null
    /** `complete()` calls waiting for a watermark: { target, resolve }. */
    this.waiters = []
    this.unsettledReported = false
    /** Called after every step of progress (the worker publishes it to the main thread). */
    this.onProgress = null
    this.drainSoon = () => this.drain()
  }

  /**
   * Keeps `fn` for the callback Rust registered as `id`. `fn` may be null
   * while a module loads: its records wait in its backlog until `load`.
   */
  register (id, fn, name, maxPending) {
    this.callbacks.set(id, {
      id, name, fn, maxPending,
      unsettled: 0,
      /** Unsettled promises by record, oldest first: { seq, count }. */
      promises: new Fifo(),
      /** Records waiting for a free promise slot (or the function): { seq, bytes, record }. */
      backlog: new Fifo(),
      backlogBytes: 0,
      /** The record sequence number from which Rust sends it nothing more (removed). */
      retiredAt: Infinity,
      reported: false,
      /** Its module failed to load: what reaches it is dropped. */
      failed: false
    })
  }

  /** The function of a callback registered while its module loaded; its backlog goes to it now. */
  load (id, fn) {
    const callback = this.callbacks.get(id)
    if (callback === undefined) return
    callback.fn = fn
    this.callBacklog(callback)
    this.afterProgress()
  }

  /** A module that failed to load: reported once, its records dropped and counted. */
  loadFailed (id, error) {
    const callback = this.callbacks.get(id)
    if (callback === undefined) return
    callback.failed = true
    this.fail(callback, error)
    this.counters.dropped += callback.backlog.length
    callback.backlog = new Fifo()
    callback.backlogBytes = 0
    this.afterProgress()
  }

  /** Rust sends the callback nothing logged from `nextSeq` on; earlier records still reach it. */
  retire (id, nextSeq) {
    const callback = this.callbacks.get(id)
    if (callback === undefined) return
    callback.retiredAt = Math.min(callback.retiredAt, nextSeq)
    this.prune()
  }

  /**
   * For the log call, with the sequence number the record will have: where
   * it comes from and whether callbacks take it (ORIGIN). Notes records that
   * this lane's callbacks take, so the process stays alive until they are
   * delivered. (Records only module callbacks take need no such wait: the
   * exit drain hands them to the worker, and waking this thread for their
   * progress cost it a doorbell call and three napi calls a batch.)
   */
  origin (level, seq) {
    if (this.minLevel === Infinity) return ORIGIN.APP
    if (this.scope.getStore() !== undefined) return ORIGIN.CALLBACK
    if (level < this.minLevel) return ORIGIN.APP
    if (level >= this.laneLevel) {
      this.lastForCallbacks = seq
      if (!this.keptAlive) {
        this.keptAlive = true
        this.source.keepAlive(true)
      }
    }
    return ORIGIN.APP_FOR_CALLBACKS
  }

  /** The doorbell: take one batch, deliver it, come back if there is more. */
  drain () {
    const more = this.takeAndDeliver()
    if (!more) {
      this.afterProgress()
      return
    }
    setImmediate(this.drainSoon)
    // Under a flood the buffer may never empty: the worker still publishes
    // its counters after each batch, so stats() does not stand still.
    if (this.onProgress !== null) this.onProgress()
  }

  /** At exit: everything waiting goes to the synchronous part of every callback now. */
  drainSync () {
    if (this.pending !== null) this.scope.run(true, deliverPending, this)
    while (this.takeAndDeliver());
    for (const callback of this.callbacks.values()) {
      while (callback.backlog.length > 0 && callback.fn !== null) this.callFromBacklog(callback)
    }
    this.afterProgress()
  }

  takeAndDeliver () {
    const batch = this.source.takeCallbacks()
    if (batch.count > 0) {
      this.pending = new CallbackBatch(batch)
      this.scope.run(true, deliverPending, this)
    }
    // A delivery that ended the process's last exit drain may have moved it further.
    this.deliveredThrough = Math.max(this.deliveredThrough, batch.through)
    return batch.more
  }

  afterProgress () {
    if (this.keptAlive && this.deliveredThrough > this.lastForCallbacks) {
      this.keptAlive = false
      this.source.keepAlive(false)
    }
    this.prune()
    this.resolveWaiters()
    if (this.onProgress !== null) this.onProgress()
  }

  /** Forgets removed callbacks once nothing more can reach them or is owed by them. */
  prune () {
    for (const callback of this.callbacks.values()) {
      if (callback.retiredAt <= this.deliveredThrough && callback.backlog.length === 0 && callback.unsettled === 0) {
        this.callbacks.delete(callback.id)
      }
    }
  }

  /**
   * Hands the batch's current record to `callback` (a copy of its own if
   * `own`): called now, or kept in its backlog, or dropped. The record is
   * made, and its size summed, only where it is needed.
   */
  deliver (callback, batch, own) {
    if (callback.failed) {
      this.counters.dropped++
    } else if (callback.unsettled < callback.maxPending && callback.backlog.length === 0 && callback.fn !== null) {
      this.call(callback, batch.seq(), batch.record(own))
    } else {
      const bytes = batch.bytes()
      if (callback.backlog.length < this.limits.records && callback.backlogBytes + bytes <= this.limits.bytes) {
        callback.backlog.push({ seq: batch.seq(), bytes, record: batch.record(own) })
        callback.backlogBytes += bytes
      } else {
        this.counters.dropped++
      }
    }
  }

  /** Calls what waits in the backlog while the callback has promise slots free. */
  callBacklog (callback) {
    while (callback.backlog.length > 0 && callback.unsettled < callback.maxPending && callback.fn !== null) {
      this.callFromBacklog(callback)
    }
  }

  callFromBacklog (callback) {
    const { seq, bytes, record } = callback.backlog.shift()
    callback.backlogBytes -= bytes
    this.call(callback, seq, record)
  }

  call (callback, seq, record) {
    this.counters.delivered++
    let result
    try {
      result = callback.fn(record)
    } catch (error) {
      this.fail(callback, error)
      return
    }
    if (result === null || (typeof result !== 'object' && typeof result !== 'function')) return
    let then
    try {
      then = result.then
    } catch (error) {
      this.fail(callback, error)
      return
    }
    if (typeof then === 'function') this.track(callback, seq, result, then)
  }

  /** Follows a promise (or any thenable) until it settles, once, however often it calls back. */
  track (callback, seq, thenable, then) {
    const promises = callback.promises
    let bucket = promises.last()
    if (bucket === undefined || bucket.seq !== seq) {
      bucket = { seq, count: 0 }
      promises.push(bucket)
    }
    bucket.count++
    callback.unsettled++
    let settled = false
    const settle = () => {
      if (settled) return
      settled = true
      bucket.count--
      callback.unsettled--
      this.callBacklog(callback)
      if (this.waiters.length > 0) this.resolveWaiters()
      if (this.onProgress !== null) this.onProgress()
    }
    const reject = (error) => {
      if (!settled) this.fail(callback, error)
      settle()
    }
    try {
      then.call(thenable, settle, reject)
    } catch (error) {
      reject(error)
    }
  }

  fail (callback, error) {
    this.counters.callbackErrors++
    if (callback.reported) return
    callback.reported = true
    report(
      `logly: callback "${callback.name}" (id ${callback.id}) failed: ${describeFailure(error)}\n` +
      '  (reported once; every failure is counted in logger.stats().callbackErrors)\n'
    )
  }

  /** What callbacks still owe: `"name" (id N): U unsettled, B waiting` for each that owes anything. */
  owing () {
    const owing = []
    for (const callback of this.callbacks.values()) {
      if (callback.unsettled === 0 && callback.backlog.length === 0) continue
      owing.push(`callback "${callback.name}" (id ${callback.id}): ${callback.unsettled} unsettled, ${callback.backlog.length} waiting`)
    }
    return owing
  }

  /**
   * At an exit with code 13: promises that never settled are reported, once,
   * rather than left as a silent exit from an `await logger.complete()`.
   */
  reportUnsettled () {
    if (this.unsettledReported) return
    const owing = this.owing()
    if (owing.length === 0) return
    this.unsettledReported = true
    report(`logly: the process is ending (exit code 13, a top-level await never settled) with callback promises unsettled: ${owing.join('; ')}\n`)
  }

  /**
   * Every record before this sequence number has been handed to (the
   * synchronous part of) every callback that takes it: what exit waits for.
   */
  calledThrough () {
    let through = this.deliveredThrough
    for (const callback of this.callbacks.values()) {
      const waiting = callback.backlog.first()
      if (waiting !== undefined) through = Math.min(through, waiting.seq)
    }
    return through
  }

  /**
   * Every record before this sequence number has been handed to every
   * callback that takes it and their promises have settled.
   */
  settledThrough () {
    let through = this.calledThrough()
    for (const callback of this.callbacks.values()) {
      const promises = callback.promises
      while (promises.length > 0 && promises.first().count === 0) promises.shift()
      if (promises.length > 0) through = Math.min(through, promises.first().seq)
    }
    return through
  }

  /** Resolves once every record before `target` is delivered and settled. */
  settleThrough (target) {
    return new Promise((resolve) => {
      this.waiters.push({ target, resolve })
      // The writer has handed over everything before `target`: take it now.
      this.drain()
    })
  }

  resolveWaiters () {
    if (this.waiters.length === 0) return
    const through = this.settledThrough()
    const waiting = []
    for (const waiter of this.waiters) {
      if (waiter.target <= through) waiter.resolve()
      else waiting.push(waiter)
    }
    this.waiters = waiting
  }
}

/** Delivers the pending batch from where it stands, record by record, to each taker. */
function deliverPending (dispatcher) {
  const batch = dispatcher.pending
  for (; !batch.done(); batch.next()) {
    const takers = batch.takerCount()
    while (batch.taker < takers) {
      // Advanced before the call: a callback that ends the process resumes the
      // delivery from the exit drain, and must not get this record twice.
      const t = batch.taker++
      const callback = dispatcher.callbacks.get(batch.takerId(t))
      if (callback !== undefined) dispatcher.deliver(callback, batch, t < takers - 1)
    }
  }
  dispatcher.pending = null
}

/**
 * What a callback threw, as text, whatever it threw: an Error's stack when
 * it can be read, else util.inspect (which never runs a Proxy's traps),
 * never `String()` (it throws for `Object.create(null)` and can run code).
 */
function describeFailure (error) {
  if (typeof error === 'string') return error
  try {
    if (error instanceof Error && typeof error.stack === 'string') return error.stack
  } catch {}
  try {
    return inspect(error, { depth: 2, customInspect: false })
  } catch {}
  return '[a value that cannot be shown]'
}

/** Writes logly's own report to stderr; a closed stderr loses it, never the process. */
function report (text) {
  try {
    writeSync(2, text)
  } catch {}
}

module.exports = { Dispatcher, ORIGIN, report }
