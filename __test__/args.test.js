'use strict'

const { test } = require('node:test')
const assert = require('node:assert/strict')
const { fileLogger } = require('./helpers')

test('pino call shapes: (fields, message), (fields), (error), (error, message)', async () => {
  const { log, records } = fileLogger()
  log.info({ orderId: 7 }, 'paid')
  log.info({ orderId: 8 })
  log.error(new TypeError('bad card'))
  log.error(new Error('inner'), 'wrapped')
  const [paid, fieldsOnly, error, wrapped] = await records()
  assert.deepEqual([paid.message, paid.orderId], ['paid', 7])
  assert.deepEqual([fieldsOnly.message, fieldsOnly.orderId], ['', 8])
  assert.deepEqual([error.message, error.err.type, error.err.message], ['bad card', 'TypeError', 'bad card'])
  assert.deepEqual([wrapped.message, wrapped.err.message], ['wrapped', 'inner'])
})

test('printf placeholders consume their arguments; an object after them is the fields; without arguments nothing is interpolated (as pino and util.format)', async () => {
  const { log, records } = fileLogger()
  log.info('a %s b %d', 'x', 2)
  log.info('%s has %i items costing %f, %j %o', 'cart', 3.9, 1.5, { k: 1 }, { n: { m: 1 } }, { userId: 'u' })
  log.info('100%% sure %s', 'now')
  log.info('100%% kept without arguments')
  log.info('%s and %s', 'only one')
  log.info({ base: true }, 'user %s', 'ann')
  const got = await records()
  assert.deepEqual(got.map((r) => r.message), [
    'a x b 2', 'cart has 3 items costing 1.5, {"k":1} {"n":{"m":1}}', '100% sure now', '100%% kept without arguments', 'only one and %s', 'user ann'
  ])
  assert.equal(got[1].userId, 'u')
  assert.equal(got[5].base, true)
})

test('numbers and booleans as the message are written as text', async () => {
  const { log, records } = fileLogger()
  log.info(42)
  log.info(false, { f: 1 })
  assert.deepEqual((await records()).map((r) => [r.message, r.f]), [['42', undefined], ['false', 1]])
})

test('arguments left after the message and fields are appended to the message, as util.format does', async () => {
  const { log, records } = fileLogger()
  log.info('count', 5, 'items')
  log.fatal('user', 42)
  log.info({ a: 1 }, 'm', 'extra')
  log.info('x', { a: 1 }, { b: 2 })
  log.warning({ a: 1 }, ['m'])
  const got = await records()
  assert.deepEqual(got.map((r) => r.message), ['count 5 items', 'user 42', 'm extra', 'x { a: 1 } { b: 2 }', "[ 'm' ]"])
  assert.equal(got[2].a, 1)
})

test('a log call never throws whatever its first argument, while setup calls name a bad argument', async () => {
  const { log, records } = fileLogger()
  for (const first of [undefined, null, [1, 2], Symbol('s'), function named () {}]) {
    assert.doesNotThrow(() => log.info(first))
  }
  assert.doesNotThrow(() => log.exception(1, new Error('x')))
  const got = await records()
  assert.equal(got.length, 6)
  assert.deepEqual(got.slice(0, 2).map((r) => r.message), ['', ''], 'undefined and null have no message, as in pino')
  assert.equal(got[5].exception.message, 'x')
  assert.throws(() => log.bind('x'), { name: 'TypeError', message: /child: bindings must be a plain object/ })
  assert.throws(() => log.contextualize({}, 'fn'), { name: 'TypeError', message: /contextualize: fn must be a function/ })
})

test('a call below the level does not look at its arguments', () => {
  const { log } = fileLogger()
  assert.doesNotThrow(() => log.debug())
})

test('child() applies serializers to bindings and call fields', async () => {
  const { log, records } = fileLogger()
  const child = log.child({ user: { id: 1, password: 'p' } }, {
    serializers: { user: (user) => ({ id: user.id }), secret: () => '[redacted]' }
  })
  child.info('login', { secret: 'hunter2' })
  child.child({ extra: 1 }).info('grandchild', { secret: 'again' })
  const [first, second] = await records()
  assert.deepEqual(first.user, { id: 1 })
  assert.equal(first.secret, '[redacted]')
  assert.equal(second.secret, '[redacted]', 'serializers are inherited')
})

test('req and res framework objects are reduced by the default serializers; plain objects are kept', async () => {
  const http = require('node:http')
  const { log, records } = fileLogger()
  const server = http.createServer((req, res) => {
    log.info({ req, res }, 'request')
    log.info({ req: { custom: true } }, 'plain')
    res.end('ok')
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address()
  await fetch(`http://127.0.0.1:${port}/orders?x=1`)
  server.close()
  const [request, plain] = await records()
  assert.equal(request.req.method, 'GET')
  assert.equal(request.req.url, '/orders?x=1')
  assert.equal(request.req.remoteAddress, '127.0.0.1')
  assert.deepEqual(request.res, { statusCode: 200 })
  assert.deepEqual(plain.req, { custom: true })
})

test('a child with its own serializers still leaves plain req/res objects alone', async () => {
  const { log, records } = fileLogger()
  const child = log.child({}, { serializers: { user: (user) => user.id } })
  child.info('plain', { req: { custom: 1 }, user: { id: 7 } })
  const [record] = await records()
  assert.deepEqual(record.req, { custom: 1 })
  assert.equal(record.user, 7)
})

test('child() refuses unknown options, naming them, but ignores options set to undefined (as frameworks pass them)', () => {
  const { log } = fileLogger()
  assert.throws(() => log.child({}, { base: { pid: 1 } }), { name: 'TypeError', message: /child: unknown option "base" \(known: level, serializers, msgPrefix, redact\)/ })
  assert.throws(() => log.child({}, 'INFO'), { name: 'TypeError', message: /child: options must be an object, got string/ })
  assert.doesNotThrow(() => log.child({}, { level: 'info', serializers: {}, logger: undefined, genReqId: undefined }))
})

test('pino parity: bindings(), setBindings(), msgPrefix (inherited and concatenated) and flush(cb)', async () => {
  const { log, records } = fileLogger()
  const child = log.child({ requestId: 'r1' }, { msgPrefix: '[api] ' })
  child.setBindings({ userId: 7, requestId: 'r2' })
  assert.deepEqual(child.bindings(), { requestId: 'r2', userId: 7 })
  assert.deepEqual(log.bindings(), {})
  const grandchild = child.child({}, { msgPrefix: '[db] ' })
  child.info('started')
  grandchild.warn('slow query')
  await new Promise((resolve, reject) => log.flush((error) => (error ? reject(error) : resolve())))
  const got = await records()
  assert.deepEqual(got.map((r) => [r.message, r.requestId, r.userId]), [['[api] started', 'r2', 7], ['[api] [db] slow query', 'r2', 7]])
  assert.throws(() => log.child({}, { msgPrefix: 1 }), { name: 'TypeError', message: /child: options.msgPrefix must be a string/ })
  assert.throws(() => log.setBindings('x'), { name: 'TypeError', message: /setBindings: bindings must be a plain object/ })
})

test('configure({ level: process.env.LOG_LEVEL }): an empty or unset value keeps the level, a name sets it', () => {
  const { log } = fileLogger()
  log.configure({ level: 'WARNING' })
  log.configure({ level: '' })
  log.configure({ level: undefined })
  assert.equal(log.level, 'warning')
  log.configure({ level: 'debug' })
  assert.equal(log.level, 'debug')
})
