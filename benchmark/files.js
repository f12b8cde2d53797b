'use strict'

// Temp files and "is it on disk yet": loggers that write asynchronously have
// no common flush, so end-to-end figures wait until the file holds the lines.

const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')

const NEWLINE = 0x0a
const CHUNK = 1 << 20

function makeTempDir () {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'logly-bench-'))
}

function removeQuietly (target) {
  fs.rmSync(target, { recursive: true, force: true })
}

// Counts newlines incrementally: each call reads only what was appended since
// the last one, so polling a growing file stays cheap.
function lineCounter (file) {
  let offset = 0
  let lines = 0
  const buf = Buffer.allocUnsafe(CHUNK)
  return function count () {
    let fd
    try {
      fd = fs.openSync(file, 'r')
    } catch (err) {
      if (err.code === 'ENOENT') return 0
      throw err
    }
    try {
      for (;;) {
        const n = fs.readSync(fd, buf, 0, CHUNK, offset)
        if (n === 0) break
        offset += n
        for (let i = buf.indexOf(NEWLINE); i !== -1 && i < n; i = buf.indexOf(NEWLINE, i + 1)) lines++
      }
    } finally {
      fs.closeSync(fd)
    }
    return lines
  }
}

/**
 * Counts the lines of a rotating sink: the active file and its rotated
 * siblings (`<stem>.<time><ext>`), read whole each call (the benchmark asks
 * after a flush, when they are all there).
 */
function rotatedLineCounter (file) {
  const dir = path.dirname(file)
  const ext = path.extname(file)
  const stem = path.basename(file, ext)
  // One buffer for every file: peak RSS is the logger's, not the count's.
  const buf = Buffer.allocUnsafe(CHUNK)
  return function count () {
    let lines = 0
    for (const name of fs.readdirSync(dir)) {
      if (name !== path.basename(file) && !(name.startsWith(`${stem}.`) && name.endsWith(ext))) continue
      const fd = fs.openSync(path.join(dir, name), 'r')
      try {
        for (let n; (n = fs.readSync(fd, buf, 0, CHUNK, null)) > 0;) {
          for (let i = buf.indexOf(NEWLINE); i !== -1 && i < n; i = buf.indexOf(NEWLINE, i + 1)) lines++
        }
      } finally {
        fs.closeSync(fd)
      }
    }
    return lines
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
const yieldToLoop = () => new Promise((resolve) => setImmediate(resolve))

/**
 * Resolves with `read()` once it reaches `expected`. Rejects when it stops
 * moving for `stallMs` (something was lost: no point waiting) or after
 * `timeoutMs` in all.
 */
async function waitForCount (read, expected, { what, timeoutMs, stallMs = 5000, pause = yieldToLoop }) {
  const started = Date.now()
  let last = -1
  let lastMove = started
  for (;;) {
    const value = read()
    if (value >= expected) return value
    const now = Date.now()
    if (value !== last) {
      last = value
      lastMove = now
    }
    if (now - lastMove > stallMs || now - started > timeoutMs) {
      throw new Error(`${what}: ${value} of ${expected} after ${now - started} ms`)
    }
    await pause()
  }
}

/** Resolves with the file's line count once it holds `expected` lines. */
function waitForLines (file, expected, timeoutMs, count = lineCounter(file)) {
  return waitForCount(count, expected, { what: `lines in ${file}`, timeoutMs, pause: () => sleep(1) })
}

/** Resolves once the counting callbacks have seen `expected` records. */
function waitForDeliveries (handle, expected, timeoutMs) {
  return waitForCount(handle.delivered, expected, { what: 'callback deliveries', timeoutMs })
}

/**
 * Resolves once a callback on another thread (a logly worker, pino's
 * transport) has counted `expected` records. Polls every millisecond instead
 * of at every turn of the loop: on two cores a spinning main thread would take
 * the CPU the worker needs to get there.
 */
function waitForWorkerCount (handle, expected, timeoutMs) {
  return waitForCount(handle.delivered, expected, { what: 'records counted on the worker', timeoutMs, pause: () => sleep(1) })
}

function fileSize (file) {
  try {
    return fs.statSync(file).size
  } catch {
    return 0
  }
}

module.exports = { makeTempDir, removeQuietly, waitForLines, rotatedLineCounter, waitForDeliveries, waitForWorkerCount, yieldToLoop, sleep, fileSize }
