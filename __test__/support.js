'use strict'

// Small helpers for the foundation tests: temp folders, reading what sinks
// wrote, and running a Node script in a child process.

const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { spawnSync } = require('node:child_process')
const { Logger } = require('..')

/** A new empty folder, removed when the test process exits. */
function tempDir () {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logly-test-'))
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }))
  return dir
}

function readLines (file) {
  const text = fs.readFileSync(file, 'utf8')
  return text === '' ? [] : text.replace(/\n$/, '').split('\n')
}

function readJsonLines (file) {
  return readLines(file).map((line) => JSON.parse(line))
}

/**
 * A logger of its own, without the console sink, writing JSON lines to a
 * fresh file. Returns `{ log, file, records() }`; `records()` completes
 * first, so it sees everything logged before it.
 */
function fileLogger (options = {}) {
  const file = path.join(tempDir(), 'app.log')
  const log = new Logger(options.configure)
  log.remove()
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

/** Runs `node -e source` (or a file) and returns { status, stdout, stderr }. */
function runNode (source, { args = [], env = {}, cwd, timeout = 30_000 } = {}) {
  const result = spawnSync(process.execPath, ['-e', source, ...args], {
    cwd,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout
  })
  return { status: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr }
}

/** The path of the package, for `require()` inside child scripts. */
const PACKAGE = path.resolve(__dirname, '..')

module.exports = { tempDir, readLines, readJsonLines, fileLogger, runNode, PACKAGE }
