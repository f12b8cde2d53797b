'use strict'

// Caller cost: the time spent inside the log call, measured with tinybench.
// Each sample times `batch` back-to-back calls (as pino's benchmarks do: a
// single call is too short for the timer), and the event loop turns between
// samples, untimed, so asynchronous writers and callback dispatchers get to
// run the way they would in a service.
//
// A logger that defers its work (winston buffers records in its stream
// pipeline while the file transport is busy) can make millions of cheap calls
// inside the timed budget and then take minutes to drain; the timed run stops
// after `maxCalls`, and `drainMs` reports how long the backlog took to reach
// the file after the last timed call.

const { getCase } = require('./cases')
const { waitForLines, waitForDeliveries, yieldToLoop } = require('./files')

const MS_TO_NS = 1e6

// A fixed number of calls, not a time: a deferring logger would otherwise make
// millions of warm-up calls and spend the run draining them.
async function warmUp (sample, samples) {
  for (let i = 0; i < samples; i++) {
    sample()
    await yieldToLoop()
  }
}

/**
 * Warm-up, then tinybench over `call`: the timed part of a caller-cost job,
 * shared with the workers section (workers.js). `calls` counts every call
 * made, warm-up included, for the drain that follows.
 */
async function timeCalls (call, settings) {
  const { Bench } = await import('tinybench')
  const { batch, timeMs, warmupCalls, minSamples, maxCalls } = settings

  let calls = 0
  const sample = () => {
    for (let i = 0; i < batch; i++) call()
    calls += batch
  }
  await warmUp(sample, warmupCalls / batch)

  const stop = new AbortController()
  function afterEach () {
    if (calls >= warmupCalls + maxCalls) stop.abort()
    return yieldToLoop()
  }
  const bench = new Bench({ time: timeMs, iterations: minSamples, warmup: false, signal: stop.signal, throws: true })
  bench.add('call', sample, { afterEach })
  await bench.run()

  const { latency, totalTime } = bench.tasks[0].result
  return {
    medianNs: (latency.p50 * MS_TO_NS) / batch,
    p99Ns: (latency.p99 * MS_TO_NS) / batch,
    meanNs: (latency.mean * MS_TO_NS) / batch,
    rme: latency.rme,
    opsPerSec: (latency.samples.length * batch) / (totalTime / 1000),
    warmupCalls,
    samples: latency.samples.length,
    capped: stop.signal.aborted,
    calls
  }
}

async function measureCaller (job, handle) {
  const { childTimeoutMs } = job.settings
  const timed = await timeCalls(getCase(job.case).prepare(handle.log), job.settings)

  // Everything logged (warm-up included) must reach the file and the callbacks.
  const drainStart = process.hrtime.bigint()
  await handle.flush()
  const lines = await waitForLines(job.file, timed.calls, childTimeoutMs / 2, handle.countLines)
  const expected = timed.calls * handle.callbacksPerRecord
  await waitForDeliveries(handle, expected, childTimeoutMs / 2)
  const drainMs = Number(process.hrtime.bigint() - drainStart) / 1e6

  return { ...timed, drainMs, lines, delivered: handle.delivered() }
}

module.exports = { measureCaller, timeCalls }
