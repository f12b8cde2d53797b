'use strict'

const { inspect } = require('node:util')
const { describeType } = require('./checks')
const { stringify } = require('./fields')

// The call shapes a log method accepts, logly's and pino's:
//   (message)                     (message, fields)
//   (fields, message?, ...args)   (error, message?, ...args)  -> fields { err }
//   (format, ...args)             with %s %d %i %f %j %o %O %% placeholders;
//                                 an object left after them is the fields,
//                                 anything else left is appended to the
//                                 message as util.format would (pino drops
//                                 it; a log line should lose nothing).

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
      default: return stringify(arg) // %j %o %O: JSON, as pino writes them
    }
  })
  return { message, rest: used === 0 ? args : args.slice(used) }
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
    format = second === undefined ? '' : typeof second === 'string' ? second : appendArgs('', [second]).slice(1)
    args = rest
  } else if (typeof first === 'number' || typeof first === 'boolean' || typeof first === 'bigint') {
    format = String(first)
    args = second === undefined && rest.length === 0 ? rest : [second, ...rest]
  } else {
    throw new TypeError(`logger.${method}: the first argument must be a string, a plain object or an Error, got ${describeType(first)}`)
  }
  if (args.length === 0) return { message: format, fields }
  const { message, rest: left } = format.includes('%') ? interpolate(format, args) : { message: format, rest: args }
  if (left.length === 0 || (left.length === 1 && left[0] === undefined)) return { message, fields }
  const [last] = left
  if (left.length === 1 && fields === undefined) {
    if (last instanceof Error) return { message, fields: { err: last } }
    if (isFieldsObject(last)) return { message, fields: last }
  }
  return { message: appendArgs(message, left), fields }
}

/** `message` followed by each argument, spaced, as `util.format` does. */
function appendArgs (message, args) {
  let text = message
  for (const arg of args) text += ' ' + (typeof arg === 'string' ? arg : inspect(arg))
  return text
}

module.exports = { parseArgs, interpolate, isFieldsObject }
