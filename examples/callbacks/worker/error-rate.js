'use strict'

// The callbacks page, "Alerting", with the callback as a module
// (error-rate-callback.mjs) on logly's worker thread.
//
//   node examples/callbacks/worker/error-rate.js
//
// Prints (among the 12 error lines) once:
//   🚨 ALERT: High error rate: 10 errors
// The program just ends after logging: at exit logly waits (at most
// configure({ exitTimeout }), 10 s by default) until the module has been
// called with every record.

const path = require('node:path')
const { logger } = require('logly-node')

logger.addCallback(path.join(__dirname, 'error-rate-callback.mjs'), { name: 'error_alerting' })

// Trigger alerts
for (let i = 0; i < 12; i++) logger.error(`Error ${i}`)
