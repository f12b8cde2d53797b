'use strict'

const { describeType } = require('./checks')
const { thrownMarker, stringify } = require('./fields')

// Redaction, as pino has it: `redact: ['password', 'user.card.number',
// 'headers["x-api-key"]', '*.token', 'items[*].secret']`, or
// `{ paths, censor, remove }`. A path is keys separated by `.` or written as
// `["key"]` / `['key']` (any characters, hyphens included) or `[0]`; `*` or
// `[*]` stands for every key at that depth, at any depth of the path.
//
// Redaction runs on the fields of a log call, on bindings and on
// contextualize() fields, before they are serialized, so sinks and callback
// records alike never see the secret. It copies only the objects on a
// matching path: the caller's objects are never changed, and fields without
// a match cost a walk of the paths only. If reading the fields throws, it
// fails closed: the record keeps its message and withholds its fields.

const DEFAULT_CENSOR = '[Redacted]'
const OPTIONS = new Set(['paths', 'censor', 'remove'])

/**
 * A redactor for `redact` (an array of paths or `{ paths, censor, remove }`):
 * a function from fields to redacted fields, or undefined for no redaction.
 * `what` names the option in errors.
 */
function compileRedact (redact, what) {
  if (redact === undefined) return undefined
  const { paths: parsed, censor, remove } = parseRedact(redact, what)
  const censorValue = typeof censor === 'function' ? censor : () => censor
  return (fields) => {
    try {
      let result = fields
      for (const segments of parsed) result = redactPath(result, segments, 0, segments, censorValue, remove)
      return result
    } catch (error) {
      // A getter, Proxy trap or censor function that throws: fail closed. A
      // record that may hold a secret shows none of its fields.
      return { loggingError: `redaction failed, fields withheld: ${thrownMarker(error)}` }
    }
  }
}

/**
 * `redact` checked and its paths parsed: `{ paths, censor, remove }`, each
 * path an array of segments (`'*'` for every key), the censor defaulted.
 * TypeErrors and RangeErrors name `what`. Sinks send this to Rust
 * (lib/sinks.js), which redacts their lines on the writer thread.
 */
function parseRedact (redact, what) {
  const { paths, censor = DEFAULT_CENSOR, remove = false } = Array.isArray(redact) ? { paths: redact } : redactOptions(redact, what)
  if (!Array.isArray(paths) || paths.length === 0) throw new TypeError(`${what}.paths must be a non-empty array of paths, got ${describeType(paths)}`)
  if (typeof remove !== 'boolean') throw new TypeError(`${what}.remove must be a boolean, got ${describeType(remove)}`)
  return { paths: paths.map((path) => parsePath(path, what)), censor, remove }
}

function redactOptions (redact, what) {
  if (typeof redact !== 'object' || redact === null) {
    throw new TypeError(`${what} must be an array of paths or { paths, censor, remove }, got ${describeType(redact)}`)
  }
  for (const key of Object.keys(redact)) {
    if (!OPTIONS.has(key)) throw new TypeError(`${what}: unknown option "${key}" (known: ${[...OPTIONS].join(', ')})`)
  }
  return redact
}

/** `a.b["c-d"][*].e` -> ['a', 'b', 'c-d', '*', 'e']; a RangeError naming the path when it is malformed. */
function parsePath (path, what) {
  if (typeof path !== 'string' || path === '') throw new TypeError(`${what}: a path must be a non-empty string, got ${describeType(path)}`)
  const segments = []
  let i = 0
  const fail = () => { throw new RangeError(`${what}: cannot read the path ${JSON.stringify(path)} at character ${i + 1}`) }
  while (i < path.length) {
    if (path[i] === '[') {
      const close = path.indexOf(']', i)
      if (close === -1) fail()
      const inside = path.slice(i + 1, close)
      const quoted = /^(["'])(.*)\1$/s.exec(inside)
      if (quoted !== null) segments.push(quoted[2])
      else if (inside === '*' || /^\d+$/.test(inside)) segments.push(inside)
      else fail()
      i = close + 1
      if (path[i] === '.') i++
    } else {
      let end = i
      while (end < path.length && path[end] !== '.' && path[end] !== '[') end++
      if (end === i) fail()
      segments.push(path.slice(i, end))
      i = end
      if (path[i] === '.') {
        i++
        if (i === path.length) fail()
      }
    }
  }
  return segments
}

/**
 * `value` with the path `segments[depth..]` censored (or removed), copying
 * only the objects on the way to a match. `full` is the whole path, for a
 * censor function (pino passes it the value and the path).
 */
function redactPath (value, segments, depth, full, censor, remove) {
  if (typeof value !== 'object' || value === null) return value
  const segment = segments[depth]
  const last = depth === segments.length - 1
  const keys = segment === '*' ? Object.keys(value) : (Object.hasOwn(value, segment) ? [segment] : [])
  let copy
  for (const key of keys) {
    const child = value[key]
    let next
    if (last) {
      next = remove ? undefined : censor(child, full)
    } else {
      next = redactPath(child, segments, depth + 1, full, censor, remove)
      if (next === child) continue
    }
    copy ??= Array.isArray(value) ? [...value] : { ...value }
    if (last && remove && !Array.isArray(copy)) delete copy[key]
    else copy[key] = next
  }
  return copy ?? value
}

/** What a sink shows when even reading the fields back failed: nothing (fail closed). */
const WITHHELD = { loggingError: 'redaction failed, fields withheld' }

/**
 * The fields of sinks whose own redaction has a censor function, which
 * runs here, at the log call (Rust, which redacts the other sinks' lines,
 * cannot call it): `[[sink id, fields], ...]` for each sink its redaction
 * changed the fields for, or undefined. `json` is the record's fields as
 * JSON members, what Rust reads as the fields: bindings, context and the
 * call's, already redacted by configure and child.
 */
function sinkFieldsJson (redactors, json) {
  let fields
  try {
    fields = JSON.parse('{' + json + '}')
  } catch {
    fields = undefined
  }
  let out = ''
  for (const [id, redact] of redactors) {
    const redacted = fields === undefined ? WITHHELD : redact(fields)
    if (redacted === fields) continue
    out += (out === '' ? '[[' : ',[') + id + ',' + (stringify(redacted) ?? '{}') + ']'
  }
  return out === '' ? undefined : out + ']'
}

module.exports = { compileRedact, parseRedact, sinkFieldsJson }
