'use strict'

// The callbacks page, logger.remove_callback(): stop a callback by its id.
//
//   node examples/callbacks/remove.js

const { logger } = require('logly-node')

async function myCallback (record) {
  console.log(`Log: ${record.message}`)
}

async function removeById () {
  // Add callback
  const callbackId = logger.addCallback(myCallback, { name: 'printer' })

  // Log some events
  logger.info('Event 1') // Callback invoked
  logger.info('Event 2') // Callback invoked

  // Remove callback. Records logged before this still reach it.
  console.log(`removed: ${logger.removeCallback(callbackId)}`)

  // Log more events
  logger.info('Event 3') // Callback NOT invoked
  await logger.complete()
}

async function removeOneOfThree () {
  const seen = (name) => (record) => console.log(`${name} got "${record.message}"`)

  // Add multiple callbacks
  const id1 = logger.addCallback(seen('slack'), { name: 'slack' })
  const id2 = logger.addCallback(seen('metrics'), { name: 'metrics' })
  const id3 = logger.addCallback(seen('alerting'), { name: 'alerting' })

  // Remove specific callback
  logger.removeCallback(id2) // Remove metrics callback

  // Other callbacks still active
  logger.info('Test') // Triggers slack and alerting callbacks
  await logger.complete()
  logger.removeCallback(id1)
  logger.removeCallback(id3)
}

function removeInvalid () {
  // Removing an unknown id does nothing and returns false (never throws)
  console.log(`remove 'non_existent_id': ${logger.removeCallback('non_existent_id')}`)
  console.log(`remove 999999: ${logger.removeCallback(999999)}`)
}

async function main () {
  logger.remove() // keep the output to what the callbacks print
  await removeById()
  await removeOneOfThree()
  removeInvalid()
}

main()
