'use strict'

const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { makeTempDir, readLines, readJsonLines, quietLogger } = require('./helpers')

const TEXT_LINE = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} \| (\w+) +\| (.*)$/

test('a file sink creates its parent folders and appends across loggers', async () => {
  const file = path.join(makeTempDir(), 'deep', 'er', 'app.log')
  for (const message of ['first run', 'second run']) {
    const log = quietLogger()
    log.add(file)
    log.info(message)
    await log.complete()
  }
  assert.deepEqual(readLines(file).map((line) => line.match(TEXT_LINE).slice(1)), [['INFO', 'first run'], ['INFO', 'second run']])
})

test('text lines follow the reference page: time | LEVEL | message key=value', async () => {
  const file = path.join(makeTempDir(), 'text.log')
  const log = quietLogger()
  log.add(file)
  log.info('Application started')
  log.error('Error 0', { error_code: 0 })
  log.info('strings are bare', { user: 'alice', list: [1, 'two'] })
  await log.complete()
  const lines = readLines(file)
  assert.deepEqual(lines.map((line) => line.replace(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}/, 'TIME')), [
    'TIME | INFO     | Application started',
    'TIME | ERROR    | Error 0 error_code=0',
    'TIME | INFO     | strings are bare user=alice list=[1,"two"]'
  ])
  // The text time is local time.
  const [, date, time] = lines[0].match(/^(\S+) (\S+)/)
  const local = new Date(`${date}T${time}`)
  assert.ok(Math.abs(local.getTime() - Date.now()) < 60_000, `${date} ${time} is the local time now`)
})

test('configure({ json }) sets the format of sinks added without their own', async () => {
  const dir = makeTempDir()
  const log = quietLogger({ json: true })
  log.add(path.join(dir, 'default.log'))
  log.add(path.join(dir, 'text.log'), { json: false })
  log.info('hello', { n: 1 })
  await log.complete()
  assert.deepEqual(readJsonLines(path.join(dir, 'default.log')).map((r) => [r.message, r.n]), [['hello', 1]])
  assert.match(readLines(path.join(dir, 'text.log'))[0], /\| INFO     \| hello n=1$/)
})

test('add returns distinct positive ids; remove returns whether it removed one', async () => {
  const dir = makeTempDir()
  const log = quietLogger()
  const a = log.add(path.join(dir, 'a.log'))
  const b = log.add(path.join(dir, 'b.log'))
  assert.ok(Number.isInteger(a) && a > 0 && b > a)
  log.info('to both')
  assert.equal(log.remove(a), true)
  assert.equal(log.remove(a), false)
  assert.equal(log.remove(999), false)
  assert.equal(log.remove('a'), false)
  log.info('only b')
  await log.complete()
  assert.equal(readLines(path.join(dir, 'a.log')).length, 1)
  assert.equal(readLines(path.join(dir, 'b.log')).length, 2)
})

test('remove() with no id drops every sink; a sink still writes what was logged before its removal', async () => {
  const file = path.join(makeTempDir(), 'app.log')
  const log = quietLogger()
  log.add(file)
  for (let i = 0; i < 1000; i++) log.info(`m${i}`)
  assert.equal(log.remove(), true)
  assert.equal(log.remove(), false)
  log.info('after')
  await log.complete()
  assert.equal(readLines(file).length, 1000)
})

test('an unwritable path fails in add() with an Error carrying a code', () => {
  const log = quietLogger()
  const blocker = path.join(makeTempDir(), 'a-file')
  fs.writeFileSync(blocker, '')
  assert.throws(() => log.add(path.join(blocker, 'app.log')), (error) => {
    assert.ok(error instanceof Error)
    assert.equal(error.code, 'ENOTDIR')
    assert.match(error.message, /a-file/)
    return true
  })
  assert.throws(() => log.add(makeTempDir()), { code: 'EISDIR' })
})

test('bad add() arguments are TypeErrors naming the argument', () => {
  const log = quietLogger()
  assert.throws(() => log.add(42), { name: 'TypeError', message: /add: target/ })
  assert.throws(() => log.add(''), { name: 'TypeError', message: /add: target/ })
  assert.throws(() => log.add('console', { jsno: true }), { name: 'TypeError', message: /unknown option "jsno"/ })
  assert.throws(() => log.add('console', { json: 'yes' }), { name: 'TypeError', message: /options\.json must be a boolean/ })
  assert.throws(() => log.add('console', { level: 'LOUD' }), { name: 'RangeError', message: /options\.level/ })
  assert.throws(() => log.add('console', 'json'), { name: 'TypeError', message: /add: options must be an object/ })
})

test("format: 'json' and 'text' pick the layout; json: true stays an alias of format: 'json'", async () => {
  const dir = makeTempDir()
  const log = quietLogger()
  log.add(path.join(dir, 'format-json.log'), { format: 'json' })
  log.add(path.join(dir, 'alias.log'), { json: true })
  log.add(path.join(dir, 'format-text.log'), { format: 'text' })
  log.info('hello', { n: 1 })
  await log.complete()
  assert.deepEqual(readJsonLines(path.join(dir, 'format-json.log')).map((r) => [r.message, r.n]), [['hello', 1]])
  assert.deepEqual(readLines(path.join(dir, 'alias.log')), readLines(path.join(dir, 'format-json.log')))
  assert.match(readLines(path.join(dir, 'format-text.log'))[0], /\| INFO     \| hello n=1$/)
})

test('a URL of a scheme logly does not write to is refused, not made a file named after the scheme', () => {
  const log = quietLogger()
  const cwd = process.cwd()
  const dir = makeTempDir()
  process.chdir(dir)
  try {
    assert.throws(() => log.add('ftp://example.invalid/logs'), { name: 'TypeError', message: /unsupported scheme "ftp"/ })
    assert.throws(() => log.add('file:///tmp/x.log'), { name: 'TypeError', message: /unsupported scheme "file"/ })
    assert.deepEqual(fs.readdirSync(dir), [])
  } finally {
    process.chdir(cwd)
  }
})

test('bad format options are TypeErrors or RangeErrors naming the option', () => {
  const log = quietLogger()
  const file = path.join(makeTempDir(), 'x.log')
  assert.throws(() => log.add(file, { format: 'xml' }), { name: 'RangeError', message: /add: options\.format must be 'text', 'json' or 'pino' for file sinks, got "xml"/ })
  assert.throws(() => log.add(file, { format: 7 }), { name: 'TypeError', message: /options\.format must be a string/ })
  assert.throws(() => log.add(file, { format: 'json', json: true }), { name: 'TypeError', message: /options\.format or options\.json, not both/ })
  assert.throws(() => log.add('stderr', { format: 'otlp' }), { name: 'RangeError', message: /for console sinks/ })
})

test('bad configure() options are clear errors', () => {
  const log = quietLogger()
  assert.throws(() => log.configure('json'), TypeError)
  assert.throws(() => log.configure({ levle: 'INFO' }), { name: 'TypeError', message: /unknown option "levle"/ })
  assert.throws(() => log.configure({ location: 'yes' }), { name: 'TypeError', message: /location/ })
  assert.throws(() => log.configure({ callbackBuffer: 0 }), { name: 'RangeError', message: /callbackBuffer/ })
  assert.throws(() => log.configure({ color: 'always' }), { name: 'TypeError', message: /color/ })
})

test('many records in a burst all reach the file in order', async () => {
  const file = path.join(makeTempDir(), 'burst.log')
  const log = quietLogger()
  log.add(file, { json: true })
  for (let i = 0; i < 100_000; i++) log.info('n', { i })
  await log.complete()
  const lines = readLines(file)
  assert.equal(lines.length, 100_000)
  assert.ok(lines.every((line, i) => JSON.parse(line).i === i))
  assert.deepEqual([log.stats().emitted, log.stats().written], [100_000, 100_000])
})

test('bad addCallback() arguments are clear errors', () => {
  const log = quietLogger()
  assert.throws(() => log.addCallback('x'), { name: 'TypeError', message: /addCallback: callback must be a function/ })
  assert.throws(() => log.addCallback(() => {}, { levle: 'ERROR' }), { name: 'TypeError', message: /addCallback: unknown option "levle"/ })
  assert.throws(() => log.addCallback(() => {}, { level: 'LOUD' }), { name: 'RangeError', message: /addCallback: options\.level/ })
  assert.throws(() => log.addCallback(() => {}, { maxPending: 0 }), { name: 'RangeError', message: /maxPending/ })
  assert.throws(() => log.addCallback(() => {}, { name: 5 }), { name: 'TypeError', message: /options\.name/ })
})
