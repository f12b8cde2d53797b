'use strict'

const { Core } = require('./core')
const { LEVELS, SILENT, values, labels, toLevelNumber, levelName } = require('./levels')
const { describeType, checkOptions, checkBoolean, checkPositiveInteger } = require('./checks')
const { callbackTarget, defaultName } = require('./callback-target')
const { compileRedact, sinkFieldsJson } = require('./redact')
const { parseArgs, isFieldsObject, isPlainObject, exceptionArgs } = require('./args')
const { fieldsFragment, flatFragmentOf, structuredFragment, NOT_RAW_FLAT, joinFragments, thrownMarker, readProperty, copyFields } = require('./fields')
const { captureCallSite } = require('./callsite')
const { defaultSerializers } = require('./serializers')

// The public logger. One root logger owns a Core (native pipeline, sinks,
// callbacks); children from bind()/child() share it and add bound fields,
// serializers and optionally their own level.
//
// The log call, top to bottom: level gate (no allocation below the level),
// arguments -> message and fields, serializers, fields -> one JSON fragment
// joined with bound and contextual fields (a plain logger's flat fields go
// raw instead, after those: takesRawFields), then seven values appended to the batch
// (batch.js). The origin (callbacks or not) and the call site, when
// something needs it, are taken first, in the public method. A log call
// never throws: each step is safe for any value (fields.js, args.js), and
// `guarded` still writes the record if something throws anyway.

const kCore = Symbol('logly.core')
const kBindings = Symbol('logly.bindings')
const kMsgPrefix = Symbol('logly.msgPrefix')
const kRedact = Symbol('logly.redact')
const kOwnLevel = Symbol('logly.ownLevel')
const kSerializers = Symbol('logly.serializers')
const kRoot = Symbol('logly.root')

const CALLBACK_OPTIONS = new Set(['name', 'level', 'maxPending', 'location', 'export'])
const CHILD_OPTIONS = new Set(['level', 'serializers', 'msgPrefix', 'redact'])
const COMPLETE_OPTIONS = new Set(['timeout'])

class Logger {
  /**
   * A new root logger with its own sinks and callbacks, writing text to the
   * console at INFO until configured. Most programs use the shared `logger`.
   */
  constructor (options) {
    this[kCore] = new Core()
    this[kRoot] = true
    this[kBindings] = ''
    this[kMsgPrefix] = ''
    /** The child-level redactors, outermost first; configure({ redact }) is the core's. */
    this[kRedact] = []
    this[kOwnLevel] = undefined
    this[kSerializers] = defaultSerializers
    if (options !== undefined) this.configure(options)
  }

  configure (options) {
    this[kCore].configure(options)
    return this
  }

  add (target, options) {
    return this[kCore].addSink(target, options)
  }

  remove (id) {
    if (arguments.length === 0) return this[kCore].removeAllSinks()
    return typeof id === 'number' && this[kCore].removeSink(id)
  }

  /**
   * A function runs on this thread; a module (absolute path, file: URL or
   * URL) on the logger's worker thread, its default export (or
   * `options.export`) called with each record.
   */
  addCallback (callback, options) {
    const target = callbackTarget(callback)
    const {
      name = defaultName(target), level, maxPending = 1000, location = true, export: exportName = 'default'
    } = checkOptions(options, CALLBACK_OPTIONS, 'addCallback')
    if (typeof name !== 'string') throw new TypeError(`addCallback: options.name must be a string, got ${describeType(name)}`)
    checkPositiveInteger(maxPending, 'addCallback: options.maxPending', Number.MAX_SAFE_INTEGER)
    checkBoolean(location, 'addCallback: options.location')
    if (typeof exportName !== 'string') throw new TypeError(`addCallback: options.export must be a string, got ${describeType(exportName)}`)
    if (typeof target === 'function' && options?.export !== undefined) {
      throw new TypeError('addCallback: options.export is for module callbacks, not functions')
    }
    const levelNumber = level === undefined ? 0 : toLevelNumber(level, 'addCallback: options.level')
    return this[kCore].addCallback(target, { name, level: levelNumber, maxPending, location, exportName })
  }

  removeCallback (id) {
    return Number.isInteger(id) && id > 0 && id <= 0xffffffff && this[kCore].removeCallback(id)
  }

  /** Every file sink opens its file again by name (logrotate's create mode). */
  reopen () {
    this[kCore].reopen()
  }

  /** Resolves when every sink has written and every callback has settled. */
  complete (options) {
    const { timeout } = checkOptions(options, COMPLETE_OPTIONS, 'complete')
    checkPositiveInteger(timeout, 'complete: options.timeout', 0xffffffff)
    return this[kCore].complete(timeout)
  }

  stats () {
    return this[kCore].stats()
  }

  /** A child logger whose records carry `fields`. */
  bind (fields) {
    return this.child(fields)
  }

  /** pino's child(bindings, options): options.level ('' inherits) and options.serializers. */
  child (bindings, options) {
    if (!isFieldsObject(bindings)) {
      throw new TypeError(`child: bindings must be a plain object, got ${describeType(bindings)}`)
    }
    const child = Object.create(Object.getPrototypeOf(this))
    child[kCore] = this[kCore]
    child[kOwnLevel] = this[kOwnLevel]
    child[kSerializers] = this[kSerializers]
    child[kMsgPrefix] = this[kMsgPrefix]
    child[kRedact] = this[kRedact]
    if (options !== undefined && options !== null) {
      checkOptions(definedOnly(options), CHILD_OPTIONS, 'child')
      if (options.level !== undefined && options.level !== '') {
        child[kOwnLevel] = toLevelNumber(options.level, 'child: options.level')
      }
      if (options.serializers !== undefined) {
        child[kSerializers] = { ...child[kSerializers], ...options.serializers }
      }
      if (options.redact !== undefined) {
        // Added to the parent's: a child never shows what its parent hides.
        child[kRedact] = [...child[kRedact], compileRedact(options.redact, 'child: options.redact')]
      }
      if (options.msgPrefix !== undefined) {
        if (typeof options.msgPrefix !== 'string') {
          throw new TypeError(`child: options.msgPrefix must be a string, got ${describeType(options.msgPrefix)}`)
        }
        // As in pino, a grandchild's prefix follows its parent's.
        child[kMsgPrefix] += options.msgPrefix
      }
    }
    child[kBindings] = joinFragments(this[kBindings], fieldsFragment(serialize(child, bindings)))
    return child
  }

  /** pino's bindings(): the fields this logger binds, later ones winning. */
  bindings () {
    return JSON.parse('{' + this[kBindings] + '}')
  }

  /** pino's setBindings(): binds more fields to this logger (a key bound again takes the new value). */
  setBindings (bindings) {
    if (!isFieldsObject(bindings)) {
      throw new TypeError(`setBindings: bindings must be a plain object, got ${describeType(bindings)}`)
    }
    this[kBindings] = joinFragments(this[kBindings], fieldsFragment(serialize(this, bindings)))
  }

  /**
   * pino's flush(cb): everything logged so far is written by the sinks, then
   * `cb(err)` (callbacks are not waited for: that is `complete()`).
   */
  flush (cb) {
    const flushed = this[kCore].flush()
    if (typeof cb === 'function') flushed.then(() => cb(), cb)
  }

  /** Runs `fn` with `fields` on everything logged inside it, across awaits. */
  contextualize (fields, fn) {
    if (!isFieldsObject(fields)) {
      throw new TypeError(`contextualize: fields must be a plain object, got ${describeType(fields)}`)
    }
    if (typeof fn !== 'function') throw new TypeError(`contextualize: fn must be a function, got ${describeType(fn)}`)
    const { context } = this[kCore]
    const fragment = joinFragments(context.getStore() ?? '', fieldsFragment(redacted(this, fields)))
    return context.run(fragment, fn)
  }

  /** The level name in force for this logger, lower-case as pino reports it. */
  get level () {
    const level = this[kOwnLevel] ?? this[kCore].level
    return levelName(level).toLowerCase()
  }

  /** On the root logger, the global level; on a child, its own. */
  set level (level) {
    const number = toLevelNumber(level, 'level')
    if (this[kRoot] === true) {
      this[kCore].configure({ level: number })
    } else {
      this[kOwnLevel] = number
    }
  }

  isLevelEnabled (level) {
    const number = toLevelNumber(level, 'isLevelEnabled: level')
    return number !== SILENT && number >= threshold(this)
  }

  /**
   * `log('ERROR', message, fields)`: the level by name or number. A level
   * that is not one is a programming error, but log calls never throw: the
   * record is written at ERROR.
   */
  log (level, first, second, ...rest) {
    let number
    try {
      number = toLevelNumber(level, 'log: level')
    } catch {
      number = LEVELS.ERROR
    }
    if (number === SILENT || number < threshold(this)) return
    const core = this[kCore]
    const origin = core.dispatcher.origin(number, core.batch.pushed)
    const site = core.wantsLocation(origin, number) ? captureCallSite(this.log) : undefined
    guarded(this, number, origin, site, first, second, rest)
  }

  /**
   * ERROR with the error under `exception`: `{ type, message, stack, cause }`.
   * The message is never interpolated; a message that is not a string is
   * shown as one, fields that are not an object go under `fields`.
   */
  exception (message, error, fields) {
    if (LEVELS.ERROR < threshold(this)) return
    const core = this[kCore]
    const origin = core.dispatcher.origin(LEVELS.ERROR, core.batch.pushed)
    const site = core.wantsLocation(origin, LEVELS.ERROR) ? captureCallSite(this.exception) : undefined
    guarded(this, LEVELS.ERROR, origin, site, message, error, fields, exceptionCall)
  }
}

/** exception()'s arguments as a record. */
function exceptionCall (logger, level, origin, site, message, error, fields) {
  const args = exceptionArgs(message, error, fields)
  emit(logger, level, origin, site, args.message, args.fields)
}

/**
 * The keys of `options` whose value is not undefined: frameworks pass
 * options objects with keys they cleared (Fastify sets `logger: undefined`).
 * Anything but an object is left for checkOptions to refuse.
 */
function definedOnly (options) {
  if (typeof options !== 'object' || Array.isArray(options)) return options
  const defined = {}
  for (const key of Object.keys(options)) if (options[key] !== undefined) defined[key] = options[key]
  return defined
}

/** The lowest level this logger logs at. */
function threshold (logger) {
  const own = logger[kOwnLevel]
  const core = logger[kCore]
  return own === undefined ? core.gate : Math.max(own, core.consumersMin)
}

/**
 * Applies the logger's serializers, then its redaction (configure's and its
 * children's), to `fields`: what a record will show of them.
 */
function serialize (logger, fields) {
  return redacted(logger, serialized(logger, fields))
}

/**
 * Whether nothing but the call's own fields shape the record: built-in
 * serializers and no redaction. Flat fields then need no serializer
 * lookups (the req/res serializers only touch framework objects, and a
 * flat object holds none): skipping them measured ~15% of a small-object
 * call.
 */
function plainFields (logger) {
  return logger[kSerializers] === defaultSerializers && logger[kRedact].length === 0 && logger[kCore].redact === undefined
}

/**
 * Whether a record's flat fields may go raw (lib/batch.js): a plain
 * logger, no sink redaction run in JS (it works on the JSON fragment), and
 * no terminal sink written now.
 */
function takesRawFields (logger, core, level) {
  return plainFields(logger) && core.sinkRedactors.size === 0 && level < core.terminalLevel
}

/**
 * What a record shows of `fields`, as a JSON fragment (fields.js
 * fieldsFragment). `notFlat`: the raw path already walked them and found
 * them not flat, so the flat path is not tried again.
 */
function recordFragment (logger, fields, notFlat) {
  const plain = plainFields(logger)
  if (plain && !notFlat) {
    const flat = flatFragmentOf(fields)
    if (flat !== undefined) return flat
  }
  const shown = serialize(logger, fields)
  // Fields the flat path already refused are not tried on it again.
  return plain && shown === fields ? structuredFragment(fields) : fieldsFragment(shown)
}

function redacted (logger, fields) {
  const global = logger[kCore].redact
  const chain = logger[kRedact]
  if (global === undefined && chain.length === 0) return fields
  let result = global === undefined ? fields : global(fields)
  for (let i = 0; i < chain.length; i++) result = chain[i](result)
  return result
}

/**
 * Applies the logger's serializers to the top-level keys of `fields`. A
 * serializer that throws leaves the marker of what it threw in its place.
 */
function serialized (logger, fields) {
  const serializers = logger[kSerializers]
  let copy
  for (const key in serializers) {
    // A getter or Proxy trap that throws gives its marker, a string: the
    // built-in serializers pass it by, the record shows it.
    const value = readProperty(fields, key)
    if (value === undefined) continue
    const serializer = serializers[key]
    // The built-in req/res serializers only touch framework objects; plain
    // objects logged under those names are the user's own data.
    if (serializer === defaultSerializers[key] && !isFrameworkObject(value)) continue
    copy ??= copyFields(fields)
    try {
      copy[key] = serializer(value)
    } catch (error) {
      copy[key] = thrownMarker(error)
    }
  }
  return copy ?? fields
}

function isFrameworkObject (value) {
  return typeof value === 'object' && value !== null && !isPlainObject(value)
}

/**
 * Runs `write` (or another `call(logger, level, origin, site, first, second,
 * rest)`) so that the log call never throws: if anything throws before the record
 * reached the batch, the record is still written, with what the call's
 * first argument says if it is a string, and the reason under `loggingError`.
 */
function guarded (logger, level, origin, site, first, second, rest, call = write) {
  const batch = logger[kCore].batch
  const before = batch.pushed
  try {
    call(logger, level, origin, site, first, second, rest)
  } catch (error) {
    if (batch.pushed !== before) return
    const message = typeof first === 'string' ? first : ''
    emit(logger, level, origin, site, message, { loggingError: thrownMarker(error) })
  }
}

/** Reads a log call's arguments, then emits. */
function write (logger, level, origin, site, first, second, rest) {
  // The common shapes skip parseArgs: (message), (message, fields) and pino's
  // (fields, message), without placeholders to interpolate.
  if (rest.length === 0 && typeof first === 'string' && (second === undefined || (isPlainObject(second) && !first.includes('%')))) {
    emit(logger, level, origin, site, first, second)
  } else if (rest.length === 0 && isPlainObject(first) && (second === undefined || (typeof second === 'string' && !second.includes('%')))) {
    emit(logger, level, origin, site, second ?? '', first)
  } else {
    const { message, fields } = parseArgs(first, second, rest)
    emit(logger, level, origin, site, message, fields)
  }
}

/** Hands one record to the batch. */
function emit (logger, level, origin, site, message, fields) {
  const core = logger[kCore]
  const context = core.context.getStore() ?? ''
  const prefix = logger[kMsgPrefix]
  const time = Date.now()
  const text = prefix === '' ? message : prefix + message
  // Taken last before the push: nothing may run between the two.
  let count
  if (fields !== undefined && takesRawFields(logger, core, level)) {
    count = core.batch.pushRawFields(fields, joinFragments(logger[kBindings], context))
    if (count >= 0) {
      core.batch.push(level, time, origin, text, count, site, undefined)
      if (core.exiting) core.drainSync()
      return
    }
  }
  let json = joinFragments(logger[kBindings], context)
  if (fields !== undefined) json = joinFragments(json, recordFragment(logger, fields, count === NOT_RAW_FLAT))
  const fieldsJson = json === '' ? undefined : '{' + json + '}'
  const sinkFields = json === '' || core.sinkRedactors.size === 0 ? undefined : sinkFieldsJson(core.sinkRedactors, json)
  core.batch.push(level, time, origin, text, fieldsJson, site, sinkFields)
  if (core.exiting) core.drainSync()
  // A terminal shows it now, in its place among console.log lines (src/sink/terminal.rs).
  else if (level >= core.terminalLevel) core.batch.writeThrough(level, time, origin, text, fieldsJson, site, sinkFields)
}

/**
 * One method per level; each is its own call-site cut-off. The origin and the
 * call site are taken here, in the public method itself: V8's stack walk
 * pays for every frame between the capture and the cut-off (an optimized
 * frame is summarized, inlined calls and all), so capturing three calls
 * deeper measured ~1 µs dearer per record. `log()` and `exception()` do
 * the same.
 */
function defineLevelMethod (name, level) {
  const method = function (first, second, ...rest) {
    if (level < threshold(this)) return
    const core = this[kCore]
    const origin = core.dispatcher.origin(level, core.batch.pushed)
    const site = core.wantsLocation(origin, level) ? captureCallSite(method) : undefined
    guarded(this, level, origin, site, first, second, rest)
  }
  Object.defineProperty(method, 'name', { value: name })
  Logger.prototype[name] = method
}

for (const [name, level] of Object.entries(LEVELS)) defineLevelMethod(name.toLowerCase(), level)
Logger.prototype.warn = Logger.prototype.warning
Logger.prototype.fatal = Logger.prototype.critical
Logger.prototype.levels = { values, labels }
/** pino's no-op for its `silent` level; Fastify's logger type expects it. */
Logger.prototype.silent = function silent () {}

module.exports = { Logger }
