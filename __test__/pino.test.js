'use strict'

// pino's output shape: `base` keys on JSON lines, and `format: 'pino'` lines
// that pino's own tools read unchanged.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const os = require('node:os')
const path = require('node:path')
const fs = require('node:fs')
const { spawnSync } = require('node:child_process')
const { makeTempDir, readJsonLines, quietLogger } = require('./helpers')

const PINO_PRETTY = require.resolve('pino-pretty/bin.js')

test('JSON lines carry pino\'s base, pid and hostname, by default; callback records keep their shape', async () => {
  const file = path.join(makeTempDir(), 'app.log')
  const log = quietLogger()
  const records = []
  // Without the call site: JSON lines then leave the location keys out.
  log.addCallback((record) => { records.push(record) }, { location: false })
  log.add(file, { json: true })
  log.info('hello', { n: 1 })
  log.info('a field wins', { hostname: 'mine' })
  await log.complete()
  const [hello, own] = readJsonLines(file)
  assert.deepEqual(Object.keys(hello), ['timestamp', 'level', 'message', 'pid', 'hostname', 'n'])
  assert.deepEqual([hello.pid, hello.hostname], [process.pid, os.hostname()])
  assert.deepEqual([own.pid, own.hostname], [process.pid, 'mine'])
  assert.equal('pid' in records[0], false)
  assert.deepEqual(Object.keys(records[0]), ['timestamp', 'level', 'message', 'filename', 'lineno', 'function', 'n'])
})

test('configure({ base }) replaces the base keys, null removes them; text lines never carry them', async () => {
  const dir = makeTempDir()
  const log = quietLogger({ base: { service: 'api', region: undefined } })
  log.add(path.join(dir, 'app.log'), { json: true })
  log.add(path.join(dir, 'app.txt'))
  log.info('one')
  log.configure({ base: null })
  log.info('two')
  await log.complete()
  assert.deepEqual(readJsonLines(path.join(dir, 'app.log')).map(({ timestamp, ...rest }) => rest), [
    { level: 'INFO', message: 'one', service: 'api' },
    { level: 'INFO', message: 'two' }
  ])
  assert.doesNotMatch(fs.readFileSync(path.join(dir, 'app.txt'), 'utf8'), /service|hostname/)
  assert.throws(() => log.configure({ base: 'api' }), { name: 'TypeError', message: /base must be an object or null, got string/ })
  assert.throws(() => log.configure({ base: [1] }), { name: 'TypeError', message: /base must be an object or null/ })
})

test("format: 'pino' writes pino's keys: numeric level, epoch-ms time, pid, hostname, msg, then the fields", async () => {
  const file = path.join(makeTempDir(), 'app.log')
  const log = quietLogger({ level: 'TRACE' })
  log.add(file, { format: 'pino' })
  const before = Date.now()
  for (const level of ['trace', 'debug', 'info', 'success', 'warning', 'error', 'fail', 'critical']) log.log(level, level)
  log.info('Payment failed', { orderId: 1234, time: 'noon' })
  await log.complete()
  const lines = readJsonLines(file)
  assert.deepEqual(lines.map((line) => [line.level, line.msg]), [
    [10, 'trace'], [20, 'debug'], [30, 'info'], [30, 'success'], [40, 'warning'], [50, 'error'], [50, 'fail'], [60, 'critical'],
    [30, 'Payment failed']
  ])
  const { time, ...payment } = lines.at(-1)
  assert.ok(Number.isInteger(time) && time >= before && time <= Date.now(), `${time} is epoch milliseconds`)
  assert.deepEqual(payment, { level: 30, pid: process.pid, hostname: os.hostname(), msg: 'Payment failed', orderId: 1234, extra: { time: 'noon' } })
  assert.deepEqual(Object.keys(lines[0]), ['level', 'time', 'pid', 'hostname', 'msg'])
})

test('pino-pretty reads a pino-format file unchanged: level names, messages and fields', async () => {
  const file = path.join(makeTempDir(), 'app.log')
  const log = quietLogger()
  log.add(file, { format: 'pino' })
  log.info('Application started')
  log.warning('Disk almost full', { freePercent: 4.5 })
  log.critical('Database down')
  await log.complete()
  const result = spawnSync(process.execPath, [PINO_PRETTY, '--colorize', 'false'], {
    input: fs.readFileSync(file), encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' }
  })
  assert.equal(result.status, 0, result.stderr)
  const lines = result.stdout.split('\n')
  const heads = lines.filter((line) => line.startsWith('['))
  assert.deepEqual(heads.map((line) => line.replace(/^\[[^\]]+\] /, '')), [
    `INFO (${process.pid}): Application started`,
    `WARN (${process.pid}): Disk almost full`,
    `FATAL (${process.pid}): Database down`
  ])
  assert.ok(lines.includes('    freePercent: 4.5'), result.stdout)
})
