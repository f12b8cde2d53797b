'use strict'

// The logger's worker thread: runs the module callbacks (DESIGN.md, "Where
// callbacks run"). Rust rings this thread's own doorbell, a threadsafe
// function created here, so records never pass through the main thread.
// The main thread talks to it by messages (add, remove, settle) and, at
// exit, by the shared buffer (lib/worker-shared.js).

const { parentPort, workerData } = require('node:worker_threads')
const { NativeWorkerFeed } = require('./binding').loadBinding()
const { Dispatcher } = require('./dispatcher')
const { NUMBERS, FLAGS, views } = require('./worker-shared')

const { laneId, shared, limits } = workerData
const { numbers, flags } = views(shared)

// The doorbell is first rung once the worker's event loop runs, when
// `dispatcher` exists.
const feed = new NativeWorkerFeed(laneId, () => {
  // At exit the main thread waits for the synchronous part of every
  // callback: everything goes now, promise slots or not.
  if (Atomics.load(flags, FLAGS.EXITING) === 1) dispatcher.drainSync()
  else dispatcher.drain()
})
const dispatcher = new Dispatcher(feed, limits)
dispatcher.onProgress = publish

/** Writes progress and counters where the main thread reads them, and wakes it if it waits. */
function publish () {
  const { delivered, dropped, callbackErrors } = dispatcher.counters
  numbers[NUMBERS.CALLED_THROUGH] = dispatcher.calledThrough()
  numbers[NUMBERS.DELIVERED] = delivered
  numbers[NUMBERS.DROPPED] = dropped
  numbers[NUMBERS.CALLBACK_ERRORS] = callbackErrors
  Atomics.add(flags, FLAGS.GENERATION, 1)
  Atomics.notify(flags, FLAGS.GENERATION)
}

const handlers = {
  add ({ id, url, exportName, name, maxPending }) {
    dispatcher.register(id, null, name, maxPending)
    import(url).then((namespace) => {
      const fn = exported(namespace, exportName)
      if (typeof fn !== 'function') throw new TypeError(`${url} has no function export "${exportName}"`)
      dispatcher.load(id, fn)
    }).catch((error) => {
      dispatcher.loadFailed(id, error)
      parentPort.postMessage({ type: 'failed', id })
    })
  },
  limits ({ limits }) {
    dispatcher.limits = limits
  },
  remove ({ id, seq }) {
    dispatcher.retire(id, seq)
  },
  settle ({ target, token }) {
    dispatcher.settleThrough(target).then(() => parentPort.postMessage({ type: 'settled', token }))
  }
}

/** The export a module callback names; a CommonJS module's exports are its default export. */
function exported (namespace, name) {
  if (name in namespace) return namespace[name]
  return namespace.default?.[name]
}

// A main thread waiting at exit must not wait for a thread that is gone (a
// module that called process.exit(), or threw from a timer).
process.on('exit', () => {
  feed.detach()
  Atomics.store(flags, FLAGS.GONE, 1)
  Atomics.add(flags, FLAGS.GENERATION, 1)
  Atomics.notify(flags, FLAGS.GENERATION)
})
parentPort.on('message', (message) => handlers[message.type](message))
publish()
