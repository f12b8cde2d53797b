'use strict'

// The callbacks page, "Exception Handling": a callback that throws does not
// break logging.
//
//   node examples/callbacks/exception-handling.js
//
// stderr gets one report naming the callback; every failure is counted.

const { logger } = require('logly-node')

class ValueError extends Error {
  constructor (message) {
    super(message)
    this.name = 'ValueError'
  }
}

function brokenCallback (record) {
  throw new ValueError('Oops!')
}

logger.addCallback(brokenCallback, { name: 'broken_callback' })

async function main () {
  logger.info('Test') // Logs normally, callback error is caught
  logger.info('Test again') // still handed to brokenCallback, counted, not reported again
  await logger.complete()
  console.log(`callbackErrors: ${logger.stats().callbackErrors}`)
}

main()
