'use strict'

// What the examples that alert Slack share: the page's payload, the POST, and
// a local stand-in for hooks.slack.com that an example uses when
// SLACK_WEBHOOK_URL is not set, so it runs offline. Not an example itself:
// see examples/callbacks/slack.js and examples/express-alerts.js.

const http = require('node:http')

// The page's payload: level and message as text, every other key of the
// record (filename, lineno, function, your fields) as a short field.
// Values are String(value), the page's str(value); with { json: true } a
// value that is not a string is sent as JSON text instead, so an object such
// as `exception` stays readable.
function slackPayload (record, { json = false } = {}) {
  const text = json ? (value) => typeof value === 'string' ? value : JSON.stringify(value) : String
  return {
    text: `🚨 ${record.level}: ${record.message}`,
    attachments: [{
      color: 'danger',
      fields: Object.entries(record)
        .filter(([key]) => !['timestamp', 'level', 'message'].includes(key))
        .map(([key, value]) => ({ title: key, value: text(value), short: true }))
    }]
  }
}

// POSTs a payload to an incoming webhook. Used from an async callback, a
// rejection is caught by logly, counted in stats().callbackErrors and
// reported once on stderr.
async function postToSlack (webhookUrl, payload) {
  const response = await fetch(webhookUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload)
  })
  if (!response.ok) throw new Error(`Slack answered ${response.status}`)
}

// A stand-in for hooks.slack.com on a free local port: keeps the payloads it
// is sent in `received`. Resolves to { server, received, url, close }.
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
  const close = () => new Promise((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections()
  })
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const url = `http://127.0.0.1:${server.address().port}/services/T000/B000/XXXX`
      resolve({ server, received, url, close })
    })
  })
}

/** Prints what the stand-in received (nothing for a real webhook: `fake` is null), then closes it. */
async function reportFakeSlack (fake) {
  if (fake === null) return
  console.log(`Slack received ${fake.received.length} message(s):`)
  for (const message of fake.received) console.log(JSON.stringify(message, null, 2))
  await fake.close()
}

module.exports = { slackPayload, postToSlack, startFakeSlack, reportFakeSlack }
