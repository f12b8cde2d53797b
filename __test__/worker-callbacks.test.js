'use strict'

// Module callbacks: `logger.addCallback(pathOrUrl, options)` loads a module
// with import() on the logger's worker thread and calls its default export
// (or `options.export`) with each record (DESIGN.md, "Where callbacks run").
// Same ids, options, record and counting as function callbacks; synchronous
// I/O in a module never blocks the application; records reach the worker
// from the Rust writer directly, never through the main thread.
//
// Behaviour chosen by the implementation and documented here: a module that
// fails to load is reported once and removed; a module that throws is
// counted and keeps getting records; a worker that dies (process.exit() or
// an uncaught exception in a module) is reported once, and every module
// callback of that logger is removed with it: they shared the thread.
//
// The modules live in __test__/fixtures/worker/ and take their settings from
// their URL's query string (`?out=<file>`), which also gives each
// registration its own module instance. In-process tests use `quietLogger()`;
// whatever depends on the process (stderr reports, exit codes, exit paths)
// runs a child from __test__/fixtures/worker/. Nothing here sleeps to
// synchronize: `await log.complete()`, events, and FIFOs do.

const { test, describe } = require('node:test')
const assert = require('node:assert/strict')
const { execFileSync } = require('node:child_process')
const { once } = require('node:events')
const fs = require('node:fs')
const http = require('node:http')
const path = require('node:path')
const { pathToFileURL } = require('node:url')
const { Worker, threadId: mainThreadId } = require('node:worker_threads')

const {
  runNode, runExample, fixture, makeTempDir, readLines, readJsonLines, callerLine, quietLogger,
  listen, close, settlesWithin, assertPageSlackExample
} = require('./helpers')

const WORKER_FIXTURES = path.join(__dirname, 'fixtures', 'worker')
const COUNT = 10_000
const CHILD_TIMEOUT_MS = 10_000
const GROUP = { concurrency: 4 }
const ISO_UTC_MS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/
const WORKER_STOPPED = "logly: the module callbacks' worker thread stopped: "
const GAVE_UP = 'logly: gave up waiting for the module callbacks at exit'

/** The file: URL of a module in __test__/fixtures/worker/, with `params` as its query string. */
function moduleUrl (name, params = {}) {
  const url = pathToFileURL(path.join(WORKER_FIXTURES, name))
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value)
  return url
}

/** A FIFO (named pipe) at `file`. Linux and macOS. */
function mkfifo (file) {
  execFileSync('mkfifo', [file])
  return file
}

/**
 * Unblocks anyone still waiting on `fifo` (a reader in open() or read(), a
 * writer in open()), so a failed test cannot leave a thread blocked for good,
 * which would keep the test process from exiting.
 */
function releaseFifo (fifo) {
  const { O_WRONLY, O_RDONLY, O_NONBLOCK } = fs.constants
  for (const flags of [O_WRONLY | O_NONBLOCK, O_RDONLY | O_NONBLOCK]) {
    try {
      fs.closeSync(fs.openSync(fifo, flags))
    } catch {}
  }
}

/** The `i` of 0..count-1. */
function range (count, from = 0) {
  return Array.from({ length: count }, (_, i) => from + i)
}

/** How often `needle` occurs in `text`. */
function occurrences (text, needle) {
  return text.split(needle).length - 1
}

/** runNode() on a script of __test__/fixtures/worker/. */
function runWorkerFixture (name, args, options = {}) {
  return runNode(fixture(path.join('worker', name)), { args, timeout: CHILD_TIMEOUT_MS, ...options })
}

/** Asserts that `child` (a runNode() result) ended on its own with `code`. */
function assertExited (child, code = 0) {
  assert.equal(child.timedOut, false, `timed out; stderr:\n${child.stderr}`)
  assert.deepEqual({ code: child.code, signal: child.signal }, { code, signal: null }, child.stderr)
}

/** Asserts that `file` holds JSON records with `i` 0..count-1, each once and in order. */
function assertAllRecords (file, count = COUNT) {
  const lines = readLines(file)
  assert.equal(lines.length, count, `${file} has ${lines.length} lines, not ${count}`)
  for (let i = 0; i < count; i++) {
    const record = JSON.parse(lines[i])
    if (record.i !== i) assert.fail(`line ${i} is record ${record.i} ("${record.message}")`)
  }
}

// --- what a module callback gets -------------------------------------------------

test('an ESM module\'s default export gets every record, in order, with the record shape and the call site', async (t) => {
  const out = path.join(makeTempDir(t), 'records.jsonl')
  const log = quietLogger()
  log.addCallback(moduleUrl('append-sync.mjs', { out }))

  let line
  function checkout () {
    log.error('Payment failed', { order_id: 1234, amount: 99.99 }); line = callerLine()
  }
  checkout()
  for (let i = 0; i < 500; i++) log.info('event ' + i, { i })
  await log.complete()

  const records = readJsonLines(out)
  assert.equal(records.length, 501)
  const [first, ...rest] = records
  assert.deepEqual(Object.keys(first), ['timestamp', 'level', 'message', 'filename', 'lineno', 'function', 'order_id', 'amount'])
  assert.match(first.timestamp, ISO_UTC_MS)
  assert.ok(Math.abs(Date.parse(first.timestamp) - Date.now()) < 60_000, 'the timestamp is now')
  assert.deepEqual({ ...first, timestamp: undefined }, {
    timestamp: undefined,
    level: 'ERROR',
    message: 'Payment failed',
    filename: __filename,
    lineno: String(line),
    function: 'checkout',
    order_id: 1234,
    amount: 99.99
  })
  assert.deepEqual(rest.map((r) => r.i), range(500))
  assert.deepEqual(rest.map((r) => r.message), range(500).map((i) => 'event ' + i))
  assert.ok(rest.every((r) => r.level === 'INFO' && r.filename === __filename && /^\d+$/.test(r.lineno)))
  assert.deepEqual(log.stats(), { emitted: 501, written: 0, delivered: 501, dropped: 0, callbackErrors: 0, writeErrors: 0, lost: 0, exportDropped: 0 })
})

test('complete() waits for a module callback\'s promises: an async export that awaits a timer, then appends', async (t) => {
  const out = path.join(makeTempDir(t), 'records.jsonl')
  const log = quietLogger()
  log.addCallback(moduleUrl('async-append.mjs', { out, ms: 30 }))
  for (let i = 0; i < 50; i++) log.info('event', { i })
  await log.complete()
  // Every promise settled, so every append happened (in order: equal timers fire in order).
  assert.deepEqual(readJsonLines(out).map((r) => r.i), range(50))
  assert.equal(log.stats().delivered, 50)
})

test('a CommonJS module given by absolute path, with options.export naming its export', async (t) => {
  const out = path.join(makeTempDir(t), 'records.jsonl')
  const log = quietLogger()
  log.addCallback(path.join(WORKER_FIXTURES, 'named-export.cjs'), { export: 'onRecord' })
  log.info('one', { out })
  log.warning('two', { out })
  await log.complete()
  assert.deepEqual(readJsonLines(out), [{ by: 'onRecord', message: 'one' }, { by: 'onRecord', message: 'two' }])
})

test('a module given as a file: URL string and one given as a URL object both get every record', async (t) => {
  const dir = makeTempDir(t)
  const log = quietLogger()
  const asString = path.join(dir, 'string.jsonl')
  const asUrl = path.join(dir, 'url.jsonl')
  log.addCallback(moduleUrl('append-sync.mjs', { out: asString }).href)
  log.addCallback(moduleUrl('append-sync.mjs', { out: asUrl }))
  for (let i = 0; i < 20; i++) log.info('event', { i })
  await log.complete()
  assert.deepEqual(readJsonLines(asString).map((r) => r.i), range(20))
  assert.deepEqual(readJsonLines(asUrl).map((r) => r.i), range(20))
})

test('a query string gives a fresh module instance (separate counters); the same URL twice shares one', async (t) => {
  const out = path.join(makeTempDir(t), 'counts.txt')
  const log = quietLogger()
  log.addCallback(moduleUrl('counter.mjs', { out, tag: 'a' }))
  log.addCallback(moduleUrl('counter.mjs', { out, tag: 'b' }))
  // import() caches by URL: these two registrations call one module instance.
  const shared = moduleUrl('counter.mjs', { out, tag: 'shared' })
  log.addCallback(shared)
  log.addCallback(shared.href)
  for (let i = 0; i < 3; i++) log.info('event', { i })
  await log.complete()
  const lines = readLines(out)
  assert.deepEqual(lines.filter((l) => l.startsWith('a ')), ['a 1', 'a 2', 'a 3'])
  assert.deepEqual(lines.filter((l) => l.startsWith('b ')), ['b 1', 'b 2', 'b 3'])
  assert.deepEqual(lines.filter((l) => l.startsWith('shared ')), range(6, 1).map((n) => `shared ${n}`))
})

// --- options, removal, ids ---------------------------------------------------------

test('level filters a module callback; removeCallback stops records logged after it; ids share one increasing space', async (t) => {
  const dir = makeTempDir(t)
  const errorsOut = path.join(dir, 'errors.jsonl')
  const allOut = path.join(dir, 'all.jsonl')
  const log = quietLogger()
  const functionSeen = []

  const ids = [
    log.addCallback((record) => { functionSeen.push(record.message) }, { name: 'function' }),
    log.addCallback(moduleUrl('append-sync.mjs', { out: errorsOut }), { level: 'ERROR', name: 'errors' }),
    log.addCallback(() => {}),
    log.addCallback(moduleUrl('append-sync.mjs', { out: allOut }))
  ]
  for (const id of ids) assert.ok(Number.isInteger(id) && id > 0, `id ${id}`)
  for (let k = 1; k < ids.length; k++) assert.ok(ids[k] > ids[k - 1], `ids increase across functions and modules: ${ids}`)
  const allId = ids[3]

  log.info('info')
  log.error('error')
  log.warning('warning')
  log.critical('critical')
  log.info('before removal')
  assert.equal(log.removeCallback(allId), true) // likely before its module has even loaded
  assert.equal(log.removeCallback(allId), false)
  log.info('after removal')
  log.fail('fail after removal')
  await log.complete()

  assert.deepEqual(readJsonLines(errorsOut).map((r) => r.message), ['error', 'critical', 'fail after removal'])
  // Records logged before the removal still reach it; none logged after.
  assert.deepEqual(readJsonLines(allOut).map((r) => r.message), ['info', 'error', 'warning', 'critical', 'before removal'])
  assert.deepEqual(functionSeen, ['info', 'error', 'warning', 'critical', 'before removal', 'after removal', 'fail after removal'])

  // A later id is still larger, whatever kind.
  const later = log.addCallback(moduleUrl('append-sync.mjs', { out: allOut }), { level: 'CRITICAL' })
  assert.ok(later > Math.max(...ids))
  assert.equal(log.removeCallback(later), true)
})

test('location: false: no call site for records only such callbacks take; a callback that wants it brings it back at its level', async (t) => {
  const out = path.join(makeTempDir(t), 'module.jsonl')
  const log = quietLogger()
  const noLocation = []
  log.addCallback((record) => { noLocation.push(record) }, { location: false })
  log.addCallback(moduleUrl('append-sync.mjs', { out }), { location: false })
  const NONE = { filename: '', lineno: '', function: '' }
  const where = (r) => ({ filename: r.filename, lineno: r.lineno, function: r.function })

  // Only callbacks without location: no record carries it.
  function phaseOne () {
    log.info('one info')
    log.error('one error')
  }
  phaseOne()
  await log.complete()
  assert.deepEqual(noLocation.map(where), [NONE, NONE])

  // A callback that wants the location (the default), at ERROR: records at
  // ERROR and above carry it, for every callback that takes them.
  const wanting = []
  const wantingId = log.addCallback((record) => { wanting.push(record) }, { level: 'ERROR' })
  let line
  function phaseTwo () {
    log.info('two info')
    log.error('two error'); line = callerLine()
  }
  phaseTwo()
  await log.complete()
  const here = { filename: __filename, lineno: String(line), function: 'phaseTwo' }
  assert.deepEqual(noLocation.slice(2).map(where), [NONE, here])
  assert.deepEqual(wanting.map((r) => r.message), ['two error'])
  assert.deepEqual(where(wanting[0]), here)

  // Without it again, nothing carries a location.
  assert.equal(log.removeCallback(wantingId), true)
  function phaseThree () {
    log.error('three error')
  }
  phaseThree()
  await log.complete()
  assert.deepEqual(where(noLocation[4]), NONE)

  // The module callback saw the same records, the same way.
  assert.deepEqual(readJsonLines(out).map((r) => [r.message, where(r)]), [
    ['one info', NONE], ['one error', NONE], ['two info', NONE], ['two error', here], ['three error', NONE]
  ])
})

test('stats() counts the worker\'s deliveries in delivered', async (t) => {
  const dir = makeTempDir(t)
  const log = quietLogger()
  let functionCalls = 0
  log.addCallback(() => { functionCalls++ })
  log.addCallback(moduleUrl('append-sync.mjs', { out: path.join(dir, 'all.jsonl') }))
  log.addCallback(moduleUrl('append-sync.mjs', { out: path.join(dir, 'errors.jsonl') }), { level: 'ERROR' })
  for (let i = 0; i < 100; i++) {
    if (i % 10 === 0) log.error('error', { i })
    else log.info('info', { i })
  }
  await log.complete()
  assert.equal(functionCalls, 100)
  // 100 to the function, 100 to the first module, 10 to the ERROR module.
  assert.deepEqual(log.stats(), { emitted: 100, written: 0, delivered: 210, dropped: 0, callbackErrors: 0, writeErrors: 0, lost: 0, exportDropped: 0 })
})

// --- where module callbacks run -------------------------------------------------

test('synchronous I/O in a module never blocks the application: it logs and serves HTTP while the module waits on a FIFO', { timeout: 20_000 }, async (t) => {
  const dir = makeTempDir(t)
  const fifo = mkfifo(path.join(dir, 'gate.fifo'))
  const out = path.join(dir, 'records.jsonl')
  let writer
  t.after(async () => {
    releaseFifo(fifo)
    await writer?.close().catch(() => {})
  })

  const log = quietLogger()
  log.addCallback(moduleUrl('fifo-gate.mjs', { fifo, out }), { name: 'gate' })
  log.info('first', { i: 0 }) // its first call blocks in fs.readFileSync(fifo)

  // Opening a FIFO for writing completes once a reader has opened it: the
  // module is inside its first call now, blocked until we write and close.
  writer = await fs.promises.open(fifo, 'w')

  // Meanwhile the application goes on: 1,000 more records...
  for (let i = 1; i <= 1000; i++) log.info('while blocked', { i })
  // ...and an HTTP request served end to end (its handler logs too).
  const server = http.createServer((req, res) => {
    log.info('request served', { i: 1001, url: req.url })
    res.end('ok')
  })
  const base = await listen(server)
  t.after(() => close(server))
  const response = await fetch(`${base}/health`)
  assert.equal(response.status, 200)
  assert.equal(await response.text(), 'ok')

  assert.deepEqual(readLines(out), [], 'the module is still blocked: it has appended nothing')
  assert.equal(await settlesWithin(log.complete(), 100), false, 'complete() waits for the blocked module')

  await writer.write('go')
  await writer.close()
  writer = undefined
  await log.complete()

  const [gate, ...records] = readJsonLines(out)
  assert.deepEqual(gate, { gate: 'go' })
  assert.deepEqual(records.map((r) => r.i), range(1002), 'every record reached the module exactly once, in order')
  assert.equal(records[1001].url, '/health')
  assert.equal(log.stats().delivered, 1002)
})

test('several module callbacks of one logger share one worker thread; another logger has its own; neither is the main thread', async (t) => {
  const out = path.join(makeTempDir(t), 'threads.jsonl')
  const a = quietLogger()
  const b = quietLogger()
  a.addCallback(moduleUrl('thread-id.mjs', { out, tag: 'a1' }))
  a.addCallback(moduleUrl('thread-id.mjs', { out, tag: 'a2' }))
  b.addCallback(moduleUrl('thread-id.mjs', { out, tag: 'b1' }))
  a.info('to a')
  b.info('to b')
  await Promise.all([a.complete(), b.complete()])

  const byTag = Object.fromEntries(readJsonLines(out).map((r) => [r.tag, r]))
  assert.deepEqual(Object.keys(byTag).sort(), ['a1', 'a2', 'b1'])
  for (const r of Object.values(byTag)) {
    assert.equal(r.isMainThread, false)
    assert.notEqual(r.threadId, mainThreadId)
  }
  assert.equal(byTag.a1.threadId, byTag.a2.threadId, 'one worker per logger')
  assert.notEqual(byTag.a1.threadId, byTag.b1.threadId, 'each logger has its own worker')
})

test('an application\'s own worker thread can use logly, module callbacks included', async (t) => {
  const out = path.join(makeTempDir(t), 'records.jsonl')
  const script = fixture(path.join('worker', 'app-worker.js'))
  const worker = new Worker(script, { workerData: { out, count: 100 } })
  const exited = once(worker, 'exit')
  const [stats] = await once(worker, 'message')
  const [code] = await exited
  assert.equal(code, 0)
  assert.equal(stats.delivered, 100)
  const records = readJsonLines(out)
  assert.deepEqual(records.map((r) => r.i), range(100))
  assert.ok(records.every((r) => r.filename === script && r.message === 'from the app worker'))
})

// --- setup errors ------------------------------------------------------------------

test('addCallback: a relative path or a value that is no function, path or URL is a TypeError; a non-file: URL or a missing module a RangeError', (t) => {
  const dir = makeTempDir(t)
  const log = quietLogger()
  const missing = path.join(dir, 'missing.mjs')
  const existing = moduleUrl('append-sync.mjs', { out: path.join(dir, 'out.jsonl') })
  const cases = [
    ['a relative path', 'fixtures/worker/append-sync.mjs', TypeError],
    ['a ./relative path', './append-sync.mjs', TypeError],
    ['a number', 42, TypeError],
    ['null', null, TypeError],
    ['undefined', undefined, TypeError],
    ['a plain object', {}, TypeError],
    ['an object whose href is not a string', { href: 42 }, TypeError],
    ['an https URL object', new URL('https://example.com/callback.mjs'), RangeError],
    ['a data: URL object', new URL('data:text/javascript,export default () => {}'), RangeError],
    ['a missing absolute path', missing, RangeError],
    ['a missing module as a file: URL string', pathToFileURL(missing).href, RangeError],
    ['a missing module as a URL object', pathToFileURL(missing), RangeError]
  ]
  for (const [what, target, type] of cases) {
    assert.throws(() => log.addCallback(target), (error) => {
      assert.equal(error.constructor, type, `${what}: ${error.constructor.name} ${error.message}`)
      assert.match(error.message, /^addCallback: /, what)
      return true
    }, what)
  }

  const options = [
    ['export for a function', () => {}, { export: 'default' }, TypeError],
    ['a non-string export', existing, { export: 42 }, TypeError],
    ['a non-boolean location', existing, { location: 'no' }, TypeError],
    ['a non-boolean location on a function', () => {}, { location: 0 }, TypeError],
    ['an unknown level', existing, { level: 'LOUD' }, RangeError],
    ['a non-string name', existing, { name: 7 }, TypeError],
    ['an unknown option', existing, { exports: 'default' }, TypeError]
  ]
  for (const [what, target, option, type] of options) {
    assert.throws(() => log.addCallback(target, option), (error) => {
      assert.equal(error.constructor, type, `${what}: ${error.constructor.name} ${error.message}`)
      assert.match(error.message, /^addCallback: /, what)
      return true
    }, what)
  }
})

test('addCallback: a URL string that is not file: (say, a webhook URL) is a RangeError about file: URLs, not "a relative path"', () => {
  const log = quietLogger()
  for (const target of ['https://hooks.slack.com/services/T000/B000/XXXX', 'data:text/javascript,export default () => {}']) {
    assert.throws(() => log.addCallback(target), (error) => {
      assert.equal(error.constructor, RangeError, `${target}: ${error.constructor.name} ${error.message}`)
      assert.match(error.message, /^addCallback: .*file: URL/)
      return true
    })
  }
})

// --- isolation: child processes --------------------------------------------------

/** Runs isolation-app.js with MODULE (and EXPORT): `{ child, result, dir }`, result being its JSON line. */
async function runIsolation (t, moduleName, exportName) {
  const dir = makeTempDir(t)
  const args = [moduleName, dir, ...(exportName === undefined ? [] : [exportName])]
  const child = await runWorkerFixture('isolation-app.js', args)
  assertExited(child, 0)
  return { child, result: JSON.parse(child.stdout), dir }
}

describe('a failing module never takes the application down', GROUP, () => {
  test('a module that throws on every record: each throw counted, reported once, later records still delivered', async (t) => {
    const { child, result, dir } = await runIsolation(t, 'throws.mjs')
    assert.deepEqual(readLines(path.join(dir, 'broken.txt')), range(20).map(String))
    assert.equal(occurrences(child.stderr, `logly: callback "throws.mjs" (id ${result.brokenId}) failed: `), 1, child.stderr)
    assert.equal(occurrences(child.stderr, 'logly: '), 1, child.stderr)
    assert.match(child.stderr, /cannot handle record 0/)
    assert.equal(result.stats.callbackErrors, 20)
    assert.equal(result.stats.delivered, 60, 'the watcher, the throwing module and the healthy module, 20 each')
    assert.deepEqual(result.watcher, range(20))
    assertAllRecords(path.join(dir, 'healthy.jsonl'), 20)
    assert.equal(result.removedBroken, true, 'a module that throws stays registered')
    assert.equal(result.removedHealthy, true)
  })

  for (const [name, exportName, why] of [
    ['syntax-error.mjs', undefined, /SyntaxError/],
    ['no-default.mjs', undefined, /no function export "default"/],
    ['no-default.mjs', 'handler', /no function export "handler"/]
  ]) {
    const label = exportName === undefined ? name : `${name} with export "${exportName}"`
    test(`a module that fails to load (${label}): reported once, removed; complete() resolves and the app goes on`, async (t) => {
      const { child, result, dir } = await runIsolation(t, name, exportName)
      const report = `logly: callback "${name}" (id ${result.brokenId}) failed: `
      assert.equal(occurrences(child.stderr, report), 1, child.stderr)
      assert.match(child.stderr.slice(child.stderr.indexOf(report)), why)
      assert.equal(occurrences(child.stderr, 'logly: '), 1, `one report only:\n${child.stderr}`)
      assert.equal(result.removedBroken, false, 'logly removed it already')
      assert.equal(result.removedHealthy, true, 'its neighbour on the worker is untouched')
      assert.deepEqual(result.watcher, range(20))
      assertAllRecords(path.join(dir, 'healthy.jsonl'), 20)
      assert.equal(result.stats.delivered, 40, 'the watcher and the healthy module, 20 each')
      assert.equal(result.stats.callbackErrors, 1)
    })
  }

  for (const [name, how, why] of [
    ['exits.mjs', 'process.exit(3) on its 5th record', /exited with code 3/],
    ['timer-throws.mjs', 'a throw in a timer', /thrown in a timer of the module/]
  ]) {
    test(`a module that kills its worker (${how}): reported once, the worker's module callbacks removed, function callbacks go on`, async (t) => {
      // In both, complete() can only resolve because logly saw the worker die:
      // exits.mjs never finishes its 5th call, timer-throws.mjs's promise never settles.
      const { child, result, dir } = await runIsolation(t, name)
      assert.equal(occurrences(child.stderr, WORKER_STOPPED), 1, child.stderr)
      const report = child.stderr.slice(child.stderr.indexOf(WORKER_STOPPED)).split('\n')[0]
      assert.match(report, why)
      assert.match(report, new RegExp(`ids ${result.brokenId}, ${result.healthyId}\\b`), 'the report names the removed callbacks')
      assert.deepEqual(result.watcher, range(20), 'function callbacks keep every record')
      // Both module callbacks wanted the call site; the watcher does not. With
      // them gone, logly has no reason left to capture it.
      assert.deepEqual(result.located, range(10), 'no call site is captured once the callbacks that wanted it are gone')
      assert.equal(result.removedBroken, false)
      assert.equal(result.removedHealthy, false, 'it shared the dead worker: removed with it')
      const broken = readLines(path.join(dir, 'broken.txt')).map(Number)
      if (name === 'exits.mjs') assert.deepEqual(broken, [0, 1, 2, 3, 4])
      // The timer fires once the worker is done with the batch in hand.
      else assert.ok(broken.length >= 1 && broken.length <= 10 && broken.every((i, k) => i === k), `broken got ${broken}`)
      // The healthy module got a prefix of the first ten, nothing after the crash.
      const healthy = readJsonLines(path.join(dir, 'healthy.jsonl')).map((r) => r.i)
      assert.deepEqual(healthy, range(healthy.length))
      assert.ok(healthy.length <= 10, `healthy got ${healthy.length}`)
    })
  }
})

// --- every exit path: child processes --------------------------------------------

describe('records logged right before the process ends reach a module callback\'s synchronous part', GROUP, () => {
  for (const [mode, how, expect] of [
    ['natural', 'a natural exit', { code: 0, signal: null }],
    ['exit', 'process.exit()', { code: 0, signal: null }],
    ['uncaught', 'an uncaught exception', { code: 1, signal: null }],
    ['sigterm', 'SIGTERM with no listener', { code: null, signal: 'SIGTERM' }]
  ]) {
    test(`${how}: all 10,000 records, each once, in order, appended by the module`, async (t) => {
      const out = path.join(makeTempDir(t), 'records.jsonl')
      const child = await runWorkerFixture('exit-app.js', [mode, out])
      assert.equal(child.timedOut, false, 'timed out')
      assert.deepEqual({ code: child.code, signal: child.signal }, expect, child.stderr)
      if (mode === 'uncaught') assert.match(child.stderr, /boom after logging/)
      else assert.equal(child.stderr, '')
      assertAllRecords(out)
    })
  }

  for (const [mode, how, expect] of [
    ['natural', 'a natural exit', { code: 0, signal: null }],
    ['exit', 'process.exit()', { code: 0, signal: null }],
    ['sigterm', 'SIGTERM', { code: null, signal: 'SIGTERM' }]
  ]) {
    test(`exitTimeout: 200 with a module blocked for good: ${how} still ends the process, saying logly gave up waiting`, async (t) => {
      const fifo = mkfifo(path.join(makeTempDir(t), 'never-written.fifo'))
      const child = await runWorkerFixture('exit-timeout-app.js', [mode, fifo], { timeout: 8_000 })
      assert.equal(child.timedOut, false, `the process did not end; stderr:\n${child.stderr}`)
      assert.deepEqual({ code: child.code, signal: child.signal }, expect, child.stderr)
      assert.equal(occurrences(child.stderr, GAVE_UP), 1, child.stderr)
    })
  }

  test('a worker that dies during the exit drain (process.exit() right after logging) does not hold the exit for exitTimeout', async (t) => {
    const out = path.join(makeTempDir(t), 'seen.txt')
    // exitTimeout is a minute; the child gets CHILD_TIMEOUT_MS.
    const child = await runWorkerFixture('dies-at-exit-app.js', [out])
    assertExited(child, 0)
    assert.deepEqual(readLines(out), ['0', '1', '2', '3', '4'])
    assert.equal(occurrences(child.stderr, GAVE_UP), 0, child.stderr)
  })
})

// --- the worker's own feed; logging from a module ---------------------------------

describe('the worker is fed by Rust directly, and logging from it cannot loop', GROUP, () => {
  test('records reach a module callback while the main thread is blocked in synchronous I/O', async (t) => {
    const fifo = mkfifo(path.join(makeTempDir(t), 'signal.fifo'))
    const child = await runWorkerFixture('direct-feed-app.js', [fifo])
    assertExited(child, 0)
    assert.equal(child.stdout, 'first record i=0\n')
  })

  test('a module that logs with logly on every record: the main logger\'s callbacks get exactly N records, and the process ends', async (t) => {
    const out = path.join(makeTempDir(t), 'module.jsonl')
    const N = 200
    const child = await runWorkerFixture('logs-back-app.js', [out, String(N)])
    assertExited(child, 0)
    assert.equal(child.stderr, '')
    const { counted, stats } = JSON.parse(child.stdout)
    assert.equal(counted, N)
    assert.equal(stats.emitted, N, 'what the module logged is not the main logger\'s')
    assert.equal(stats.delivered, 2 * N, 'the counter and the module, N each')
    assert.equal(stats.callbackErrors, 0)
    const logged = readJsonLines(out)
    assert.deepEqual(logged.map((r) => r.i), range(N))
    assert.ok(logged.every((r) => r.message === 'seen by the module'))
  })
})

// --- examples/callbacks/worker/ ----------------------------------------------------

describe('examples/callbacks/worker: the reference page\'s examples as module callbacks', GROUP, () => {
  test('slack.js: the module POSTs the page\'s payload for the ERROR record to the local stand-in for Slack', async () => {
    const { stdout } = await runExample('callbacks/worker/slack.js', { env: { SLACK_WEBHOOK_URL: '' }, timeout: CHILD_TIMEOUT_MS })
    assertPageSlackExample(stdout, 'callbacks/worker/slack.js')
  })

  test('metrics.js: the module counts by level and prints Log counts: {"INFO":100} once; 150 delivered', async () => {
    const { stdout } = await runExample('callbacks/worker/metrics.js', { timeout: CHILD_TIMEOUT_MS })
    assert.equal(occurrences(stdout, 'Log counts: '), 1)
    assert.match(stdout, /^Log counts: \{"INFO":100\}$/m)
    assert.match(stdout, /^delivered: 150$/m)
  })

  test('error-rate.js: the module alerts once for 12 errors, even though the program just ends', async () => {
    const { stdout } = await runExample('callbacks/worker/error-rate.js', { timeout: CHILD_TIMEOUT_MS })
    assert.equal(occurrences(stdout, '🚨 ALERT: '), 1)
    assert.match(stdout, /^🚨 ALERT: High error rate: 10 errors$/m)
    assert.equal(stdout.split('\n').filter((l) => / \| ERROR    \| Error \d+$/.test(l)).length, 12)
  })

  test('critical-filter.js: the module copies the ERROR records to critical_errors.log with synchronous I/O', async (t) => {
    const cwd = makeTempDir(t)
    await runExample('callbacks/worker/critical-filter.js', { cwd, timeout: CHILD_TIMEOUT_MS })
    const lines = readLines(path.join(cwd, 'critical_errors.log'))
    assert.equal(lines.length, 2)
    assert.match(lines[0], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z \| Payment failed$/)
    assert.match(lines[1], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z \| Refund failed$/)
  })

  test('batch.js: the module processes two batches of 50 out of 120 records', async () => {
    const { stdout } = await runExample('callbacks/worker/batch.js', { timeout: CHILD_TIMEOUT_MS })
    assert.equal(stdout.split('\n').filter((l) => l === 'Processing batch of 50 logs').length, 2)
    assert.match(stdout, /^delivered: 120$/m)
  })
})
