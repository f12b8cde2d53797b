'use strict'

// The callbacks page, "Non-Blocking": a callback that takes 5 seconds does
// not slow down the log call.
//
//   node examples/callbacks/non-blocking.js
//
// SLOW_MS sets the delay (default 5000).

const { setTimeout: sleep } = require('node:timers/promises')
const { logger } = require('logly-node')

const SLOW_MS = Number(process.env.SLOW_MS ?? 5000)
const started = performance.now()
const elapsed = () => `${(performance.now() - started).toFixed(1)} ms`

async function slowCallback (record) {
  await sleep(SLOW_MS) // 5 second delay
  console.log(`slow callback done with "${record.message}" after ${elapsed()}`)
}

logger.addCallback(slowCallback)
logger.addCallback((record) => console.log(`other callback got "${record.message}" after ${elapsed()}`))

async function main () {
  // This returns immediately (does not wait 5 seconds)
  logger.info('Fast log')
  console.log(`logger.info() returned after ${elapsed()}`)

  await logger.complete() // waits for the slow callback's promise
  console.log(`logger.complete() resolved after ${elapsed()}`)
}

main()
