'use strict'

const { AsyncLocalStorage } = require('node:async_hooks')
// Captured now: fake timers installed later must not change complete({ timeout }).
const { setTimeout, clearTimeout } = require('node:timers')
const { NativeLogger, exitNow } = require('./binding').loadBinding()
const { Batch } = require('./batch')
const { Dispatcher, ORIGIN } = require('./dispatcher')
const { WorkerLane } = require('./worker-lane')
const { LEVELS, SILENT, toLevelNumber } = require('./levels')
const { sinkSpec, openError } = require('./sinks')
const { checkOptions, checkBoolean, checkAuto, checkPositiveInteger } = require('./checks')
const { DEFAULT_BASE, baseEntries } = require('./base')
const { drainOnEnd } = require('./exit')
const { compileRedact } = require('./redact')

// The state one root logger and all its children share: the native pipeline,
// the settings, the sinks, the callbacks, and the gate the log call checks
// before anything crosses into Rust.

const CONFIG_OPTIONS = new Set(['level', 'json', 'color', 'location', 'callbackBuffer', 'callbackBufferBytes', 'exitTimeout', 'redact', 'base'])
/**
 * How many records, and bytes of record JSON, wait for callbacks at most: in
 * the Rust buffer, and again in each callback's own backlog (src/callbacks/buffer.rs).
 */
const DEFAULT_CALLBACK_LIMITS = Object.freeze({ records: 100_000, bytes: 32 * 1024 * 1024 })
const MAX_U32 = 0xffffffff
/** How long exit waits, at most, for the writer (a stuck sink) and then the module callbacks. */
const DEFAULT_EXIT_TIMEOUT_MS = 10_000
/** Node's exit code for a top-level await that never settled. */
const UNSETTLED_TOP_LEVEL_AWAIT = 13
/** Sink levels cross as u32; 'silent' is the largest. */
const toNativeLevel = (level) => (level === SILENT ? 0xffffffff : level)

/** Every core alive in the process, drained synchronously whenever it ends (lib/exit.js). */
const cores = new Set()
drainOnEnd((final, exitCode) => {
  let stuck = false
  for (const core of cores) {
    // Code that runs after us as the process ends (later exit listeners,
    // signal-exit's handlers) may still log: from now on every log call
    // drains at once. Not on a signal the application handles: it may run on.
    if (final) core.exiting = true
    if (!core.drainSync()) stuck = true
    // 13: a top-level await never settled, typically `await logger.complete()`
    // waiting for a callback promise that never will. Say which.
    if (exitCode === UNSETTLED_TOP_LEVEL_AWAIT) core.dispatcher.reportUnsettled()
  }
  // Node's exit joins every worker thread, and a module callback stuck in a
  // system call would hold the process for ever: end it here instead, with
  // the code it was ending with (src/js/exit.rs). A signal kills it anyway.
  if (stuck && exitCode !== undefined) exitNow(exitCode)
})

class Core {
  constructor () {
    this.native = new NativeLogger(() => this.dispatcher.drain())
    this.native.setBase(baseEntries(DEFAULT_BASE))
    this.batch = new Batch(this.native)
    this.dispatcher = new Dispatcher(this.native, { ...DEFAULT_CALLBACK_LIMITS })
    /** The worker thread of module callbacks, started with the first one. */
    this.workerLane = null
    this.context = new AsyncLocalStorage()
    this.level = LEVELS.INFO
    this.color = 'auto'
    this.location = 'auto'
    /** The lowest level a callback that wants the call site takes. */
    this.locationLevel = Infinity
    this.exitTimeout = DEFAULT_EXIT_TIMEOUT_MS
    /** configure({ redact }): applied to every logger's fields (lib/redact.js). */
    this.redact = undefined
    /**
     * Sink id -> its redaction with a censor function, run by the log call.
     * Rust owns the sinks; this keeps only what Rust cannot run.
     */
    this.sinkRedactors = new Map()
    this.exiting = false
    /** Records at or above it go to a terminal sink: written before the log call returns. */
    this.terminalLevel = Infinity
    this.defaultConsoleId = 0
    this.defaultConsoleId = this.addSink('console', {})
    cores.add(this)
  }

  /** Recomputes the gate the log call checks, from what Rust says sinks and callbacks take. */
  refresh () {
    const gates = this.native.callbackGates()
    this.dispatcher.minLevel = gates.any < 0 ? Infinity : gates.any
    this.dispatcher.laneLevel = gates.main < 0 ? Infinity : gates.main
    this.locationLevel = gates.location < 0 ? Infinity : gates.location
    const sinks = this.native.sinkMinLevel()
    /** The lowest level any sink or callback takes. */
    const consumers = Math.min(this.dispatcher.minLevel, sinks < 0 ? Infinity : sinks)
    this.consumersMin = consumers
    /** The log call's first check: below it, nothing goes further. */
    this.gate = Math.max(this.level, consumers)
    const terminal = this.native.terminalMinLevel()
    this.terminalLevel = terminal < 0 ? Infinity : terminal
  }

  /**
   * Whether a record of this origin (dispatcher.origin) and level captures
   * its location. A capture costs V8 a stack walk of 2–7 µs, fifty times a
   * whole log call without it, so 'auto' captures only for records that a
   * callback wanting the location receives (the reference page promises
   * callbacks the location; `addCallback(fn, { location: false })` says one
   * does without); sinks write the location of records that have one.
   */
  wantsLocation (origin, level) {
    return this.location === true ||
      (this.location === 'auto' && origin === ORIGIN.APP_FOR_CALLBACKS && level >= this.locationLevel)
  }

  configure (options) {
    const { level, json, color, location, callbackBuffer, callbackBufferBytes, exitTimeout, redact, base } = checkOptions(options, CONFIG_OPTIONS, 'configure')
    const redactor = compileRedact(redact, 'configure: redact')
    // An empty level keeps the current one: `configure({ level: process.env.LOG_LEVEL })`.
    const levelNumber = level === undefined || level === '' ? this.level : toLevelNumber(level, 'configure: level')
    checkBoolean(json, 'configure: json')
    checkAuto(color, 'configure: color')
    checkAuto(location, 'configure: location')
    checkPositiveInteger(callbackBuffer, 'configure: callbackBuffer', MAX_U32)
    checkPositiveInteger(callbackBufferBytes, 'configure: callbackBufferBytes', Number.MAX_SAFE_INTEGER)
    checkPositiveInteger(exitTimeout, 'configure: exitTimeout', MAX_U32)
    const baseJson = base === undefined ? undefined : baseEntries(base)
    this.level = levelNumber
    this.batch.send()
    if (json !== undefined) this.native.setDefaultJson(json)
    if (baseJson !== undefined) this.native.setBase(baseJson)
    if (location !== undefined) this.location = location
    if (exitTimeout !== undefined) this.exitTimeout = exitTimeout
    // Bindings are redacted when bound: configure redaction before making children.
    if (redact !== undefined) this.redact = redactor
    if (callbackBuffer !== undefined || callbackBufferBytes !== undefined) {
      const limits = this.dispatcher.limits
      limits.records = callbackBuffer ?? limits.records
      limits.bytes = callbackBufferBytes ?? limits.bytes
      this.native.setCallbackLimits(limits.records, limits.bytes)
      this.workerLane?.setLimits(limits)
    }
    if (color !== undefined && color !== this.color) {
      this.color = color
      // The default console sink decided its colors when added: add it again.
      if (this.removeSink(this.defaultConsoleId)) this.defaultConsoleId = this.addSink('console', {})
    }
    this.refresh()
  }

  addSink (target, options) {
    const { redactor, ...spec } = sinkSpec(target, options, this.color)
    // Sink and callback changes take effect between records: what was logged
    // before goes first.
    this.batch.send()
    let id
    try {
      id = this.native.addSink({ ...spec, level: toNativeLevel(spec.level) })
    } catch (error) {
      throw openError(error, spec.path)
    }
    if (redactor !== undefined) this.sinkRedactors.set(id, redactor)
    // An explicit console sink takes over from the default one, so
    // `add('console')` never prints every line twice.
    if (spec.kind === 'stdout') this.native.removeSink(this.defaultConsoleId)
    this.refresh()
    return id
  }

  removeSink (id) {
    this.batch.send()
    const removed = this.native.removeSink(id)
    this.sinkRedactors.delete(id)
    this.refresh()
    return removed
  }

  removeAllSinks () {
    this.batch.send()
    const any = this.native.removeAllSinks() > 0
    this.sinkRedactors.clear()
    this.refresh()
    return any
  }

  /**
   * Every file sink reopens its file by name, after writing what was logged
   * before: records logged after this call go to the new file.
   */
  reopen () {
    this.batch.send()
    this.native.reopen()
  }

  /**
   * Registers a callback: `target` is a function, run on this thread, or a
   * module's URL, run on the logger's worker thread (its export `exportName`).
   */
  addCallback (target, { name, level, maxPending, location, exportName }) {
    this.batch.send()
    const onWorker = typeof target === 'string'
    const id = this.native.addCallback(level, onWorker, location)
    if (onWorker) {
      this.workerLane ??= new WorkerLane(this.native, this.dispatcher.limits, (moduleId) => this.removeCallback(moduleId))
      this.workerLane.add(id, target, exportName, name, maxPending)
    } else {
      this.dispatcher.register(id, target, name, maxPending)
    }
    this.refresh()
    return id
  }

  removeCallback (id) {
    this.batch.send()
    if (!this.native.removeCallback(id)) return false
    // Records logged before now still reach it.
    if (this.workerLane?.has(id)) this.workerLane.retire(id, this.batch.pushed)
    else this.dispatcher.retire(id, this.batch.pushed)
    this.refresh()
    return true
  }

  /**
   * Resolves when everything logged before the call is written, delivered to
   * every callback that takes it, and their promises settled; then writes
   * what those callbacks logged meanwhile. Records logged after the call are
   * not waited for, so steady logging never keeps it from resolving.
   */
  complete (timeout) {
    const done = this.completeThrough(this.batch.pushed)
    if (timeout === undefined) return done
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(this.timedOut(timeout)), timeout)
      done.then(resolve, reject).finally(() => clearTimeout(timer))
    })
  }

  async completeThrough (target) {
    this.batch.send()
    await this.native.flush()
    await Promise.all([this.dispatcher.settleThrough(target), this.workerLane?.settleThrough(target)])
    this.batch.send()
    await this.native.flush()
    // Network sinks send in batches on their own threads: wait, boundedly.
    await this.native.flushExports(this.exitTimeout)
  }

  /** Resolves when everything logged so far is written by the sinks. */
  async flush () {
    this.batch.send()
    await this.native.flush()
  }

  /** The error of a complete() that timed out: what it still waits for. */
  timedOut (timeout) {
    const pending = this.dispatcher.owing()
    if (this.workerLane?.waiting()) pending.push('module callbacks on the worker thread')
    const error = new Error(`logly: complete() timed out after ${timeout} ms; still waiting for ` +
      (pending.length > 0 ? pending.join(', ') : 'the writer'))
    error.code = 'ERR_LOGLY_COMPLETE_TIMEOUT'
    return error
  }

  /**
   * At exit: every record logged so far to the sinks and the synchronous
   * part of every callback, boundedly. False when a module callback's thread
   * is stuck: Node's own exit would then wait for it for ever.
   */
  drainSync () {
    const deadline = Date.now() + this.exitTimeout
    const target = this.batch.pushed
    this.batch.send()
    this.native.flushSync(this.exitTimeout)
    this.dispatcher.drainSync()
    const workersDone = this.workerLane?.drainSync(target, deadline) ?? true
    // What the callbacks logged, and network sinks' batches, within what is left.
    this.native.flushExportsSync(Math.max(1, deadline - Date.now()))
    return workersDone
  }

  stats () {
    const native = this.native.stats()
    const { delivered, dropped, callbackErrors } = this.dispatcher.counters
    const worker = this.workerLane?.counters() ?? { delivered: 0, dropped: 0, callbackErrors: 0 }
    return {
      emitted: this.batch.pushed,
      written: native.written,
      delivered: delivered + worker.delivered,
      dropped: native.dropped + dropped + worker.dropped,
      callbackErrors: callbackErrors + worker.callbackErrors,
      writeErrors: native.writeErrors,
      lost: native.lost,
      exportDropped: native.exportDropped
    }
  }
}

module.exports = { Core }
