'use strict'

const path = require('node:path')
const { getSystemErrorMap } = require('node:util')
const { toLevelNumber } = require('./levels')
const { describeType, checkOptions, checkBoolean, checkAuto } = require('./checks')

// Turns `add(target, options)` into what the native side takes, checking
// every argument so mistakes surface at `add()` with a clear error.

const CONSOLE_TARGETS = { console: 'stdout', stdout: 'stdout', stderr: 'stderr' }
const SINK_OPTIONS = new Set(['level', 'json', 'color'])

/**
 * Whether to color a console stream. FORCE_COLOR wins over NO_COLOR, which
 * wins over what the terminal can do, as Node decides for its own streams.
 */
function autoColor (stream) {
  const force = process.env.FORCE_COLOR
  if (force !== undefined) return force !== '0' && force !== 'false'
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false
  return stream.isTTY === true && typeof stream.hasColors === 'function' && stream.hasColors()
}

/**
 * The native description of a sink: `{ kind, path, level, json, color }`.
 * `defaultColor` is the configured color for console sinks.
 */
function sinkSpec (target, options, defaultColor) {
  if (typeof target !== 'string' || target === '') {
    throw new TypeError(`add: target must be 'console', 'stdout', 'stderr' or a file path, got ${target === '' ? 'an empty string' : describeType(target)}`)
  }
  options = checkOptions(options, SINK_OPTIONS, 'add')
  const level = options.level === undefined ? 0 : toLevelNumber(options.level, 'add: options.level')
  checkBoolean(options.json, 'add: options.json')
  checkAuto(options.color, 'add: options.color')
  const kind = CONSOLE_TARGETS[target.toLowerCase()]
  if (kind === undefined) {
    return { kind: 'file', path: path.resolve(target), level, json: options.json, color: options.color === true }
  }
  const color = options.color ?? defaultColor
  return { kind, level, json: options.json, color: color === 'auto' ? autoColor(process[kind]) : color }
}

/**
 * The error `add()` throws when a target cannot be opened, as `fs.openSync`
 * would throw it: Rust gives the errno number as the code (on Unix), and
 * Node's own table names it, so `ENAMETOOLONG` and `ELOOP` come out right.
 */
function openError (error, file) {
  const errno = Number(error.code)
  const known = Number.isInteger(errno) && process.platform !== 'win32' ? getSystemErrorMap().get(-errno) : undefined
  if (known === undefined) return error
  const [code, description] = known
  const opened = new Error(`${code}: ${description}, open '${file}'`)
  return Object.assign(opened, { errno: -errno, code, syscall: 'open', path: file })
}

module.exports = { sinkSpec, openError }
