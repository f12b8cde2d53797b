'use strict'

// The callbacks page, "Metrics", with the callback as a module
// (metrics-callback.mjs) on logly's worker thread.
//
//   node examples/callbacks/worker/metrics.js
//
// Prints (among the 150 log lines):
//   Log counts: {"INFO":100}
//   delivered: 150
// The counts live in the module, on the worker: the main thread reads how
// many records the module got from logger.stats().

const path = require('node:path')
const { logger } = require('logly-node')

logger.addCallback(path.join(__dirname, 'metrics-callback.mjs'), { name: 'metrics' })

async function main () {
  // Log some events
  for (let i = 0; i < 150; i++) logger.info(`Event ${i}`)

  await logger.complete()
  console.log(`delivered: ${logger.stats().delivered}`)
}

main()
