'use strict'

const path = require('node:path')
const { describeType } = require('../checks')

// File targets: any string that is neither a console name nor a URL, as a
// path relative to the working directory. Rotation, retention and
// compression are parsed here into numbers and names; src/sink/file.rs,
// rotation.rs and housekeeping.rs act on them.

const SIZE = /^(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|KiB|MiB|GiB)$/i
/** Decimal units as disks and loguru count them; binary ones by their own names. */
const SIZE_UNITS = { b: 1, kb: 1e3, mb: 1e6, gb: 1e9, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3 }
const HOUR_MS = 3_600_000
const DAY_MS = 24 * HOUR_MS
const CLOCK_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/
const ROTATION_HINT = "a size ('10 MB', '500 KB'), 'daily', 'hourly', a UTC time of day ('00:00') or { size, interval }"

/** Bytes from '10 MB' or a number; undefined when `value` is no size. */
function parseSize (value) {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value > 0 ? value : undefined
  const match = typeof value === 'string' ? SIZE.exec(value.trim()) : null
  if (match === null) return undefined
  const bytes = Math.floor(Number(match[1]) * SIZE_UNITS[match[2].toLowerCase()])
  return bytes > 0 && Number.isSafeInteger(bytes) ? bytes : undefined
}

/** `{ periodMs, offsetMs }` from 'daily', 'hourly' or 'HH:MM' (UTC); undefined otherwise. */
function parseInterval (value) {
  if (typeof value !== 'string') return undefined
  const text = value.trim().toLowerCase()
  if (text === 'daily') return { periodMs: DAY_MS, offsetMs: 0 }
  if (text === 'hourly') return { periodMs: HOUR_MS, offsetMs: 0 }
  const time = CLOCK_TIME.exec(text)
  if (time !== null) return { periodMs: DAY_MS, offsetMs: Number(time[1]) * HOUR_MS + Number(time[2]) * 60_000 }
  return undefined
}

function badRotation (value) {
  return new RangeError(`add: options.rotation must be ${ROTATION_HINT}, got ${JSON.stringify(value) ?? describeType(value)}`)
}

/** The native rotation fields: `{ rotationBytes?, rotationPeriodMs?, rotationOffsetMs? }`. */
function rotationSpec (rotation) {
  if (rotation === undefined) return {}
  if (typeof rotation === 'object' && rotation !== null && !Array.isArray(rotation)) {
    for (const key of Object.keys(rotation)) {
      if (key !== 'size' && key !== 'interval') throw new TypeError(`add: unknown option "rotation.${key}" (known: size, interval)`)
    }
    if (rotation.size === undefined && rotation.interval === undefined) throw badRotation(rotation)
    const spec = {}
    if (rotation.size !== undefined) {
      spec.rotationBytes = parseSize(rotation.size)
      if (spec.rotationBytes === undefined) throw new RangeError(`add: options.rotation.size must be a size such as '10 MB' or a positive number of bytes, got ${JSON.stringify(rotation.size)}`)
    }
    if (rotation.interval !== undefined) {
      const interval = parseInterval(rotation.interval)
      if (interval === undefined) throw new RangeError(`add: options.rotation.interval must be 'daily', 'hourly' or a UTC time of day ('00:00'), got ${JSON.stringify(rotation.interval)}`)
      spec.rotationPeriodMs = interval.periodMs
      spec.rotationOffsetMs = interval.offsetMs
    }
    return spec
  }
  if (typeof rotation !== 'string') {
    throw new TypeError(`add: options.rotation must be a string or { size, interval }, got ${describeType(rotation)}`)
  }
  const bytes = parseSize(rotation)
  if (bytes !== undefined) return { rotationBytes: bytes }
  const interval = parseInterval(rotation)
  if (interval !== undefined) return { rotationPeriodMs: interval.periodMs, rotationOffsetMs: interval.offsetMs }
  throw badRotation(rotation)
}

const AGE = /^(\d+(?:\.\d+)?)\s*(minute|hour|day|week)s?$/i
const AGE_UNITS_MS = { minute: 60_000, hour: HOUR_MS, day: DAY_MS, week: 7 * DAY_MS }
const COMPRESSIONS = ['gzip']

/** `{ retentionCount }` from a number of files, `{ retentionMs }` from '7 days'. */
function retentionSpec (retention) {
  if (retention === undefined) return {}
  if (typeof retention === 'number') {
    if (!Number.isInteger(retention) || retention < 1 || retention > 0xffffffff) {
      throw new RangeError(`add: options.retention must be a positive whole number of files or an age such as '7 days', got ${retention}`)
    }
    return { retentionCount: retention }
  }
  if (typeof retention !== 'string') throw new TypeError(`add: options.retention must be a number of files or a string such as '7 days', got ${describeType(retention)}`)
  const match = AGE.exec(retention.trim())
  const ms = match === null ? 0 : Math.floor(Number(match[1]) * AGE_UNITS_MS[match[2].toLowerCase()])
  if (!(ms > 0 && Number.isSafeInteger(ms))) {
    throw new RangeError(`add: options.retention must be a number of files or an age in minutes, hours, days or weeks ('7 days'), got ${JSON.stringify(retention)}`)
  }
  return { retentionMs: ms }
}

function compressionSpec (compression) {
  if (compression === undefined) return {}
  if (typeof compression !== 'string') throw new TypeError(`add: options.compression must be a string, got ${describeType(compression)}`)
  if (!COMPRESSIONS.includes(compression)) {
    throw new RangeError(`add: options.compression must be ${COMPRESSIONS.map((name) => `'${name}'`).join(' or ')}, got ${JSON.stringify(compression)}`)
  }
  return { compression }
}

module.exports = {
  name: 'file',
  options: new Set(['color', 'rotation', 'retention', 'compression']),
  formats: ['text', 'json', 'pino'],
  defaultFormat: undefined,
  matches: () => true,
  spec (target, options) {
    for (const option of ['retention', 'compression']) {
      // Both act on rotated files, which only rotation makes.
      if (options[option] !== undefined && options.rotation === undefined) throw new TypeError(`add: options.${option} needs options.rotation`)
    }
    return {
      kind: 'file',
      path: path.resolve(target),
      color: options.color === true,
      ...rotationSpec(options.rotation),
      ...retentionSpec(options.retention),
      ...compressionSpec(options.compression)
    }
  }
}
