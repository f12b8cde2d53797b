'use strict'

// The callbacks page, "Filtering": copy ERROR records to a separate file,
// critical_errors.log in the current directory, one
// `<timestamp> | <message>` line each.
//
//   node examples/callbacks/critical-filter.js

const fs = require('node:fs')
const path = require('node:path')
const { logger } = require('logly-node')

const FILE = path.resolve('critical_errors.log')

function filterCallback (record) {
  // Keep only errors
  if (record.level === 'ERROR') {
    // Re-log to separate file. appendFileSync, like the page's
    // open(..., "a"): errors are rare, and it keeps the lines in order.
    // For a busy callback, prefer the async version in best-practices.js.
    fs.appendFileSync(FILE, `${record.timestamp} | ${record.message}\n`)
  }
}

logger.addCallback(filterCallback, { name: 'critical_filter' })

async function main () {
  logger.info('Cache warmed')
  logger.error('Payment failed', { order_id: 1234 })
  logger.warning('Disk 85% full')
  logger.error('Refund failed', { order_id: 1235 })
  logger.critical('Database unreachable') // CRITICAL, not ERROR: not copied

  await logger.complete()
  console.log(`${FILE}:`)
  process.stdout.write(fs.readFileSync(FILE, 'utf8'))
}

main()
