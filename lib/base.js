'use strict'

const os = require('node:os')
const { describeType } = require('./checks')

// pino's `base`: keys every JSON and pino line carries before its fields,
// `{ pid, hostname }` unless configured otherwise. Text lines and callback
// records never carry them: a terminal has no use for them, and callbacks
// get the reference page's record shape. Rust writes them (src/format/base.rs).

/** pino's default, read once: neither changes while the process runs. */
const DEFAULT_BASE = Object.freeze({ pid: process.pid, hostname: os.hostname() })

/**
 * `base` as the native side takes it: `[[key, value], ...]` JSON text, in
 * the object's order; `null` is none. Keys whose value is undefined are left
 * out, as JSON.stringify leaves them out of an object.
 */
function baseEntries (base) {
  if (base === null) return '[]'
  if (typeof base !== 'object' || Array.isArray(base)) {
    throw new TypeError(`configure: base must be an object or null, got ${describeType(base)}`)
  }
  return JSON.stringify(Object.entries(base).filter(([, value]) => value !== undefined))
}

module.exports = { DEFAULT_BASE, baseEntries }
