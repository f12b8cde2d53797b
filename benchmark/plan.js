'use strict'

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

function perCase (section, cases, loggers) {
  return cases.flatMap((c) => loggers.map((logger) => ({ section, case: c, logger, label: logger })))
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

/** @param {{sections: string[], cases: string[]}} opts @param {string[]} loggers the usable ones */
function buildPlan (opts, loggers) {
  const builders = {
    caller: () => perCase('caller', opts.cases, loggers),
    throughput: () => perCase('throughput', opts.cases, loggers),
    callbacks: () => callbackJobs(loggers),
    location: () => locationJobs(opts.cases, loggers)
  }
  return opts.sections.flatMap((s) => builders[s]())
}

module.exports = { buildPlan, LOCATION_VARIANTS, CALLBACK_COUNTS }
