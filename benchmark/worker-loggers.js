'use strict'

// The set-ups of the workers section (workers.js): each hands every record to
// one counting callback of the application's, either on a worker thread
// (logly's module callback, pino's transport) or inside the log call on the
// main thread (pino's logMethod hook, the usual way to see pino's records).
//
// Nothing writes a file here: the callback is the only consumer, so the
// figures are about getting records to it and nothing else. pino needs a
// destination, so the hook set-up gets a stream that drops what it is given;
// pino still formats every record, which is part of its call.
//
// The handle is loggers.js's, plus:
//   ready()        resolves once the callback can count (its module loaded)
//   delivered()    records the callback has counted so far
//   dropped()      records the logger dropped for the callback (logly's
//                  bounded buffer); pino's transport buffers without bound
//   flushDelivers  whether flush() resolving means every record logged before
//                  it was counted: logly's complete() promises that, pino's
//                  flush() only that the worker read the bytes (thread-stream
//                  waits for its read index, not for the transport's loop)

const path = require('node:path')
const { pathToFileURL } = require('node:url')
const { loadLogly, fieldsFirst, messageFirst } = require('./loggers')
const { listenForCounter, spin } = require('./worker-counter')

const MODULE_URL = pathToFileURL(path.join(__dirname, 'worker-module.mjs'))
const TRANSPORT = path.join(__dirname, 'worker-transport.mjs')
const ANNOUNCE_TIMEOUT_MS = 30_000
const FLUSH_TIMEOUT_MS = 10_000

const resolved = () => Promise.resolve()
const DISCARD = { write () {} }

const SETUPS = {
  'logly-module': {
    family: 'logly',
    note: 'logger.addCallback(module URL, { location }); no sink',
    create ({ location, spinUs = 0 }) {
      const { logger } = loadLogly()
      logger.remove() // the default console sink: the module is the only consumer
      logger.configure({ level: 'INFO' })
      const counter = listenForCounter(ANNOUNCE_TIMEOUT_MS)
      const url = new URL(MODULE_URL)
      if (spinUs > 0) url.searchParams.set('spinUs', String(spinUs))
      logger.addCallback(url, { name: 'count', level: 'INFO', location })
      return {
        log: messageFirst(logger, (l, b) => l.bind(b)),
        ready: () => counter.announced,
        flush: () => logger.complete(),
        close: () => logger.complete(),
        delivered: counter.read,
        dropped: () => logger.stats().dropped,
        flushDelivers: true,
        stats: () => logger.stats()
      }
    }
  },

  'pino-transport': {
    family: 'pino',
    note: 'pino.transport({ target: module path }) (thread-stream), pino-abstract-transport in the worker',
    create ({ spinUs = 0 }) {
      const pino = require('pino')
      const counter = listenForCounter(ANNOUNCE_TIMEOUT_MS)
      const transport = pino.transport({ target: TRANSPORT, options: { spinUs } })
      const logger = pino({ level: 'info' }, transport)
      return {
        log: fieldsFirst(logger),
        // The counter is announced by the target's factory, before thread-stream's READY.
        ready: async () => {
          await counter.announced
          if (!transport.ready) await new Promise((resolve) => transport.once('ready', resolve))
        },
        // thread-stream's flush has twice never called back after a flood
        // (2 of ~300 caller jobs); the count the job waits for next decides.
        flush: () => new Promise((resolve, reject) => {
          const timer = setTimeout(resolve, FLUSH_TIMEOUT_MS)
          logger.flush((err) => {
            clearTimeout(timer)
            if (err) reject(err)
            else resolve()
          })
        }),
        // pino unrefs the worker once it is READY; ref it while it ends, as
        // pino's own exit handler does, or the process ends before 'close'.
        close: () => new Promise((resolve) => {
          transport.ref()
          transport.once('close', resolve)
          transport.end()
        }),
        delivered: counter.read,
        dropped: () => 0,
        flushDelivers: false,
        stats: () => null
      }
    }
  },

  'pino-hook': {
    family: 'pino',
    note: 'pino({ hooks: { logMethod } }, a stream that drops the line); the callback runs in the call',
    create ({ spinUs = 0 }) {
      const pino = require('pino')
      let delivered = 0
      // Every record here is INFO, so the hook needs no level check.
      function logMethod (args, method) {
        if (spinUs > 0) spin(spinUs)
        delivered++
        return method.apply(this, args)
      }
      const logger = pino({ level: 'info', hooks: { logMethod } }, DISCARD)
      return {
        log: fieldsFirst(logger),
        ready: resolved,
        flush: resolved,
        close: resolved,
        delivered: () => delivered,
        dropped: () => 0,
        flushDelivers: true,
        stats: () => null
      }
    }
  }
}

const SETUP_NAMES = Object.keys(SETUPS)

/** @param {{setup: string, options?: object}} job */
function openWorkerSetup (job) {
  const found = SETUPS[job.setup]
  if (!found) throw new Error(`unknown workers set-up "${job.setup}" (known: ${SETUP_NAMES.join(', ')})`)
  return found.create(job.options || {})
}

module.exports = { SETUPS, SETUP_NAMES, openWorkerSetup }
