// The callbacks page, "Aggregation", as a module callback: collect records
// and process them in batches of 50. The buffer lives on logly's worker
// thread. Prints with fs.writeSync(1) (see metrics-callback.mjs).

import { writeSync } from 'node:fs'

const logBuffer = []

function processBatch (records) {
  writeSync(1, `Processing batch of ${records.length} logs\n`)
  // Send to database, analytics service, etc.
}

export default function batchCallback (record) {
  // Collect logs and process in batches
  logBuffer.push(record)

  // Process every 50 logs
  if (logBuffer.length >= 50) {
    processBatch(logBuffer.slice())
    logBuffer.length = 0
  }
}
