// The callbacks page, "Metrics", as a module callback: count records by
// level, print a summary every 100 records. Its state lives on logly's
// worker thread, in this module.
//
// It prints with fs.writeSync(1): on a worker thread console.log goes
// through the main thread asynchronously and can be lost when the process
// ends; a synchronous write is done when it returns, and it blocks only
// the worker.

import { writeSync } from 'node:fs'

const logCounts = {}

export default function metricsCallback (record) {
  // Count logs by level
  logCounts[record.level] = (logCounts[record.level] ?? 0) + 1

  // Every 100 logs, print summary
  const total = Object.values(logCounts).reduce((sum, n) => sum + n, 0)
  if (total % 100 === 0) writeSync(1, `Log counts: ${JSON.stringify(logCounts)}\n`)
}
