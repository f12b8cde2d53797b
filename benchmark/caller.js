'use strict'

// Caller cost: the time spent inside the log call, measured with tinybench.
// Each sample times `batch` back-to-back calls (as pino's benchmarks do: a
// single call is too short for the timer), and the event loop turns between
// samples, untimed, so asynchronous writers and callback dispatchers get to
// run the way they would in a service.

const { getCase } = require('./cases')
const { waitForLines, waitUntil, yieldToLoop } = require('./files')

const MS_TO_NS = 1e6

async function measureCaller (job, handle) {
  const { Bench } = await import('tinybench')
  const { batch, timeMs, warmupMs, minSamples, childTimeoutMs } = job.settings
  const call = getCase(job.case).prepare(handle.log)

  let calls = 0
  const sample = () => {
    for (let i = 0; i < batch; i++) call()
    calls += batch
  }
  const bench = new Bench({
    time: timeMs,
    warmupTime: warmupMs,
    iterations: minSamples,
    warmupIterations: Math.ceil(minSamples / 4),
    throws: true
  })
  bench.add(job.case, sample, { afterEach: yieldToLoop })
  await bench.run()

  const { latency, totalTime } = bench.tasks[0].result
  const timedCalls = latency.samples.length * batch

  // Everything logged (warm-up included) must reach the file and the callbacks.
  await handle.flush()
  const lines = await waitForLines(job.file, calls, childTimeoutMs / 2)
  const expected = calls * handle.callbacksPerRecord
  await waitUntil(() => handle.delivered() >= expected, childTimeoutMs / 2, `${expected} callback deliveries`)

  return {
    medianNs: (latency.p50 * MS_TO_NS) / batch,
    p99Ns: (latency.p99 * MS_TO_NS) / batch,
    meanNs: (latency.mean * MS_TO_NS) / batch,
    rme: latency.rme,
    opsPerSec: timedCalls / (totalTime / 1000),
    samples: latency.samples.length,
    calls,
    lines,
    delivered: handle.delivered()
  }
}

module.exports = { measureCaller }
