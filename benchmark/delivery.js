'use strict'

// Callback delivery rate: log N records at INFO with k no-op (counting)
// callbacks and time from the first log call until every record has reached
// every callback (for logly: until `await logger.complete()` resolves, which
// also means the file sink is flushed). Records/s is N over that wall time.

const { waitForDeliveries } = require('./files')
const { logRecords } = require('./throughput')

async function measureDelivery (job, handle) {
  const { deliveryRecords: records, yieldEvery, childTimeoutMs } = job.settings
  const k = handle.callbacksPerRecord
  const call = () => handle.log.msg('hello world')
  const expected = records * k

  const start = process.hrtime.bigint()
  const inCallSeconds = await logRecords(call, records, yieldEvery)
  await handle.flush()
  await waitForDeliveries(handle, expected, childTimeoutMs / 2)
  const seconds = Number(process.hrtime.bigint() - start) / 1e9

  return {
    records,
    callbacks: k,
    seconds,
    recordsPerSec: records / seconds,
    deliveriesPerSec: handle.delivered() / seconds,
    inCallSeconds,
    delivered: handle.delivered()
  }
}

module.exports = { measureDelivery }
