'use strict'

// The callbacks page, "Metrics": count records by level.
//
//   node examples/callbacks/metrics.js
//
// Prints (among the 150 log lines):
//   Log counts: {"INFO":100}
//   Log counts: {"INFO":150}

const { logger } = require('logly-node')

const logCounts = {}

function metricsCallback (record) {
  // Count logs by level
  logCounts[record.level] = (logCounts[record.level] ?? 0) + 1

  // Every 100 logs, print summary
  const total = Object.values(logCounts).reduce((sum, n) => sum + n, 0)
  if (total % 100 === 0) console.log(`Log counts: ${JSON.stringify(logCounts)}`)
}

logger.addCallback(metricsCallback, { name: 'metrics' })

async function main () {
  // Log some events
  for (let i = 0; i < 150; i++) logger.info(`Event ${i}`)

  // Callbacks run after the log calls return: wait for them, then print the
  // final summary. (150 is not a multiple of 100, so the callback itself
  // prints only the first summary; the page shows both.)
  await logger.complete()
  console.log(`Log counts: ${JSON.stringify(logCounts)}`)
}

main()
