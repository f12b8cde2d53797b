'use strict'

const { getLogger, unsupported } = require('./loggers')
const { getCase } = require('./cases')
const { SETUPS } = require('./worker-loggers')

// What to run: one job per child process. Jobs of one case are adjacent and
// loggers alternate, so slow drift in machine load spreads over all loggers
// instead of landing on one.

// logly twice: as configured by default (location 'auto': captured, since a
// callback will see the record), and with location off, which separates the
// cost of the call-site capture from that of delivery.
const CALLBACK_VARIANTS = [
  { label: 'logly', logger: 'logly' },
  { label: 'logly, location off', logger: 'logly', options: { location: false } },
  { label: 'pino-sync', logger: 'pino-sync' },
  { label: 'bunyan', logger: 'bunyan' },
  { label: 'winston', logger: 'winston' }
]
const CALLBACK_COUNTS = [1, 4]

const LOCATION_CASES = ['basic', 'object']
const ONE_INFO_CALLBACK = { count: 1, level: 'info' }
const LOCATION_VARIANTS = [
  { label: 'pino-sync (no callback)', logger: 'pino-sync' },
  { label: 'logly, location off', logger: 'logly', options: { location: false } },
  { label: 'logly, location on', logger: 'logly', options: { location: true } },
  { label: 'logly, location on + 1 callback', logger: 'logly', options: { location: true }, callbacks: ONE_INFO_CALLBACK },
  { label: 'logly-json, location off', logger: 'logly-json', options: { location: false } },
  { label: 'logly-json, location on', logger: 'logly-json', options: { location: true } }
]

// The workers section (workers.js, set-ups in worker-loggers.js): one
// counting callback, off the main thread or in the call. logly twice again:
// with `location: false`, the like-for-like set-up (pino's records carry no
// call site), and as addCallback() registers a module by default (location
// on: the stack walk stays on the main thread).
const WORKER_VARIANTS = [
  { label: 'logly module, location off', setup: 'logly-module', options: { location: false } },
  { label: 'logly module, location on', setup: 'logly-module', options: { location: true } },
  { label: 'pino transport', setup: 'pino-transport' },
  { label: 'pino logMethod hook', setup: 'pino-hook' }
]
// Each measurement and the figure its rounds are combined by (rounds.js).
const WORKER_MEASURES = [
  { measure: 'delivery', metric: 'recordsPerSec' },
  { measure: 'lag', metric: 'p99Ms', spin: true },
  { measure: 'caller', metric: 'medianNs', cases: ['basic', 'object'] }
]

// A case can ask for what some loggers lack (redaction, see loggers.js
// unsupported): those pairs are left out here and listed by notRun instead.
const PER_CASE_SECTIONS = ['caller', 'throughput']

function perCase (section, cases, loggers) {
  return cases.flatMap((c) => loggers
    .filter((logger) => !unsupported(logger, getCase(c)))
    .map((logger) => ({ section, case: c, logger, label: logger })))
}

/** The (case, logger) pairs perCase leaves out, with the reason: run.js prints them, the report lists them. */
function notRun (opts, loggers) {
  if (!opts.sections.some((s) => PER_CASE_SECTIONS.includes(s))) return []
  return opts.cases.flatMap((c) => loggers.flatMap((logger) => {
    const reason = unsupported(logger, getCase(c))
    return reason ? [{ case: c, logger, reason }] : []
  }))
}

function callbackJobs (loggers) {
  return CALLBACK_COUNTS.flatMap((count) => CALLBACK_VARIANTS
    .filter((v) => loggers.includes(v.logger))
    .map((v) => ({ section: 'callbacks', ...v, callbacks: { count, level: 'info' } })))
}

function locationJobs (cases, loggers) {
  return LOCATION_CASES
    .filter((c) => cases.includes(c))
    .flatMap((c) => LOCATION_VARIANTS
      .filter((v) => loggers.includes(v.logger))
      .map((v) => ({ section: 'location', case: c, ...v })))
}

// A set-up runs when a logger of its family loaded (logly built, pino installed).
function workerJobs (opts, loggers) {
  const families = new Set(loggers.map((l) => getLogger(l).family))
  const variants = WORKER_VARIANTS.filter((v) => families.has(SETUPS[v.setup].family))
  return WORKER_MEASURES.filter(({ measure }) => opts.measures.includes(measure)).flatMap(({ measure, metric, spin, cases }) => {
    const spinUs = spin ? opts.settings.lagSpinUs : 0
    return (cases ? cases.filter((c) => opts.cases.includes(c)) : [undefined]).flatMap((c) => variants.map((v) => ({
      section: 'workers',
      measure,
      metric,
      ...(c && { case: c }),
      label: v.label,
      logger: v.setup,
      setup: v.setup,
      options: { ...v.options, spinUs }
    })))
  })
}

/** @param {{sections: string[], cases: string[], settings: object}} opts @param {string[]} loggers the usable ones */
function buildPlan (opts, loggers) {
  const builders = {
    caller: () => perCase('caller', opts.cases, loggers),
    throughput: () => perCase('throughput', opts.cases, loggers),
    callbacks: () => callbackJobs(loggers),
    location: () => locationJobs(opts.cases, loggers),
    workers: () => workerJobs(opts, loggers)
  }
  return opts.sections.flatMap((s) => builders[s]())
}

module.exports = { buildPlan, notRun, LOCATION_VARIANTS, CALLBACK_COUNTS, WORKER_VARIANTS }
