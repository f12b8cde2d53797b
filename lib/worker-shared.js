'use strict'

// What the main thread and the logger's worker thread share: one
// SharedArrayBuffer the worker writes its progress and counters into, so the
// main thread can read them at any time, and wait for them (Atomics.wait) at
// exit, when no message can be received any more.

const NUMBERS = Object.freeze({ CALLED_THROUGH: 0, DELIVERED: 1, DROPPED: 2, CALLBACK_ERRORS: 3 })
/** EXITING: set by the main thread at exit; GONE: set by the worker as its thread ends. */
const FLAGS = Object.freeze({ GENERATION: 0, EXITING: 1, GONE: 2 })
const FLAG_COUNT = 3
const NUMBERS_BYTES = 4 * Float64Array.BYTES_PER_ELEMENT

function createShared () {
  return new SharedArrayBuffer(NUMBERS_BYTES + FLAG_COUNT * Int32Array.BYTES_PER_ELEMENT)
}

/** `{ numbers, flags }`: typed views of the shared buffer, indexed by NUMBERS and FLAGS. */
function views (shared) {
  return { numbers: new Float64Array(shared, 0, 4), flags: new Int32Array(shared, NUMBERS_BYTES, FLAG_COUNT) }
}

module.exports = { NUMBERS, FLAGS, createShared, views }
