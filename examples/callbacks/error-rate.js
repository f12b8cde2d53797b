'use strict'

// The callbacks page, "Alerting": alert when too many errors are logged.
//
//   node examples/callbacks/error-rate.js
//
// Prints (among the 12 error lines) once:
//   🚨 ALERT: High error rate: 10 errors

const { logger } = require('logly-node')

let errorCount = 0
const errorThreshold = 10

function sendAlert (message) {
  console.log(`🚨 ALERT: ${message}`)
  // Send to PagerDuty, email, etc.
}

function alertCallback (record) {
  // Alert if too many errors
  if (record.level === 'ERROR' || record.level === 'CRITICAL') {
    errorCount += 1

    if (errorCount >= errorThreshold) {
      sendAlert(`High error rate: ${errorCount} errors`)
      errorCount = 0 // Reset counter
    }
  }
}

logger.addCallback(alertCallback, { name: 'error_alerting' })

// Trigger alerts
for (let i = 0; i < 12; i++) logger.error(`Error ${i}`)
