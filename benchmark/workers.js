'use strict'

// The workers section: logly's module callbacks (a module logly imports on
// the logger's worker thread, fed by Rust without the main thread) against
// pino's worker-thread transport (thread-stream) and pino's logMethod hook
// (on the main thread). Set-ups in worker-loggers.js. Three measurements,
// one process per job as elsewhere; peak RSS comes with each (child.js).
//
//   delivery  N records to one counting callback: records/s from the first
//             log call until the callback has counted all N
//   lag       the main thread's event-loop delay (monitorEventLoopDelay)
//             while logging at a fixed rate in small bursts, the callback
//             busy-waiting per record: on the worker for logly's module and
//             pino's transport, inside the call for pino's hook
//   caller    ns per log call with the callback registered (caller.js's
//             tinybench loop)
//
// Every job ends by checking that the callback counted every record logged
// (see settle() for the one exception, records logly counts as dropped in
// the caller-cost flood): for logly as soon as `await logger.complete()`
// resolves (its contract), for pino's transport by waiting for the count
// after `flush()`.

const { monitorEventLoopDelay } = require('node:perf_hooks')
const { getCase } = require('./cases')
const { timeCalls } = require('./caller')
const { logRecords } = require('./throughput')
const { waitForWorkerCount, sleep } = require('./files')

const NS_PER_MS = 1e6
const LAG_RESOLUTION_MS = 1

// The histogram records the whole interval of its timer (an idle loop reads
// ~1.1 ms at resolution 1): the delay is what exceeds the resolution.
const late = (ns) => Math.max(0, ns / NS_PER_MS - LAG_RESOLUTION_MS)

const message = (handle) => () => handle.log.msg('hello world')

/**
 * Flushes, then waits until the callback counted `expected` records. Where
 * flush promises delivery (logly's complete()), a short count right after it
 * is a bug of the logger's, not a wait: the job fails with the figures.
 *
 * logly bounds what waits for callbacks (DESIGN.md: 100,000 records, then
 * the newest are dropped for callbacks and counted in stats().dropped). A
 * rate or a delay figure means nothing if records were dropped, so those jobs
 * fail; the caller-cost job floods faster than any worker consumes, measures
 * the call, and accepts drops that are accounted for (`dropsAllowed`),
 * reporting them.
 */
async function settle (handle, expected, timeoutMs, { dropsAllowed = false } = {}) {
  await handle.flush()
  const atFlush = handle.delivered()
  const dropped = handle.dropped()
  const figures = () => {
    const stats = handle.stats()
    return `${atFlush} of ${expected} records counted by the callback when flush resolved${stats ? `, stats ${JSON.stringify(stats)}` : ''}`
  }
  if (dropped > 0 && !dropsAllowed) throw new Error(`records dropped for the callback: ${figures()}`)
  if (handle.flushDelivers && atFlush + dropped < expected) throw new Error(`flush resolved early: ${figures()}`)
  await waitForWorkerCount(handle, expected - dropped, timeoutMs)
  return { countedAtFlush: atFlush, dropped }
}

async function delivery (job, handle) {
  const { deliveryRecords: records, workerWarmupRecords: warmup, yieldEvery, childTimeoutMs } = job.settings
  const log = message(handle)
  // Untimed first, as in lag: a worker's first batches run cold code, and
  // logly's bounded buffer (100,000 records) drops what a cold worker cannot
  // take in time from a 2M records/s flood, which fails the job.
  await logRecords(log, warmup, yieldEvery)
  await settle(handle, warmup, childTimeoutMs / 4)
  const start = process.hrtime.bigint()
  const inCallSeconds = await logRecords(log, records, yieldEvery)
  const { countedAtFlush } = await settle(handle, warmup + records, childTimeoutMs / 2)
  const seconds = Number(process.hrtime.bigint() - start) / 1e9
  return { records, seconds, recordsPerSec: records / seconds, inCallSeconds, countedAtFlush, delivered: handle.delivered() }
}

/**
 * Logs `rate` records a second for `seconds`: every `tickMs` (setTimeout),
 * the records due by then. A logger too slow for the pace is not given more
 * time: its bursts grow, and so does the delay it causes.
 */
async function paced (call, { rate, seconds, tickMs }) {
  const total = Math.round(rate * seconds)
  const start = performance.now()
  let done = 0
  let inCallMs = 0
  let largestBurst = 0
  while (done < total) {
    const due = Math.min(total, Math.floor(((performance.now() - start) * rate) / 1000))
    const t0 = performance.now()
    largestBurst = Math.max(largestBurst, due - done)
    for (; done < due; done++) call()
    inCallMs += performance.now() - t0
    await sleep(tickMs)
  }
  return { records: total, seconds: (performance.now() - start) / 1000, inCallSeconds: inCallMs / 1000, largestBurst }
}

async function lag (job, handle) {
  const { lagRate: rate, lagSeconds, lagWarmupSeconds, lagTickMs: tickMs, lagSpinUs, childTimeoutMs } = job.settings
  const call = message(handle)

  // The same pace untimed first (JIT, the worker's first batches), then the
  // callback catches up, so the timed part starts from an empty backlog.
  const warm = await paced(call, { rate, seconds: lagWarmupSeconds, tickMs })
  await settle(handle, warm.records, childTimeoutMs / 4)

  // Resolution 1 ms: one sample a millisecond, so p99 is not just the maximum.
  const histogram = monitorEventLoopDelay({ resolution: LAG_RESOLUTION_MS })
  histogram.enable()
  const run = await paced(call, { rate, seconds: lagSeconds, tickMs })
  histogram.disable()

  // How far behind the callback was when the logging stopped.
  const drainStart = process.hrtime.bigint()
  const backlog = warm.records + run.records - handle.delivered()
  await settle(handle, warm.records + run.records, childTimeoutMs / 4)
  const drainMs = Number(process.hrtime.bigint() - drainStart) / 1e6

  return {
    rate,
    spinUs: lagSpinUs,
    records: run.records,
    seconds: run.seconds,
    recordsPerSec: run.records / run.seconds,
    inCallSeconds: run.inCallSeconds,
    largestBurst: run.largestBurst,
    samples: histogram.count,
    p50Ms: late(histogram.percentile(50)),
    p99Ms: late(histogram.percentile(99)),
    maxMs: late(histogram.max),
    meanMs: late(histogram.mean),
    backlog,
    drainMs,
    delivered: handle.delivered()
  }
}

async function caller (job, handle) {
  const { childTimeoutMs } = job.settings
  const timed = await timeCalls(getCase(job.case).prepare(handle.log), job.settings)
  const drainStart = process.hrtime.bigint()
  const { dropped } = await settle(handle, timed.calls, childTimeoutMs / 2, { dropsAllowed: true })
  const drainMs = Number(process.hrtime.bigint() - drainStart) / 1e6
  return { ...timed, drainMs, delivered: handle.delivered(), dropped }
}

const MEASURES = { delivery, lag, caller }

async function measureWorkers (job, handle) {
  await handle.ready()
  return MEASURES[job.measure](job, handle)
}

module.exports = { measureWorkers }
