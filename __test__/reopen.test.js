'use strict'

// logger.reopen() for logrotate's create mode and postrotate scripts: the
// file is renamed away, reopen() opens a new one under the same name.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { makeTempDir, quietLogger, readLines, runNode, fixture } = require('./helpers')

const MESSAGE = / \| INFO     \| (.*)$/
const messages = (file) => readLines(file).map((line) => MESSAGE.exec(line)[1])

test('after a rename, reopen() sends the next lines to a new file under the old name', async (t) => {
  const dir = makeTempDir(t)
  const file = path.join(dir, 'app.log')
  const log = quietLogger()
  log.add(file)
  log.add(path.join(dir, 'other.log'))
  log.info('one')
  await log.complete()
  fs.renameSync(file, `${file}.1`)
  log.info('two: logged before reopen(), to the renamed file')
  log.reopen()
  log.info('three')
  await log.complete()
  assert.deepEqual(messages(`${file}.1`), ['one', 'two: logged before reopen(), to the renamed file'])
  assert.deepEqual(messages(file), ['three'])
  assert.deepEqual(messages(path.join(dir, 'other.log')), ['one', 'two: logged before reopen(), to the renamed file', 'three'])
  assert.equal(log.stats().writeErrors, 0)
})

test('reopen() with console sinks only does nothing and never throws', async () => {
  const log = quietLogger()
  log.add('stderr', { level: 'CRITICAL' })
  assert.equal(log.reopen(), undefined)
  await log.complete()
  assert.equal(log.stats().writeErrors, 0)
})

test('a SIGHUP handler that calls reopen(): logrotate renames, signals, and the process lives on writing the new file', async (t) => {
  const file = path.join(makeTempDir(t), 'app.log')
  const child = await runNode(fixture('reopen-on-sighup.js'), {
    args: [file],
    talk (child) {
      child.stdout.once('data', () => {
        fs.renameSync(file, `${file}.1`)
        child.kill('SIGHUP')
      })
    }
  })
  assert.equal(child.code, 0, child.stderr)
  assert.equal(child.stdout, 'ready\nreopened\n')
  assert.deepEqual(messages(`${file}.1`), ['before'])
  assert.deepEqual(messages(file), ['after'])
})
