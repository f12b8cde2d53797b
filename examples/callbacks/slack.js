'use strict'

// The callbacks page, "Slack": ERROR and CRITICAL records are posted to a
// Slack incoming webhook.
//
//   node examples/callbacks/slack.js
//
// Set SLACK_WEBHOOK_URL to post to a real webhook. Without it, a local server
// stands in for hooks.slack.com, so the example runs offline and prints what
// it received.

const { logger } = require('logly-node')
// The page's payload, the POST and the local stand-in for Slack, shared with
// examples/express-alerts.js.
const { slackPayload, postToSlack, startFakeSlack, reportFakeSlack } = require('../slack.js')

function makeSlackCallback (webhookUrl) {
  // An async callback: logger.error() returns at once, the POST happens
  // afterwards, and logger.complete() waits for it to settle. A failed POST
  // rejects: logly catches it, counts it in stats().callbackErrors and
  // reports it once on stderr.
  return async function slackCallback (record) {
    if (record.level !== 'ERROR' && record.level !== 'CRITICAL') return
    await postToSlack(webhookUrl, slackPayload(record))
  }
}

async function main () {
  const fake = process.env.SLACK_WEBHOOK_URL ? null : await startFakeSlack()
  const webhookUrl = process.env.SLACK_WEBHOOK_URL || fake.url

  // Register callback
  const callbackId = logger.addCallback(makeSlackCallback(webhookUrl), { name: 'slack' })

  // This will trigger a Slack notification
  logger.error('Payment failed', { order_id: 1234, amount: 99.99 })
  // This will not
  logger.info('Payment retried', { order_id: 1234 })

  await logger.complete() // the POST has been answered
  logger.removeCallback(callbackId)
  await reportFakeSlack(fake)
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
