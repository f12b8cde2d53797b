'use strict'

// Small shared helpers for logly's tests: child processes, temp dirs, files,
// local HTTP servers and a receiver, isolated loggers, and the harness of the
// web-framework tests.
//
// The root `logger` is one per process, so anything that depends on
// process-level state (exit, stderr reports, memory) runs in a child node
// process from __test__/fixtures/ or examples/; everything else can use
// `quietLogger()`, an independent root logger with no sinks.
//
// This folder is not a test file for `node --test __test__/`: no file here is
// named like one (*.test.js, test-*.js, *-test.js, *_test.js, test.js).

const assert = require('node:assert/strict')
const { spawn, spawnSync } = require('node:child_process')
const fs = require('node:fs')
const http = require('node:http')
const os = require('node:os')
const path = require('node:path')

const { Logger } = require('logly-node')

const ROOT = path.resolve(__dirname, '..', '..')
const FIXTURES = path.join(ROOT, '__test__', 'fixtures')
const EXAMPLES = path.join(ROOT, 'examples')

/**
 * Runs `node <script> ...args` and collects everything it did.
 * Resolves (never rejects on a failing child) with
 * `{ code, signal, stdout, stderr, timedOut, ms }`.
 * `timeout` (ms) kills the child with SIGKILL and sets `timedOut`.
 * `env` is merged over process.env; NO_COLOR is set unless `env` says
 * otherwise, so console output is plain text. `talk(child)`, when given,
 * runs once the child is spawned, with its stdin a pipe, for tests that
 * talk to the child (wait for a line, send a signal, close a pipe).
 */
function runNode (script, { args = [], cwd = ROOT, env = {}, timeout = 30_000, nodeArgs = [], talk } = {}) {
  return new Promise((resolve, reject) => {
    const started = Date.now()
    const child = spawn(process.execPath, [...nodeArgs, script, ...args], {
      cwd,
      // spawn() leaves out variables whose value is undefined.
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, ...env },
      stdio: [talk === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    let timedOut = false
    child.stdout.setEncoding('utf8')
    child.stderr.setEncoding('utf8')
    child.stdout.on('data', (chunk) => { stdout += chunk })
    child.stderr.on('data', (chunk) => { stderr += chunk })
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGKILL')
    }, timeout)
    child.on('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal, stdout, stderr, timedOut, ms: Date.now() - started })
    })
    if (talk !== undefined) talk(child)
  })
}

/** The path of a script in __test__/fixtures/. */
function fixture (name) {
  return path.join(FIXTURES, name)
}

/** The path of a script in examples/ (`example('callbacks/slack.js')`). */
function example (name) {
  return path.join(EXAMPLES, name)
}

/**
 * Runs examples/<name> with runNode() (same options) and asserts that it
 * exited on its own with code 0; resolves with runNode()'s result.
 */
async function runExample (name, options) {
  const result = await runNode(example(name), options)
  assert.equal(result.timedOut, false, `${name} timed out`)
  assert.equal(result.code, 0, `${name} exited with ${result.code}:\n${result.stderr}`)
  return result
}

/**
 * A fresh temporary directory. Given a node:test context (or anything with
 * `after(fn)`), it is removed when that test or suite ends; otherwise when
 * the test process exits.
 */
function makeTempDir (t, prefix = 'logly-test-') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  const remove = () => fs.rmSync(dir, { recursive: true, force: true })
  if (t !== undefined && typeof t.after === 'function') t.after(remove)
  else process.on('exit', remove)
  return dir
}

/** The non-empty lines of a text file ([] when it does not exist). */
function readLines (file) {
  if (!fs.existsSync(file)) return []
  return fs.readFileSync(file, 'utf8').split('\n').filter((line) => line !== '')
}

/** The JSON lines of a file, parsed. */
function readJsonLines (file) {
  return readLines(file).map((line) => JSON.parse(line))
}

/** The number of newline characters in a file, read in chunks (for big files). */
function countLines (file) {
  const fd = fs.openSync(file, 'r')
  const buffer = Buffer.allocUnsafe(1 << 20)
  let count = 0
  try {
    for (;;) {
      const n = fs.readSync(fd, buffer, 0, buffer.length, null)
      if (n === 0) break
      for (let i = 0; i < n; i++) if (buffer[i] === 10) count++
    }
  } finally {
    fs.closeSync(fd)
  }
  return count
}

/** The line number of the code that calls this (to check `lineno` of records). */
function callerLine () {
  const holder = {}
  Error.captureStackTrace(holder, callerLine)
  const match = /:(\d+):\d+\)?$/m.exec(holder.stack.split('\n')[1])
  return match === null ? undefined : Number(match[1])
}

/**
 * An independent root logger with no sinks: nothing on the console. Add a
 * file sink with `log.add(path)` where a test needs one.
 */
function quietLogger (options) {
  const log = new Logger(options)
  log.remove()
  return log
}

/**
 * A quiet logger writing JSON lines to a fresh file: `{ log, file, records() }`.
 * `options.configure` goes to the logger, `options.sink` to the file sink.
 * `records()` completes first, so it sees everything logged before it.
 * The lines carry no base keys (pid, hostname) unless `configure.base` is
 * given, even as undefined: only what the test logged.
 */
function fileLogger (options = {}) {
  const file = path.join(makeTempDir(), 'app.log')
  const log = quietLogger({ base: null, ...options.configure })
  log.add(file, { json: true, ...options.sink })
  return {
    log,
    file,
    async records () {
      await log.complete()
      return readJsonLines(file)
    }
  }
}

/**
 * Runs `node -e source` synchronously, from the package folder:
 * `{ status, signal, stdout, stderr }`. For short scripts whose whole
 * behaviour fits in a string.
 */
function runSource (source, { env = {}, timeout = 30_000 } = {}) {
  const result = spawnSync(process.execPath, ['-e', source], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout
  })
  return { status: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr }
}

/** Listens on a free port of 127.0.0.1; resolves with the base url, `http://127.0.0.1:<port>`. */
function listen (server) {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}`))
  })
}

/** Closes a server and every connection it has, idle or not; resolves once closed. */
function close (server) {
  return new Promise((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections()
  })
}

/**
 * Keeps track of the responses `server` starts. The function it returns
 * resolves when every one of them is closed: a logger that logs on 'finish'
 * (logly/express's requestLogger, Fastify), which comes before 'close', has
 * logged by then.
 */
function trackResponses (server) {
  const open = new Set()
  server.on('request', (req, res) => {
    const closed = new Promise((resolve) => res.once('close', resolve))
    open.add(closed)
    closed.then(() => open.delete(closed))
  })
  return async () => {
    while (open.size > 0) await Promise.all([...open])
  }
}

/**
 * A local stand-in for a webhook (Slack, PagerDuty...): an HTTP server on
 * 127.0.0.1 that answers 200 to every request and keeps
 * `{ method, url, contentType, body }` of each, the body parsed as JSON.
 * A body is recorded before the response is sent, so once the sender's
 * `fetch()` has resolved, `received` holds it.
 */
async function startReceiver ({ status = 200 } = {}) {
  const received = []
  const server = http.createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (chunk) => { body += chunk })
    req.on('end', () => {
      let parsed
      try {
        parsed = JSON.parse(body)
      } catch {
        parsed = body
      }
      received.push({ method: req.method, url: req.url, contentType: req.headers['content-type'], body: parsed })
      res.statusCode = status
      res.end('ok')
    })
  })
  const url = `${await listen(server)}/services/T000/B000/XXXX`
  return { server, url, received, close: () => close(server) }
}

/** The fields of a Slack payload's first attachment, as `{ [title]: value }`. */
function slackFields (payload) {
  return Object.fromEntries(payload.attachments[0].fields.map((f) => [f.title, f.value]))
}

/**
 * The set-up of the web-framework tests (express, fastify), which log through
 * the process-wide root `logger` (node --test runs each test file in its own
 * process). Registers node:test hooks in the calling file:
 *
 * - before all: the console sink is replaced by a JSON file sink at
 *   `harness.logFile` (`logFile`, relative to a fresh temp dir named
 *   `tmpPrefix`...) and `harness.receiver` (startReceiver()) stands in for
 *   Slack;
 * - before each: two callbacks are added. `capture` puts every record in
 *   `harness.records`; `slack` POSTs ERROR and above to the receiver in the
 *   Slack payload of examples/slack.js (`{ json: true }`, as
 *   examples/express-alerts.js sends it) and asserts the answer is 200;
 * - after each: `logger.complete()`, then both callbacks are removed (which
 *   must return true);
 * - after all: `logger.complete()`, the receiver is closed, the temp dir removed.
 *
 * `harness.byMessage(message)`: the records of the current test with that message.
 */
function webFrameworkHarness (logger, { tmpPrefix, logFile = 'app.log' }) {
  const { before, after, beforeEach, afterEach } = require('node:test')
  const { slackPayload } = require(path.join(EXAMPLES, 'slack.js'))
  let tmp
  let callbackIds
  const harness = {
    logFile: undefined,
    receiver: undefined,
    records: [], // everything the capture callback got in the current test
    byMessage (message) {
      return harness.records.filter((r) => r.message === message)
    }
  }

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), tmpPrefix))
    harness.logFile = path.join(tmp, logFile)
    logger.remove() // no console output from the tests
    logger.add(harness.logFile, { json: true })
    harness.receiver = await startReceiver()
  })

  after(async () => {
    await logger.complete()
    await harness.receiver.close()
    fs.rmSync(tmp, { recursive: true, force: true })
  })

  beforeEach(() => {
    harness.records = []
    harness.receiver.received.length = 0
    callbackIds = [
      logger.addCallback((record) => { harness.records.push(record) }, { name: 'capture' }),
      logger.addCallback(async (record) => {
        const response = await fetch(harness.receiver.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(slackPayload(record, { json: true }))
        })
        assert.equal(response.status, 200)
      }, { name: 'slack', level: 'ERROR' })
    ]
  })

  afterEach(async () => {
    await logger.complete()
    for (const id of callbackIds) assert.equal(logger.removeCallback(id), true)
  })

  return harness
}

/** A promise with its resolve and reject, for callbacks a test lets go of by hand. */
function deferred () {
  let resolve
  let reject
  const promise = new Promise((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

/**
 * Whether `promise` settles within `ms`. Only for checking that something
 * does NOT happen: a positive result never depends on the wait.
 */
async function settlesWithin (promise, ms) {
  let timer
  const timeout = new Promise((resolve) => { timer = setTimeout(resolve, ms, false) })
  try {
    return await Promise.race([promise.then(() => true, () => true), timeout])
  } finally {
    clearTimeout(timer)
  }
}

/**
 * Lets the event loop turn (setImmediate) until `predicate()` is true; throws
 * after `turns` turns. For progress that has no promise to await; it never
 * waits on a clock.
 */
async function eventLoopTurnsUntil (predicate, { turns = 10_000 } = {}) {
  for (let i = 0; i < turns; i++) {
    if (predicate()) return
    await new Promise(setImmediate)
  }
  if (!predicate()) throw new Error(`condition not met after ${turns} event-loop turns: ${predicate}`)
}

/** Asserts that `needles` all occur in `haystack`, in this order; returns their indexes. */
function indexesInOrder (haystack, needles) {
  const indexes = []
  let from = 0
  for (const needle of needles) {
    const index = haystack.indexOf(needle, from)
    if (index === -1) {
      throw new Error(`expected ${JSON.stringify(needle)} after offset ${from} in:\n${haystack}`)
    }
    indexes.push(index)
    from = index + needle.length
  }
  return indexes
}

/**
 * Asserts that a Slack example (`examples/<name>`) printed the reference
 * page's payload for its one ERROR record, posted to the local stand-in.
 */
function assertPageSlackExample (stdout, name) {
  assert.match(stdout, /^Slack received 1 message\(s\):$/m)
  const payload = JSON.parse(stdout.slice(stdout.indexOf('{')))
  assert.equal(payload.text, '🚨 ERROR: Payment failed')
  assert.equal(payload.attachments[0].color, 'danger')
  const fields = slackFields(payload)
  assert.deepEqual(Object.keys(fields), ['filename', 'lineno', 'function', 'order_id', 'amount'])
  assert.equal(fields.filename, example(name))
  assert.match(fields.lineno, /^\d+$/)
  assert.equal(fields.function, 'main')
  assert.deepEqual([fields.order_id, fields.amount], ['1234', '99.99'])
  assert.ok(payload.attachments[0].fields.every((f) => f.short === true))
}

module.exports = {
  assertPageSlackExample,
  ROOT,
  runNode,
  fixture,
  example,
  runExample,
  makeTempDir,
  readLines,
  readJsonLines,
  countLines,
  callerLine,
  quietLogger,
  fileLogger,
  runSource,
  listen,
  close,
  trackResponses,
  startReceiver,
  slackFields,
  webFrameworkHarness,
  deferred,
  settlesWithin,
  eventLoopTurnsUntil,
  indexesInOrder
}
