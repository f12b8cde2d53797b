'use strict'

// The callbacks page, "Aggregation": collect records and process them in
// batches of 50.
//
//   node examples/callbacks/batch.js
//
// Prints "Processing batch of 50 logs" twice for 120 records; 20 stay in the
// buffer.

const { logger } = require('logly-node')

const logBuffer = []

function processBatch (records) {
  console.log(`Processing batch of ${records.length} logs`)
  // Send to database, analytics service, etc.
}

function batchCallback (record) {
  // Collect logs and process in batches
  logBuffer.push(record)

  // Process every 50 logs
  if (logBuffer.length >= 50) {
    processBatch(logBuffer.slice())
    logBuffer.length = 0
  }
}

logger.addCallback(batchCallback, { name: 'batch_processor' })

async function main () {
  logger.remove() // keep the output to the batches
  for (let i = 0; i < 120; i++) logger.info(`Event ${i}`, { i })
  await logger.complete()
  console.log(`${logBuffer.length} records still in the buffer`)
}

main()
