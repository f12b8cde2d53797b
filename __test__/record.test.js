'use strict'

const { test } = require('node:test')
const assert = require('node:assert/strict')
const { fileLogger, runSource, ROOT, makeTempDir, readJsonLines } = require('./helpers')

const ISO_MS_Z = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/

/** The line number (as records carry it, a string) of the first line of this file containing `text`. */
function lineOf (text) {
  return String(require('node:fs').readFileSync(__filename, 'utf8').split('\n').findIndex((line) => line.includes(text)) + 1)
}

test("a JSON record has the six record keys first, then pino's base keys, then the fields with their JSON types", async () => {
  const { log, records } = fileLogger({ configure: { location: true, base: undefined } })
  const before = Date.now()
  function charge () {
    log.error('Payment failed', { order_id: 1234, amount: 99.99, paid: false, tags: ['a'], meta: { k: null } })
  }
  charge()
  const [record] = await records()
  assert.deepEqual(Object.keys(record), ['timestamp', 'level', 'message', 'filename', 'lineno', 'function', 'pid', 'hostname', 'order_id', 'amount', 'paid', 'tags', 'meta'])
  assert.match(record.timestamp, ISO_MS_Z)
  const time = Date.parse(record.timestamp)
  assert.ok(time >= before - 1 && time <= Date.now() + 1, 'timestamp is the time of the call')
  assert.equal(record.level, 'ERROR')
  assert.equal(record.message, 'Payment failed')
  assert.equal(record.filename, __filename)
  assert.equal(record.lineno, lineOf("log.error('Payment failed'"))
  assert.equal(record.function, 'charge')
  assert.deepEqual([record.order_id, record.amount, record.paid, record.tags, record.meta], [1234, 99.99, false, ['a'], { k: null }])
})

test('location points at the caller through child loggers, log() and exception()', async () => {
  const { log, records } = fileLogger({ configure: { location: true } })
  const child = log.bind({ a: 1 }).child({ b: 2 })
  function viaChild () { child.info('child') }
  function viaLog () { log.log('INFO', 'log') }
  function viaException () { log.exception('exception', new Error('x')) }
  viaChild(); viaLog(); viaException()
  const got = (await records()).map((r) => [r.function, r.lineno, r.filename])
  assert.deepEqual(got, [
    ['viaChild', lineOf('function viaChild'), __filename],
    ['viaLog', lineOf('function viaLog'), __filename],
    ['viaException', lineOf('function viaException'), __filename]
  ])
})

test("location at module top level has function ''", async () => {
  const file = require('node:path').join(makeTempDir(), 'top.log')
  const { status, stderr } = runSource(`
    const { logger } = require(${JSON.stringify(ROOT)})
    logger.configure({ location: true }); logger.remove(); logger.add(${JSON.stringify(file)}, { json: true })
    logger.info('top')`)
  assert.equal(status, 0, stderr)
  const [record] = readJsonLines(file)
  assert.equal(record.function, '')
  assert.equal(record.lineno, '4')
  assert.equal(record.filename, '[eval]')
})

test("location: false leaves the location keys out of JSON lines and empty for callbacks (the record's shape)", async () => {
  const { log, records } = fileLogger({ configure: { location: false } })
  const seen = []
  log.addCallback((record) => seen.push(record))
  log.info('no location')
  const [record] = await records()
  assert.deepEqual(Object.keys(record), ['timestamp', 'level', 'message'])
  assert.deepEqual([seen[0].filename, seen[0].lineno, seen[0].function], ['', '', ''])
})

test("location: 'auto' captures for records a callback receives, and sinks write those", async () => {
  const { log, records } = fileLogger()
  log.addCallback(() => {}, { level: 'ERROR' })
  function handler () {
    log.info('no callback takes INFO: not captured')
    log.error('the callback takes ERROR: captured')
  }
  handler()
  const [info, error] = await records()
  assert.deepEqual([info.filename, info.lineno, info.function], [undefined, undefined, undefined])
  assert.deepEqual([error.filename, error.lineno, error.function], [__filename, lineOf("log.error('the callback takes ERROR"), 'handler'])
})

test('field precedence: call over contextualize over bind', async () => {
  const { log, records } = fileLogger()
  const child = log.bind({ who: 'bind', bindOnly: 1 })
  await child.contextualize({ who: 'context', contextOnly: 2 }, async () => {
    child.info('both', { who: 'call' })
    child.info('no call fields')
  })
  const [first, second] = await records()
  assert.deepEqual([first.who, first.bindOnly, first.contextOnly], ['call', 1, 2])
  assert.equal(second.who, 'context')
})

test('fields named like record keys are kept under extra', async () => {
  const { log, records } = fileLogger()
  log.info('real message', { level: 'fake', message: 'fake', user: 'u' })
  const [record] = await records()
  assert.equal(record.level, 'INFO')
  assert.equal(record.message, 'real message')
  assert.deepEqual(record.extra, { level: 'fake', message: 'fake' })
  assert.equal(record.user, 'u')
})

test('Errors, BigInt, cycles, functions and symbols follow the record rules', async () => {
  const { log, records } = fileLogger()
  const cause = new TypeError('inner')
  const error = new RangeError('outer', { cause })
  error.code = 'E_OUTER'
  const cyclic = { name: 'loop' }
  cyclic.self = cyclic
  log.info('values', { error, big: 12345678901234567890n, cyclic, fn () {}, sym: Symbol('s'), date: new Date(0) })
  const [record] = await records()
  assert.equal(record.error.type, 'RangeError')
  assert.equal(record.error.message, 'outer')
  assert.match(record.error.stack, /RangeError: outer\n\s+at /)
  assert.equal(record.error.code, 'E_OUTER')
  assert.deepEqual([record.error.cause.type, record.error.cause.message], ['TypeError', 'inner'])
  assert.equal(record.big, '12345678901234567890')
  assert.deepEqual(record.cyclic, { name: 'loop', self: '[Circular]' })
  assert.equal('fn' in record, false)
  assert.equal('sym' in record, false)
  assert.equal(record.date, '1970-01-01T00:00:00.000Z')
})

test('exception() logs ERROR with the error under exception', async () => {
  const { log, records } = fileLogger()
  log.exception('Payment failed', new Error('card declined', { cause: new Error('bank offline') }), { orderId: 7 })
  const [record] = await records()
  assert.equal(record.level, 'ERROR')
  assert.equal(record.orderId, 7)
  assert.deepEqual(Object.keys(record.exception), ['type', 'message', 'stack', 'cause'])
  assert.equal(record.exception.message, 'card declined')
  assert.equal(record.exception.cause.message, 'bank offline')
})

test('fields are taken when logged: later mutation does not change the record', async () => {
  const { log, records } = fileLogger()
  const fields = { n: 1 }
  log.info('snapshot', fields)
  fields.n = 2
  assert.equal((await records())[0].n, 1)
})

test('contextualize applies across awaits, nests, and stays inside its function', async () => {
  const { log, records } = fileLogger()
  const result = await log.contextualize({ requestId: 'r1' }, async () => {
    await new Promise((resolve) => setImmediate(resolve))
    log.info('after await')
    await log.contextualize({ userId: 'u1' }, async () => log.info('nested'))
    return 'done'
  })
  assert.equal(result, 'done')
  log.info('outside')
  const got = await records()
  assert.deepEqual(got.map((r) => [r.message, r.requestId, r.userId]), [
    ['after await', 'r1', undefined], ['nested', 'r1', 'u1'], ['outside', undefined, undefined]
  ])
})

test('concurrent contexts do not leak into each other', async () => {
  const { log, records } = fileLogger()
  const tick = () => new Promise((resolve) => setImmediate(resolve))
  await Promise.all(['a', 'b', 'c'].map((id) => log.contextualize({ id }, async () => {
    for (let i = 0; i < 3; i++) {
      await tick()
      log.info(id)
    }
  })))
  for (const record of await records()) assert.equal(record.id, record.message)
})

test('a later bind overrides an earlier one', async () => {
  const { log, records } = fileLogger()
  log.bind({ a: 1, b: 1 }).bind({ b: 2 }).info('m')
  const [record] = await records()
  assert.deepEqual([record.a, record.b], [1, 2])
})

test('exception() does not interpolate: % in its message stays, the error stays a field', async () => {
  const { log, records } = fileLogger()
  log.exception('rate %d exceeded', new Error('slow down'))
  const [record] = await records()
  assert.equal(record.message, 'rate %d exceeded')
  assert.equal(record.exception.message, 'slow down')
})

test('in an ES module the location filename is a path, not a file URL', () => {
  const fs = require('node:fs')
  const path = require('node:path')
  const { pathToFileURL } = require('node:url')
  const dir = makeTempDir()
  const script = path.join(dir, 'with space.mjs')
  const file = path.join(dir, 'esm.log')
  fs.writeFileSync(script, `import { logger } from ${JSON.stringify(pathToFileURL(path.join(ROOT, 'lib/index.mjs')).href)}
logger.configure({ location: true })
logger.remove()
logger.add(${JSON.stringify(file)}, { json: true })
export function fromModule () { logger.info('from esm') }
fromModule()
`)
  const { status, stderr } = runSource(`import(${JSON.stringify(pathToFileURL(script).href)})`)
  assert.equal(status, 0, stderr)
  const [record] = readJsonLines(file)
  assert.deepEqual([record.filename, record.lineno, record.function], [script, '5', 'fromModule'])
})
