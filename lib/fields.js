'use strict'

const { types } = require('node:util')

// Fields become one JSON string on the JS side: measured, JSON.stringify plus
// one string across the napi boundary costs a quarter of Rust walking a JS
// object. (Flat fields of a plain logger skip even that: `pushRawFields`
// hands their keys and values over as they are.) The rules of the record
// shape are applied here:
//   Errors     -> { type, message, stack, cause?, errors?, ...own enumerable props }
//                 (errors: AggregateError's list)
//   BigInt     -> its decimal string
//   boxed primitives (new String('x')) -> the primitive, as JSON.stringify does
//   functions, symbols, undefined -> dropped (JSON.stringify's own rule)
//   a cycle    -> "[Circular]", found by the original objects, so an Error
//                 whose cause or own property leads back to it is caught too
//   a throw    -> "[Thrown: <message>]" in place of the value whose getter,
//                 toJSON or Proxy trap threw ("[Thrown]" when what was thrown
//                 has no readable message)
//   too deep   -> "[Too deep]" below MAX_DEPTH levels, once the walk runs
//   fields whose JSON is not an object (a plain object whose toJSON returns
//                 a string, a Proxy that throws) -> under the key "fields"
//
// Log calls never throw, so neither does anything here. `stringify` takes
// plain JSON.stringify when a bounded scan finds nothing special (nearly every
// record), else JSON.stringify with a replacer for Errors and BigInts; on any
// exception from either it walks the value itself (`safeStringify`), reading
// every property, toJSON and Proxy trap inside try/catch. The walk keeps its
// ancestors in a Set, so it is linear in the size of the value, and stops at
// MAX_DEPTH, so a value 100k levels deep cannot overflow the stack.

/**
 * How deep the walk goes: far deeper than any record anyone reads, and about
 * 200 KiB of stack (measured ~760 bytes a level before optimization), so a
 * log call made deep in the stack still has room for it.
 */
const MAX_DEPTH = 256
const CIRCULAR = '"[Circular]"'
const TOO_DEEP = '"[Too deep]"'

/** `"[Thrown: <message>]"` for a thrown value, never calling its code beyond one guarded read. */
function thrownMarker (thrown) {
  const message = thrownMessage(thrown)
  return message === '' ? '[Thrown]' : '[Thrown: ' + message + ']'
}

/**
 * The message of a thrown value, or ''. Never String(thrown): an object whose
 * toString throws, Object.create(null) or a Proxy would throw again.
 */
function thrownMessage (thrown) {
  try {
    if (typeof thrown === 'string') return thrown
    if ((typeof thrown === 'object' && thrown !== null) || typeof thrown === 'function') {
      const message = thrown.message
      return typeof message === 'string' ? message : ''
    }
    // Numbers, booleans, bigints, undefined, null: no user code. Symbols throw.
    return '' + thrown
  } catch {
    return ''
  }
}

/** `object[key]`, or the marker of what reading it threw (a getter, a Proxy trap). */
function readProperty (object, key) {
  try {
    return object[key]
  } catch (error) {
    return thrownMarker(error)
  }
}

/**
 * `value instanceof Error`, the test the scan and the replacer make, so every
 * path agrees; false when asking throws (a Proxy's getPrototypeOf trap).
 */
function isError (value) {
  try {
    return value instanceof Error
  } catch {
    return false
  }
}

/** The error's name, else its constructor's, else 'Error' (also when reading them throws). */
function errorType (error) {
  try {
    const name = error.name
    if (typeof name === 'string' && name !== '') return name
    const constructorName = error.constructor?.name
    if (typeof constructorName === 'string' && constructorName !== '') return constructorName
  } catch {
    // A name or constructor getter that throws: the generic type will do.
  }
  return 'Error'
}

/**
 * `{ type, message, stack, cause?, errors?, ...own enumerable props }`, every
 * read guarded: a `message` or `stack` getter that throws gives a marker.
 * The values are the error's own (a cause stays an Error): the caller
 * serializes them. Also pino's `stdSerializers.err`.
 */
function errorToObject (error) {
  const object = { type: errorType(error), message: readProperty(error, 'message'), stack: readProperty(error, 'stack') }
  const cause = readProperty(error, 'cause')
  if (cause !== undefined) object.cause = cause
  const errors = readProperty(error, 'errors')
  if (errors !== undefined) object.errors = errors
  let keys
  try {
    keys = Object.keys(error)
  } catch {
    return object
  }
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]
    if (!Object.hasOwn(object, key)) defineField(object, key, readProperty(error, key))
  }
  return object
}

/**
 * An own property even when `key` is '__proto__' (assignment would set the
 * prototype). Plain assignment otherwise: defineProperty costs far more.
 */
function defineField (object, key, value) {
  if (key === '__proto__') {
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true })
  } else {
    object[key] = value
  }
}

/**
 * A shallow copy of `fields` to add keys to. `{ ...fields }` when that works;
 * otherwise each property read on its own (a throwing getter gives a marker),
 * and fields whose keys cannot even be listed (a hostile Proxy) become
 * `{ fields: "[Thrown: ...]" }`.
 */
function copyFields (fields) {
  try {
    return { ...fields }
  } catch {
    return guardedCopy(fields)
  }
}

function guardedCopy (fields) {
  const copy = {}
  let keys
  try {
    keys = Object.keys(fields)
  } catch (error) {
    copy.fields = thrownMarker(error)
    return copy
  }
  for (let i = 0; i < keys.length; i++) defineField(copy, keys[i], readProperty(fields, keys[i]))
  return copy
}

const stringValueOf = String.prototype.valueOf
const numberValueOf = Number.prototype.valueOf
const booleanValueOf = Boolean.prototype.valueOf
const bigintValueOf = BigInt.prototype.valueOf

/**
 * The primitive inside a boxed string, number, boolean or bigint, read without
 * running user code (an own valueOf is ignored); anything else unchanged.
 * Boxed symbols stay objects: JSON.stringify writes them as {}.
 */
function unbox (value) {
  if (types.isStringObject(value)) return Reflect.apply(stringValueOf, value, [])
  if (types.isNumberObject(value)) return Reflect.apply(numberValueOf, value, [])
  if (types.isBooleanObject(value)) return Reflect.apply(booleanValueOf, value, [])
  if (types.isBigIntObject(value)) return Reflect.apply(bigintValueOf, value, [])
  return value
}

/** The Errors the replacer expanded in the JSON.stringify call under way. */
const expanded = new Set()
/** Thrown by the replacer to hand a value to the walk. */
const REPEATED_ERROR = Symbol('logly.repeatedError')

function replacer (key, value) {
  if (typeof value === 'object' && value !== null) {
    if (!(value instanceof Error)) return value
    // Each visit turns the Error into a new object, so JSON.stringify cannot
    // see a cycle through `cause` and would recurse until the stack runs
    // out (milliseconds). An Error met twice goes to the walk at once, which
    // tells a cycle from a shared reference.
    if (expanded.has(value)) throw REPEATED_ERROR
    expanded.add(value)
    return errorToObject(value)
  }
  return typeof value === 'bigint' ? '' + value : value
}

function stringifyWithReplacer (value) {
  try {
    return JSON.stringify(value, replacer)
  } finally {
    // A getter that logs runs a nested stringify that clears this too; the
    // worst that does is send a repeated Error to the walk a step late.
    expanded.clear()
  }
}

/**
 * JSON for `value` that never throws: JSON.stringify's rules (toJSON, holes
 * and undefined in arrays as null, functions, symbols and undefined dropped
 * from objects) plus the record rules above. undefined when `value` has no
 * JSON (undefined, a function, a symbol), as JSON.stringify.
 */
function safeStringify (value) {
  try {
    return walk(value, '', new Set(), 0)
  } catch {
    // The walk guards every level, so only a failure of its last guard (the
    // stack exhausted inside a catch block) gets here.
    return '"[Thrown]"'
  }
}

/** The JSON of `value`, found under `key` (toJSON's argument); undefined for none. */
function walk (value, key, ancestors, depth) {
  if ((typeof value === 'object' && value !== null) || typeof value === 'function') {
    if (ancestors.has(value)) return CIRCULAR
    let toJSON
    try {
      toJSON = value.toJSON
    } catch (error) {
      return markerJson(error)
    }
    if (typeof toJSON === 'function') return walkToJSON(value, toJSON, key, ancestors, depth)
  }
  return valueJson(value, ancestors, depth)
}

/**
 * What `toJSON` gives, walked with the object itself among the ancestors: a
 * toJSON that returns a new wrapper around `this` each time is a cycle too.
 */
function walkToJSON (object, toJSON, key, ancestors, depth) {
  let result
  try {
    result = Reflect.apply(toJSON, object, [key])
  } catch (error) {
    return markerJson(error)
  }
  if (result === object) return valueJson(result, ancestors, depth)
  ancestors.add(object)
  const json = valueJson(result, ancestors, depth)
  ancestors.delete(object)
  return json
}

/** The JSON of a value whose toJSON, if any, was applied. */
function valueJson (value, ancestors, depth) {
  switch (typeof value) {
    case 'string': return JSON.stringify(value)
    case 'number': return JSON.stringify(value) // NaN and Infinity: null
    case 'boolean': return value ? 'true' : 'false'
    case 'bigint': return '"' + value + '"'
    case 'object': return value === null ? 'null' : walkObject(value, ancestors, depth)
    default: return undefined // undefined, functions, symbols
  }
}

function markerJson (thrown) {
  return JSON.stringify(thrownMarker(thrown))
}

function walkObject (object, ancestors, depth) {
  if (ancestors.has(object)) return CIRCULAR
  if (depth >= MAX_DEPTH) return TOO_DEEP
  ancestors.add(object)
  let json
  try {
    json = objectJson(object, ancestors, depth + 1)
  } catch (error) {
    // Array.isArray on a revoked Proxy, a length getter, Object.keys through
    // a Proxy's ownKeys trap, or the string growing past V8's limit.
    json = markerJson(error)
  }
  ancestors.delete(object)
  return json
}

function objectJson (object, ancestors, depth) {
  if (Array.isArray(object)) return arrayJson(object, ancestors, depth)
  // The original Error stays in `ancestors`, so a cause that leads back to
  // it is "[Circular]" even though each visit makes a new plain object.
  if (isError(object)) return propertiesJson(errorToObject(object), ancestors, depth)
  if (types.isBoxedPrimitive(object)) {
    const primitive = unbox(object)
    if (primitive !== object) return valueJson(primitive, ancestors, depth)
  }
  return propertiesJson(object, ancestors, depth)
}

function arrayJson (array, ancestors, depth) {
  const length = array.length
  let json = '['
  for (let i = 0; i < length; i++) {
    if (i > 0) json += ','
    json += walk(readProperty(array, i), '' + i, ancestors, depth) ?? 'null'
  }
  return json + ']'
}

function propertiesJson (object, ancestors, depth) {
  const keys = Object.keys(object)
  let json = '{'
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]
    const item = walk(readProperty(object, key), key, ancestors, depth)
    if (item === undefined) continue
    if (json.length > 1) json += ','
    json += JSON.stringify(key) + ':' + item
  }
  return json + '}'
}

/** How many values `isPlainData` looks at before it gives up. */
const SCAN_LIMIT = 512
let scanBudget = 0

/**
 * True when plain JSON.stringify already follows the record rules for
 * `value`: no Error and no BigInt in it. The replacer costs a JS call per
 * key (four times slower on a nested object), so a quick look first pays.
 * Deep, huge or cyclic values exhaust the budget and take the replacer.
 * It may throw (a getter, a Proxy trap): `stringify` catches that.
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

/**
 * `value` as JSON under the record rules; never throws. undefined when the
 * value has no JSON (undefined, a function, a symbol, a toJSON returning one).
 */
function stringify (value) {
  try {
    return isPlainData(value) ? JSON.stringify(value) : stringifyWithReplacer(value)
  } catch {
    // A cycle, a throwing getter, toJSON or Proxy trap, a value too deep for
    // V8's stack: the guarded walk writes markers where those were.
    return safeStringify(value)
  }
}

/** Strings at least this long go to JSON.stringify, faster than a loop over them. */
const SHORT_STRING = 64

/**
 * No character JSON.stringify escapes (quote, backslash, controls) and no
 * surrogate (it escapes lone ones). A loop: ~2.5x faster than a regex test
 * on short strings.
 */
function isPlainText (text) {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code < 0x20 || code === 0x22 || code === 0x5c || (code >= 0xd800 && code <= 0xdfff)) return false
  }
  return true
}
/** Quoted keys with their colon, by key: log calls repeat the same few keys. */
const quotedKeys = new Map()
const MAX_QUOTED_KEYS = 1024

function quotedKey (key) {
  let quoted = quotedKeys.get(key)
  if (quoted === undefined) {
    quoted = JSON.stringify(key) + ':'
    if (quotedKeys.size < MAX_QUOTED_KEYS) quotedKeys.set(key, quoted)
  }
  return quoted
}

/** What primitiveJson gives for a value a flat object leaves out, and for one that makes it not flat. */
const LEFT_OUT = 0
const NOT_FLAT = 1

/**
 * JSON.stringify's text for a value of a flat object that is not a string:
 * a number (NaN and Infinity: null), a boolean or null; LEFT_OUT for
 * undefined and symbols; NOT_FLAT for objects, bigints and functions (a
 * toJSON on one would be called).
 */
function primitiveJson (value) {
  switch (typeof value) {
    case 'number': return value - value === 0 ? '' + value : 'null'
    case 'boolean': return value ? 'true' : 'false'
    case 'undefined':
    case 'symbol': return LEFT_OUT
    case 'object': return value === null ? 'null' : NOT_FLAT
    default: return NOT_FLAT
  }
}

/**
 * `fields`' inner JSON when it is a flat object (its own enumerable keys, values
 * strings, numbers, booleans, null or dropped ones), exactly what
 * JSON.stringify writes for it; undefined for anything else, which takes
 * `stringify`. Measured ~130 ns against ~230 ns for JSON.stringify alone
 * on `{ a: 1, b: 'two', c: true }` (Node 20), the commonest fields there
 * are. It may throw (a getter): fieldsFragment falls back then.
 */
function flatFragment (fields) {
  if (typeof fields !== 'object' || fields === null || types.isProxy(fields) || typeof fields.toJSON === 'function') return undefined
  // Own enumerable string keys, as JSON.stringify takes them.
  const keys = Object.keys(fields)
  let json = ''
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]
    const value = fields[key]
    let item
    if (typeof value === 'string') {
      item = value.length < SHORT_STRING && isPlainText(value) ? '"' + value + '"' : JSON.stringify(value)
    } else {
      item = primitiveJson(value)
      if (item === LEFT_OUT) continue
      if (item === NOT_FLAT) return undefined
    }
    json = json === '' ? quotedKey(key) + item : json + ',' + quotedKey(key) + item
  }
  return json
}

/** Flat fields with more keys than this take the JSON path (bounds the batch's field array). */
const MAX_RAW_FIELDS = 16
/**
 * A raw value's kind (src/batch.rs): a string the writer quotes, JSON as JS
 * wrote it, or members (`"a":1,"b":2`: bound and contextual fields) the
 * writer puts in the object as they are.
 */
const RAW_STRING = 0
const RAW_JSON = 1
const RAW_MEMBERS = 2

/** What pushRawFields gives for fields that are not flat (or a read threw), and for too many keys (not looked at). */
const NOT_RAW_FLAT = -1
const NOT_RAW_WIDE = -2

/**
 * Appends `fields`' entries to `out` from `at`, three values each (key,
 * value as text, kind), for the writer to escape and join (src/batch.rs):
 * the same flat objects as flatFragment, written the same, with no string
 * built here. Returns the new end, or (nothing counting past `at`)
 * NOT_RAW_FLAT when the fields are not flat or a read throws, NOT_RAW_WIDE
 * when they have more than MAX_RAW_FIELDS keys: those take the JSON path.
 */
function pushRawFields (fields, out, at) {
  try {
    if (typeof fields !== 'object' || fields === null || types.isProxy(fields) || typeof fields.toJSON === 'function') return NOT_RAW_FLAT
    const keys = Object.keys(fields)
    if (keys.length > MAX_RAW_FIELDS) return NOT_RAW_WIDE
    let end = at
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]
      const value = fields[key]
      let text = value
      let kind = RAW_STRING
      if (typeof value !== 'string') {
        text = primitiveJson(value)
        if (text === LEFT_OUT) continue
        if (text === NOT_FLAT) return NOT_RAW_FLAT
        kind = RAW_JSON
      }
      out[end] = key
      out[end + 1] = text
      out[end + 2] = kind
      end += 3
    }
    return end
  } catch {
    return NOT_RAW_FLAT
  }
}

/** flatFragment, or undefined when it throws (a getter or trap: the guarded path writes its marker). */
function flatFragmentOf (fields) {
  try {
    return flatFragment(fields)
  } catch {
    return undefined
  }
}

/**
 * The inside of a JSON object (`"a":1,"b":2`) for `fields`, ready to be
 * joined with other fragments; '' for no fields. Never throws. Fields whose
 * JSON is not an object (a toJSON returning a string, a hostile Proxy's
 * marker) are kept under "fields" rather than breaking the record.
 */
function fieldsFragment (fields) {
  return flatFragmentOf(fields) ?? structuredFragment(fields)
}

/** fieldsFragment for fields that are not flat: the full stringify. */
function structuredFragment (fields) {
  const json = stringify(fields)
  if (json === undefined || json === '{}') return ''
  return json.charCodeAt(0) === 123 /* { */ ? json.slice(1, -1) : '"fields":' + json
}

/** Joins fragments, later keys winning (Rust keeps the last duplicate). */
function joinFragments (first, second) {
  if (first === '') return second
  if (second === '') return first
  return first + ',' + second
}

module.exports = {
  flatFragment,
  pushRawFields,
  NOT_RAW_FLAT,
  RAW_MEMBERS,
  flatFragmentOf,
  structuredFragment,
  defineField,
  errorToObject,
  stringify,
  fieldsFragment,
  joinFragments,
  copyFields,
  readProperty,
  thrownMarker,
  isError,
  unbox
}
