'use strict'

const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const {
  runNode, runSource, fixture, makeTempDir, readLines, countLines, quietLogger, fileLogger
} = require('./helpers')

// What a service relies on when its logger meets bad luck: callbacks that
// fail in odd ways or never settle, mocked clocks and timers, floods of large
// records, hostile text, a disk that refuses writes.

// --- complete() -------------------------------------------------------------

test('complete() resolves under steady logging with an async callback: it waits only for what was logged before it', async () => {
  const log = quietLogger()
  const seen = []
  log.addCallback(async (record) => {
    await null
    seen.push(record.n)
  })
  let n = 0
  let logging = true
  const keepLogging = () => {
    for (let i = 0; i < 100; i++) log.info('steady', { n: n++ })
    if (logging) setImmediate(keepLogging)
  }
  for (let i = 0; i < 500; i++) log.info('before', { n: n++ })
  keepLogging()
  await log.complete()
  logging = false
  for (let i = 0; i < 500; i++) assert.equal(seen[i], i, 'every record logged before complete() was delivered and settled')
  await log.complete()
})

test('a thenable that settles twice, or resolves then rejects, is counted once', async () => {
  const log = quietLogger()
  log.addCallback(() => ({ then (resolve, reject) { resolve(); resolve(); reject(new Error('late')) } }))
  log.addCallback(() => ({ then (resolve, reject) { reject(new Error('first')); resolve() } }), { name: 'rejects' })
  for (let i = 0; i < 10; i++) log.info('x')
  await log.complete()
  await log.complete()
  assert.deepEqual(log.stats().callbackErrors, 10)
})

// --- failures of any shape ----------------------------------------------------

test('callbacks that throw or reject with values nobody can print are counted, reported once each, and the app lives on', () => {
  const { status, stdout, stderr } = runSource(`
    const { logger } = require('logly-node')
    logger.remove()
    const hostile = [
      Object.create(null),
      { toString () { throw new Error('no toString') } },
      Object.defineProperty(new Error('stack getter'), 'stack', { get () { throw new Error('no stack') } }),
      new Proxy({}, new Proxy({}, { get () { return () => { throw new Error('trap') } } })),
      Symbol('thrown'),
      undefined
    ]
    hostile.forEach((value, i) => {
      logger.addCallback(() => { throw value }, { name: 'throws-' + i })
      logger.addCallback(async () => { throw value }, { name: 'rejects-' + i })
    })
    for (let i = 0; i < 3; i++) logger.info('x')
    logger.complete().then(() => console.log(JSON.stringify(logger.stats())))`)
  assert.equal(status, 0, stderr)
  assert.equal(JSON.parse(stdout).callbackErrors, 36)
  const reports = stderr.split('\n').filter((line) => line.startsWith('logly: callback'))
  assert.equal(reports.length, 12, stderr)
  assert.ok(reports.some((line) => line.includes('[Object: null prototype] {}')), stderr)
})

// --- clocks and timers ----------------------------------------------------------

test('a replaced global setImmediate (fake timers) stops neither writing nor delivery', async () => {
  const { log, records } = fileLogger()
  const got = []
  log.addCallback((record) => got.push(record.message))
  const { setImmediate: real } = globalThis
  globalThis.setImmediate = () => {} // a fake clock that never runs anything on its own
  try {
    log.info('under fake timers')
    await log.complete()
  } finally {
    globalThis.setImmediate = real
  }
  assert.deepEqual((await records()).map((r) => r.message), ['under fake timers'])
  assert.deepEqual(got, ['under fake timers'])
})

test('a mocked Date.now that returns NaN, a fraction or a far-away number still gives readable records', async () => {
  const { log, records } = fileLogger()
  const got = []
  log.addCallback((record) => got.push(record.timestamp))
  const { now } = Date
  const before = now()
  try {
    for (const value of [NaN, 1.9, 8.64e15, -1, Infinity, 1e300, 'soon']) {
      Date.now = () => value
      log.info('tick')
    }
  } finally {
    Date.now = now
  }
  const stamps = (await records()).map((r) => r.timestamp)
  assert.equal(stamps.length, 7)
  assert.deepEqual(got, stamps)
  assert.deepEqual(stamps.slice(1, 4), ['1970-01-01T00:00:00.001Z', '+275760-09-13T00:00:00.000Z', '1969-12-31T23:59:59.999Z'])
  for (const stamp of [stamps[0], ...stamps.slice(4)]) {
    assert.ok(Date.parse(stamp) >= before, `${stamp} is the time the record was written`)
  }
})

// --- memory --------------------------------------------------------------------

test('a flood of large records with a callback that never settles stays bounded in memory', async () => {
  const file = path.join(makeTempDir(), 'flood.log')
  const result = await runNode(fixture('flood.js'), { args: [file, '40000', '16384'], timeout: 120_000 })
  assert.equal(result.code, 0, result.stderr)
  const { count, calls, maxRssMiB, stats } = JSON.parse(result.stdout)
  assert.equal(count, 40_000)
  assert.ok(calls > 0 && calls < count, `${calls} calls`)
  assert.ok(stats.dropped > 0, 'what could not wait was dropped and counted')
  assert.equal(stats.delivered + stats.dropped, count, 'every record was either delivered or counted as dropped')
  // 40,000 records of 16 KiB are 650 MiB: kept, they would take well over a GiB.
  assert.ok(maxRssMiB < 450, `peak RSS ${maxRssMiB.toFixed(0)} MiB`)
  assert.equal(countLines(file), count, 'sinks are not held back by the callback')
})

// --- text cannot be forged ---------------------------------------------------------

const FORGERY = 'ok\n2025-01-15 10:30:45 | CRITICAL | forged\r\u001b[2J\u001b]0;title\u0007\u009b31m'

test('a text file gets one line per record, with no control characters from user data', async (t) => {
  const file = path.join(makeTempDir(t), 'app.log')
  const log = quietLogger()
  log.add(file, { json: false })
  log.info(FORGERY, { [`key\n${FORGERY}`]: FORGERY, plain: 'alice', spaced: 'alice smith' })
  await log.complete()
  const lines = readLines(file)
  assert.equal(lines.length, 1)
  assertNoControls(lines[0])
  assert.match(lines[0], /\| INFO     \| "ok\\n2025-01-15 10:30:45 \| CRITICAL \| forged\\r\\u001b\[2J/)
  assert.match(lines[0], / plain=alice spaced="alice smith"$/)
})

test('the console gets one line per record, with no control characters from user data, but keeps its colors', () => {
  const { status, stdout, stderr } = runSource(`
    const { logger } = require('logly-node')
    logger.info(${JSON.stringify(FORGERY)}, { [${JSON.stringify(FORGERY)}]: ${JSON.stringify(FORGERY)} })`,
  { env: { FORCE_COLOR: '1' } })
  assert.equal(status, 0, stderr)
  const lines = stdout.split('\n').filter(Boolean)
  assert.equal(lines.length, 1)
  const colors = lines[0].match(/\u001b\[[0-9;]*m/g)
  assert.deepEqual(colors, ['\u001b[37m', '\u001b[0m'], 'only logly\'s own level colors')
  assertNoControls(lines[0].replace(/\u001b\[[0-9;]*m/g, ''))
})

function assertNoControls (line) {
  // eslint-disable-next-line no-control-regex
  assert.doesNotMatch(line, /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/, JSON.stringify(line))
}

// --- honest figures and errors --------------------------------------------------------

test('lines a sink failed to write are counted as writeErrors, not as written', { skip: !fs.existsSync('/dev/full') && 'no /dev/full' }, async () => {
  const log = quietLogger()
  log.add('/dev/full')
  log.info('nowhere to go')
  await log.complete()
  const { written, writeErrors } = log.stats()
  assert.deepEqual({ written, writeErrors }, { written: 0, writeErrors: 1 })
})

test('add() fails with Node\'s own error codes, ENAMETOOLONG and ELOOP included', { skip: process.platform === 'win32' }, (t) => {
  const dir = makeTempDir(t)
  const log = quietLogger()
  assert.throws(() => log.add(path.join(dir, 'x'.repeat(300))), { code: 'ENAMETOOLONG', syscall: 'open', message: /^ENAMETOOLONG: name too long, open '/ })
  fs.symlinkSync('loop', path.join(dir, 'loop'))
  assert.throws(() => log.add(path.join(dir, 'loop')), { code: 'ELOOP', errno: -(require('node:os').constants.errno.ELOOP) })
  fs.mkdirSync(path.join(dir, 'a-dir'))
  assert.throws(() => log.add(path.join(dir, 'a-dir')), { code: 'EISDIR' })
})

test('numeric options of the wrong type are TypeErrors and out-of-range ones RangeErrors, naming the option', () => {
  const log = quietLogger()
  assert.throws(() => log.configure({ callbackBuffer: '100' }), { name: 'TypeError', message: /configure: callbackBuffer must be a positive integer, got string/ })
  assert.throws(() => log.configure({ callbackBuffer: 0 }), { name: 'RangeError', message: /configure: callbackBuffer/ })
  assert.throws(() => log.configure({ callbackBufferBytes: 1.5 }), { name: 'RangeError', message: /configure: callbackBufferBytes/ })
  assert.throws(() => log.addCallback(() => {}, { maxPending: null }), { name: 'TypeError', message: /addCallback: options.maxPending/ })
  assert.throws(() => log.addCallback(() => {}, { maxPending: -1 }), { name: 'RangeError', message: /addCallback: options.maxPending/ })
})

test('stats(): each record is emitted once and written once per sink', async () => {
  const { log, records } = fileLogger()
  for (let i = 0; i < 1000; i++) log.info('r', { i })
  const got = await records()
  assert.deepEqual(got.map((r) => r.i), [...Array(1000).keys()])
  const { emitted, written } = log.stats()
  assert.deepEqual({ emitted, written }, { emitted: 1000, written: 1000 })
})

// --- complete() that cannot finish ----------------------------------------------------

test('complete({ timeout }) rejects, naming the callbacks still pending, when a promise never settles', async () => {
  const log = quietLogger()
  const id = log.addCallback(() => new Promise(() => {}), { name: 'stuck' })
  log.info('never settles')
  await assert.rejects(log.complete({ timeout: 50 }), {
    code: 'ERR_LOGLY_COMPLETE_TIMEOUT',
    message: `logly: complete() timed out after 50 ms; still waiting for callback "stuck" (id ${id}): 1 unsettled, 0 waiting`
  })
  assert.throws(() => log.complete({ timeout: '1s' }), { name: 'TypeError', message: /complete: options.timeout/ })
  assert.throws(() => log.complete({ after: 5 }), { name: 'TypeError', message: /complete: unknown option "after"/ })
})

test('an ES module whose top-level await logger.complete() never settles ends with exit 13 and says which callback', async (t) => {
  const dir = makeTempDir(t)
  const file = path.join(dir, 'app.mjs')
  fs.writeFileSync(file, `
    import { logger } from 'logly-node'
    logger.addCallback(() => new Promise(() => {}), { name: 'webhook' })
    logger.info('sent')
    await logger.complete()
  `)
  fs.mkdirSync(path.join(dir, 'node_modules'))
  fs.symlinkSync(path.resolve(__dirname, '..'), path.join(dir, 'node_modules', 'logly-node'), 'dir')
  const result = await runNode(file, { cwd: dir })
  assert.equal(result.code, 13, result.stderr)
  assert.match(result.stderr, /logly: the process is ending \(exit code 13, a top-level await never settled\) with callback promises unsettled: callback "webhook" \(id \d+\): 1 unsettled, 0 waiting/)
})
