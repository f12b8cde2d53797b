'use strict'

// The HTTP sink against a local collector on 127.0.0.1: OTLP/HTTP JSON
// validated against the official protobuf definitions, NDJSON, batching,
// retries while the collector is down, a storm of 500s, and exit.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { quietLogger, makeTempDir, readLines, runNode, fixture, callerLine } = require('./helpers')
const { startCollector, freePort, attributes } = require('./helpers/otlp')

test('OTLP/HTTP JSON: resourceLogs -> scopeLogs -> logRecords with nanoseconds, severity, body, code.* and fields as attributes', async (t) => {
  const collector = await startCollector()
  t.after(() => collector.close())
  const log = quietLogger({ location: true, level: 'TRACE' })
  log.add(collector.url, { format: 'otlp', headers: { authorization: 'Bearer t0ken', 'x-tenant': 'acme' }, resource: { 'service.name': 'api', 'service.version': '1.2.3', replicas: 3 } })
  const before = Date.now()
  function charge () {
    log.error('Payment failed', { orderId: 1234, amount: 99.5, ok: false, none: null, tags: ['a', 1], card: { brand: 'visa' } })
    return callerLine() - 1
  }
  const line = charge()
  for (const level of ['trace', 'debug', 'info', 'success', 'warning', 'fail', 'critical']) log[level](level)
  await log.complete()
  assert.deepEqual(collector.problems, [])
  assert.ok(collector.requests.length >= 1)
  for (const request of collector.requests) {
    assert.equal(request.url, '/v1/logs')
    assert.equal(request.contentType, 'application/json')
    assert.equal(request.headers.authorization, 'Bearer t0ken')
    assert.equal(request.headers['x-tenant'], 'acme')
    assert.match(request.headers['user-agent'], /^logly-node\//)
    const [resourceLogs] = request.body.resourceLogs
    assert.deepEqual(resourceLogs.resource.attributes, [
      { key: 'service.name', value: { stringValue: 'api' } },
      { key: 'service.version', value: { stringValue: '1.2.3' } },
      { key: 'replicas', value: { intValue: '3' } }
    ])
    assert.equal(resourceLogs.scopeLogs[0].scope.name, 'logly-node')
  }
  const records = collector.records()
  assert.equal(records.length, 8)
  const [error] = records
  const nanos = BigInt(error.timeUnixNano)
  assert.ok(nanos >= BigInt(before) * 1_000_000n && nanos <= BigInt(Date.now()) * 1_000_000n, error.timeUnixNano)
  assert.deepEqual([error.severityNumber, error.severityText, error.body], [17, 'ERROR', { stringValue: 'Payment failed' }])
  assert.deepEqual(attributes(error), {
    'code.file.path': { stringValue: __filename },
    'code.line.number': { intValue: String(line) },
    'code.function.name': { stringValue: 'charge' },
    orderId: { intValue: '1234' },
    amount: { doubleValue: 99.5 },
    ok: { boolValue: false },
    none: {},
    tags: { arrayValue: { values: [{ stringValue: 'a' }, { intValue: '1' }] } },
    card: { kvlistValue: { values: [{ key: 'brand', value: { stringValue: 'visa' } }] } }
  })
  assert.deepEqual(records.slice(1).map((r) => [r.severityText, r.severityNumber]), [
    ['TRACE', 1], ['DEBUG', 5], ['INFO', 9], ['SUCCESS', 10], ['WARNING', 13], ['FAIL', 18], ['CRITICAL', 21]
  ])
})

test('without a captured location there are no code.* attributes, and the default resource names an unknown service', async (t) => {
  const collector = await startCollector()
  t.after(() => collector.close())
  const log = quietLogger({ location: false })
  log.add(collector.url)
  log.info('plain', { k: 'v' })
  await log.complete()
  assert.deepEqual(collector.problems, [])
  assert.deepEqual(collector.records().map(attributes), [{ k: { stringValue: 'v' } }])
  assert.deepEqual(collector.requests[0].body.resourceLogs[0].resource.attributes, [{ key: 'service.name', value: { stringValue: 'unknown_service:node' } }])
})

test("format: 'json' on an http target posts NDJSON batches of the JSON records", async (t) => {
  const collector = await startCollector()
  t.after(() => collector.close())
  const log = quietLogger()
  log.add(collector.url, { format: 'json' })
  for (let i = 0; i < 1500; i++) log.info('ndjson', { i })
  await log.complete()
  assert.deepEqual(collector.problems, [])
  assert.ok(collector.requests.every((request) => request.contentType === 'application/x-ndjson'))
  assert.ok(collector.requests.length >= 3, `batches of at most 512: ${collector.requests.length} requests`)
  assert.deepEqual(collector.records().map((record) => [record.message, record.i]), Array.from({ length: 1500 }, (_, i) => ['ndjson', i]))
})

test("format: 'pino' on an http target posts NDJSON of pino's lines", async (t) => {
  const collector = await startCollector()
  t.after(() => collector.close())
  const log = quietLogger()
  log.add(collector.url, { format: 'pino' })
  log.warning('shipped', { i: 1 })
  await log.complete()
  assert.deepEqual(collector.problems, [])
  assert.equal(collector.requests[0].contentType, 'application/x-ndjson')
  const [record] = collector.records()
  assert.deepEqual([record.level, record.msg, record.i, typeof record.time], [40, 'shipped', 1, 'number'])
})

test('collector down, then up: complete() gives up at its bound, retries go on, and nothing within the bound is lost', async (t) => {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}/v1/logs`
  const log = quietLogger({ exitTimeout: 300 })
  log.add(url)
  for (let i = 0; i < 300; i++) log.info('while down', { i })
  const started = Date.now()
  await log.complete()
  assert.ok(Date.now() - started < 5000, 'complete() is bounded by exitTimeout while the collector is down')
  const collector = await startCollector({ port })
  t.after(() => collector.close())
  log.configure({ exitTimeout: 20_000 })
  await log.complete()
  assert.deepEqual(collector.problems, [])
  assert.deepEqual(collector.records().map((record) => attributes(record).i.intValue), Array.from({ length: 300 }, (_, i) => String(i)))
  assert.equal(log.stats().exportDropped, 0)
})

test('429 and 503 are retried until the collector takes the batch', async (t) => {
  const answers = [503, 429, 503]
  const collector = await startCollector({ answer: () => answers.shift() ?? 200 })
  t.after(() => collector.close())
  const log = quietLogger()
  log.add(collector.url)
  for (let i = 0; i < 10; i++) log.info('retried', { i })
  await log.complete()
  assert.equal(answers.length, 0)
  assert.deepEqual(collector.problems, [])
  assert.equal(collector.records().length, 10)
  assert.equal(log.stats().exportDropped, 0)
})

test('a storm of 500s: every refused batch is dropped and counted, other sinks and the app carry on', async (t) => {
  let refused = 0
  const collector = await startCollector({ answer: () => { refused++; return 500 } })
  t.after(() => collector.close())
  const file = path.join(makeTempDir(t), 'app.log')
  const log = quietLogger()
  log.add(collector.url)
  log.add(file)
  const total = 5000
  for (let i = 0; i < total; i++) log.info('storm', { i })
  await log.complete()
  assert.ok(refused >= total / 512, `${refused} requests refused`)
  assert.deepEqual(collector.problems, [], 'every refused payload was valid OTLP all the same')
  assert.equal(log.stats().exportDropped, total)
  assert.equal(readLines(file).length, total)
  assert.equal(log.stats().written, 2 * total)
})

test('records logged just before the process ends are sent by the exit handler', async (t) => {
  const collector = await startCollector()
  t.after(() => collector.close())
  const child = await runNode(fixture('http-exit.js'), { args: [collector.url, '2000', '10000'] })
  assert.equal(child.code, 0, child.stderr)
  assert.deepEqual(collector.problems, [])
  assert.equal(collector.records().length, 2000)
  assert.equal(collector.requests[0].body.resourceLogs[0].resource.attributes[0].value.stringValue, 'exit-test')
})

test('with the collector down, the process still ends, after at most exitTimeout', async () => {
  const port = await freePort()
  const child = await runNode(fixture('http-exit.js'), { args: [`http://127.0.0.1:${port}/v1/logs`, '100', '500'], timeout: 20_000 })
  assert.equal(child.timedOut, false)
  assert.equal(child.code, 0, child.stderr)
  assert.ok(child.ms < 10_000, `ended after ${child.ms} ms`)
})

test('https: a collector behind a private CA is reached with ca, and refused without it', async (t) => {
  const tlsDir = path.join(__dirname, 'fixtures', 'tls')
  const tls = { key: fs.readFileSync(path.join(tlsDir, 'server.key')), cert: fs.readFileSync(path.join(tlsDir, 'server.pem')) }
  const collector = await startCollector({ tls })
  t.after(() => collector.close())
  const log = quietLogger({ exitTimeout: 1000 })
  log.add(collector.url, { ca: fs.readFileSync(path.join(tlsDir, 'ca.pem'), 'utf8') })
  log.info('over tls', { secure: true })
  await log.complete()
  assert.deepEqual(collector.problems, [])
  assert.deepEqual(collector.records().map((record) => [record.body.stringValue, attributes(record).secure]), [['over tls', { boolValue: true }]])
  // Without the CA, the built-in roots do not trust it: nothing arrives.
  const untrusting = quietLogger({ exitTimeout: 300 })
  untrusting.add(collector.url)
  untrusting.info('never trusted')
  await untrusting.complete()
  assert.equal(collector.records().length, 1)
})

test('bad http sink options are errors naming the option', () => {
  const log = quietLogger()
  const url = 'http://127.0.0.1:4318/v1/logs'
  assert.throws(() => log.add(url, { format: 'text' }), { name: 'RangeError', message: /options\.format must be 'otlp', 'json' or 'pino' for http sinks/ })
  assert.throws(() => log.add(url, { headers: 'x' }), { name: 'TypeError', message: /options\.headers must be an object/ })
  assert.throws(() => log.add(url, { headers: { 'bad name': 'x' } }), { name: 'TypeError', message: /invalid header name/ })
  assert.throws(() => log.add(url, { headers: { a: 1 } }), { name: 'TypeError', message: /options\.headers\["a"\] must be a string/ })
  assert.throws(() => log.add(url, { headers: { a: 'x\r\nInjected: 1' } }), { name: 'TypeError', message: /CR, LF or NUL/ })
  assert.throws(() => log.add(url, { resource: [] }), { name: 'TypeError', message: /options\.resource must be an object/ })
  assert.throws(() => log.add(url, { resource: { n: undefined } }), { name: 'TypeError', message: /options\.resource\["n"\]/ })
  assert.throws(() => log.add(url, { format: 'json', resource: {} }), { name: 'TypeError', message: /options\.resource is for format 'otlp'/ })
  assert.throws(() => log.add(url, { rotation: '1 MB' }), { name: 'TypeError', message: /options\.rotation is not an option of http sinks/ })
  assert.throws(() => log.add('http://exa mple.com/'), { name: 'TypeError', message: /not a valid URL/ })
  assert.throws(() => log.add('app.log', { headers: {} }), { name: 'TypeError', message: /options\.headers is not an option of file sinks/ })
  assert.throws(() => log.add(url, { ca: 42 }), { name: 'TypeError', message: /options\.ca must be PEM text/ })
  assert.throws(() => log.add(url, { ca: 'not pem' }), { name: 'TypeError', message: /options\.ca must be PEM text/ })
  assert.throws(() => log.add(url, { ca: '-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n' }), /ca:/)
})
