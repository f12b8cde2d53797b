'use strict'

// The callbacks page, "Best Practices" and "Best Performance", in JS.
//
//   node examples/callbacks/best-practices.js
//
// Writes file.log in the current directory.

const { appendFile } = require('node:fs/promises')
const { logger } = require('logly-node')

// ✅ 1. Keep callbacks simple and fast; filter early.
const errors = []
function filteredCallback (record) {
  if (record.level !== 'ERROR') return // Skip non-errors
  errors.push(record.message)
}

// ✅ 2. Handle exceptions in callbacks (logly catches them anyway, counts
// them in stats().callbackErrors and reports each callback once on stderr).
function riskyOperation (record) {
  if (record.message.includes('boom')) throw new Error(`cannot handle "${record.message}"`)
}
function safeCallback (record) {
  try {
    riskyOperation(record)
  } catch (error) {
    console.log(`Callback error: ${error.message}`)
  }
}

// ✅ Use async I/O, not blocking I/O. logger.complete() waits for the
// returned promise. (Concurrent appends may land out of order; chain them
// if order matters.)
async function asyncCallback (record) {
  await appendFile('file.log', JSON.stringify(record) + '\n')
}

// ✅ Batch: process records 100 at a time.
const logBuffer = []
function batchCallback (record) {
  logBuffer.push(record)
  if (logBuffer.length >= 100) {
    console.log(`Processing batch of ${logBuffer.length} logs`)
    logBuffer.length = 0
  }
}

// Logging inside a callback: the page warns this loops forever. In logly a
// record logged from a callback goes to the sinks but not to callbacks again.
function auditCallback (record) {
  if (record.level === 'ERROR') logger.info('Processing log', { of: record.message })
}

async function main () {
  // ✅ 3. Store callback ids for cleanup, and 4. name your callbacks.
  const ids = [
    logger.addCallback(filteredCallback, { name: 'errors_only' }),
    logger.addCallback(safeCallback, { name: 'safe' }),
    logger.addCallback(asyncCallback, { name: 'file_writer' }),
    logger.addCallback(batchCallback, { name: 'batch' }),
    logger.addCallback(auditCallback, { name: 'audit' })
  ]

  for (let i = 0; i < 100; i++) logger.debug(`tick ${i}`) // below INFO: nobody sees these
  for (let i = 0; i < 98; i++) logger.info(`Event ${i}`)
  logger.error('Payment failed', { order_id: 1234 })
  logger.error('boom')

  await logger.complete()
  // ✅ Always clean up.
  for (const id of ids) logger.removeCallback(id)

  console.log(`errors seen: ${JSON.stringify(errors)}`)
  console.log(`stats: ${JSON.stringify(logger.stats())}`)
}

main()
