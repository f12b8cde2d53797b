'use strict'

// File rotation as a service sees it: real files, a real clock only where a
// test needs one (time-based rotation is tested with an injected clock in
// src/sink/file.rs).

const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
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
      const match = / \| INFO \| flood i=(\d+)$/.exec(line)
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
