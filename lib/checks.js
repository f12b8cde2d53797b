'use strict'

// Argument checks shared by the public methods. Errors name the method and
// the argument: `TypeError: add: options.json must be a boolean, got string`.

function describeType (value) {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return typeof value
}

/** An options object whose keys are all in `known`; `{}` for none. */
function checkOptions (options, known, method) {
  if (options === undefined || options === null) return {}
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`${method}: options must be an object, got ${describeType(options)}`)
  }
  for (const key of Object.keys(options)) {
    if (!known.has(key)) throw new TypeError(`${method}: unknown option "${key}" (known: ${[...known].join(', ')})`)
  }
  return options
}

function checkBoolean (value, what) {
  if (value !== undefined && typeof value !== 'boolean') {
    throw new TypeError(`${what} must be a boolean, got ${describeType(value)}`)
  }
}

/** true, false or 'auto' (colors, location). */
function checkAuto (value, what) {
  if (value !== undefined && typeof value !== 'boolean' && value !== 'auto') {
    throw new TypeError(`${what} must be true, false or 'auto', got ${JSON.stringify(value) ?? describeType(value)}`)
  }
}

/** A whole number from 1 to `max`: a TypeError for a non-number, a RangeError for a bad number. */
function checkPositiveInteger (value, what, max) {
  if (value === undefined) return
  if (typeof value !== 'number') throw new TypeError(`${what} must be a positive integer, got ${describeType(value)}`)
  if (!(Number.isInteger(value) && value > 0 && value <= max)) {
    throw new RangeError(`${what} must be a positive integer up to ${max}, got ${value}`)
  }
}

module.exports = { describeType, checkOptions, checkBoolean, checkAuto, checkPositiveInteger }
