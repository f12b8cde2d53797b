'use strict'

// The callbacks page, "Filtering", with the callback as a module
// (critical-filter-callback.mjs) on logly's worker thread: ERROR records are
// copied to critical_errors.log in the current directory.
//
//   node examples/callbacks/worker/critical-filter.js

const fs = require('node:fs')
const path = require('node:path')
const { logger } = require('logly-node')

logger.addCallback(path.join(__dirname, 'critical-filter-callback.mjs'), { name: 'critical_filter' })

async function main () {
  logger.info('Cache warmed')
  logger.error('Payment failed', { order_id: 1234 })
  logger.warning('Disk 85% full')
  logger.error('Refund failed', { order_id: 1235 })
  logger.critical('Database unreachable') // CRITICAL, not ERROR: not copied

  await logger.complete() // the module has appended its lines
  const file = path.resolve('critical_errors.log')
  console.log(`${file}:`)
  process.stdout.write(fs.readFileSync(file, 'utf8'))
}

main()
