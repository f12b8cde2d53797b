'use strict'

// File rotation as a service sees it: real files, a real clock only where a
// test needs one (time-based rotation is tested with an injected clock in
// src/sink/file.rs).

const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const zlib = require('node:zlib')
const { makeTempDir, quietLogger } = require('./helpers')

/** The files of a rotating sink, oldest first: rotated names sort by time, the active file last. */
function filesInOrder (dir, active = 'app.log') {
  const rotated = fs.readdirSync(dir).filter((name) => name !== active).sort()
  return [...rotated, active].map((name) => path.join(dir, name))
}

test('rotation by size under a flood of 1M records: every line once, in order, none split, no file past the limit', async (t) => {
  const dir = makeTempDir(t)
  const log = quietLogger()
  log.add(path.join(dir, 'app.log'), { rotation: '1 MB' })
  const total = 1_000_000
  for (let i = 0; i < total; i++) log.info('flood', { i })
  await log.complete()
  const files = filesInOrder(dir)
  assert.ok(files.length >= 20, `${files.length} files`)
  let next = 0
  for (const file of files) {
    const text = fs.readFileSync(file, 'latin1')
    assert.ok(text.length <= 1_000_000, `${path.basename(file)} has ${text.length} bytes`)
    assert.ok(text.endsWith('\n'), `${path.basename(file)} ends with a whole line`)
    for (const line of text.slice(0, -1).split('\n')) {
      const match = / \| INFO     \| flood i=(\d+)$/.exec(line)
      assert.ok(match !== null, `a whole line: ${line}`)
      assert.equal(Number(match[1]), next, `line ${next} in ${path.basename(file)}`)
      next++
    }
  }
  assert.equal(next, total)
  assert.equal(log.stats().written, total)
  for (const name of fs.readdirSync(dir)) {
    if (name !== 'app.log') assert.match(name, /^app\.\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.\d{3}Z\.log$/)
  }
})

test('a restarted logger goes on with the size on disk and the next name after the newest', async (t) => {
  const dir = makeTempDir(t)
  const file = path.join(dir, 'app.log')
  for (let run = 0; run < 3; run++) {
    const log = quietLogger()
    log.add(file, { rotation: { size: 300 }, format: 'json' })
    for (let i = 0; i < 4; i++) log.info('run', { run, i, pad: 'x'.repeat(20) })
    await log.complete()
  }
  const lines = filesInOrder(dir).flatMap((name) => fs.readFileSync(name, 'utf8').split('\n').filter(Boolean))
  assert.deepEqual(lines.map((line) => JSON.parse(line)).map(({ run, i }) => [run, i]),
    [0, 1, 2].flatMap((run) => [0, 1, 2, 3].map((i) => [run, i])))
  for (const name of filesInOrder(dir)) assert.ok(fs.statSync(name).size <= 300)
})

test('rotation takes sizes, intervals and both; bad values are errors naming the option', () => {
  const log = quietLogger()
  const file = path.join(makeTempDir(), 'app.log')
  for (const rotation of ['10 MB', '500 KB', '1.5 GiB', '100 B', 'daily', 'hourly', '00:00', '23:59', { size: '10 MB' }, { interval: 'daily' }, { size: 1e6, interval: '06:30' }]) {
    assert.equal(log.remove(log.add(file, { rotation })), true, JSON.stringify(rotation))
  }
  assert.throws(() => log.add(file, { rotation: 'weekly' }), { name: 'RangeError', message: /options\.rotation must be a size/ })
  assert.throws(() => log.add(file, { rotation: '10 XB' }), { name: 'RangeError', message: /options\.rotation/ })
  assert.throws(() => log.add(file, { rotation: '24:00' }), { name: 'RangeError', message: /options\.rotation/ })
  assert.throws(() => log.add(file, { rotation: '0 MB' }), { name: 'RangeError', message: /options\.rotation/ })
  assert.throws(() => log.add(file, { rotation: 10 }), { name: 'TypeError', message: /options\.rotation must be a string or \{ size, interval \}/ })
  assert.throws(() => log.add(file, { rotation: { size: 'big' } }), { name: 'RangeError', message: /options\.rotation\.size/ })
  assert.throws(() => log.add(file, { rotation: { interval: 'weekly' } }), { name: 'RangeError', message: /options\.rotation\.interval/ })
  assert.throws(() => log.add(file, { rotation: { every: 'day' } }), { name: 'TypeError', message: /unknown option "rotation\.every"/ })
  assert.throws(() => log.add(file, { rotation: {} }), { name: 'RangeError', message: /options\.rotation/ })
  assert.throws(() => log.add('stderr', { rotation: '10 MB' }), { name: 'TypeError', message: /options\.rotation is not an option of console sinks/ })
})

/**
 * Compression and retention run on a thread of their own after each
 * rotation, with no completion to await: poll the folder, boundedly.
 */
async function folderUntil (dir, predicate, { ms = 10_000 } = {}) {
  const deadline = Date.now() + ms
  for (;;) {
    const names = fs.readdirSync(dir).sort()
    if (predicate(names)) return names
    if (Date.now() > deadline) throw new Error(`folder never matched: ${names.join(', ')}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

test('gzip compresses rotated files and retention keeps the newest; decompressed, nothing is missing', async (t) => {
  const dir = makeTempDir(t)
  const log = quietLogger()
  log.add(path.join(dir, 'app.log'), { rotation: '2 KB', retention: 3, compression: 'gzip', format: 'json' })
  const total = 200
  for (let i = 0; i < total; i++) log.info('zipped', { i, pad: 'x'.repeat(40) })
  await log.complete()
  const names = await folderUntil(dir, (found) => found.length === 4 && found.slice(0, 3).every((name) => name.endsWith('.log.gz')))
  assert.equal(names[3], 'app.log')
  const lines = [...names.slice(0, 3).map((name) => zlib.gunzipSync(fs.readFileSync(path.join(dir, name))).toString('utf8')), fs.readFileSync(path.join(dir, 'app.log'), 'utf8')]
    .join('').split('\n').filter(Boolean).map((line) => JSON.parse(line).i)
  // The newest files, whole: the last records logged, in order, without a gap.
  assert.ok(lines.length > 20, `${lines.length} lines kept`)
  assert.deepEqual(lines, Array.from({ length: lines.length }, (_, n) => total - lines.length + n))
})

test("retention by age: '1 minute' keeps what was rotated within the minute", async (t) => {
  const dir = makeTempDir(t)
  const names = ['app.2020-01-01T00-00-00.000Z.log', 'app.2020-01-02T00-00-00.000Z.log.gz']
  for (const name of names) fs.writeFileSync(path.join(dir, name), 'old\n')
  const log = quietLogger()
  log.add(path.join(dir, 'app.log'), { rotation: '100 B', retention: '1 minute' })
  for (let i = 0; i < 5; i++) log.info(`fresh ${i} ${'y'.repeat(40)}`)
  await log.complete()
  const left = await folderUntil(dir, (found) => !found.some((name) => name.startsWith('app.2020')))
  assert.ok(left.length >= 3, left.join(', '))
})

test('retention and compression take numbers, ages and gzip; bad values are errors naming the option', () => {
  const log = quietLogger()
  const file = path.join(makeTempDir(), 'app.log')
  for (const options of [{ retention: 10 }, { retention: '7 days' }, { retention: '12 hours' }, { retention: '1 week' }, { compression: 'gzip' }]) {
    assert.equal(log.remove(log.add(file, { rotation: 'daily', ...options })), true, JSON.stringify(options))
  }
  assert.throws(() => log.add(file, { retention: 3 }), { name: 'TypeError', message: /options\.retention needs options\.rotation/ })
  assert.throws(() => log.add(file, { compression: 'gzip' }), { name: 'TypeError', message: /options\.compression needs options\.rotation/ })
  assert.throws(() => log.add(file, { rotation: 'daily', retention: 0 }), { name: 'RangeError', message: /options\.retention/ })
  assert.throws(() => log.add(file, { rotation: 'daily', retention: 2.5 }), { name: 'RangeError', message: /options\.retention/ })
  assert.throws(() => log.add(file, { rotation: 'daily', retention: '7 fortnights' }), { name: 'RangeError', message: /options\.retention/ })
  assert.throws(() => log.add(file, { rotation: 'daily', retention: true }), { name: 'TypeError', message: /options\.retention/ })
  assert.throws(() => log.add(file, { rotation: 'daily', compression: 'zip' }), { name: 'RangeError', message: /options\.compression must be 'gzip'/ })
  assert.throws(() => log.add(file, { rotation: 'daily', compression: true }), { name: 'TypeError', message: /options\.compression must be a string/ })
  assert.throws(() => log.add('stdout', { retention: 3 }), { name: 'TypeError', message: /options\.retention is not an option of console sinks/ })
})
