'use strict'

// logly/express against a real Express 5 app over real HTTP, with a local
// server standing in for Slack behind an addCallback alert.
//
// The logger is the process-wide root: node --test runs this file in its own
// process; here the console sink is dropped and each test removes its callbacks.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const http = require('node:http')
const fs = require('node:fs')
const path = require('node:path')

const express = require('express')
const { logger } = require('logly-node')
const loglyExpress = require('logly-node/express')
const { requestLogger, errorLogger } = loglyExpress
const { serializers } = loglyExpress

const {
  runExample, listen, close, trackResponses, slackFields, webFrameworkHarness
} = require('./helpers')

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

// --- harness ---------------------------------------------------------------

// A JSON file sink instead of the console, a stand-in for Slack
// (harness.receiver), and around each test the callbacks `capture`
// (harness.records) and `slack` (ERROR and above to the receiver).
const harness = webFrameworkHarness(logger, { tmpPrefix: 'logly-express-', logFile: path.join('logs', 'app.log') })
const { byMessage } = harness

async function startApp (build) {
  const app = express()
  app.set('env', 'test') // Express's final handler prints error stacks unless env is 'test'
  build(app)
  const server = http.createServer(app)
  const settled = trackResponses(server)
  const url = await listen(server)
  return {
    url,
    // Responses closed, then every record delivered and every alert POST settled.
    async drain () {
      await settled()
      await logger.complete()
    },
    close: () => close(server)
  }
}

// --- requestLogger ---------------------------------------------------------

test('requestLogger logs one INFO "request completed" with requestId, method, url, statusCode and responseTime', async () => {
  const app = await startApp((app) => {
    app.use(requestLogger())
    app.get('/orders/:id', (req, res) => res.json({ id: req.params.id }))
  })
  try {
    const response = await fetch(`${app.url}/orders/7?expand=items`)
    assert.equal(response.status, 200)
    await response.text()
    await app.drain()

    const completed = byMessage('request completed')
    assert.equal(completed.length, 1)
    const [record] = completed
    assert.equal(record.level, 'INFO')
    assert.match(record.requestId, UUID)
    assert.equal(record.method, 'GET')
    assert.equal(record.url, '/orders/7?expand=items')
    assert.equal(record.statusCode, 200)
    assert.equal(typeof record.responseTime, 'number')
    assert.ok(record.responseTime >= 0 && record.responseTime < 10_000)
    assert.equal(response.headers.get('x-request-id'), record.requestId)
    assert.equal(harness.receiver.received.length, 0, 'a 200 raises no alert')
  } finally {
    await app.close()
  }
})

test('an incoming x-request-id header becomes the request id; a malformed one is replaced', async () => {
  const app = await startApp((app) => {
    app.use(requestLogger())
    app.get('/', (req, res) => res.send(req.id))
  })
  try {
    const given = await fetch(app.url, { headers: { 'x-request-id': 'edge-7f3a' } })
    assert.equal(await given.text(), 'edge-7f3a')
    assert.equal(given.headers.get('x-request-id'), 'edge-7f3a')

    const tooLong = await fetch(app.url, { headers: { 'x-request-id': 'x'.repeat(129) } })
    assert.match(await tooLong.text(), UUID)
    const spaced = await fetch(app.url, { headers: { 'x-request-id': 'a b' } })
    assert.match(await spaced.text(), UUID)
    await app.drain()

    const ids = byMessage('request completed').map((r) => r.requestId)
    assert.equal(ids.length, 3)
    assert.equal(ids.filter((id) => id === 'edge-7f3a').length, 1)
    assert.equal(ids.filter((id) => UUID.test(id)).length, 2)
  } finally {
    await app.close()
  }
})

test('requestLogger options: header name, genReqId, setHeader: false', async () => {
  let n = 0
  const app = await startApp((app) => {
    app.use(requestLogger({ header: 'X-Correlation-Id', genReqId: () => `r${++n}`, setHeader: false }))
    app.get('/', (req, res) => res.send(req.id))
  })
  try {
    const generated = await fetch(app.url)
    assert.equal(await generated.text(), 'r1')
    assert.equal(generated.headers.get('x-correlation-id'), null)
    const given = await fetch(app.url, { headers: { 'x-correlation-id': 'corr-1' } })
    assert.equal(await given.text(), 'corr-1')
    await app.drain()
    assert.deepEqual(byMessage('request completed').map((r) => r.requestId).sort(), ['corr-1', 'r1'])
  } finally {
    await app.close()
  }
})

test('req.log is bound to the request id', async () => {
  const app = await startApp((app) => {
    app.use(requestLogger())
    app.get('/pay', (req, res) => {
      req.log.info('charging card', { amount: 99.99 })
      res.end('ok')
    })
  })
  try {
    const response = await fetch(`${app.url}/pay`, { headers: { 'x-request-id': 'pay-1' } })
    await response.text()
    await app.drain()
    const [charging] = byMessage('charging card')
    assert.equal(charging.requestId, 'pay-1')
    assert.equal(charging.amount, 99.99)
    assert.equal(charging.level, 'INFO')
  } finally {
    await app.close()
  }
})

test('req and res objects logged through req.log are reduced by the standard serializers', async () => {
  const app = await startApp((app) => {
    app.use(requestLogger())
    app.get('/objects', (req, res) => {
      res.status(202)
      req.log.info({ req, res }, 'with objects')
      res.end()
    })
  })
  try {
    await (await fetch(`${app.url}/objects`)).text()
    await app.drain()
    const [record] = byMessage('with objects')
    assert.deepEqual({ ...record.req, remotePort: 0 }, {
      method: 'GET', url: '/objects', host: new URL(app.url).host, remoteAddress: '127.0.0.1', remotePort: 0
    })
    assert.ok(Number.isInteger(record.req.remotePort))
    assert.deepEqual(record.res, { statusCode: 202 })
  } finally {
    await app.close()
  }
})

test('the response status decides the level: 2xx/3xx INFO, 4xx WARNING, 5xx ERROR', async () => {
  const app = await startApp((app) => {
    app.use(requestLogger())
    app.get('/status/:code', (req, res) => res.status(Number(req.params.code)).end())
  })
  try {
    for (const code of [200, 302, 404, 429, 500, 503]) {
      const response = await fetch(`${app.url}/status/${code}`, { redirect: 'manual' })
      assert.equal(response.status, code)
      await response.arrayBuffer()
    }
    const notFound = await fetch(`${app.url}/no/such/route`)
    assert.equal(notFound.status, 404)
    await notFound.arrayBuffer()
    await app.drain()

    const levels = Object.fromEntries(byMessage('request completed').map((r) => [r.url, [r.statusCode, r.level]]))
    assert.deepEqual(levels, {
      '/status/200': [200, 'INFO'],
      '/status/302': [302, 'INFO'],
      '/status/404': [404, 'WARNING'],
      '/status/429': [429, 'WARNING'],
      '/status/500': [500, 'ERROR'],
      '/status/503': [503, 'ERROR'],
      '/no/such/route': [404, 'WARNING']
    })
    assert.deepEqual(harness.receiver.received.map((a) => a.body.text).sort(),
      ['🚨 ERROR: request completed', '🚨 ERROR: request completed'])
  } finally {
    await app.close()
  }
})

test('a mounted router logs the original url, not the rewritten one', async () => {
  const app = await startApp((app) => {
    app.use(requestLogger())
    const api = express.Router()
    api.get('/users/:id', (req, res) => res.end(req.url))
    app.use('/api/v1', api)
  })
  try {
    const response = await fetch(`${app.url}/api/v1/users/3`)
    assert.equal(await response.text(), '/users/3')
    await app.drain()
    assert.equal(byMessage('request completed')[0].url, '/api/v1/users/3')
  } finally {
    await app.close()
  }
})

test('a request the client abandons is logged once as WARNING "request aborted"', async () => {
  let arrived
  const reached = new Promise((resolve) => { arrived = resolve })
  const app = await startApp((app) => {
    app.use(requestLogger())
    app.get('/slow', (req, res) => {
      arrived() // and never answer
    })
  })
  try {
    const controller = new AbortController()
    const pending = fetch(`${app.url}/slow`, { signal: controller.signal })
    await reached
    controller.abort()
    await assert.rejects(pending, { name: 'AbortError' })
    await app.drain()

    assert.equal(byMessage('request completed').length, 0)
    const aborted = byMessage('request aborted')
    assert.equal(aborted.length, 1)
    assert.equal(aborted[0].level, 'WARNING')
    assert.equal(aborted[0].url, '/slow')
  } finally {
    await app.close()
  }
})

// --- errorLogger -----------------------------------------------------------

test('errorLogger declares exactly four parameters, so Express treats it as an error handler', () => {
  assert.equal(errorLogger().length, 4)
  assert.equal(errorLogger({ logger }).length, 4)
})

test('a rejected async handler reaches errorLogger and the alert receiver with the stack', async () => {
  let handled
  const app = await startApp((app) => {
    app.use(requestLogger())
    app.post('/orders/:id/refund', async () => {
      await new Promise((resolve) => setImmediate(resolve))
      throw new Error('payment gateway timeout', { cause: new Error('connect ETIMEDOUT') })
    })
    app.use(errorLogger())
    app.use((err, req, res, next) => {
      handled = err
      res.status(500).json({ error: 'internal', requestId: req.id })
    })
  })
  try {
    const response = await fetch(`${app.url}/orders/7/refund`, {
      method: 'POST',
      headers: { 'x-request-id': 'refund-7' }
    })
    assert.equal(response.status, 500)
    assert.deepEqual(await response.json(), { error: 'internal', requestId: 'refund-7' })
    await app.drain()

    assert.equal(handled.message, 'payment gateway timeout', 'errorLogger passed the error on with next(err)')

    const [failed] = byMessage('request failed')
    assert.equal(failed.level, 'ERROR')
    assert.equal(failed.requestId, 'refund-7')
    assert.equal(failed.method, 'POST')
    assert.equal(failed.url, '/orders/7/refund')
    assert.equal(failed.exception.type, 'Error')
    assert.equal(failed.exception.message, 'payment gateway timeout')
    assert.match(failed.exception.stack, /payment gateway timeout\n\s+at /)
    assert.equal(failed.exception.cause.message, 'connect ETIMEDOUT')

    const [completed] = byMessage('request completed')
    assert.equal(completed.level, 'ERROR')
    assert.equal(completed.statusCode, 500)

    // The alert receiver got both ERROR records, in the page's Slack format.
    assert.equal(harness.receiver.received.length, 2)
    for (const alert of harness.receiver.received) {
      assert.equal(alert.contentType, 'application/json')
      assert.equal(alert.body.attachments[0].color, 'danger')
      for (const field of alert.body.attachments[0].fields) {
        assert.equal(typeof field.value, 'string')
        assert.equal(field.short, true)
        assert.ok(!['timestamp', 'level', 'message'].includes(field.title))
      }
    }
    const alert = harness.receiver.received.find((a) => a.body.text === '🚨 ERROR: request failed')
    assert.ok(alert, 'alert for "request failed"')
    const fields = slackFields(alert.body)
    assert.equal(fields.requestId, 'refund-7')
    assert.equal(fields.url, '/orders/7/refund')
    const exception = JSON.parse(fields.exception)
    assert.equal(exception.type, 'Error')
    assert.equal(exception.message, 'payment gateway timeout')
    assert.match(exception.stack, /at /)
    assert.ok(fields.filename, 'location fields are attached')
    assert.match(fields.lineno, /^\d+$/)
    assert.ok('function' in fields)
    assert.ok(harness.receiver.received.some((a) => a.body.text === '🚨 ERROR: request completed'))
  } finally {
    await app.close()
  }
})

test('a synchronous throw after headers were sent still reaches errorLogger and Express', async () => {
  const app = await startApp((app) => {
    app.use(requestLogger())
    app.get('/stream', (req, res) => {
      res.write('partial')
      throw new Error('stream broke')
    })
    app.use(errorLogger())
  })
  try {
    // Express's final handler destroys the socket: the body is cut short.
    await fetch(`${app.url}/stream`).then((r) => r.text()).catch(() => {})
    await app.drain()
    const [failed] = byMessage('request failed')
    assert.equal(failed.exception.message, 'stream broke')
    assert.equal(harness.receiver.received.filter((a) => a.body.text === '🚨 ERROR: request failed').length, 1)
  } finally {
    await app.close()
  }
})

test('a 4xx error passed to next() is logged at WARNING and raises no alert', async () => {
  const app = await startApp((app) => {
    app.use(requestLogger())
    app.get('/items/:id', (req, res, next) => {
      next(Object.assign(new Error('item not found'), { status: 404 }))
    })
    app.use(errorLogger())
  })
  try {
    const response = await fetch(`${app.url}/items/9`)
    assert.equal(response.status, 404)
    await response.text()
    await app.drain()
    const [failed] = byMessage('request failed')
    assert.equal(failed.level, 'WARNING')
    assert.equal(failed.statusCode, 404)
    assert.equal(failed.exception.message, 'item not found')
    assert.equal(byMessage('request completed')[0].level, 'WARNING')
    assert.equal(harness.receiver.received.length, 0)
  } finally {
    await app.close()
  }
})

test('errorLogger without requestLogger logs through the root logger', async () => {
  const app = await startApp((app) => {
    app.get('/boom', () => { throw new TypeError('undefined is not a function') })
    app.use(errorLogger())
  })
  try {
    const response = await fetch(`${app.url}/boom`)
    assert.equal(response.status, 500)
    await response.text()
    await app.drain()
    const [failed] = byMessage('request failed')
    assert.equal(failed.level, 'ERROR')
    assert.equal(failed.method, 'GET')
    assert.equal(failed.url, '/boom')
    assert.equal('requestId' in failed, false)
    assert.equal(failed.exception.type, 'TypeError')
    assert.equal(byMessage('request completed').length, 0)
    assert.equal(harness.receiver.received.length, 1)
  } finally {
    await app.close()
  }
})

test('options.logger: both middlewares log through the logger they are given', async () => {
  const service = logger.bind({ service: 'billing' })
  const app = await startApp((app) => {
    app.use(requestLogger({ logger: service }))
    app.get('/fail', () => { throw new Error('ledger locked') })
    app.use(errorLogger({ logger: service }))
  })
  try {
    await (await fetch(`${app.url}/fail`)).text()
    await app.drain()
    const [failed] = byMessage('request failed')
    const [completed] = byMessage('request completed')
    assert.equal(failed.service, 'billing')
    assert.equal(completed.service, 'billing')
    assert.equal(failed.requestId, completed.requestId)
  } finally {
    await app.close()
  }
})

test('contextualize: true gives the request id to records logged through the root logger', async () => {
  const app = await startApp((app) => {
    app.use(requestLogger({ contextualize: true }))
    app.get('/deep', async (req, res) => {
      await new Promise((resolve) => setTimeout(resolve, 1))
      logger.info('deep in a service module')
      res.end('ok')
    })
  })
  try {
    await (await fetch(`${app.url}/deep`, { headers: { 'x-request-id': 'ctx-1' } })).text()
    await app.drain()
    assert.equal(byMessage('deep in a service module')[0].requestId, 'ctx-1')
  } finally {
    await app.close()
  }
})

test('records also reach a JSON file sink', async () => {
  const app = await startApp((app) => {
    app.use(requestLogger())
    app.get('/file', (req, res) => res.end('ok'))
  })
  try {
    await (await fetch(`${app.url}/file`, { headers: { 'x-request-id': 'file-1' } })).text()
    await app.drain()
    const lines = fs.readFileSync(harness.logFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line))
    const line = lines.find((r) => r.requestId === 'file-1' && r.message === 'request completed')
    assert.ok(line, 'the completion record is in the file')
    assert.equal(line.level, 'INFO')
    assert.equal(line.statusCode, 200)
    assert.match(line.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
  } finally {
    await app.close()
  }
})

// --- serializers on Express / raw Node objects ------------------------------

test('serializers.req and res shape an Express request and a raw http.IncomingMessage alike', async () => {
  const shaped = {}
  const app = await startApp((app) => {
    app.get('/shape', (req, res) => {
      res.status(201)
      shaped.express = { req: serializers.req(req), res: serializers.res(res) }
      res.end()
    })
  })
  const raw = http.createServer((req, res) => {
    res.statusCode = 201
    shaped.raw = { req: serializers.req(req), res: serializers.res(res) }
    res.end()
  })
  const rawUrl = await listen(raw)
  try {
    for (const [name, url] of [['express', app.url], ['raw', rawUrl]]) {
      await (await fetch(`${url}/shape?q=1`, { headers: { 'accept-version': '2.x' } })).text()
      const { req, res } = shaped[name]
      assert.deepEqual(Object.keys(req), ['method', 'url', 'version', 'host', 'remoteAddress', 'remotePort'], name)
      assert.deepEqual({ ...req, remotePort: 0 }, {
        method: 'GET',
        url: '/shape?q=1',
        version: '2.x',
        host: new URL(url).host,
        remoteAddress: '127.0.0.1',
        remotePort: 0
      }, name)
      assert.ok(Number.isInteger(req.remotePort) && req.remotePort > 0, name)
      assert.deepEqual(res, { statusCode: 201 }, name)
    }
  } finally {
    await app.close()
    await close(raw)
  }
})

test('serializers leave non-objects alone and never throw', () => {
  assert.equal(serializers.req(undefined), undefined)
  assert.equal(serializers.res(null), null)
  assert.equal(serializers.req('GET /'), 'GET /')
  const hostile = { get method () { throw new Error('nope') }, headers: null }
  assert.deepEqual(serializers.req(hostile), {
    method: undefined, url: undefined, version: undefined, host: undefined, remoteAddress: undefined, remotePort: undefined
  })
  assert.deepEqual(Object.keys(serializers.defaultSerializers).sort(), ['req', 'res'])
})

// --- packaging and example -------------------------------------------------

test('logly-node/express has the same functions for import and require', async () => {
  const esm = await import('logly-node/express')
  assert.equal(esm.requestLogger, requestLogger)
  assert.equal(esm.errorLogger, errorLogger)
  assert.equal(esm.serializers, serializers)
  assert.equal(esm.default, loglyExpress)
  assert.equal(serializers, require('../lib/serializers.js'))
})

test('examples/express-alerts.js runs, alerts on the failed request and exits on its own', async () => {
  // No SLACK_WEBHOOK_URL: the example posts to its own stand-in receiver.
  const { stdout } = await runExample('express-alerts.js', { env: { SLACK_WEBHOOK_URL: undefined } })
  assert.match(stdout, /GET \/orders\/7 -> 200/)
  assert.match(stdout, /POST \/orders\/7\/refund -> 500/)
  assert.match(stdout, /Slack received 2 alert\(s\):/)
  assert.match(stdout, /🚨 ERROR: request failed {2}requestId=[0-9a-f-]{36}/)
  assert.match(stdout, /exception: payment gateway timeout/)
  assert.match(stdout, /\| INFO     \| request completed/, 'the console sink printed the request logs')
})
