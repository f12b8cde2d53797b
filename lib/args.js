'use strict'

const { inspect } = require('node:util')
const { describeType } = require('./levels')
const { stringify } = require('./fields')

// The call shapes a log method accepts, logly's and pino's:
//   (message)                     (message, fields)
//   (fields, message?, ...args)   (error, message?, ...args)  -> fields { err }
//   (format, ...args)             with %s %d %i %f %j %o %O %% placeholders;
//                                 an object left after them is the fields.

/** Fields are any non-null, non-array object. */
function isFieldsObject (value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Applies printf-style placeholders; returns the message and what is left. */
function interpolate (format, args) {
  let used = 0
  const message = format.replace(/%[sdifjoO%]/g, (token) => {
    if (token === '%%') return '%'
    if (used >= args.length) return token
    const arg = args[used++]
    switch (token) {
      case '%s': return typeof arg === 'string' ? arg : typeof arg === 'object' && arg !== null ? inspect(arg, { depth: 0 }) : String(arg)
      case '%d':
      case '%i': return typeof arg === 'bigint' ? arg.toString() : String(token === '%i' ? Math.trunc(Number(arg)) : Number(arg))
      case '%f': return String(Number(arg))
      case '%j': return stringify(arg)
      default: return inspect(arg, { depth: token === '%o' ? 4 : 2 })
    }
  })
  return { message, rest: used === 0 ? args : args.slice(used) }
}

/** The error shape a wrong argument gets: it names the method and argument. */
function argumentError (method, what, value) {
  return new TypeError(`logger.${method}: ${what} must be a string, a plain object or an Error, got ${describeType(value)}`)
}

/**
 * Splits a log call's arguments into `{ message, fields }`; `fields` is an
 * object or undefined. `method` names the caller in errors.
 */
function parseArgs (method, first, second, rest) {
  let format
  let fields
  let args
  if (typeof first === 'string') {
    format = first
    args = second === undefined && rest.length === 0 ? rest : [second, ...rest]
  } else if (first instanceof Error) {
    fields = { err: first }
    format = typeof second === 'string' ? second : first.message
    args = typeof second === 'string' || second === undefined ? rest : [second, ...rest]
  } else if (isFieldsObject(first)) {
    fields = first
    if (second === undefined || typeof second === 'string') {
      format = second === undefined ? '' : second
    } else if (typeof second === 'number' || typeof second === 'boolean' || typeof second === 'bigint') {
      format = String(second)
    } else {
      throw argumentError(method, 'the message after fields', second)
    }
    args = rest
  } else if (typeof first === 'number' || typeof first === 'boolean' || typeof first === 'bigint') {
    format = String(first)
    args = second === undefined && rest.length === 0 ? rest : [second, ...rest]
  } else {
    throw argumentError(method, 'the first argument', first)
  }
  if (args.length === 0) return { message: format, fields }
  const { message, rest: left } = format.includes('%') ? interpolate(format, args) : { message: format, rest: args }
  return { message, fields: fieldsFromRest(method, fields, left) }
}

/** What is left after placeholders may be one fields object or one Error. */
function fieldsFromRest (method, fields, left) {
  if (left.length === 0 || (left.length === 1 && left[0] === undefined)) return fields
  const [extra] = left
  if (left.length === 1 && fields === undefined) {
    if (extra instanceof Error) return { err: extra }
    if (isFieldsObject(extra)) return extra
  }
  throw new TypeError(
    `logger.${method}: fields must be one plain object, got ${left.map(describeType).join(', ')}` +
    ' (use %s, %d or %j placeholders to put values into the message)'
  )
}

module.exports = { parseArgs, interpolate, isFieldsObject }
