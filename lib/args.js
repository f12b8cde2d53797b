'use strict'

const { inspect, types } = require('node:util')
const { stringify, errorToObject, copyFields, readProperty, thrownMarker, isError, unbox } = require('./fields')

// The call shapes a log method accepts, logly's and pino's:
//   (message)                     (message, fields)
//   (fields, message?, ...args)   (error, message?, ...args)  -> fields { err }
//   (format, ...args)             with %s %d %i %f %j %o %O %% placeholders;
//                                 an object left after them is the fields,
//                                 anything else left is appended to the
//                                 message as util.format would (pino drops
//                                 it; a log line should lose nothing).
//
// Log calls never throw, whatever they are given (parseArgs, exceptionArgs):
// - undefined or null first: no fields, the call is read from what follows;
//   `info(undefined)` logs the message '' (pino reads a null object so).
// - Fields are objects that stand for a record: plain objects always, other
//   objects when their JSON is an object (toJSON, if any, returning one: that
//   result is the fields). Arrays, Dates, URLs, boxed primitives, Maps, Sets,
//   RegExps, Promises, Buffers, typed arrays, and objects whose toJSON returns
//   a string, an array, a number or nothing are values instead: first, the
//   value is the message (`info(new Date())`); after a message it is appended
//   to it (`info('at', new Date())` -> 'at 2025-01-15T10:30:45.123Z').
// - A value's text: a string as is; an object whose toJSON returns a string,
//   that string (Date, URL, ObjectId, Decimal); a boxed primitive, its
//   primitive; anything else as util.inspect shows it, as util.format would
//   (`[util.inspect.custom]` is user code: if it throws, "[Thrown: <message>]").
//   Numbers, booleans and bigints as the message read as String() writes them.
// - An object that cannot even be looked at (a Proxy whose traps throw) in the
//   fields position is taken as fields: the record shows what reading threw.
// - Placeholders never throw: %d %i %f of a Symbol or a throwing valueOf is NaN.

/** Objects of built-in kinds that hold one value or a collection JSON cannot show: values, not fields. */
function isValueObject (value) {
  return types.isBoxedPrimitive(value) || types.isDate(value) || types.isRegExp(value) ||
    types.isMap(value) || types.isSet(value) || types.isWeakMap(value) || types.isWeakSet(value) ||
    types.isPromise(value) || types.isArrayBufferView(value) || types.isAnyArrayBuffer(value)
}

/**
 * Whether `value` can stand for a record's fields: a non-null object that is
 * not an array nor a built-in value object (see above). Never throws; what a
 * class instance's toJSON returns is only known once it is called, so
 * fieldsFragment keeps a non-object result under "fields".
 */
function isFieldsObject (value) {
  if (typeof value !== 'object' || value === null) return false
  try {
    return !Array.isArray(value) && !isValueObject(value)
  } catch {
    return false // a revoked Proxy
  }
}

/** A plain object (prototype Object.prototype or null); false when asking throws (a Proxy trap). */
function isPlainObject (value) {
  if (typeof value !== 'object' || value === null) return false
  try {
    const proto = Object.getPrototypeOf(value)
    return proto === Object.prototype || proto === null
  } catch {
    return false
  }
}

/**
 * What an object in the fields position stands for: the fields (the object
 * itself, or the object its toJSON returns) or, when it is a value, its text
 * (a string). toJSON is called at most once.
 */
function fieldsOrText (value) {
  try {
    const proto = Object.getPrototypeOf(value)
    if (proto === Object.prototype || proto === null) return value
    if (Array.isArray(value) || isValueObject(value)) return objectText(value)
    const toJSON = value.toJSON
    if (typeof toJSON !== 'function') return value
    const json = Reflect.apply(toJSON, value, [''])
    if (typeof json === 'string') return json
    if (typeof json === 'object' && json !== null && !Array.isArray(json)) return json
    return safeInspect(value)
  } catch {
    // An object that cannot even be looked at (a Proxy whose traps throw,
    // a toJSON that throws): fields, so the record shows what reading threw.
    return value
  }
}

/** `inspect(value, options)`, or the marker of what it threw (`[util.inspect.custom]` is user code). */
function safeInspect (value, options) {
  try {
    return inspect(value, options)
  } catch (error) {
    return thrownMarker(error)
  }
}

/** The text of an object: its toJSON string, its boxed primitive, or util.inspect. */
function objectText (value, options) {
  try {
    const primitive = unbox(value)
    if (primitive !== value) return typeof primitive === 'string' ? primitive : safeInspect(primitive)
    const toJSON = value.toJSON
    if (typeof toJSON === 'function') {
      const json = Reflect.apply(toJSON, value, [''])
      if (typeof json === 'string') return json
    }
  } catch {
    // A getter or toJSON that throws: inspect shows the object as it is.
  }
  return safeInspect(value, options)
}

/** An argument appended to the message, as util.format shows it (with the object rule above). */
function argumentText (arg) {
  if (typeof arg === 'string') return arg
  return typeof arg === 'object' && arg !== null ? objectText(arg) : safeInspect(arg)
}

/**
 * Any value as a log message, never throwing: strings as is, undefined and
 * null as '', numbers, booleans and bigints as String() writes them, anything
 * else by the text rule above. For `exception(message, ...)`.
 */
function toMessage (value) {
  switch (typeof value) {
    case 'string': return value
    case 'undefined': return ''
    case 'number':
    case 'boolean':
    case 'bigint': return '' + value
    case 'object': return value === null ? '' : objectText(value)
    default: return safeInspect(value) // symbols, functions
  }
}

/** An Error's message as the record's message; a non-string message by the text rule. */
function errorMessage (error) {
  return toMessage(readProperty(error, 'message'))
}

/**
 * Applies printf-style placeholders; returns the message and what is left.
 * Only called with at least one argument: without any, placeholders stay, as
 * pino and util.format leave them.
 */
function interpolate (format, args) {
  let message = ''
  let used = 0
  let copied = 0 // format[0, copied) is in message already
  let at = format.indexOf('%')
  while (at !== -1 && at + 1 < format.length) {
    const token = format[at + 1]
    const text = token === '%' ? '%' : used < args.length ? placeholderText(token, args[used]) : undefined
    if (text === undefined) {
      at = format.indexOf('%', at + 1)
      continue
    }
    if (token !== '%') used++
    message += format.slice(copied, at) + text
    copied = at + 2
    at = format.indexOf('%', copied)
  }
  return { message: message + format.slice(copied), rest: used === 0 ? args : args.slice(used) }
}

/** What placeholder `%<token>` writes for `arg`; undefined when `token` is not one. */
function placeholderText (token, arg) {
  switch (token) {
    case 's': return stringText(arg)
    case 'd':
    case 'i':
    case 'f': return numberText(token, arg)
    case 'j':
    case 'o':
    case 'O': return stringify(arg) ?? 'undefined' // JSON, as pino writes them
    default: return undefined
  }
}

/** %s: strings as is, objects shallowly inspected (toJSON strings as such), other values as String(). */
function stringText (arg) {
  switch (typeof arg) {
    case 'string': return arg
    case 'object': return arg === null ? 'null' : objectText(arg, SHALLOW)
    case 'symbol':
    case 'function': return safeInspect(arg)
    default: return '' + arg
  }
}

const SHALLOW = { depth: 0 }

/** %d %i %f: Number(arg), which runs valueOf and throws on a Symbol: NaN then. */
function numberText (token, arg) {
  if (typeof arg === 'bigint') return '' + arg
  let number
  try {
    number = Number(arg)
  } catch {
    return 'NaN'
  }
  return '' + (token === 'i' ? Math.trunc(number) : number)
}

/**
 * Splits a log call's arguments into `{ message, fields }`: `message` is
 * always a string, `fields` an object or undefined. Never throws.
 */
function parseArgs (first, second, rest) {
  // undefined or null in the first place: no fields, the call starts after it.
  let skipped = 0
  while (first === undefined || first === null) {
    if (second === undefined && skipped >= rest.length) return { message: '', fields: undefined }
    first = second
    second = rest[skipped++]
  }
  if (skipped > 0) rest = rest.slice(skipped)

  if (typeof first === 'string') return finish(first, true, undefined, following(second, rest))
  if (typeof first !== 'object') return finish(toMessage(first), false, undefined, following(second, rest))
  if (isError(first)) {
    // (error, message?, ...args): the message defaults to the error's.
    return typeof second === 'string'
      ? finish(second, true, { err: first }, rest)
      : finish(errorMessage(first), false, { err: first }, following(second, rest))
  }
  const found = fieldsOrText(first)
  if (typeof found === 'string') return finish(found, false, undefined, following(second, rest))
  // (fields, message?, ...args)
  if (typeof second === 'string') return finish(second, true, found, rest)
  return finish(second === undefined ? '' : argumentText(second), false, found, rest)
}

/** The arguments from `second` on; none when it is the last and undefined. */
function following (second, rest) {
  return second === undefined && rest.length === 0 ? rest : [second, ...rest]
}

/**
 * `{ message, fields }` from the message text and the arguments after it:
 * placeholders applied when `text` is a format string, a last object taken
 * as the fields when there are none yet, the rest appended.
 */
function finish (text, isFormat, fields, args) {
  if (args.length === 0) return { message: text, fields }
  let message = text
  let left = args
  if (isFormat && text.includes('%')) ({ message, rest: left } = interpolate(text, args))
  if (left.length === 0 || (left.length === 1 && left[0] === undefined)) return { message, fields }
  if (left.length === 1 && fields === undefined) {
    const last = left[0]
    if (isError(last)) return { message, fields: { err: last } }
    if (typeof last === 'object' && last !== null) {
      const found = fieldsOrText(last)
      return typeof found === 'string' ? { message: message + ' ' + found, fields } : { message, fields: found }
    }
  }
  return { message: appendArgs(message, left), fields }
}

/** `message` followed by each argument, spaced, as `util.format` does. */
function appendArgs (message, args) {
  let text = message
  for (let i = 0; i < args.length; i++) text += ' ' + argumentText(args[i])
  return text
}

/**
 * `exception(message, error, fields)` as `{ message, fields }`, never
 * throwing: the message by `toMessage`, the error under `exception` (an
 * Error as `{ type, message, stack, cause? }`, anything else as it is), the
 * fields copied around it; fields that are a value are appended to the
 * message, as in a log call.
 */
function exceptionArgs (message, error, fields) {
  const text = toMessage(message)
  const exception = isError(error) ? errorToObject(error) : error
  if (fields === undefined || fields === null) return { message: text, fields: { exception } }
  const found = typeof fields === 'object' ? fieldsOrText(fields) : argumentText(fields)
  if (typeof found === 'string') return { message: text + ' ' + found, fields: { exception } }
  const all = copyFields(found)
  all.exception = exception
  return { message: text, fields: all }
}

module.exports = { parseArgs, isFieldsObject, isPlainObject, exceptionArgs }
