'use strict'

const { describe, test } = require('node:test')
const assert = require('node:assert/strict')
const path = require('node:path')
const { runNode, fixture, makeTempDir, readLines } = require('./helpers')

// However the process ends, what was logged before is written and reaches
// the callbacks; a signal still ends the process as it would have without
// logly, unless the application listens for it (lib/exit.js). Each test
// runs a child from __test__/fixtures/signal-*.js. The children of a group
// run concurrently: each is mostly waiting for its own start-up.

const COUNT = 10_000
const CHILD_TIMEOUT_MS = 20_000
const GROUP = { concurrency: 4 }

/** Asserts that `file` holds records 0..count-1 exactly once and in order, then `after` (messages). */
function assertRecords (file, { count = COUNT, after = [] } = {}) {
  const lines = readLines(file)
  assert.equal(lines.length, count + after.length, `${file} has ${lines.length} lines`)
  for (let i = 0; i < count; i++) {
    const record = JSON.parse(lines[i])
    if (record.i !== i) assert.fail(`line ${i} is record ${record.i} ("${record.message}")`)
  }
  assert.deepEqual(lines.slice(count).map((line) => JSON.parse(line).message), after)
}

/** Asserts that `child` (a runNode() result) was killed by `signal`. */
function assertKilledBy (child, signal) {
  assert.equal(child.timedOut, false, 'timed out')
  assert.deepEqual({ code: child.code, signal: child.signal }, { code: null, signal }, child.stderr)
}

/** Asserts that `child` ended on its own with code 0. */
function assertExitedCleanly (child) {
  assert.equal(child.timedOut, false, 'timed out')
  assert.deepEqual({ code: child.code, signal: child.signal }, { code: 0, signal: null }, child.stderr)
}

/** runNode() for a child the test talks to (see `talk` there). */
function runTalking (script, args, talk) {
  return runNode(script, { args, timeout: CHILD_TIMEOUT_MS, talk })
}

/** Calls `then()` once `stream` has carried the line `line`. */
function onLine (stream, line, then) {
  let text = ''
  const listen = (chunk) => {
    text += chunk
    if (!text.split('\n').includes(line)) return
    stream.off('data', listen)
    then()
  }
  stream.on('data', listen)
}

/** Runs signal-default.js with `signal` sent by WHO ('self' or 'parent'). */
function runUnhandled (dir, signal, who, seenFile) {
  const args = [path.join(dir, 'app.log'), signal, who, ...(seenFile === undefined ? [] : [seenFile])]
  if (who === 'self') return runNode(fixture('signal-default.js'), { args, timeout: CHILD_TIMEOUT_MS })
  return runTalking(fixture('signal-default.js'), args, (child) => {
    onLine(child.stdout, 'ready', () => child.kill(signal))
  })
}

describe('a signal the application does not listen for', GROUP, () => {
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) {
    for (const [who, by] of [['self', 'by the process itself right after logging'], ['parent', 'by the parent while it logs']]) {
      test(`${signal} sent ${by} kills it by ${signal}, with all 10,000 records written once, in order`, async (t) => {
        const dir = makeTempDir(t)
        assertKilledBy(await runUnhandled(dir, signal, who), signal)
        assertRecords(path.join(dir, 'app.log'))
      })
    }
  }

  for (const [who, by] of [['self', 'by the process itself'], ['parent', 'by the parent']]) {
    test(`SIGTERM sent ${by}: a synchronous callback received all 10,000 records, in order, before the process died`, async (t) => {
      const dir = makeTempDir(t)
      const seenFile = path.join(dir, 'seen.txt')
      assertKilledBy(await runUnhandled(dir, 'SIGTERM', who, seenFile), 'SIGTERM')
      assert.deepEqual(readLines(seenFile), Array.from({ length: COUNT }, (_, i) => String(i)))
      assertRecords(path.join(dir, 'app.log'))
    })
  }

  test('with two copies of logly loaded, SIGTERM still kills the process, and both wrote every record', async (t) => {
    const dir = makeTempDir(t)
    const files = [path.join(dir, 'a.log'), path.join(dir, 'b.log')]
    assertKilledBy(await runNode(fixture('signal-two-copies.js'), { args: files, timeout: CHILD_TIMEOUT_MS }), 'SIGTERM')
    for (const file of files) assertRecords(file)
  })

  test('with signal-exit loaded too, SIGTERM still kills the process, and what its handler logs is written', async (t) => {
    const file = path.join(makeTempDir(t), 'app.log')
    assertKilledBy(await runNode(fixture('signal-with-signal-exit.js'), { args: [file], timeout: CHILD_TIMEOUT_MS }), 'SIGTERM')
    assertRecords(file, { after: ['bye'] })
  })
})

describe('a signal the application listens for', GROUP, () => {
  for (const when of ['before', 'after']) {
    for (const how of ['on', 'once']) {
      test(`a SIGTERM listener (process.${how}) added ${when} logly loads keeps the process alive, and finds every record written when it runs`, async (t) => {
        const file = path.join(makeTempDir(t), 'app.log')
        const child = await runNode(fixture('signal-app-listener.js'), { args: [file, when, how], timeout: CHILD_TIMEOUT_MS })
        assertExitedCleanly(child)
        assert.deepEqual(JSON.parse(child.stdout), { survived: true, linesWhenHeard: COUNT })
        assertRecords(file)
      })
    }
  }

  test('an async SIGTERM handler that logs, waits, logs and exits: code 0, its two records after the 10,000', async (t) => {
    const file = path.join(makeTempDir(t), 'app.log')
    assertExitedCleanly(await runNode(fixture('signal-app-async.js'), { args: [file], timeout: CHILD_TIMEOUT_MS }))
    assertRecords(file, { after: ['shutting down', 'bye'] })
  })
})

describe('other endings', GROUP, () => {
  test('process.exit() in a callback while another is registered: both received every record logged before', async (t) => {
    const file = path.join(makeTempDir(t), 'app.log')
    const child = await runNode(fixture('signal-callback-exits.js'), { args: [file], timeout: CHILD_TIMEOUT_MS })
    assertExitedCleanly(child)
    const every = { count: 2000, inOrder: true }
    assert.deepEqual(JSON.parse(child.stdout), { watcher: every, exits: every })
    assertRecords(file, { count: 2000 })
  })

  for (const [stream, writer, what] of [
    ['stdout', 'console', 'a console sink'],
    ['stderr', 'console', 'a console sink'],
    ['stderr', 'callback', 'the report of a callback that throws']
  ]) {
    test(`${stream} a closed pipe with ${what} writing there: no crash, no hang, every record in the file`, async (t) => {
      const file = path.join(makeTempDir(t), 'app.log')
      const child = await runTalking(fixture('signal-closed-pipe.js'), [file, stream, writer], (running) => {
        // Closed before the child logs: ending its stdin is what starts it.
        running[stream].destroy()
        running.stdin.end()
      })
      assertExitedCleanly(child)
      assertRecords(file)
    })
  }
})
