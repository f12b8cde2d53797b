'use strict'

const path = require('node:path')
const { toLevelNumber, describeType } = require('./levels')

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

function checkBoolean (value, what) {
  if (value !== undefined && typeof value !== 'boolean') {
    throw new TypeError(`${what} must be a boolean, got ${describeType(value)}`)
  }
}

/** Checks a color setting: true, false or 'auto'. */
function checkColor (value, what) {
  if (value !== undefined && typeof value !== 'boolean' && value !== 'auto') {
    throw new TypeError(`${what} must be true, false or 'auto', got ${JSON.stringify(value) ?? describeType(value)}`)
  }
}

/**
 * The native description of a sink: `{ kind, path, level, json, color }`.
 * `defaultColor` is the configured color for console sinks.
 */
function sinkSpec (target, options, defaultColor) {
  if (typeof target !== 'string' || target === '') {
    throw new TypeError(`add: target must be 'console', 'stdout', 'stderr' or a file path, got ${target === '' ? 'an empty string' : describeType(target)}`)
  }
  if (options === undefined || options === null) options = {}
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`add: options must be an object, got ${describeType(options)}`)
  }
  for (const key of Object.keys(options)) {
    if (!SINK_OPTIONS.has(key)) throw new TypeError(`add: unknown option "${key}" (known: ${[...SINK_OPTIONS].join(', ')})`)
  }
  const level = options.level === undefined ? 0 : toLevelNumber(options.level, 'add: options.level')
  checkBoolean(options.json, 'add: options.json')
  checkColor(options.color, 'add: options.color')
  const kind = CONSOLE_TARGETS[target.toLowerCase()]
  if (kind === undefined) {
    return { kind: 'file', path: path.resolve(target), level, json: options.json, color: options.color === true }
  }
  const color = options.color ?? defaultColor
  return { kind, level, json: options.json, color: color === 'auto' ? autoColor(process[kind]) : color }
}

module.exports = { sinkSpec, checkBoolean, checkColor }
