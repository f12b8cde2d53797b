'use strict'

const { describeType } = require('./checks')

// The eight levels of the reference page. Names are case-insensitive on
// input; records carry the upper-case name. pino's `warn` and `fatal` and
// its `silent` (log nothing) are accepted so pino habits and Fastify work.

const LEVELS = Object.freeze({
  TRACE: 5,
  DEBUG: 10,
  INFO: 20,
  SUCCESS: 25,
  WARNING: 30,
  ERROR: 40,
  FAIL: 45,
  CRITICAL: 50
})

const ALIASES = Object.freeze({ WARN: 'WARNING', FATAL: 'CRITICAL' })

/** A level above every other: nothing is logged. */
const SILENT = Infinity

const values = Object.freeze({
  trace: 5,
  debug: 10,
  info: 20,
  success: 25,
  warning: 30,
  warn: 30,
  error: 40,
  fail: 45,
  critical: 50,
  fatal: 50
})

const labels = Object.freeze(
  Object.fromEntries(Object.entries(LEVELS).map(([name, number]) => [number, name.toLowerCase()]))
)

const NUMBERS = new Set([...Object.values(LEVELS), SILENT])

/**
 * The number of a level given by name (any case) or number. `what` names the
 * argument in the error: `RangeError: addCallback: options.level "LOUD" is
 * not a level (TRACE, DEBUG, ...)`.
 */
function toLevelNumber (level, what) {
  if (typeof level === 'number') {
    if (NUMBERS.has(level)) return level
  } else if (typeof level === 'string') {
    const upper = level.toUpperCase()
    if (upper === 'SILENT') return SILENT
    const number = LEVELS[ALIASES[upper] || upper]
    if (number !== undefined) return number
  } else {
    throw new TypeError(`${what} must be a level name or number, got ${describeType(level)}`)
  }
  throw new RangeError(`${what} ${JSON.stringify(level)} is not a level (${Object.keys(LEVELS).join(', ')})`)
}

/** The upper-case name of a level number; `SILENT` for the silent level. */
function levelName (number) {
  return number === SILENT ? 'SILENT' : labels[number].toUpperCase()
}

module.exports = { LEVELS, SILENT, values, labels, toLevelNumber, levelName }
