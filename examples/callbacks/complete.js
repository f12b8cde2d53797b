'use strict'

// The callbacks page, "Complete Example", in JS.
//
//   node examples/callbacks/complete.js
//
// Logs text to the console and JSON to logs/app.log (under the current
// directory). Prints:
//   2025-01-15 10:30:45.123 | INFO     | Application started
//   2025-01-15 10:30:45.123 | ERROR    | Error 0 error_code=0
//   ...
//   🚨 ALERT: 5 errors detected!
//   ...
//   Final counts: {"INFO":1,"ERROR":10}

const { logger } = require('logly-node')

// Configure
logger.configure({ level: 'INFO' })
logger.add('console') // text lines on stdout
logger.add('logs/app.log', { json: true }) // one JSON object per line

// Callback 1: Slack notifications for errors
function slackCallback (record) {
  if (record.level === 'ERROR' || record.level === 'CRITICAL') {
    // In real code, POST to the webhook: see slack.js
    console.log(`Would send to Slack: 🚨 ${record.level}: ${record.message}`)
  }
}

// Callback 2: Metrics collection
const logCounts = { INFO: 0, ERROR: 0 }

function metricsCallback (record) {
  const level = record.level
  if (level in logCounts) logCounts[level] += 1
}

// Callback 3: Custom alerting (runs after metrics: callbacks are called in
// the order they were added, so the count includes this record)
const errorThreshold = 5

function alertCallback (record) {
  if (record.level === 'ERROR') {
    if (logCounts.ERROR >= errorThreshold) {
      console.log(`🚨 ALERT: ${errorThreshold} errors detected!`)
    }
  }
}

// Register callbacks
const slackId = logger.addCallback(slackCallback)
const metricsId = logger.addCallback(metricsCallback)
const alertId = logger.addCallback(alertCallback, { name: 'alerting' })

// Application code
async function main () {
  logger.info('Application started')

  // Simulate errors
  for (let i = 0; i < 10; i++) {
    logger.error(`Error ${i}`, { error_code: i })
  }

  // Callbacks run after the log calls return: wait until every record is
  // written and every callback has had it, then print the metrics.
  await logger.complete()
  console.log(`Final counts: ${JSON.stringify(logCounts)}`)

  // Cleanup
  logger.removeCallback(slackId)
  logger.removeCallback(metricsId)
  logger.removeCallback(alertId)
}

// Run
main()
