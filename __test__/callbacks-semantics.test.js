'use strict'

// The callback semantics of DESIGN.md ("The record a callback receives",
// "Callback semantics"): ids, the level option, copies, order, logging and
// registering from inside callbacks, delivery at exit, and bounded memory.
//
// In-process tests use `quietLogger()`, an independent root logger with no
// console sink. Whatever depends on the process (exit paths, memory under a
// flood) runs in a child process from __test__/fixtures/.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const path = require('node:path')

const {
  runNode, fixture, makeTempDir, readLines, countLines, quietLogger, deferred, eventLoopTurnsUntil
} = require('./helpers')

const LEVEL_METHODS = ['trace', 'debug', 'info', 'success', 'warning', 'error', 'fail', 'critical']

/** Logs one record at every level, the message being the method name. */
function logEveryLevel (log) {
  for (const method of LEVEL_METHODS) log[method](method)
}

// --- off the hot path ------------------------------------------------------------

test('the log call returns before any callback runs', async () => {
  const log = quietLogger()
  let calls = 0
  log.addCallback(() => { calls++ })
  log.info('one')
  log.error('two')
  assert.equal(calls, 0)
  await log.complete()
  assert.equal(calls, 2)
})

test('stats() counts emitted, written and delivered records', async (t) => {
  const log = quietLogger()
  log.add(path.join(makeTempDir(t), 'app.log'))
  log.addCallback(() => {})
  log.addCallback(() => {}, { level: 'ERROR' })
  log.info('a')
  log.error('b')
  log.debug('below the level')
  await log.complete()
  assert.deepEqual(log.stats(), { emitted: 2, written: 2, delivered: 3, dropped: 0, callbackErrors: 0, writeErrors: 0, lost: 0, exportDropped: 0 })
})

test('complete() resolves at once when nothing is pending', async () => {
  const log = quietLogger()
  await log.complete()
  log.addCallback(() => {})
  await log.complete()
  await Promise.all([log.complete(), log.complete()])
})

// --- ids -------------------------------------------------------------------------

test('callback ids are positive integers, increasing, never reused after removal', () => {
  const log = quietLogger()
  const ids = []
  for (let i = 0; i < 5; i++) {
    const id = log.addCallback(() => {})
    ids.push(id)
    if (i % 2 === 0) assert.equal(log.removeCallback(id), true)
  }
  for (const id of ids) assert.ok(Number.isInteger(id) && id > 0, `id ${id}`)
  for (let i = 1; i < ids.length; i++) assert.ok(ids[i] > ids[i - 1], `${ids[i]} after ${ids[i - 1]}`)
  assert.equal(new Set(ids).size, ids.length)
})

test('callback ids are never reused in a process, even across root loggers', async () => {
  const a = quietLogger()
  const b = quietLogger()
  const idA = a.addCallback(() => {})
  const seen = []
  const idB = b.addCallback((record) => { seen.push(record.message) })
  assert.notEqual(idA, idB)
  // An id from one logger must not remove another logger's callback.
  assert.equal(b.removeCallback(idA), false)
  b.info('still here')
  await b.complete()
  assert.deepEqual(seen, ['still here'])
})

test('addCallback rejects a non-function with a TypeError naming the callback', () => {
  const log = quietLogger()
  for (const bad of ['x', null, undefined, 42, {}, [], Symbol('f')]) {
    assert.throws(() => log.addCallback(bad), (error) => error instanceof TypeError && /callback/.test(error.message))
  }
})

test('addCallback rejects a bad level with a RangeError, and other bad options with clear errors', () => {
  const log = quietLogger()
  const fn = () => {}
  assert.throws(() => log.addCallback(fn, { level: 'LOUD' }), (error) => error instanceof RangeError && /level/.test(error.message) && /LOUD/.test(error.message))
  assert.throws(() => log.addCallback(fn, { level: 41 }), RangeError)
  assert.throws(() => log.addCallback(fn, { level: {} }), TypeError)
  assert.throws(() => log.addCallback(fn, { maxPending: 0 }), RangeError)
  assert.throws(() => log.addCallback(fn, { maxPending: 1.5 }), RangeError)
  assert.throws(() => log.addCallback(fn, { name: 5 }), TypeError)
  assert.throws(() => log.addCallback(fn, 'slack'), TypeError)
  // None of them registered anything.
  const id = log.addCallback(fn)
  assert.equal(log.removeCallback(id), true)
})

test('removeCallback returns false and changes nothing for ids it never returned or already removed, and for non-numbers', async () => {
  const log = quietLogger()
  const seen = []
  const id = log.addCallback((record) => { seen.push(record.message) })
  const gone = log.addCallback(() => {})
  assert.equal(log.removeCallback(gone), true)
  for (const bad of [gone, id + 100, 0, -1, 1.5, NaN, Infinity, 2 ** 40, String(id), 'non_existent_id', null, undefined, {}, [id]]) {
    assert.equal(log.removeCallback(bad), false, `removeCallback(${String(bad)})`)
  }
  log.info('still delivered')
  await log.complete()
  assert.deepEqual(seen, ['still delivered'])
})

// --- which records a callback gets -------------------------------------------------

test('the level option: a callback with { level: \'ERROR\' } gets ERROR, FAIL and CRITICAL only', async () => {
  const log = quietLogger({ level: 'TRACE' })
  const all = []
  const errors = []
  log.addCallback((record) => { all.push(record.level) })
  log.addCallback((record) => { errors.push(record.level) }, { level: 'ERROR' })
  logEveryLevel(log)
  await log.complete()
  assert.deepEqual(all, ['TRACE', 'DEBUG', 'INFO', 'SUCCESS', 'WARNING', 'ERROR', 'FAIL', 'CRITICAL'])
  assert.deepEqual(errors, ['ERROR', 'FAIL', 'CRITICAL'])
})

test('the level option takes names in any case, pino aliases and numbers', async () => {
  const log = quietLogger({ level: 'TRACE' })
  const got = { warn: [], number: [], lower: [] }
  log.addCallback((record) => { got.warn.push(record.level) }, { level: 'warn' })
  log.addCallback((record) => { got.number.push(record.level) }, { level: 45 })
  log.addCallback((record) => { got.lower.push(record.level) }, { level: 'success' })
  logEveryLevel(log)
  await log.complete()
  assert.deepEqual(got.warn, ['WARNING', 'ERROR', 'FAIL', 'CRITICAL'])
  assert.deepEqual(got.number, ['FAIL', 'CRITICAL'])
  assert.deepEqual(got.lower, ['SUCCESS', 'WARNING', 'ERROR', 'FAIL', 'CRITICAL'])
})

test('the global level comes first: a TRACE callback gets nothing below configure({ level })', async () => {
  const log = quietLogger({ level: 'WARNING' })
  const got = []
  log.addCallback((record) => { got.push(record.level) }, { level: 'TRACE' })
  logEveryLevel(log)
  await log.complete()
  assert.deepEqual(got, ['WARNING', 'ERROR', 'FAIL', 'CRITICAL'])
})

test('a callback gets the records logged after it was added, not earlier ones still in flight', async () => {
  const log = quietLogger()
  const first = []
  const second = []
  log.addCallback((record) => { first.push(record.message) })
  log.info('before')
  log.addCallback((record) => { second.push(record.message) })
  log.info('after')
  await log.complete()
  assert.deepEqual(first, ['before', 'after'])
  assert.deepEqual(second, ['after'])
})

// --- copies ----------------------------------------------------------------------

test('each callback gets its own copy of a flat record too', async () => {
  const log = quietLogger()
  const seen = []
  log.addCallback((record) => { record.message = 'changed'; record.n = 0; delete record.level }, { name: 'mutator' })
  log.addCallback((record) => { seen.push({ ...record }) }, { name: 'observer' })
  log.addCallback((record) => { record.extra = 1 }, { name: 'last-mutator' })
  log.info('original', { n: 1 })
  await log.complete()
  assert.deepEqual([seen[0].message, seen[0].n, seen[0].level, 'extra' in seen[0]], ['original', 1, 'INFO', false])
})

test('each callback gets its own copy: mutating a record in one is not seen by another', async () => {
  const log = quietLogger()
  const seen = []
  const mutate = (record) => {
    record.message = 'changed'
    record.order.items.push('injected')
    record.added = true
    delete record.level
  }
  log.addCallback(mutate, { name: 'mutator-1' })
  log.addCallback((record) => { seen.push(structuredClone(record)) }, { name: 'observer' })
  log.addCallback(mutate, { name: 'mutator-2' })
  log.addCallback((record) => { seen.push(structuredClone(record)) }, { name: 'observer-2' })

  log.info('original', { order: { id: 7, items: ['book'] } })
  await log.complete()

  assert.equal(seen.length, 2)
  for (const record of seen) {
    assert.equal(record.message, 'original')
    assert.equal(record.level, 'INFO')
    assert.deepEqual(record.order, { id: 7, items: ['book'] })
    assert.equal('added' in record, false)
  }
})

test('each record is a fresh object: what a callback keeps is not changed by later records', async () => {
  const log = quietLogger()
  const kept = []
  log.addCallback((record) => { kept.push(record) })
  log.info('a', { n: 1 })
  log.info('b', { n: 2 })
  await log.complete()
  assert.notEqual(kept[0], kept[1])
  assert.deepEqual(kept.map((r) => [r.message, r.n]), [['a', 1], ['b', 2]])
})

// --- order -------------------------------------------------------------------------

test('one callback sees 10,000 records in the order they were logged', async () => {
  const log = quietLogger()
  const seen = []
  const errors = []
  log.addCallback((record) => { seen.push(record.n) })
  log.addCallback((record) => { errors.push(record.n) }, { level: 'ERROR' })
  for (let n = 0; n < 10_000; n++) {
    if (n % 7 === 0) log.error('record', { n })
    else log.info('record', { n })
  }
  await log.complete()
  assert.equal(seen.length, 10_000)
  for (let n = 0; n < 10_000; n++) {
    if (seen[n] !== n) assert.fail(`record ${n} arrived as ${seen[n]}`)
  }
  assert.deepEqual(errors, Array.from({ length: Math.ceil(10_000 / 7) }, (_, i) => i * 7))
})

test('async callbacks are started in log order, even past maxPending, and may settle in any order', async () => {
  const log = quietLogger()
  const started = []
  const unsettled = [] // deferreds, oldest first
  log.addCallback((record) => {
    started.push(record.n)
    const d = deferred()
    unsettled.push(d)
    return d.promise
  }, { name: 'async', maxPending: 3 })

  for (let n = 0; n < 20; n++) log.info('record', { n })
  for (let settled = 0; settled < 20; settled++) {
    const expected = Math.min(20, settled + 3)
    await eventLoopTurnsUntil(() => started.length >= expected)
    assert.equal(started.length, expected, 'never more than maxPending unsettled')
    assert.equal(unsettled.length, expected - settled)
    unsettled.pop().resolve() // newest first
  }
  await log.complete()
  assert.deepEqual(started, Array.from({ length: 20 }, (_, n) => n))
})

// --- a stuck callback ------------------------------------------------------------

test('a stuck async callback does not hold back the others; its backlog reaches it in order once it settles', async () => {
  const log = quietLogger()
  const stuck = deferred()
  const stuckSaw = []
  log.addCallback((record) => {
    stuckSaw.push(record.n)
    return stuck.promise
  }, { name: 'stuck', maxPending: 1 })
  const othersSaw = []
  const allSeen = deferred()
  log.addCallback((record) => {
    othersSaw.push(record.n)
    if (othersSaw.length === 100) allSeen.resolve()
  }, { name: 'other' })

  for (let n = 0; n < 100; n++) log.info('record', { n })
  await allSeen.promise
  assert.deepEqual(othersSaw, Array.from({ length: 100 }, (_, n) => n))
  assert.deepEqual(stuckSaw, [0], 'one pending promise at a time')

  stuck.resolve() // every later call returns the same, now settled, promise
  await log.complete()
  assert.deepEqual(stuckSaw, Array.from({ length: 100 }, (_, n) => n))
  assert.equal(log.stats().dropped, 0)
})

// --- logging, adding and removing from inside callbacks -----------------------------

test('a record logged inside a callback is written to the sinks but not handed to callbacks again (no loop)', async (t) => {
  const file = path.join(makeTempDir(t), 'app.log')
  const log = quietLogger()
  log.add(file, { json: true })
  const loggerSaw = []
  const otherSaw = []
  log.addCallback((record) => {
    loggerSaw.push(record.message)
    log.info('Processing log', { of: record.message }) // the page's bad_callback
  }, { name: 'logs-inside' })
  log.addCallback((record) => { otherSaw.push(record.message) }, { name: 'other' })

  log.info('one')
  log.error('two')
  await log.complete()

  assert.deepEqual(loggerSaw, ['one', 'two'])
  assert.deepEqual(otherSaw, ['one', 'two'])
  const written = readLines(file).map((l) => JSON.parse(l))
  assert.deepEqual(written.map((r) => r.of ? `${r.message} of ${r.of}` : r.message).sort(),
    ['Processing log of one', 'Processing log of two', 'one', 'two'])
  assert.equal(log.stats().emitted, 4)
  assert.equal(log.stats().delivered, 4)
})

test('a record logged after an await inside an async callback is not handed to callbacks either', async (t) => {
  const file = path.join(makeTempDir(t), 'app.log')
  const log = quietLogger()
  log.add(file, { json: true })
  let calls = 0
  log.addCallback(async (record) => {
    calls++
    await null
    await new Promise(setImmediate)
    log.warning('after await', { of: record.message })
  }, { name: 'async-logger' })
  const otherSaw = []
  log.addCallback((record) => { otherSaw.push(record.message) }, { name: 'other' })

  for (let i = 0; i < 5; i++) log.info(`event ${i}`)
  await log.complete()

  assert.equal(calls, 5)
  assert.deepEqual(otherSaw, ['event 0', 'event 1', 'event 2', 'event 3', 'event 4'])
  const written = readLines(file).map((l) => JSON.parse(l))
  assert.equal(written.length, 10)
  assert.deepEqual(written.filter((r) => r.message === 'after await').map((r) => r.of),
    ['event 0', 'event 1', 'event 2', 'event 3', 'event 4'])
})

test('complete() also waits until records that callbacks log before they settle are written', async (t) => {
  const file = path.join(makeTempDir(t), 'app.log')
  // A race with the writer thread when broken: try several times.
  for (let attempt = 0; attempt < 10; attempt++) {
    const log = quietLogger()
    log.add(file)
    log.addCallback(async () => {
      await new Promise((resolve) => setTimeout(resolve, 5))
      log.info('logged by the callback')
    })
    log.info('hello')
    await log.complete()
    assert.equal(readLines(file).length, 2 * (attempt + 1), `attempt ${attempt}`)
    log.remove()
  }
})

test('complete() also waits for records that callbacks log when their batch was sent before they settle', async (t) => {
  const dir = makeTempDir(t)
  for (let attempt = 0; attempt < 10; attempt++) {
    const file = path.join(dir, `app-${attempt}.log`)
    const log = quietLogger()
    log.add(file)
    log.addCallback(async () => {
      log.info('logged by the callback') // into the JS batch; its setImmediate is queued
      await new Promise(setImmediate) // the batch's setImmediate runs first and sends it
    })
    log.info('hello')
    await log.complete()
    assert.equal(readLines(file).length, 2, `attempt ${attempt}`)
    log.remove()
  }
})

test('a callback can remove itself and add another from inside; records logged before removal still reach it', async () => {
  const log = quietLogger()
  const firstSaw = []
  const secondSaw = []
  let secondId
  const firstId = log.addCallback((record) => {
    firstSaw.push(record.message)
    if (secondId === undefined) {
      assert.equal(log.removeCallback(firstId), true)
      secondId = log.addCallback((r) => { secondSaw.push(r.message) }, { name: 'second' })
    }
  }, { name: 'first' })

  log.info('one')
  log.info('two') // logged before the removal happens: still delivered to first
  await log.complete()
  assert.ok(Number.isInteger(secondId) && secondId > firstId)
  assert.deepEqual(firstSaw, ['one', 'two'])
  assert.deepEqual(secondSaw, [], 'added after one and two were logged')

  log.info('three')
  await log.complete()
  assert.deepEqual(firstSaw, ['one', 'two'])
  assert.deepEqual(secondSaw, ['three'])
  assert.equal(log.removeCallback(firstId), false)
  assert.equal(log.removeCallback(secondId), true)
})

test('a callback can remove another callback; that one still gets what was logged before', async () => {
  const log = quietLogger()
  const victimSaw = []
  const victimId = log.addCallback((record) => { victimSaw.push(record.message) }, { name: 'victim' })
  log.addCallback((record) => {
    if (record.message === 'stop') log.removeCallback(victimId)
  }, { name: 'remover' })
  log.info('a')
  log.info('stop')
  log.info('b')
  await log.complete()
  log.info('c')
  await log.complete()
  assert.deepEqual(victimSaw, ['a', 'stop', 'b'])
})

// --- exit --------------------------------------------------------------------------

const EXITS = [
  { mode: 'natural', how: 'at natural exit', code: 0 },
  { mode: 'exit', how: 'on process.exit()', code: 0 },
  { mode: 'uncaught', how: 'after an uncaught exception', code: 1 }
]

for (const { mode, how, code } of EXITS) {
  test(`${how}, all 10,000 records reach the callbacks' synchronous part and the file sink`, async (t) => {
    const file = path.join(makeTempDir(t), 'app.log')
    const result = await runNode(fixture('exit-delivery.js'), { args: [mode, file, '10000'], timeout: 30_000 })
    assert.equal(result.timedOut, false)
    assert.equal(result.code, code, result.stderr)
    if (mode === 'uncaught') assert.match(result.stderr, /Error: boom after logging/)
    else assert.equal(result.stderr, '')
    const report = JSON.parse(result.stdout)
    assert.equal(report.code, code)
    assert.equal(report.sync, 10_000)
    assert.equal(report.asyncStarted, 10_000)
    assert.equal(report.inOrder, true)
    assert.equal(report.stats.dropped, 0)
    assert.equal(report.stats.written, 10_000)
    assert.equal(countLines(file), 10_000)
    const lines = readLines(file)
    assert.match(lines[0], / \| INFO     \| record n=0$/)
    assert.match(lines.at(-1), / \| INFO     \| record n=9999$/)
  })
}

for (const logged of [false, true]) {
  test(`an idle process with a callback registered exits on its own (${logged ? 'after logging' : 'nothing logged'})`, async () => {
    const result = await runNode(fixture('idle.js'), { args: logged ? ['log'] : [], timeout: 10_000 })
    assert.equal(result.timedOut, false, 'the process was kept alive')
    assert.equal(result.code, 0, result.stderr)
    assert.ok(result.ms < 5_000, `took ${result.ms} ms`)
    assert.match(result.stdout, logged ? /^.* \| INFO     \| only record\ngot 1\n$/ : /^got 0\n$/)
  })
}

// --- bounded -------------------------------------------------------------------------

// Measured on a 2-core machine: 89-101 MiB peak RSS for this flood (most of
// it garbage V8 has not collected yet; after a GC the heap is ~4 MiB whatever
// the count). With the bounds lifted (callbackBuffer and maxPending of 2M) the
// same flood peaks at 300-380 MiB.
const FLOOD_RSS_LIMIT_MIB = 200

test('a flood against a callback that never settles stays bounded in memory; sinks still get every line; the process exits', async (t) => {
  const file = path.join(makeTempDir(t), 'flood.log')
  const count = 1_000_000
  const result = await runNode(fixture('flood.js'), { args: [file, String(count)], timeout: 120_000 })
  assert.equal(result.timedOut, false)
  assert.equal(result.code, 0, result.stderr)
  const report = JSON.parse(result.stdout)
  t.diagnostic(`flood: peak RSS ${report.maxRssMiB.toFixed(1)} MiB, ${result.ms} ms, stats ${JSON.stringify(report.stats)}`)

  assert.ok(report.maxRssMiB < FLOOD_RSS_LIMIT_MIB, `peak RSS ${report.maxRssMiB} MiB`)
  assert.ok(report.stats.dropped > 0)
  assert.equal(report.stats.emitted, count)
  assert.equal(report.stats.written, count)
  // Every record was either handed to the callback or counted as dropped.
  assert.equal(report.stats.delivered + report.stats.dropped, count)
  assert.equal(report.calls, report.stats.delivered)
  assert.ok(report.calls <= 1000 + 10, `the callback was called ${report.calls} times`)
  assert.equal(countLines(file), count)
})
