'use strict'

// The callbacks page, "Slack": ERROR and CRITICAL records are posted to a
// Slack incoming webhook.
//
//   node examples/callbacks/slack.js
//
// Set SLACK_WEBHOOK_URL to post to a real webhook. Without it, a local server
// stands in for hooks.slack.com, so the example runs offline and prints what
// it received.

const http = require('node:http')
const { logger } = require('logly')

// The page's payload: level and message as text, every other key of the
// record (filename, lineno, function, your fields) as a short field.
function slackPayload (record) {
  return {
    text: `🚨 ${record.level}: ${record.message}`,
    attachments: [{
      color: 'danger',
      fields: Object.entries(record)
        .filter(([key]) => !['timestamp', 'level', 'message'].includes(key))
        .map(([key, value]) => ({ title: key, value: String(value), short: true }))
    }]
  }
}

function makeSlackCallback (webhookUrl) {
  // An async callback: logger.error() returns at once, the POST happens
  // afterwards, and logger.complete() waits for it to settle.
  return async function slackCallback (record) {
    if (record.level !== 'ERROR' && record.level !== 'CRITICAL') return
    const response = await fetch(webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(slackPayload(record))
    })
    // A rejection is caught by logly, counted in stats().callbackErrors and
    // reported once on stderr.
    if (!response.ok) throw new Error(`Slack answered ${response.status}`)
  }
}

// A stand-in for hooks.slack.com that keeps what it is sent.
function startFakeSlack () {
  const received = []
  const server = http.createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (chunk) => { body += chunk })
    req.on('end', () => {
      received.push(JSON.parse(body))
      res.end('ok')
    })
  })
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const url = `http://127.0.0.1:${server.address().port}/services/YOUR/WEBHOOK/URL`
      resolve({ server, received, url })
    })
  })
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

  if (fake !== null) {
    console.log(`Slack received ${fake.received.length} message(s):`)
    for (const message of fake.received) console.log(JSON.stringify(message, null, 2))
    fake.server.close()
  }
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
