'use strict'

// One factory per logger family, and a table of the named set-ups the
// benchmark compares. Every factory returns the same small handle:
//
//   { log, flush(), close(), stats() }
//
// `log` is an adapter with msg(m), obj(m, fields), err(m, error), child(b):
// the calling convention differs between loggers (pino and bunyan take the
// fields first, logly and winston the message first), so the adapter makes
// the one direct call each logger documents and nothing else.
//
// Callbacks are "the alert just counts": `callbacks.fns` are counting
// functions, attached the way each logger offers: logly addCallback, pino
// hooks.logMethod (runs inside the log call), winston a custom transport,
// bunyan a raw stream.
//
// Redaction (a case's `redact` paths) is each logger's own option: logly
// configure({ redact }), pino({ redact }). winston and bunyan have no path
// redaction, so they do not run such a case (see unsupported).

const path = require('node:path')
const { rotatedLineCounter } = require('./files')

// LOGLY_PATH (run.js --logly=DIR) benchmarks another copy of the package, e.g.
// a snapshot of one commit while the working tree keeps changing.
const LOGLY = process.env.LOGLY_PATH ? path.resolve(process.env.LOGLY_PATH) : path.resolve(__dirname, '..')

function fieldsFirst (l) {
  return {
    msg: (m) => l.info(m),
    obj: (m, o) => l.info(o, m),
    err: (m, e) => l.error({ err: e }, m),
    child: (b) => fieldsFirst(l.child(b))
  }
}

function messageFirst (l, childOf) {
  return {
    msg: (m) => l.info(m),
    obj: (m, o) => l.info(m, o),
    err: (m, e) => l.error(m, { err: e }),
    child: (b) => messageFirst(childOf(l, b), childOf)
  }
}

const resolved = () => Promise.resolve()

function loadLogly () {
  try {
    const lib = require(LOGLY)
    if (!lib.logger || typeof lib.logger.info !== 'function') throw new Error('no logger export')
    return lib
  } catch (err) {
    const first = String(err && err.message).split('\n')[0]
    throw new Error(`logly not built at ${LOGLY} (${first})`)
  }
}

const FAMILIES = {
  logly: {
    load: loadLogly,
    create (lib, { file, json, location, rotation, otlp, callbacks, redact }) {
      const { logger } = lib
      logger.remove() // the default console sink too
      const conf = { level: 'INFO', json }
      if (location !== undefined) conf.location = location
      if (redact !== undefined) conf.redact = redact
      logger.configure(conf)
      logger.add(file, rotation === undefined ? { json } : { json, rotation })
      if (otlp) {
        // run.js starts the collector for the whole run (see collector.js).
        const url = process.env.LOGLY_BENCH_COLLECTOR
        if (!url) throw new Error('logly-otlp needs the collector run.js starts (LOGLY_BENCH_COLLECTOR)')
        logger.add(url, { format: 'otlp', resource: { 'service.name': 'logly-bench' } })
      }
      callbacks.fns.forEach((fn, i) => {
        logger.addCallback(fn, { name: `count-${i}`, level: callbacks.level.toUpperCase() })
      })
      return {
        log: messageFirst(logger, (l, b) => l.bind(b)),
        flush: () => logger.complete(),
        close: () => logger.complete(),
        stats: () => logger.stats(),
        // A rotating sink's lines are spread over its files.
        countLines: rotation === undefined ? undefined : rotatedLineCounter(file)
      }
    }
  },

  pino: {
    load: () => require('pino'),
    create (pino, { file, sync, callbacks, redact }) {
      const dest = pino.destination({ dest: file, sync })
      const options = { level: 'info' }
      if (redact !== undefined) options.redact = redact
      if (callbacks.fns.length > 0) options.hooks = { logMethod: pinoHook(pino, callbacks) }
      const logger = pino(options, dest)
      return {
        log: fieldsFirst(logger),
        flush: () => new Promise((resolve) => logger.flush(() => resolve())),
        close: () => new Promise((resolve) => { dest.end(); dest.once('close', resolve) }),
        stats: () => null
      }
    }
  },

  winston: {
    load: () => require('winston'),
    create (winston, { file, callbacks }) {
      const { createLogger, format, transports } = winston
      const counting = callbacks.fns.map((fn) => new (countingTransport(winston))({ level: callbacks.level, fn }))
      const logger = createLogger({
        level: 'info',
        format: format.combine(winstonErrors(winston)(), format.timestamp(), format.json()),
        transports: [new transports.File({ filename: file }), ...counting]
      })
      return {
        log: messageFirst(logger, (l, b) => l.child(b)),
        flush: resolved, // the file transport has no flush; run.js waits for the lines
        close: () => new Promise((resolve) => { logger.once('finish', resolve); logger.end() }),
        stats: () => null
      }
    }
  },

  bunyan: {
    load: () => require('bunyan'),
    create (bunyan, { file, callbacks }) {
      const streams = [{ level: 'info', path: file }]
      for (const fn of callbacks.fns) streams.push({ type: 'raw', level: callbacks.level, stream: { write: fn } })
      const logger = bunyan.createLogger({ name: 'bench', streams, serializers: bunyan.stdSerializers })
      return {
        log: fieldsFirst(logger),
        flush: resolved, // fs.WriteStream; run.js waits for the lines
        close: () => new Promise((resolve) => logger.streams[0].stream.end(resolve)),
        stats: () => null
      }
    }
  }
}

// pino has no callback API; the usual way to see every record is the
// logMethod hook, which runs inside the log call (so the caller pays).
function pinoHook (pino, { level, fns }) {
  const threshold = pino.levels.values[level]
  return function logMethod (args, method, num) {
    if (num >= threshold) for (let i = 0; i < fns.length; i++) fns[i](args)
    return method.apply(this, args)
  }
}

let CountingTransport
function countingTransport (winston) {
  if (CountingTransport) return CountingTransport
  CountingTransport = class extends winston.Transport {
    constructor ({ fn, ...opts }) {
      super(opts)
      this.fn = fn
    }

    log (info, next) {
      this.fn(info)
      next()
    }
  }
  return CountingTransport
}

// winston's json format drops an Error's non-enumerable fields; this is the
// equivalent of pino's and bunyan's standard err serializer.
function winstonErrors (winston) {
  return winston.format((info) => {
    const e = info.err
    if (e instanceof Error) info.err = { type: e.name, message: e.message, stack: e.stack }
    return info
  })
}

// The named set-ups. `options` go to the family's create().
const LOGGERS = {
  logly: { family: 'logly', options: { json: false }, note: 'text file sink' },
  'logly-json': { family: 'logly', options: { json: true }, note: 'JSON file sink' },
  'logly-rotating': { family: 'logly', options: { json: false, rotation: '1 MB' }, note: "text file sink, rotation: '1 MB'" },
  'logly-otlp': { family: 'logly', options: { json: false, otlp: true }, note: 'text file sink + OTLP/HTTP sink to a local collector' },
  'pino-sync': { family: 'pino', options: { sync: true }, note: 'pino.destination({sync: true})' },
  'pino-async': { family: 'pino', options: { sync: false }, note: 'pino.destination({sync: false})' },
  winston: { family: 'winston', options: {}, note: 'File transport, json + timestamp' },
  bunyan: { family: 'bunyan', options: {}, note: 'file stream (path)' }
}

const LOGGER_NAMES = Object.keys(LOGGERS)
const PINO_MODES = ['pino-sync', 'pino-async']

function getLogger (name) {
  const found = LOGGERS[name]
  if (!found) throw new Error(`unknown logger "${name}" (known: ${LOGGER_NAMES.join(', ')})`)
  return found
}

// What a case can ask of a logger besides the log call (cases.js), and the
// families that offer it.
const CASE_FEATURES = {
  redact: { families: ['logly', 'pino'], lacking: 'no path redaction' }
}

/**
 * Why logger `name` cannot run a case, or null when it can.
 * @param {string} name a key of LOGGERS
 * @param {object} spec the case (cases.js), or the part of it create() gets
 */
function unsupported (name, spec) {
  const { family } = getLogger(name)
  const lacked = Object.keys(CASE_FEATURES).find((f) => spec[f] !== undefined && !CASE_FEATURES[f].families.includes(family))
  return lacked ? CASE_FEATURES[lacked].lacking : null
}

/**
 * Create a named logger writing to `file`.
 * @param {string} name a key of LOGGERS
 * @param {{file: string, options?: object, callbacks?: {level: string, fns: Function[]}, redact?: string[]}} spec
 */
function createLogger (name, { file, options = {}, callbacks = { level: 'info', fns: [] }, redact }) {
  const { family, options: base } = getLogger(name)
  // plan.js leaves such jobs out; a job given by hand fails instead of running unredacted.
  const lacking = unsupported(name, { redact })
  if (lacking) throw new Error(`${name}: ${lacking}`)
  const impl = FAMILIES[family]
  const lib = impl.load()
  return impl.create(lib, { ...base, ...options, file, callbacks, redact })
}

function loadFamily (name) {
  FAMILIES[getLogger(name).family].load()
}

module.exports = { LOGGERS, LOGGER_NAMES, PINO_MODES, createLogger, loadFamily, getLogger, unsupported, loadLogly, fieldsFirst, messageFirst }
