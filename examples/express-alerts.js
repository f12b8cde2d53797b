'use strict'

// An Express app whose server errors are posted to a Slack-style webhook by a
// logly callback, the "Slack" example of the callbacks page.
//
//   node examples/express-alerts.js
//
// It starts the app on a free port, sends itself two requests (one fails),
// prints what the webhook received and exits. Set SLACK_WEBHOOK_URL to post to
// a real Slack incoming webhook; without it a local server stands in for Slack.

const http = require('node:http')
const express = require('express')
const { logger } = require('logly-node')
const { requestLogger, errorLogger } = require('logly-node/express')
// The page's Slack payload, the POST and the local stand-in for Slack, shared
// with examples/callbacks/slack.js.
const { slackPayload, postToSlack, startFakeSlack } = require('./slack.js')

function buildApp () {
  const app = express()
  app.use(requestLogger())

  app.get('/orders/:id', (req, res) => {
    req.log.info('order looked up', { orderId: Number(req.params.id) })
    res.json({ id: Number(req.params.id), status: 'paid' })
  })

  // Express 5 passes the rejection of an async handler to the error middleware.
  app.post('/orders/:id/refund', async (req) => {
    await new Promise((resolve) => setImmediate(resolve))
    throw new Error('payment gateway timeout', { cause: new Error('connect ETIMEDOUT 10.0.0.7:443') })
  })

  app.use(errorLogger())
  app.use((err, req, res, next) => {
    res.status(err.status ?? 500).json({ error: 'internal error', requestId: req.id })
  })
  return app
}

async function main () {
  const slack = process.env.SLACK_WEBHOOK_URL ? null : await startFakeSlack()
  const webhook = process.env.SLACK_WEBHOOK_URL || slack.url

  // Async callback: logger.error() returns at once; the POST happens later and
  // logger.complete() waits for it. Every key of the record but timestamp,
  // level and message (location, request id, the exception...) becomes a
  // field; { json: true } sends the exception object as JSON text.
  const alertId = logger.addCallback(async (record) => {
    await postToSlack(webhook, slackPayload(record, { json: true }))
  }, { name: 'slack', level: 'ERROR' })

  const server = http.createServer(buildApp())
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const base = `http://127.0.0.1:${server.address().port}`

  const ok = await fetch(`${base}/orders/7`)
  console.log(`GET /orders/7 -> ${ok.status} ${await ok.text()}`)
  const failed = await fetch(`${base}/orders/7/refund`, { method: 'POST' })
  console.log(`POST /orders/7/refund -> ${failed.status} ${await failed.text()}`)

  await new Promise((resolve) => {
    server.close(resolve)
    server.closeAllConnections()
  })
  await logger.complete() // every record written, every alert POST settled
  logger.removeCallback(alertId)

  if (slack) {
    console.log(`Slack received ${slack.received.length} alert(s):`)
    for (const alert of slack.received) {
      const fields = Object.fromEntries(alert.attachments[0].fields.map((f) => [f.title, f.value]))
      console.log(`  ${alert.text}  requestId=${fields.requestId}`)
      if (fields.exception) console.log(`    exception: ${JSON.parse(fields.exception).message}`)
    }
    await slack.close()
  }
}

main().catch((err) => {
  console.error(err)
  process.exitCode = 1
})
