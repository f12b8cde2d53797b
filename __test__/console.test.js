'use strict'

const { test } = require('node:test')
const assert = require('node:assert/strict')
const { runSource, ROOT } = require('./helpers')

const REQUIRE = `const { logger } = require(${JSON.stringify(ROOT)});`
const STAMP = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}/

function linesOf (stdout) {
  return stdout.trim().split('\n').map((line) => line.replace(STAMP, 'TIME'))
}

test('a fresh logger writes text to stdout at INFO with no set-up', () => {
  const { status, stdout, stderr } = runSource(`${REQUIRE}
    logger.debug('not shown')
    logger.info('Application started')
    logger.error('Error 0', { error_code: 0 })`)
  assert.equal(status, 0, stderr)
  assert.deepEqual(linesOf(stdout), ['TIME | INFO     | Application started', 'TIME | ERROR    | Error 0 error_code=0'])
  assert.equal(stderr, '')
})

test("add('console') takes over from the default console sink: no line is printed twice", () => {
  const { stdout } = runSource(`${REQUIRE}
    logger.configure({ level: 'INFO', json: true })
    logger.add('console')
    logger.info('once')`)
  const lines = stdout.trim().split('\n')
  assert.equal(lines.length, 1)
  assert.equal(JSON.parse(lines[0]).message, 'once')
})

test("'stderr' sinks write to stderr", () => {
  const { stdout, stderr } = runSource(`${REQUIRE} logger.remove(); logger.add('stderr'); logger.warning('to stderr')`)
  assert.equal(stdout, '')
  assert.deepEqual(linesOf(stderr), ['TIME | WARNING  | to stderr'])
})

test('colors: FORCE_COLOR wins over NO_COLOR, which wins over TTY detection', () => {
  const script = `${REQUIRE} logger.error('colored?')`
  const colored = '\x1b[31mERROR\x1b[0m'
  assert.ok(runSource(script, { env: { FORCE_COLOR: '1', NO_COLOR: '1' } }).stdout.includes(colored))
  assert.ok(!runSource(script, { env: { FORCE_COLOR: '0' } }).stdout.includes('\x1b['))
  const noColor = runSource(script, { env: { NO_COLOR: '1', FORCE_COLOR: undefined } })
  assert.ok(!noColor.stdout.includes('\x1b['), 'NO_COLOR and a pipe: no color')
  const pipe = runSource(script, { env: { FORCE_COLOR: undefined, NO_COLOR: undefined } })
  assert.ok(!pipe.stdout.includes('\x1b['), 'a pipe is not a TTY: no color')
  const forced = runSource(`${REQUIRE} logger.remove(); logger.add('stdout', { color: true }); logger.error('x')`)
  assert.ok(forced.stdout.includes(colored), 'color: true forces color')
})

test('console output interleaves whole lines with console.log', () => {
  const { stdout } = runSource(`${REQUIRE}
    for (let i = 0; i < 2000; i++) { logger.info('logly ' + i); if (i % 100 === 0) console.log('plain ' + i) }`)
  const lines = stdout.trim().split('\n')
  assert.equal(lines.length, 2020)
  assert.ok(lines.every((line) => /^(plain \d+|\S+ \S+ \| INFO     \| logly \d+)$/.test(line)))
})

// --- order with console.log ------------------------------------------------------

/** util-linux's `script` runs a command with a pseudo-terminal as its stdout. */
const SCRIPT = ['/usr/bin/script', '/bin/script'].find((file) => require('node:fs').existsSync(file))

function orderOf (stdout) {
  return stdout.split(/\r?\n/).filter((line) => line !== '').map((line) => line.replace(/^.*\| /, 'logly: '))
}

test('on a terminal, logger lines and console.log lines come out in the order of the calls', { skip: SCRIPT === undefined && 'needs util-linux script for a pseudo-terminal' }, () => {
  const command = `${JSON.stringify(process.execPath)} __test__/fixtures/terminal-order.js`
  const result = require('node:child_process').spawnSync(SCRIPT, ['-qec', command, '/dev/null'], {
    cwd: ROOT, encoding: 'utf8', timeout: 30_000, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined }
  })
  assert.equal(result.status, 0, result.stderr)
  const expected = Array.from({ length: 20 }, (_, i) => [`logly: logly ${i}`, `console ${i}`]).flat()
  assert.deepEqual(orderOf(result.stdout), expected)
})

test('on a pipe, logger lines are batched: they come after the console.log lines of the same turn', () => {
  const result = require('node:child_process').spawnSync(process.execPath, ['__test__/fixtures/terminal-order.js'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } })
  assert.equal(result.status, 0, result.stderr)
  const order = orderOf(result.stdout)
  assert.deepEqual(order.slice(0, 20), Array.from({ length: 20 }, (_, i) => `console ${i}`))
  assert.deepEqual(order.slice(20), Array.from({ length: 20 }, (_, i) => `logly: logly ${i}`))
})
