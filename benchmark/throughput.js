'use strict'

// End-to-end throughput to disk: log N records, flush, and stop the clock when
// the file holds all N lines. The loop lets the event loop turn every
// `yieldEvery` records, like a service that logs while it works.

const { getCase } = require('./cases')
const { waitForLines, waitForDeliveries, yieldToLoop, fileSize } = require('./files')

async function logRecords (call, records, yieldEvery) {
  let inCallNs = 0n
  for (let done = 0; done < records;) {
    const n = Math.min(yieldEvery, records - done)
    const t0 = process.hrtime.bigint()
    for (let i = 0; i < n; i++) call()
    inCallNs += process.hrtime.bigint() - t0
    done += n
    await yieldToLoop()
  }
  return Number(inCallNs) / 1e9
}

async function measureThroughput (job, handle) {
  const { throughputRecords: records, yieldEvery, childTimeoutMs } = job.settings
  const call = getCase(job.case).prepare(handle.log)

  const start = process.hrtime.bigint()
  const inCallSeconds = await logRecords(call, records, yieldEvery)
  await handle.flush()
  const lines = await waitForLines(job.file, records, childTimeoutMs / 2, handle.countLines)
  const seconds = Number(process.hrtime.bigint() - start) / 1e9

  const expected = records * handle.callbacksPerRecord
  await waitForDeliveries(handle, expected, childTimeoutMs / 2)

  const bytes = fileSize(job.file)
  return {
    records,
    seconds,
    recordsPerSec: records / seconds,
    inCallSeconds,
    bytes,
    mibPerSec: bytes / 1048576 / seconds,
    lines
  }
}

module.exports = { measureThroughput, logRecords }
