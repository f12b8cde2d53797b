'use strict'

const path = require('node:path')
const { Worker } = require('node:worker_threads')
const { report } = require('./dispatcher')
const { NUMBERS, FLAGS, createShared, views } = require('./worker-shared')

// The main thread's side of a logger's worker thread, where module callbacks
// run (lib/worker-thread.js). One worker per root logger, started with its
// first module callback; every module callback of that logger shares it.
//
// The worker is unref'd: it never keeps an idle process alive. While a
// complete() waits for it, it is ref'd, so `await logger.complete()` at the
// end of a program cannot let the process end first. At exit the main thread
// waits for it, boundedly, with Atomics.wait on the shared buffer: workers
// keep running while the main thread's exit handlers do (the shape of
// pino's thread-stream flushSync).
//
// A worker that dies (a module that crashes it, process.exit() in it) is
// reported once and its module callbacks are removed: the application goes on,
// and nothing waits for a thread that is gone. Removals go through the core
// (`removeCallback`), which keeps the level gate and the batch order right.

const WORKER_SCRIPT = path.join(__dirname, 'worker-thread.js')

class WorkerLane {
  /** `removeCallback(id)`: the core's, for module callbacks that failed or whose thread died. */
  constructor (native, limits, removeCallback) {
    this.native = native
    this.removeCallback = removeCallback
    this.shared = createShared()
    const { numbers, flags } = views(this.shared)
    this.numbers = numbers
    this.flags = flags
    /** Ids of this lane's module callbacks that Rust still has. */
    this.modules = new Set()
    /** complete() calls waiting for the worker: token -> resolve. */
    this.settles = new Map()
    this.nextToken = 0
    this.stopped = false
    this.worker = new Worker(WORKER_SCRIPT, { workerData: { laneId: native.laneId(), shared: this.shared, limits } })
    this.worker.on('message', (message) => this.onMessage(message))
    this.worker.on('error', (error) => this.stop(error))
    this.worker.on('exit', (code) => this.stop(new Error(`the worker thread exited with code ${code}`)))
    // After the listeners: adding a 'message' listener refs the worker again.
    this.worker.unref()
  }

  /** Has the worker load `url` and call its export `exportName` for the records Rust gives `id`. */
  add (id, url, exportName, name, maxPending) {
    this.modules.add(id)
    this.worker.postMessage({ type: 'add', id, url, exportName, name, maxPending })
  }

  /** The backlog bounds of `configure({ callbackBuffer, callbackBufferBytes })`, for the worker's callbacks too. */
  setLimits (limits) {
    if (!this.stopped) this.worker.postMessage({ type: 'limits', limits })
  }

  /** Whether `id` is one of this lane's module callbacks. */
  has (id) {
    return this.modules.has(id)
  }

  /** After Rust removed `id`: the worker forgets it once records before `nextSeq` reached it. */
  retire (id, nextSeq) {
    this.modules.delete(id)
    if (!this.stopped) this.worker.postMessage({ type: 'remove', id, seq: nextSeq })
  }

  onMessage (message) {
    if (message.type === 'settled') {
      this.settles.get(message.token)()
      this.settles.delete(message.token)
      if (this.settles.size === 0) this.worker.unref()
    } else if (message.type === 'failed') {
      // The module did not load (reported by the worker): no more records for it.
      this.removeCallback(message.id)
    }
  }

  /** Resolves once every record before `target` reached the worker's callbacks and their promises settled. */
  settleThrough (target) {
    if (this.stopped) return Promise.resolve()
    return new Promise((resolve) => {
      const token = this.nextToken++
      this.settles.set(token, resolve)
      if (this.settles.size === 1) this.worker.ref()
      this.worker.postMessage({ type: 'settle', target, token })
    })
  }

  /**
   * At exit: waits until every record before `target` reached the
   * synchronous part of the worker's callbacks, or until `deadline`
   * (a Date.now() time), or the thread is gone. Returns false when it gave
   * up waiting (and says so on stderr): the thread is stuck.
   */
  drainSync (target, deadline) {
    if (this.stopped) return true
    Atomics.store(this.flags, FLAGS.EXITING, 1)
    this.native.ringWorker()
    let done = true
    for (;;) {
      const generation = Atomics.load(this.flags, FLAGS.GENERATION)
      if (this.numbers[NUMBERS.CALLED_THROUGH] >= target || Atomics.load(this.flags, FLAGS.GONE) === 1) break
      const remaining = deadline - Date.now()
      if (remaining <= 0) {
        report('logly: gave up waiting for the module callbacks at exit (configure({ exitTimeout }))\n')
        done = false
        break
      }
      Atomics.wait(this.flags, FLAGS.GENERATION, generation, remaining)
    }
    // A signal the application handles does not end the process: back to
    // the usual pace, promise slots and all.
    Atomics.store(this.flags, FLAGS.EXITING, 0)
    return done
  }

  /** Whether a complete() still waits for the worker. */
  waiting () {
    return this.settles.size > 0
  }

  /** The worker's counters: { delivered, dropped, callbackErrors }. */
  counters () {
    return {
      delivered: this.numbers[NUMBERS.DELIVERED],
      dropped: this.numbers[NUMBERS.DROPPED],
      callbackErrors: this.numbers[NUMBERS.CALLBACK_ERRORS]
    }
  }

  /** The worker is gone: reported once, its callbacks removed, nobody left waiting for it. */
  stop (error) {
    if (this.stopped) return
    this.stopped = true
    const ids = [...this.modules]
    for (const id of ids) this.removeCallback(id)
    report(`logly: the module callbacks' worker thread stopped: ${error.message}; ` +
      `its callbacks (ids ${ids.join(', ') || 'none'}) are removed\n`)
    for (const resolve of this.settles.values()) resolve()
    this.settles.clear()
  }
}

module.exports = { WorkerLane }
