'use strict'

const { AsyncLocalStorage } = require('node:async_hooks')
const { NativeLogger } = require('../index.js')
const { Batch } = require('./batch')
const { Dispatcher } = require('./dispatcher')
const { LEVELS, SILENT, toLevelNumber } = require('./levels')
const { sinkSpec } = require('./sinks')
const { checkOptions, checkBoolean, checkAuto } = require('./checks')

// The state one root logger and all its children share: the native pipeline,
// the settings, the sinks, the callbacks, and the gate the log call checks
// before anything crosses into Rust.

const CONFIG_OPTIONS = new Set(['level', 'json', 'color', 'location', 'callbackBuffer'])
const DEFAULT_CALLBACK_BUFFER = 100_000
/** How long exit waits for the writer before giving up on a stuck sink. */
const EXIT_FLUSH_TIMEOUT_MS = 10_000
/** Sink levels cross as u32; 'silent' is the largest. */
const toNativeLevel = (level) => (level === SILENT ? 0xffffffff : level)

/** Every core alive in the process, drained synchronously at exit. */
const cores = new Set()
process.on('exit', () => {
  for (const core of cores) {
    // Exit listeners added after ours may still log: from now on every log
    // call drains at once.
    core.exiting = true
    core.drainSync()
  }
})

class Core {
  constructor () {
    this.native = new NativeLogger(() => this.dispatcher.drain())
    this.batch = new Batch(this.native)
    this.dispatcher = new Dispatcher(this.native, DEFAULT_CALLBACK_BUFFER)
    this.emitted = 0
    this.context = new AsyncLocalStorage()
    this.level = LEVELS.INFO
    this.color = 'auto'
    this.location = 'auto'
    /** id -> level of every live sink. */
    this.sinks = new Map()
    this.exiting = false
    this.defaultConsoleId = 0
    this.defaultConsoleId = this.addSink('console', {})
    cores.add(this)
  }

  /** Recomputes the gate the log call checks. */
  refresh () {
    let consumers = this.dispatcher.minLevel
    for (const level of this.sinks.values()) consumers = Math.min(consumers, level)
    /** The lowest level any sink or callback takes. */
    this.consumersMin = consumers
    /** The log call's first check: below it, nothing goes further. */
    this.gate = Math.max(this.level, consumers)
  }

  /**
   * Whether a record, claimed for callbacks as `seq` (or -1), captures its
   * location. A capture costs V8 a stack walk of 2–7 µs, fifty times a whole
   * log call without it, so 'auto' captures only for records a callback
   * receives (the reference page promises callbacks the location); sinks
   * write the location of records that have one.
   */
  wantsLocation (seq) {
    return this.location === true || (seq >= 0 && this.location === 'auto')
  }

  configure (options) {
    const { level, json, color, location, callbackBuffer } = checkOptions(options, CONFIG_OPTIONS, 'configure')
    const levelNumber = level === undefined ? this.level : toLevelNumber(level, 'configure: level')
    checkBoolean(json, 'configure: json')
    checkAuto(color, 'configure: color')
    checkAuto(location, 'configure: location')
    if (callbackBuffer !== undefined && !(Number.isInteger(callbackBuffer) && callbackBuffer > 0 && callbackBuffer <= 0xffffffff)) {
      throw new RangeError(`configure: callbackBuffer must be a positive integer, got ${callbackBuffer}`)
    }
    this.level = levelNumber
    this.batch.send()
    if (json !== undefined) this.native.setDefaultJson(json)
    if (location !== undefined) this.location = location
    if (callbackBuffer !== undefined) {
      this.dispatcher.capacity = callbackBuffer
      this.native.setCallbackBuffer(callbackBuffer)
    }
    if (color !== undefined && color !== this.color) {
      this.color = color
      // The default console sink decided its colors when added: add it again.
      if (this.removeSink(this.defaultConsoleId)) this.defaultConsoleId = this.addSink('console', {})
    }
    this.refresh()
  }

  addSink (target, options) {
    const spec = sinkSpec(target, options, this.color)
    if (spec.kind === 'stdout' && this.sinks.has(this.defaultConsoleId)) {
      // An explicit console sink takes over from the default one, so
      // `add('console')` never prints every line twice.
      this.removeSink(this.defaultConsoleId)
    }
    this.batch.send()
    const id = this.native.addSink({ ...spec, level: toNativeLevel(spec.level) })
    this.sinks.set(id, spec.level)
    this.refresh()
    return id
  }

  removeSink (id) {
    if (!this.sinks.has(id)) return false
    this.batch.send()
    this.native.removeSink(id)
    this.sinks.delete(id)
    this.refresh()
    return true
  }

  removeAllSinks () {
    const any = this.sinks.size > 0
    this.batch.send()
    this.native.removeAllSinks()
    this.sinks.clear()
    this.refresh()
    return any
  }

  addCallback (fn, name, level, maxPending) {
    const id = this.dispatcher.add(fn, name, level, maxPending)
    this.refresh()
    return id
  }

  removeCallback (id) {
    const removed = this.dispatcher.remove(id)
    if (removed) this.refresh()
    return removed
  }

  /**
   * Resolves when everything logged so far is written and delivered, and
   * every callback promise settled. Records that callbacks log while this
   * waits are part of "so far": it goes round until callbacks log no more.
   * (Counting every record instead would never end under steady logging.)
   */
  async complete () {
    let logged
    do {
      logged = this.dispatcher.loggedByCallbacks
      this.batch.send()
      await this.native.flush()
      await this.dispatcher.whenIdle()
    } while (this.dispatcher.loggedByCallbacks !== logged)
  }

  drainSync () {
    this.batch.send()
    this.native.flushSync(EXIT_FLUSH_TIMEOUT_MS)
    this.dispatcher.drainSync()
  }

  stats () {
    const native = this.native.stats()
    const { delivered, dropped, callbackErrors } = this.dispatcher.counters
    return {
      emitted: this.emitted,
      written: native.written,
      delivered,
      dropped: native.dropped + dropped,
      callbackErrors,
      writeErrors: native.writeErrors
    }
  }
}

module.exports = { Core }
