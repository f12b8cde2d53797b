'use strict'

// logly as Fastify 5's loggerInstance, over real HTTP, with a local server
// standing in for Slack behind an addCallback alert.
//
// The logger is the process-wide root: node --test runs this file in its own
// process; here the console sink is dropped and each test removes its callbacks.

const { test, afterEach } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const http = require('node:http')

const Fastify = require('fastify')
const fastifyPino = require('fastify/lib/logger-pino.js')
const { logger, levels } = require('logly-node')
const serializers = require('../lib/serializers.js')

const { runExample, trackResponses, slackFields, webFrameworkHarness } = require('./helpers')

// --- harness ---------------------------------------------------------------

// Some tests change the root's level: it goes back to 'info' after each.
afterEach(() => {
  logger.level = 'info'
})

// A JSON file sink instead of the console, a stand-in for Slack
// (harness.receiver), and around each test the callbacks `capture`
// (harness.records) and `slack` (ERROR and above to the receiver).
const harness = webFrameworkHarness(logger, { tmpPrefix: 'logly-fastify-' })
const { byMessage } = harness

// A Fastify app on an ephemeral port. drain(): every response closed (Fastify
// logs "request completed" on 'finish', before 'close'), then every record
// delivered and every alert POST settled.
async function startApp (build, options = {}) {
  const app = Fastify({ loggerInstance: logger, ...options })
  build(app)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const settled = trackResponses(app.server)
  return {
    app,
    url: `http://127.0.0.1:${app.server.address().port}`,
    async drain () {
      await settled()
      await logger.complete()
    },
    async close () {
      app.server.closeAllConnections()
      await app.close()
    }
  }
}

// --- Fastify's own request logging ------------------------------------------

test('Fastify accepts the logly logger as loggerInstance', async () => {
  const app = Fastify({ loggerInstance: logger })
  await app.ready()
  for (const method of ['info', 'error', 'debug', 'fatal', 'warn', 'trace', 'child']) {
    assert.equal(typeof app.log[method], 'function', method)
  }
  await app.close()
})

test('request logs carry reqId, the serialized req, res.statusCode and responseTime', async () => {
  const server = await startApp((app) => {
    app.get('/hello/:name', async (request) => ({ hello: request.params.name }))
  })
  try {
    const response = await fetch(`${server.url}/hello/ada?x=1`)
    assert.equal(response.status, 200)
    await response.text()
    await server.drain()

    const [incoming] = byMessage('incoming request')
    const [completed] = byMessage('request completed')
    assert.equal(incoming.level, 'INFO')
    assert.equal(completed.level, 'INFO')
    assert.match(incoming.reqId, /^req-/)
    assert.equal(completed.reqId, incoming.reqId)

    const { host, port } = new URL(server.url)
    assert.deepEqual({ ...incoming.req, remotePort: 0 }, {
      method: 'GET', url: '/hello/ada?x=1', host, remoteAddress: '127.0.0.1', remotePort: 0
    })
    assert.ok(Number.isInteger(incoming.req.remotePort) && incoming.req.remotePort !== Number(port))
    assert.deepEqual(completed.res, { statusCode: 200 })
    assert.equal(typeof completed.responseTime, 'number')
    assert.ok(completed.responseTime >= 0 && completed.responseTime < 10_000)
    assert.equal(harness.receiver.received.length, 0, 'a 200 raises no alert')
  } finally {
    await server.close()
  }
})

test('request.log in a route carries reqId and applies pino call shapes', async () => {
  const server = await startApp((app) => {
    app.get('/orders/:id', async (request) => {
      request.log.info({ orderId: Number(request.params.id) }, 'order %s looked up in %dms', request.params.id, 3)
      request.log.warn('stock low')
      return { ok: true }
    })
  })
  try {
    await (await fetch(`${server.url}/orders/7`)).text()
    await server.drain()
    const [incoming] = byMessage('incoming request')
    const [looked] = byMessage('order 7 looked up in 3ms')
    assert.equal(looked.orderId, 7)
    assert.equal(looked.reqId, incoming.reqId)
    const [low] = byMessage('stock low')
    assert.equal(low.level, 'WARNING')
    assert.equal(low.reqId, incoming.reqId)
  } finally {
    await server.close()
  }
})

test('an error thrown in a route reaches the alert receiver with its type, message and stack', async () => {
  const server = await startApp((app) => {
    app.get('/stock', async () => {
      throw new TypeError('inventory service unavailable')
    })
  })
  try {
    const response = await fetch(`${server.url}/stock`)
    assert.equal(response.status, 500)
    await response.text()
    await server.drain()

    // Fastify's default error handler: reply.log.error({ req, res, err }, err.message)
    const [failed] = byMessage('inventory service unavailable')
    assert.equal(failed.level, 'ERROR')
    assert.match(failed.reqId, /^req-/)
    assert.equal(failed.err.type, 'TypeError')
    assert.equal(failed.err.message, 'inventory service unavailable')
    assert.match(failed.err.stack, /^TypeError: inventory service unavailable\n\s+at /)
    assert.equal(failed.req.url, '/stock')
    assert.deepEqual(failed.res, { statusCode: 500 })

    const alerts = harness.receiver.received.filter((a) => a.body.text === '🚨 ERROR: inventory service unavailable')
    assert.equal(alerts.length, 1)
    const [alert] = alerts
    assert.equal(alert.contentType, 'application/json')
    assert.equal(alert.body.attachments[0].color, 'danger')
    const fields = slackFields(alert.body)
    assert.equal(fields.reqId, failed.reqId)
    const err = JSON.parse(fields.err)
    assert.equal(err.type, 'TypeError')
    assert.equal(err.message, 'inventory service unavailable')
    assert.match(err.stack, /at /)
    assert.equal(JSON.parse(fields.res).statusCode, 500)
    assert.ok(!('timestamp' in fields) && !('level' in fields) && !('message' in fields))
  } finally {
    await server.close()
  }
})

test('request.log.error(err) in a route gives fields { err } and the error message', async () => {
  const server = await startApp((app) => {
    app.get('/refund', async (request, reply) => {
      try {
        throw new RangeError('amount exceeds charge', { cause: new Error('charge was 10.00') })
      } catch (err) {
        request.log.error(err)
        return reply.code(422).send({ error: err.message })
      }
    })
  })
  try {
    assert.equal((await fetch(`${server.url}/refund`)).status, 422)
    await server.drain()
    const [failed] = byMessage('amount exceeds charge')
    assert.equal(failed.level, 'ERROR')
    assert.equal(failed.err.type, 'RangeError')
    // Fastify hands child() pino's err serializer, which folds the cause
    // chain into message and stack instead of a nested cause.
    assert.equal(failed.err.message, 'amount exceeds charge: charge was 10.00')
    assert.match(failed.err.stack, /^RangeError: amount exceeds charge\n[^]*caused by: Error: charge was 10\.00/)
    const fields = slackFields(harness.receiver.received.find((a) => a.body.text === '🚨 ERROR: amount exceeds charge').body)
    assert.equal(JSON.parse(fields.err).type, 'RangeError')
    assert.equal(fields.reqId, failed.reqId)
  } finally {
    await server.close()
  }
})

test('a 4xx error is logged by Fastify at INFO and raises no alert', async () => {
  const server = await startApp((app) => {
    app.get('/items/:id', async () => {
      throw Object.assign(new Error('item not found'), { statusCode: 404 })
    })
  })
  try {
    assert.equal((await fetch(`${server.url}/items/1`)).status, 404)
    await server.drain()
    const [notFound] = byMessage('item not found')
    assert.equal(notFound.level, 'INFO')
    assert.equal(notFound.err.message, 'item not found')
    assert.deepEqual(notFound.res, { statusCode: 404 })
    assert.equal(harness.receiver.received.length, 0)
  } finally {
    await server.close()
  }
})

test('a route logLevel (checked against levels.values) filters that route\'s request logs', async () => {
  assert.equal(typeof levels.values.warn, 'number')
  const server = await startApp((app) => {
    app.get('/quiet', { logLevel: 'warn' }, async (request) => {
      request.log.info('not shown')
      request.log.warn('shown')
      return 'ok'
    })
    app.get('/loud', async () => 'ok')
  })
  try {
    await (await fetch(`${server.url}/quiet`)).text()
    await (await fetch(`${server.url}/loud`)).text()
    await server.drain()
    assert.equal(byMessage('not shown').length, 0)
    assert.equal(byMessage('shown').length, 1)
    assert.deepEqual(byMessage('incoming request').map((r) => r.req.url), ['/loud'])
  } finally {
    await server.close()
  }
})

test('logSerializers on a route go through child(bindings, { serializers })', async () => {
  const server = await startApp((app) => {
    app.get('/login', { logSerializers: { user: (user) => user.name } }, async (request) => {
      request.log.info({ user: { name: 'ada', password: 'hunter2' } }, 'logged in')
      return 'ok'
    })
  })
  try {
    await (await fetch(`${server.url}/login`)).text()
    await server.drain()
    const [login] = byMessage('logged in')
    assert.equal(login.user, 'ada')
    assert.ok(!JSON.stringify(login).includes('hunter2'))
  } finally {
    await server.close()
  }
})

test('logly\'s req/res serializers produce what Fastify\'s own produce', async () => {
  let ours, theirs
  const server = await startApp((app) => {
    app.get('/shape', async (request, reply) => {
      reply.code(202)
      ours = { req: serializers.req(request), res: serializers.res(reply), raw: serializers.req(request.raw), rawRes: serializers.res(reply.raw) }
      theirs = { req: fastifyPino.serializers.req(request), res: fastifyPino.serializers.res(reply) }
      return 'ok'
    })
  })
  try {
    await (await fetch(`${server.url}/shape?q=1`, { headers: { 'accept-version': '1.2.0' } })).text()
    assert.deepEqual(ours.req, theirs.req)
    assert.deepEqual(Object.keys(ours.req), Object.keys(theirs.req))
    assert.equal(ours.req.version, '1.2.0')
    assert.deepEqual(ours.raw, theirs.req, 'the raw IncomingMessage gives the same shape')
    assert.deepEqual(ours.res, theirs.res)
    assert.deepEqual(ours.rawRes, { statusCode: 202 })
  } finally {
    await server.close()
  }
})

test('records of a Fastify request also reach a JSON file sink', async () => {
  const server = await startApp((app) => {
    app.get('/file', async () => 'ok')
  })
  try {
    await (await fetch(`${server.url}/file`)).text()
    await server.drain()
    const [completed] = byMessage('request completed')
    const lines = fs.readFileSync(harness.logFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line))
    const line = lines.find((r) => r.message === 'request completed' && r.reqId === completed.reqId &&
      r.timestamp === completed.timestamp)
    assert.ok(line, 'the completion record is in the file')
    assert.deepEqual(line.res, { statusCode: 200 })
    assert.equal(typeof line.responseTime, 'number')
  } finally {
    await server.close()
  }
})

// --- fastify.log: pino call shapes -------------------------------------------

test('fastify.log takes pino call shapes', async () => {
  const app = Fastify({ loggerInstance: logger })
  await app.ready()
  try {
    const req = Object.assign(Object.create(http.IncomingMessage.prototype), {
      method: 'POST', url: '/hook', headers: { host: 'example.test' }, socket: { remoteAddress: '10.0.0.9', remotePort: 5555 }
    })
    app.log.info({ req }, 'incoming request')
    app.log.info({ res: { statusCode: 503 } }, 'request aborted - refusing to accept new requests as server is closing')
    app.log.info('a %s b %d', 'x', 2)
    app.log.info('as json %j', { a: [1, 'two'] })
    app.log.info({ orderId: 7 }, 'paid %s', 'now')
    app.log.info({ only: 'fields' })
    app.log.warn('plain string')
    app.log.fatal('everything is on fire')
    app.log.error(new Error('standalone failure'))
    app.log.error({ err: new SyntaxError('bad json') }, 'parse failed')
    await logger.complete()

    // fastify.log carries Fastify's serializers: its req serializer reads a
    // Fastify Request's host/ip getters, which a bare IncomingMessage lacks.
    assert.deepEqual(byMessage('incoming request')[0].req,
      JSON.parse(JSON.stringify(fastifyPino.serializers.req(req))))
    assert.deepEqual(byMessage('incoming request')[0].req, { method: 'POST', url: '/hook', remotePort: 5555 })
    assert.deepEqual(byMessage('request aborted - refusing to accept new requests as server is closing')[0].res, { statusCode: 503 })
    assert.equal(byMessage('a x b 2').length, 1)
    assert.equal(byMessage('as json {"a":[1,"two"]}').length, 1)
    assert.equal(byMessage('paid now')[0].orderId, 7)
    assert.equal(harness.records.find((r) => r.only === 'fields').message, '')
    assert.equal(byMessage('plain string')[0].level, 'WARNING')
    assert.equal(byMessage('everything is on fire')[0].level, 'CRITICAL')

    const [standalone] = byMessage('standalone failure')
    assert.equal(standalone.level, 'ERROR')
    assert.equal(standalone.err.type, 'Error')
    assert.match(standalone.err.stack, /^Error: standalone failure\n/)
    const [parse] = byMessage('parse failed')
    assert.equal(parse.err.type, 'SyntaxError')
    assert.equal(parse.err.message, 'bad json')

    // ERROR and CRITICAL reached the receiver: fatal, error(err), error({ err }).
    assert.deepEqual(harness.receiver.received.map((a) => a.body.text).sort(), [
      '🚨 CRITICAL: everything is on fire',
      '🚨 ERROR: parse failed',
      '🚨 ERROR: standalone failure'
    ])
  } finally {
    await app.close()
  }
})

test('fastify.log.child(bindings, options) adds bindings, serializers and its own level', async () => {
  const app = Fastify({ loggerInstance: logger })
  await app.ready()
  try {
    const billing = app.log.child({ plugin: 'billing' }, { level: 'warn', serializers: { card: (c) => `**** ${c.number.slice(-4)}` } })
    assert.equal(billing.isLevelEnabled('info'), false)
    assert.equal(billing.isLevelEnabled('warn'), true)
    assert.ok(['warn', 'warning'].includes(String(billing.level).toLowerCase()))
    billing.info('hidden')
    billing.warn({ card: { number: '4242424242424242' } }, 'card declined')

    const inheriting = billing.child({ attempt: 2 }, { level: '' })
    assert.equal(inheriting.isLevelEnabled('info'), false, "level '' inherits the parent's level")
    inheriting.error({ card: { number: '5555555555554444' } }, 'retry failed')

    // Fastify sets symbols on its children: they must be ordinary objects.
    const sym = Symbol('fastify.child')
    billing[sym] = true
    assert.equal(billing[sym], true)
    await logger.complete()

    assert.equal(byMessage('hidden').length, 0)
    const [declined] = byMessage('card declined')
    assert.equal(declined.plugin, 'billing')
    assert.equal(declined.card, '**** 4242')
    const [retry] = byMessage('retry failed')
    assert.equal(retry.plugin, 'billing')
    assert.equal(retry.attempt, 2)
    assert.equal(retry.card, '**** 4444', 'serializers are inherited by grandchildren')
  } finally {
    await app.close()
  }
})

test('level is readable and settable; isLevelEnabled takes pino and logly names', async () => {
  const app = Fastify({ loggerInstance: logger })
  await app.ready()
  try {
    assert.equal(String(logger.level).toLowerCase(), 'info')
    assert.equal(app.log.isLevelEnabled('debug'), false)
    assert.equal(app.log.isLevelEnabled('info'), true)
    assert.equal(app.log.isLevelEnabled('WARNING'), true)
    assert.equal(app.log.isLevelEnabled('fatal'), true)
    app.log.debug('dropped at info')

    // The root's level is the global level: Fastify's children follow it.
    logger.level = 'debug'
    assert.equal(String(logger.level).toLowerCase(), 'debug')
    assert.equal(app.log.isLevelEnabled('debug'), true)
    app.log.debug('kept at debug')

    // A child's own level raises its threshold.
    app.log.level = 'error'
    assert.equal(String(app.log.level).toLowerCase(), 'error')
    assert.equal(app.log.isLevelEnabled('warn'), false)
    app.log.warn('dropped at error')
    app.log.error('kept at error')
    await logger.complete()

    assert.equal(byMessage('dropped at info').length, 0)
    assert.equal(byMessage('kept at debug')[0].level, 'DEBUG')
    assert.equal(byMessage('dropped at error').length, 0)
    assert.equal(byMessage('kept at error').length, 1)
  } finally {
    await app.close()
  }
})

// --- example -------------------------------------------------------------------

test('examples/fastify.js runs, alerts on the failed request and exits on its own', async () => {
  const { stdout } = await runExample('fastify.js')
  assert.match(stdout, /GET \/hello\/ada -> 200/)
  assert.match(stdout, /GET \/stock -> 500/)
  assert.match(stdout, /alerts: 1\n/)
  assert.match(stdout, /ERROR inventory service unavailable reqId=req-\d+ err\.type=Error status=500/)
  assert.match(stdout, /\| INFO     \| incoming request/, 'the console sink printed Fastify\'s request logs')
})
