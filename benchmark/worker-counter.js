'use strict'

// How a callback running on a worker thread (worker-module.mjs for logly,
// worker-transport.mjs for pino) tells the benchmark how many records it has
// had. The fixture makes a SharedArrayBuffer, announces it once on a
// BroadcastChannel, and stores its count there after every record; the main
// thread reads it with Atomics.load. logly loads a module by URL with no way
// to hand it an object, so both fixtures announce theirs the same way, and a
// count means the same thing for both. One process per job, so one channel
// name is enough.
//
// Also here: the busy-wait of the slow-callback measurement, so that logly's
// module, pino's transport and pino's hook wait in the same code.

const CHANNEL = 'logly-bench-worker-count'

/** Worker side: announces a counter; returns the function that counts one record. */
function announceCounter () {
  const counts = new Int32Array(new SharedArrayBuffer(4))
  const channel = new BroadcastChannel(CHANNEL)
  channel.unref() // the fixture must not keep its thread alive
  channel.postMessage(counts.buffer)
  let n = 0
  return () => Atomics.store(counts, 0, ++n)
}

/**
 * Main side, before the fixture loads (a message on a BroadcastChannel reaches
 * only the channels open when it is sent). `read()` is 0 until the counter
 * arrives; `announced` rejects after `timeoutMs`, when the fixture never
 * loaded.
 */
function listenForCounter (timeoutMs) {
  const channel = new BroadcastChannel(CHANNEL)
  let counts = null
  const announced = new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      channel.close()
      reject(new Error(`the callback on the worker did not announce its counter within ${timeoutMs} ms (did its module load?)`))
    }, timeoutMs)
    channel.onmessage = ({ data }) => {
      clearTimeout(timer)
      counts = new Int32Array(data)
      channel.close()
      resolve()
    }
  })
  return { announced, read: () => (counts ? Atomics.load(counts, 0) : 0) }
}

/** Busy-waits `us` microseconds: the callback that does real work per record. */
function spin (us) {
  const end = performance.now() + us / 1000
  while (performance.now() < end) { /* the work */ }
}

module.exports = { announceCounter, listenForCounter, spin }
