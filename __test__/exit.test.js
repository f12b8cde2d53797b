'use strict'

const { test } = require('node:test')
const assert = require('node:assert/strict')
const path = require('node:path')
const { runSource, makeTempDir, readLines, ROOT } = require('./helpers')

// Nothing logged is lost when the process ends: the exit handler drains the
// writer synchronously.

function script (file, ending) {
  return `
    const { logger } = require(${JSON.stringify(ROOT)})
    logger.remove()
    logger.add(${JSON.stringify(file)}, { json: true })
    for (let i = 0; i < 10000; i++) logger.info('record ' + i, { i })
    ${ending}`
}

for (const [name, ending, expectedStatus] of [
  ['natural exit', '', 0],
  ['process.exit()', 'process.exit(3)', 3],
  ['an uncaught exception', "throw new Error('boom')", 1],
  ['an unhandled rejection', "Promise.reject(new Error('boom'))", 1]
]) {
  test(`${name} right after logging 10,000 records loses none`, () => {
    const file = path.join(makeTempDir(), 'exit.log')
    const { status, stderr } = runSource(script(file, ending))
    assert.equal(status, expectedStatus, stderr)
    const lines = readLines(file)
    assert.equal(lines.length, 10_000)
    assert.equal(JSON.parse(lines[9999]).i, 9999)
  })
}

test('records logged by exit listeners added after logly are written too', () => {
  const file = path.join(makeTempDir(), 'late.log')
  const { status } = runSource(script(file, `
    process.on('exit', (code) => logger.info('exiting', { code }))
    process.exit(0)`))
  assert.equal(status, 0)
  const lines = readLines(file)
  assert.equal(lines.length, 10_001)
  assert.equal(JSON.parse(lines[10_000]).message, 'exiting')
})

test('an idle process with the logger loaded exits on its own', () => {
  const { status, signal } = runSource(`${script(path.join(makeTempDir(), 'idle.log'), '')}
    setTimeout(() => logger.info('later'), 50)`, { timeout: 10_000 })
  assert.equal(signal, null)
  assert.equal(status, 0)
})
