'use strict'

const { getSystemErrorMap } = require('node:util')
const { toLevelNumber } = require('./levels')
const { describeType, checkOptions, checkBoolean, checkAuto } = require('./checks')
const { parseRedact, compileRedact } = require('./redact')

// Turns `add(target, options)` into what the native side takes, checking
// every argument so mistakes surface at `add()` with a clear error.
//
// Target kinds are an open set: each is a module in ./targets/ saying which
// targets it takes, its own options, its formats and how to describe it to
// Rust (src/sink/). The first kind that matches wins; a file path takes any
// string the others do not, except a URL of a scheme no kind knows, which
// is refused rather than becoming a file named `scheme:`.

const KINDS = [require('./targets/console'), require('./targets/http'), require('./targets/file')]
const FILE = KINDS[KINDS.length - 1]
const URL_LIKE = /^([a-z][a-z0-9+.-]*):\/\//i
const COMMON_OPTIONS = ['level', 'format', 'json', 'redact']
const SINK_OPTIONS = new Set([...COMMON_OPTIONS, ...KINDS.flatMap((kind) => [...kind.options])])

/** The kind that takes `target`. */
function kindOf (target) {
  const kind = KINDS.find((candidate) => candidate !== FILE && candidate.matches(target))
  if (kind !== undefined) return kind
  const scheme = URL_LIKE.exec(target)
  if (scheme !== null) {
    throw new TypeError(`add: target ${JSON.stringify(target)} is a URL of an unsupported scheme "${scheme[1]}" (console, stdout, stderr, a file path, or an http(s) URL)`)
  }
  return FILE
}

/** The format name a sink asked for (`json: true` is `format: 'json'`); undefined: the kind's default. */
function formatOf (options, kind) {
  checkBoolean(options.json, 'add: options.json')
  if (options.json !== undefined && options.format !== undefined) {
    throw new TypeError('add: give options.format or options.json, not both')
  }
  const format = options.json === undefined ? options.format : (options.json ? 'json' : 'text')
  if (format === undefined) return kind.defaultFormat
  if (typeof format !== 'string') throw new TypeError(`add: options.format must be a string, got ${describeType(format)}`)
  if (!kind.formats.includes(format)) {
    const names = kind.formats.map((name) => `'${name}'`)
    throw new RangeError(`add: options.format must be ${names.slice(0, -1).join(', ')} or ${names.at(-1)} for ${kind.name} sinks, got ${JSON.stringify(format)}`)
  }
  return format
}

/**
 * A sink's own redaction. With a censor string or `remove`, the native
 * fields: the paths lib/redact.js parsed, as JSON with `null` for `*`, the
 * censor and remove; Rust redacts the sink's lines on the thread that
 * formats them (src/sink/redact.rs). A censor function cannot run there:
 * then `redactor`, which the log call runs (sinkFieldsJson).
 */
function redactSpec (redact) {
  if (redact === undefined) return {}
  const what = 'add: options.redact'
  const { paths, censor, remove } = parseRedact(redact, what)
  if (typeof censor === 'function') return { redactor: compileRedact(redact, what) }
  if (typeof censor !== 'string') throw new TypeError(`${what}.censor must be a string or a function, got ${describeType(censor)}`)
  const segments = paths.map((path) => path.map((segment) => segment === '*' ? null : segment))
  return { redactPaths: JSON.stringify(segments), redactCensor: censor, redactRemove: remove }
}

/**
 * The native description of a sink: `{ kind, level, format, color, ... }`
 * plus the kind's own fields, and `redactor` for a redaction JS runs. `defaultColor` is the configured color for
 * console sinks.
 */
function sinkSpec (target, options, defaultColor) {
  if (typeof target !== 'string' || target === '') {
    throw new TypeError(`add: target must be 'console', 'stdout', 'stderr', a file path or an http(s) URL, got ${target === '' ? 'an empty string' : describeType(target)}`)
  }
  options = checkOptions(options, SINK_OPTIONS, 'add')
  const kind = kindOf(target)
  for (const key of Object.keys(options)) {
    if (!COMMON_OPTIONS.includes(key) && !kind.options.has(key)) {
      throw new TypeError(`add: options.${key} is not an option of ${kind.name} sinks`)
    }
  }
  const level = options.level === undefined ? 0 : toLevelNumber(options.level, 'add: options.level')
  checkAuto(options.color, 'add: options.color')
  const format = formatOf(options, kind)
  const redaction = redactSpec(options.redact)
  return { color: false, ...kind.spec(target, options, { defaultColor, format }), level, format, ...redaction }
}

/**
 * The error `add()` throws when a target cannot be opened, as `fs.openSync`
 * would throw it: Rust gives the errno number as the code (on Unix), and
 * Node's own table names it, so `ENAMETOOLONG` and `ELOOP` come out right.
 */
function openError (error, file) {
  const errno = Number(error.code)
  const known = Number.isInteger(errno) && process.platform !== 'win32' ? getSystemErrorMap().get(-errno) : undefined
  if (known === undefined) return error
  const [code, description] = known
  const opened = new Error(`${code}: ${description}, open '${file}'`)
  return Object.assign(opened, { errno: -errno, code, syscall: 'open', path: file })
}

module.exports = { sinkSpec, openError }
