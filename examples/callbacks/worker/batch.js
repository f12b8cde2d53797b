'use strict'

// The callbacks page, "Aggregation", with the callback as a module
// (batch-callback.mjs) on logly's worker thread.
//
//   node examples/callbacks/worker/batch.js
//
// Prints "Processing batch of 50 logs" twice for 120 records (20 stay in the
// module's buffer), then "delivered: 120".

const path = require('node:path')
const { logger } = require('logly-node')

logger.addCallback(path.join(__dirname, 'batch-callback.mjs'), { name: 'batch_processor' })

async function main () {
  logger.remove() // keep the output to the batches
  for (let i = 0; i < 120; i++) logger.info(`Event ${i}`, { i })
  await logger.complete()
  console.log(`delivered: ${logger.stats().delivered}`)
}

main()
