// The callbacks page, "Alerting", as a module callback: alert when too many
// errors are logged. Prints with fs.writeSync(1) (see metrics-callback.mjs).

import { writeSync } from 'node:fs'

let errorCount = 0
const errorThreshold = 10

function sendAlert (message) {
  writeSync(1, `🚨 ALERT: ${message}\n`)
  // Send to PagerDuty, email, etc.
}

export default function alertCallback (record) {
  // Alert if too many errors
  if (record.level === 'ERROR' || record.level === 'CRITICAL') {
    errorCount += 1

    if (errorCount >= errorThreshold) {
      sendAlert(`High error rate: ${errorCount} errors`)
      errorCount = 0 // Reset counter
    }
  }
}
