'use strict'

// Fields become one JSON string on the JS side: measured, JSON.stringify plus
// one string across the napi boundary costs a quarter of Rust walking a JS
// object. The rules of the record shape are applied here:
//   Errors  -> { type, message, stack, cause?, ...own enumerable props }
//   BigInt  -> its decimal string
//   cycles  -> "[Circular]"
//   functions and symbols are dropped (JSON.stringify's own rule).

function errorToObject (error) {
  const object = { type: error.name || error.constructor?.name || 'Error', message: error.message, stack: error.stack }
  if (error.cause !== undefined) object.cause = error.cause
  for (const key of Object.keys(error)) {
    if (!(key in object)) object[key] = error[key]
  }
  return object
}

function replacer (key, value) {
  if (typeof value === 'object' && value !== null) {
    return value instanceof Error ? errorToObject(value) : value
  }
  return typeof value === 'bigint' ? value.toString() : value
}

/**
 * A copy of `value` with every cycle replaced by "[Circular]". Only used
 * after JSON.stringify has reported a cycle, so the fast path pays nothing.
 * `toJSON` is honoured before walking, as JSON.stringify would.
 */
function decycle (value, ancestors) {
  if (typeof value !== 'object' || value === null) return value
  if (typeof value.toJSON === 'function') value = value.toJSON()
  if (typeof value !== 'object' || value === null) return value
  if (ancestors.includes(value)) return '[Circular]'
  ancestors.push(value)
  const source = value instanceof Error ? errorToObject(value) : value
  let copy
  if (Array.isArray(source)) {
    copy = source.map((item) => decycle(item, ancestors))
  } else {
    copy = {}
    for (const key of Object.keys(source)) copy[key] = decycle(source[key], ancestors)
  }
  ancestors.pop()
  return copy
}

/** How many values `isPlainData` looks at before it gives up. */
const SCAN_LIMIT = 512
let scanBudget = 0

/**
 * True when plain JSON.stringify already follows the record rules for
 * `value`: no Error and no BigInt in it. The replacer costs a JS call per
 * key (four times slower on a nested object), so a quick look first pays.
 * Deep, huge or cyclic values exhaust the budget and take the replacer.
 */
function isPlainData (value) {
  scanBudget = SCAN_LIMIT
  return scan(value)
}

function scan (value) {
  if (--scanBudget < 0) return false
  if (typeof value === 'bigint') return false
  if (typeof value !== 'object' || value === null) return true
  if (value instanceof Error) return false
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!scan(value[i])) return false
  } else {
    for (const key in value) if (!scan(value[key])) return false
  }
  return true
}

/** `value` as JSON under the record rules. */
function stringify (value) {
  try {
    return isPlainData(value) ? JSON.stringify(value) : JSON.stringify(value, replacer)
  } catch (error) {
    // A cycle (TypeError) or a throwing getter/toJSON: fall back to the walk,
    // which names cycles and lets the getter's own error surface.
    if (!(error instanceof TypeError)) throw error
    return JSON.stringify(decycle(value, []), replacer)
  }
}

/**
 * The inside of a JSON object (`"a":1,"b":2`) for `fields`, ready to be
 * joined with other fragments; '' for no fields.
 */
function fieldsFragment (fields) {
  const json = stringify(fields)
  return json.length > 2 ? json.slice(1, -1) : ''
}

/** Joins fragments, later keys winning (Rust keeps the last duplicate). */
function joinFragments (first, second) {
  if (first === '') return second
  if (second === '') return first
  return first + ',' + second
}

module.exports = { errorToObject, stringify, fieldsFragment, joinFragments }
