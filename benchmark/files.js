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

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
const yieldToLoop = () => new Promise((resolve) => setImmediate(resolve))

/** Resolves with the line count once the file has `expected` lines; rejects after `timeoutMs`. */
async function waitForLines (file, expected, timeoutMs) {
  const count = lineCounter(file)
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const lines = count()
    if (lines >= expected) return lines
    if (Date.now() > deadline) throw new Error(`${file}: ${lines} of ${expected} lines after ${timeoutMs} ms`)
    await sleep(1)
  }
}

/** Resolves once `done()` is true, turning the event loop meanwhile; rejects after `timeoutMs`. */
async function waitUntil (done, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await yieldToLoop()
  }
}

function fileSize (file) {
  try {
    return fs.statSync(file).size
  } catch {
    return 0
  }
}

module.exports = { makeTempDir, removeQuietly, waitForLines, waitUntil, yieldToLoop, fileSize, lineCounter }
