'use strict'

// Every example of the Logly callbacks reference page, in JS, as tests
// (/work/shared/seeds/000_baef6512a1274eb2.txt; the JS versions live in
// examples/callbacks/). Each example is checked twice: in this process
// against an independent `new Logger()` with no console sink (precise
// assertions on what the callback saw and did), and by running
// examples/callbacks/<name>.js as a child process (the example works as
// shipped).
//
// Nothing here sleeps to synchronize: `await log.complete()` resolves once
// every record is written and handed to every callback, and every promise a
// callback returned has settled.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')

const {
  runNode, runSource, runExample, example, fixture, makeTempDir, readLines, callerLine, quietLogger,
  startReceiver, deferred, settlesWithin, indexesInOrder, assertPageSlackExample
} = require('./helpers')
// The Slack payload builder the examples share; the Slack test below spells
// out the page's payload in full, so it fails if this builder is wrong.
const { slackPayload } = require('../examples/slack.js')

const ISO_UTC_MS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/
const TEXT_LINE = (level, rest) => new RegExp(`^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\| ${level.padEnd(8)} \\| ${rest}$`)

// --- Log Record Structure, Location Information ------------------------------

test('a callback receives the page\'s record: timestamp, level, message, filename, lineno, function, then the fields', async () => {
  const log = quietLogger()
  const records = []
  log.addCallback((record) => { records.push(record) })

  let line
  function loginHandler () {
    log.info('User logged in', { user_id: '12345', action: 'login' }); line = callerLine()
  }
  loginHandler()
  await log.complete()

  assert.equal(records.length, 1)
  const [record] = records
  assert.deepEqual(Object.keys(record), ['timestamp', 'level', 'message', 'filename', 'lineno', 'function', 'user_id', 'action'])
  assert.match(record.timestamp, ISO_UTC_MS)
  assert.ok(Math.abs(Date.parse(record.timestamp) - Date.now()) < 60_000, 'the timestamp is now')
  assert.deepEqual({ ...record, timestamp: undefined }, {
    timestamp: undefined,
    level: 'INFO',
    message: 'User logged in',
    filename: __filename,
    lineno: String(line),
    function: 'loginHandler',
    user_id: '12345',
    action: 'login'
  })
})

// --- Slack -------------------------------------------------------------------

// The callback is the page's; its payload comes from examples/slack.js
// (String(v) for Python's str(v)), checked here against the page's payload
// written out in full.
test('Slack: an async callback POSTs ERROR and CRITICAL records to a webhook with the page\'s payload; INFO is not posted', async (t) => {
  const receiver = await startReceiver()
  t.after(() => receiver.close())
  const log = quietLogger()

  log.addCallback(async function slackCallback (record) {
    if (record.level === 'ERROR' || record.level === 'CRITICAL') {
      const response = await fetch(receiver.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(slackPayload(record))
      })
      assert.equal(response.status, 200)
    }
  }, { name: 'slack' })

  let line
  function checkout () {
    log.error('Payment failed', { order_id: 1234, amount: 99.99 }); line = callerLine()
  }
  checkout()
  log.info('Payment retried', { order_id: 1234 })
  log.warning('Card expires soon', { order_id: 1234 })
  assert.equal(receiver.received.length, 0, 'nothing is posted before the log call returns')

  await log.complete() // waits for the POST to be answered
  assert.equal(receiver.received.length, 1)
  const [post] = receiver.received
  assert.equal(post.method, 'POST')
  assert.equal(post.url, '/services/T000/B000/XXXX')
  assert.equal(post.contentType, 'application/json')
  assert.deepEqual(post.body, {
    text: '🚨 ERROR: Payment failed',
    attachments: [{
      color: 'danger',
      fields: [
        { title: 'filename', value: __filename, short: true },
        { title: 'lineno', value: String(line), short: true },
        { title: 'function', value: 'checkout', short: true },
        { title: 'order_id', value: '1234', short: true },
        { title: 'amount', value: '99.99', short: true }
      ]
    }]
  })

  log.critical('Database unreachable')
  await log.complete()
  assert.deepEqual(receiver.received.map((r) => r.body.text), ['🚨 ERROR: Payment failed', '🚨 CRITICAL: Database unreachable'])
  assert.equal(log.stats().callbackErrors, 0)
})

test('examples/callbacks/slack.js posts the page\'s payload to its local stand-in for Slack', async () => {
  const { stdout } = await runExample('callbacks/slack.js', { env: { SLACK_WEBHOOK_URL: '' } })
  assertPageSlackExample(stdout, 'callbacks/slack.js')
})

// --- Metrics -----------------------------------------------------------------

test('Metrics: counting by level prints Log counts: {"INFO":100}, then {"INFO":150} (examples/callbacks/metrics.js)', async () => {
  const { stdout } = await runExample('callbacks/metrics.js')
  indexesInOrder(stdout, ['Log counts: {"INFO":100}\n', 'Log counts: {"INFO":150}\n'])
  assert.equal(stdout.split('Log counts:').length - 1, 2, 'exactly two summaries')
  const events = stdout.split('\n').filter((l) => / \| INFO     \| Event \d+$/.test(l))
  assert.equal(events.length, 150, 'every event is also on the console')
  assert.match(events[0], TEXT_LINE('INFO', 'Event 0'))
})

test('Metrics: the callback sees every record and the counts are right in-process', async () => {
  const log = quietLogger()
  const logCounts = {}
  const printed = []
  log.addCallback(function metricsCallback (record) {
    logCounts[record.level] = (logCounts[record.level] ?? 0) + 1
    const total = Object.values(logCounts).reduce((sum, n) => sum + n, 0)
    if (total % 100 === 0) printed.push(`Log counts: ${JSON.stringify(logCounts)}`)
  }, { name: 'metrics' })

  for (let i = 0; i < 150; i++) log.info(`Event ${i}`)
  for (let i = 0; i < 50; i++) log.warning(`Warning ${i}`)
  await log.complete()
  assert.deepEqual(printed, ['Log counts: {"INFO":100}', 'Log counts: {"INFO":150,"WARNING":50}'])
  assert.deepEqual(logCounts, { INFO: 150, WARNING: 50 })
})

// --- Alerting ----------------------------------------------------------------

test('Alerting: 12 errors raise exactly one alert, at the 10th; the counter then starts again', async () => {
  const log = quietLogger()
  let errorCount = 0
  const errorThreshold = 10
  const alerts = []
  const sendAlert = (message) => alerts.push(message)
  log.addCallback(function alertCallback (record) {
    if (record.level === 'ERROR' || record.level === 'CRITICAL') {
      errorCount += 1
      if (errorCount >= errorThreshold) {
        sendAlert(`High error rate: ${errorCount} errors (at "${record.message}")`)
        errorCount = 0
      }
    }
  }, { name: 'error_alerting' })

  for (let i = 0; i < 12; i++) log.error(`Error ${i}`)
  for (let i = 0; i < 5; i++) log.warning(`Warning ${i}`) // not counted
  await log.complete()
  assert.deepEqual(alerts, ['High error rate: 10 errors (at "Error 9")'])
  assert.equal(errorCount, 2)

  for (let i = 12; i < 19; i++) log.error(`Error ${i}`)
  log.critical('Critical 19')
  await log.complete()
  assert.deepEqual(alerts, ['High error rate: 10 errors (at "Error 9")', 'High error rate: 10 errors (at "Critical 19")'])
})

test('examples/callbacks/error-rate.js prints one alert for 12 errors', async () => {
  const { stdout } = await runExample('callbacks/error-rate.js')
  const alerts = stdout.split('\n').filter((l) => l.includes('ALERT'))
  assert.deepEqual(alerts, ['🚨 ALERT: High error rate: 10 errors'])
  assert.equal(stdout.split('\n').filter((l) => / \| ERROR    \| Error \d+$/.test(l)).length, 12)
})

// --- Filtering ---------------------------------------------------------------

test('Filtering: the critical_filter callback copies only ERROR records to its own file as "<timestamp> | <message>"', async (t) => {
  const dir = makeTempDir(t)
  const file = path.join(dir, 'critical_errors.log')
  const log = quietLogger()
  const errors = []
  log.addCallback((record) => { if (record.level === 'ERROR') errors.push(record) })
  log.addCallback(function filterCallback (record) {
    if (record.level === 'ERROR') {
      fs.appendFileSync(file, `${record.timestamp} | ${record.message}\n`)
    }
  }, { name: 'critical_filter' })

  log.info('Cache warmed')
  log.error('Payment failed', { order_id: 1234 })
  log.warning('Disk 85% full')
  log.fail('Job failed')
  log.error('Refund failed', { order_id: 1235 })
  log.critical('Database unreachable')
  await log.complete()

  const lines = readLines(file)
  assert.equal(lines.length, 2)
  assert.deepEqual(lines, errors.map((r) => `${r.timestamp} | ${r.message}`))
  assert.deepEqual(errors.map((r) => r.message), ['Payment failed', 'Refund failed'])
  for (const line of lines) assert.match(line.split(' | ')[0], ISO_UTC_MS)
})

test('examples/callbacks/critical-filter.js writes critical_errors.log in the current directory', async (t) => {
  const cwd = makeTempDir(t)
  const { stdout } = await runExample('callbacks/critical-filter.js', { cwd })
  const lines = readLines(path.join(cwd, 'critical_errors.log'))
  assert.equal(lines.length, 2)
  assert.match(lines[0], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z \| Payment failed$/)
  assert.match(lines[1], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z \| Refund failed$/)
  assert.ok(stdout.includes(lines.join('\n')), 'the example prints the file')
})

// --- Aggregation -------------------------------------------------------------

test('Aggregation: 120 records make two batches of 50, in log order, and leave 20 in the buffer', async () => {
  const log = quietLogger()
  const logBuffer = []
  const processed = []
  const processBatch = (records) => processed.push(records)
  log.addCallback(function batchCallback (record) {
    logBuffer.push(record)
    if (logBuffer.length >= 50) {
      processBatch(logBuffer.slice())
      logBuffer.length = 0
    }
  }, { name: 'batch_processor' })

  for (let i = 0; i < 120; i++) log.info(`Event ${i}`, { i })
  await log.complete()

  assert.deepEqual(processed.map((batch) => batch.length), [50, 50])
  assert.deepEqual(processed.flat().map((r) => r.i), Array.from({ length: 100 }, (_, i) => i))
  assert.deepEqual(logBuffer.map((r) => r.i), Array.from({ length: 20 }, (_, i) => 100 + i))
})

test('examples/callbacks/batch.js prints two batches of 50 and 20 left', async () => {
  const { stdout } = await runExample('callbacks/batch.js')
  assert.equal(stdout, 'Processing batch of 50 logs\nProcessing batch of 50 logs\n20 records still in the buffer\n')
})

// --- Regular functions -------------------------------------------------------

test('Regular function: a plain (not async) callback prints "Log: LEVEL - message" for each record', async () => {
  const log = quietLogger()
  const printed = []
  log.addCallback(function myCallback (record) {
    printed.push(`Log: ${record.level} - ${record.message}`)
  })
  log.info('User logged in')
  log.success('Payment captured')
  log.warning('Password expires soon')
  await log.complete()
  assert.deepEqual(printed, ['Log: INFO - User logged in', 'Log: SUCCESS - Payment captured', 'Log: WARNING - Password expires soon'])
})

test('examples/callbacks/regular-function.js prints each record', async () => {
  const { stdout } = await runExample('callbacks/regular-function.js')
  indexesInOrder(stdout, ['Log: INFO - User logged in\n', 'Log: WARNING - Password expires soon\n'])
  assert.match(stdout, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} \| INFO     \| User logged in user_id=12345 action=login$/m)
})

// --- Non-Blocking --------------------------------------------------------------

test('Non-blocking: a slow callback neither delays the log call nor other callbacks, and complete() waits for it', async () => {
  const log = quietLogger()
  const release = deferred()
  let slowStarted = false
  let slowFinished = false
  log.addCallback(async function slowCallback (record) {
    slowStarted = true
    await release.promise // stands in for the page's 5 second sleep
    slowFinished = true
  }, { name: 'slow' })

  const fastGot = []
  let fastNotify = deferred()
  log.addCallback((record) => {
    fastGot.push(record.message)
    fastNotify.resolve()
  }, { name: 'fast' })

  log.info('Fast log') // This returns immediately
  assert.equal(slowStarted, false, 'the log call returns before the callback starts')
  assert.deepEqual(fastGot, [])

  await fastNotify.promise
  assert.deepEqual(fastGot, ['Fast log'], 'the other callback got the record while the slow one is pending')
  assert.equal(slowStarted, true)
  assert.equal(slowFinished, false)

  // More records reach the fast callback while the slow one still waits.
  fastNotify = deferred()
  log.info('Second log')
  await fastNotify.promise
  assert.deepEqual(fastGot, ['Fast log', 'Second log'])

  let completed = false
  const done = log.complete().then(() => { completed = true })
  assert.equal(await settlesWithin(done, 200), false, 'complete() waits for the slow promise')
  assert.equal(completed, false)
  assert.equal(slowFinished, false)

  release.resolve()
  await done
  assert.equal(slowFinished, true)
  assert.equal(completed, true)
})

test('examples/callbacks/non-blocking.js: logger.info() returns before the slow callback finishes', async () => {
  const { stdout } = await runExample('callbacks/non-blocking.js', { env: { SLOW_MS: '300' } })
  const [returned, other, slow, completed] = indexesInOrder(stdout, [
    'logger.info() returned after',
    'other callback got "Fast log"',
    'slow callback done with "Fast log"',
    'logger.complete() resolved after'
  ])
  assert.ok(returned < other && other < slow && slow < completed)
  const ms = Number(/logger\.info\(\) returned after ([\d.]+) ms/.exec(stdout)[1])
  assert.ok(ms < 300, `the log call took ${ms} ms, the callback 300`)
})

// --- Exception Handling --------------------------------------------------------

for (const mode of ['throw', 'reject']) {
  const how = mode === 'throw' ? 'throws' : 'returns a rejected promise'
  test(`Exception handling: a callback that ${how} is caught, counted and reported once; logging and other callbacks go on`, async (t) => {
    const dir = makeTempDir(t)
    const file = path.join(dir, 'app.log')
    const { code, stdout, stderr, timedOut } = await runNode(fixture('broken-callback.js'), { args: [mode, file] })
    assert.equal(timedOut, false)
    assert.equal(code, 0, stderr)
    const result = JSON.parse(stdout)

    // The records still reach the sink...
    const lines = readLines(file)
    assert.equal(lines.length, 3)
    assert.match(lines[0], TEXT_LINE('INFO', 'Test'))
    assert.match(lines[2], TEXT_LINE('INFO', 'Later'))
    // ...the other callback, and the broken one, even after it failed.
    assert.deepEqual(result.otherSaw, ['Test', 'Second', 'Later'])
    assert.deepEqual(result.brokenSaw, ['Test', 'Second', 'Later'])
    assert.equal(result.stats.callbackErrors, 3)
    assert.equal(result.stats.written, 3)

    // One report, naming the callback and its id, with the error.
    const reports = stderr.split('\n').filter((l) => l.startsWith('logly: callback'))
    assert.deepEqual(reports, [`logly: callback "broken_callback" (id ${result.brokenId}) failed: ValueError: Oops!`])
    assert.match(stderr, /reported once; every failure is counted in logger\.stats\(\)\.callbackErrors/)
  })
}

test('Exception handling: each throw is counted in stats().callbackErrors, reported once per callback, and the log call never throws', () => {
  // A child process: the reports go straight to the process's stderr.
  const { status, stdout, stderr } = runSource(`
    const { Logger } = require('logly-node')
    const log = new Logger()
    log.remove()
    let calls = 0
    const broken = log.addCallback(function brokenCallback () {
      calls++
      throw new TypeError('Oops!')
    }, { name: 'broken' })
    const rejecting = log.addCallback(async () => { throw 'not an Error' }, { name: 'rejects-string' })
    for (let i = 0; i < 5; i++) log.info('Test ' + i)
    log.complete().then(() => console.log(JSON.stringify({ calls, broken, rejecting, errors: log.stats().callbackErrors })))`)
  assert.equal(status, 0, stderr)
  const { calls, broken, rejecting, errors } = JSON.parse(stdout)
  assert.equal(calls, 5)
  assert.equal(errors, 10)
  assert.equal(stderr.split('logly: callback').length - 1, 2, 'one report per callback')
  assert.ok(stderr.includes(`logly: callback "broken" (id ${broken}) failed: TypeError: Oops!`), stderr)
  assert.ok(stderr.includes(`logly: callback "rejects-string" (id ${rejecting}) failed: not an Error`), stderr)
})

test('examples/callbacks/exception-handling.js logs normally and reports the callback once', async () => {
  const { stdout, stderr } = await runExample('callbacks/exception-handling.js')
  assert.match(stdout, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} \| INFO     \| Test$/m)
  assert.match(stdout, /^callbackErrors: 2$/m)
  assert.equal(stderr.split('logly: callback').length - 1, 1)
  assert.match(stderr, /^logly: callback "broken_callback" \(id 1\) failed: ValueError: Oops!$/m)
})

// --- logger.remove_callback() -------------------------------------------------

test('removeCallback: Event 1 and Event 2 reach the printer, Event 3 (logged after removal) does not', async () => {
  const log = quietLogger()
  const printed = []
  async function myCallback (record) {
    printed.push(`Log: ${record.message}`)
  }
  const callbackId = log.addCallback(myCallback, { name: 'printer' })
  log.info('Event 1') // Callback invoked
  log.info('Event 2') // Callback invoked
  assert.equal(log.removeCallback(callbackId), true)
  log.info('Event 3') // Callback NOT invoked
  await log.complete()
  assert.deepEqual(printed, ['Log: Event 1', 'Log: Event 2'])

  log.info('Event 4')
  await log.complete()
  assert.deepEqual(printed, ['Log: Event 1', 'Log: Event 2'])
})

test('removeCallback: an id stored at add time removes that callback; a second removal returns false', async () => {
  const log = quietLogger()
  const seen = []
  const callbackId = log.addCallback((record) => { seen.push(record.message) }, { name: 'my_callback' })
  log.info('before')
  await log.complete()
  assert.equal(log.removeCallback(callbackId), true)
  assert.equal(log.removeCallback(callbackId), false)
  log.info('after')
  await log.complete()
  assert.deepEqual(seen, ['before'])
})

test('removeCallback: with three named callbacks and the second removed, only slack and alerting get "Test"', async () => {
  const log = quietLogger()
  const got = []
  const callback = (name) => (record) => { got.push(`${name}: ${record.message}`) }
  const id1 = log.addCallback(callback('slack'), { name: 'slack' })
  const id2 = log.addCallback(callback('metrics'), { name: 'metrics' })
  const id3 = log.addCallback(callback('alerting'), { name: 'alerting' })
  assert.equal(log.removeCallback(id2), true) // Remove metrics callback
  log.info('Test') // Triggers slack and alerting callbacks
  await log.complete()
  assert.deepEqual(got, ['slack: Test', 'alerting: Test'])
  assert.equal(log.removeCallback(id1), true)
  assert.equal(log.removeCallback(id3), true)
})

test('removeCallback: an unknown id, an already removed id and "non_existent_id" return false without throwing', async () => {
  const log = quietLogger()
  const seen = []
  const id = log.addCallback((record) => { seen.push(record.message) })
  const removed = log.addCallback(() => {})
  assert.equal(log.removeCallback(removed), true)

  assert.equal(log.removeCallback('non_existent_id'), false) // Safe, no error
  assert.equal(log.removeCallback(removed), false)
  assert.equal(log.removeCallback(id + 1000), false)
  assert.equal(log.removeCallback(String(id)), false, 'a numeric string is not an id')

  // Nothing else happened: the live callback still gets records.
  log.info('still here')
  await log.complete()
  assert.deepEqual(seen, ['still here'])
})

test('examples/callbacks/remove.js prints Event 1 and 2, not 3; slack and alerting only; false for invalid ids', async () => {
  const { stdout } = await runExample('callbacks/remove.js')
  assert.equal(stdout, [
    'removed: true',
    'Log: Event 1',
    'Log: Event 2',
    'slack got "Test"',
    'alerting got "Test"',
    "remove 'non_existent_id': false",
    'remove 999999: false',
    ''
  ].join('\n'))
})

// --- Complete Example ------------------------------------------------------------

test('Complete Example (examples/callbacks/complete.js): console text, logs/app.log JSON, one alert text, final counts', async (t) => {
  const cwd = makeTempDir(t)
  const { stdout, stderr } = await runExample('callbacks/complete.js', { cwd })
  assert.equal(stderr, '')
  const lines = stdout.split('\n')

  assert.equal(lines.filter((l) => /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} \| INFO     \| Application started$/.test(l)).length, 1)
  for (let i = 0; i < 10; i++) {
    assert.equal(lines.filter((l) => TEXT_LINE('ERROR', `Error ${i} error_code=${i}`).test(l)).length, 1, `Error ${i}`)
  }
  assert.ok(stdout.includes('🚨 ALERT: 5 errors detected!\n'))
  // The alert fires from the 5th error on (the page's condition is >= 5).
  assert.equal(lines.filter((l) => l === '🚨 ALERT: 5 errors detected!').length, 6)
  assert.equal(lines.filter((l) => l.startsWith('Would send to Slack: 🚨 ERROR: Error ')).length, 10)
  assert.equal(lines.at(-2), 'Final counts: {"INFO":1,"ERROR":10}')
  assert.equal(lines.at(-1), '')

  // logs/app.log: the same 11 records, one JSON object per line.
  const records = readLines(path.join(cwd, 'logs', 'app.log')).map((l) => JSON.parse(l))
  assert.equal(records.length, 11)
  assert.deepEqual(records.map((r) => `${r.level} ${r.message}`), [
    'INFO Application started',
    ...Array.from({ length: 10 }, (_, i) => `ERROR Error ${i}`)
  ])
  assert.deepEqual(records.slice(1).map((r) => r.error_code), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
  for (const record of records) {
    assert.match(record.timestamp, ISO_UTC_MS)
    assert.equal(record.filename, example('callbacks/complete.js'))
    assert.match(record.lineno, /^\d+$/)
    assert.equal(record.function, 'main')
  }
})

test('Complete Example in-process: metrics then alerting see each record in registration order', async () => {
  const log = quietLogger({ level: 'INFO' })
  const printed = []
  const logCounts = { INFO: 0, ERROR: 0 }
  const slackId = log.addCallback((record) => {
    if (record.level === 'ERROR' || record.level === 'CRITICAL') printed.push(`Would send to Slack: 🚨 ${record.level}: ${record.message}`)
  })
  const metricsId = log.addCallback((record) => { if (record.level in logCounts) logCounts[record.level] += 1 })
  const alertId = log.addCallback((record) => {
    if (record.level === 'ERROR' && logCounts.ERROR >= 5) printed.push(`🚨 ALERT: 5 errors detected! (${record.message})`)
  }, { name: 'alerting' })

  log.debug('below the level') // not seen by anyone
  log.info('Application started')
  for (let i = 0; i < 10; i++) log.error(`Error ${i}`, { error_code: i })
  await log.complete()

  assert.deepEqual(logCounts, { INFO: 1, ERROR: 10 })
  assert.equal(printed.filter((p) => p.startsWith('Would send')).length, 10)
  // The page's condition is `>= 5`: the alert fires for the 5th error and each one after.
  assert.deepEqual(printed.filter((p) => p.startsWith('🚨 ALERT')),
    [4, 5, 6, 7, 8, 9].map((i) => `🚨 ALERT: 5 errors detected! (Error ${i})`))
  // The first alert comes right after the 5th error's Slack line.
  assert.equal(printed.indexOf('🚨 ALERT: 5 errors detected! (Error 4)'), printed.indexOf('Would send to Slack: 🚨 ERROR: Error 4') + 1)
  for (const id of [slackId, metricsId, alertId]) assert.equal(log.removeCallback(id), true)
})

// --- Best Practices ------------------------------------------------------------

test('examples/callbacks/best-practices.js: filtering, safe, async I/O, batch, logging inside a callback', async (t) => {
  const cwd = makeTempDir(t)
  const { stdout } = await runExample('callbacks/best-practices.js', { cwd })
  assert.match(stdout, /^errors seen: \["Payment failed","boom"\]$/m)
  assert.match(stdout, /^Callback error: cannot handle "boom"$/m)
  assert.equal(stdout.split('\n').filter((l) => l === 'Processing batch of 100 logs').length, 1)
  // Logged from the audit callback: written, never handed to callbacks again.
  assert.match(stdout, /\| INFO     \| Processing log of="Payment failed"$/m)
  assert.match(stdout, /\| INFO     \| Processing log of=boom$/m)
  const fileRecords = readLines(path.join(cwd, 'file.log')).map((l) => JSON.parse(l))
  assert.equal(fileRecords.length, 100, '98 events and 2 errors; not the DEBUG ticks, not the audit records')
  assert.ok(fileRecords.every((r) => r.message !== 'Processing log'))
  const stats = JSON.parse(/^stats: (.*)$/m.exec(stdout)[1])
  assert.deepEqual(stats, { emitted: 102, written: 102, delivered: 500, dropped: 0, callbackErrors: 0, writeErrors: 0, lost: 0, exportDropped: 0 })
})
