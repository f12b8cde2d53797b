'use strict'

// The callbacks page, "Slack", with the callback as a module
// (slack-callback.mjs) that runs on logly's worker thread: ERROR and
// CRITICAL records are posted to a Slack incoming webhook.
//
//   node examples/callbacks/worker/slack.js
//
// Set SLACK_WEBHOOK_URL to post to a real webhook. Without it, a local server
// stands in for hooks.slack.com, so the example runs offline and prints what
// it received.

const path = require('node:path')
const { logger } = require('logly-node')
const { startFakeSlack, reportFakeSlack } = require('../../slack.js')

async function main () {
  const fake = process.env.SLACK_WEBHOOK_URL ? null : await startFakeSlack()
  // Set before the first module callback: the worker copies process.env
  // when it starts.
  if (fake !== null) process.env.SLACK_WEBHOOK_URL = fake.url

  // Register the module: an absolute path, a file: URL string or a URL.
  const callbackId = logger.addCallback(path.join(__dirname, 'slack-callback.mjs'), { name: 'slack' })

  // This will trigger a Slack notification
  logger.error('Payment failed', { order_id: 1234, amount: 99.99 })
  // This will not
  logger.info('Payment retried', { order_id: 1234 })

  await logger.complete() // the module's POST has been answered
  logger.removeCallback(callbackId)
  await reportFakeSlack(fake)
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
