'use strict'

// Command line and the two run profiles. `--quick` is for iteration (the
// whole run well under a minute); the default is what BENCHMARKS.md reports.

const { CASE_NAMES } = require('./cases')
const { LOGGER_NAMES } = require('./loggers')

const SECTIONS = ['caller', 'throughput', 'callbacks', 'location', 'workers']

const PROFILES = {
  full: {
    timeMs: 1000, // tinybench: timed budget per task
    warmupCalls: 100_000, // untimed, before tinybench starts (see caller.js)
    minSamples: 200,
    batch: 10, // log calls per tinybench sample, as pino's benchmarks do
    maxCalls: 500_000, // timed calls at most (see caller.js)
    throughputRecords: 100_000,
    deliveryRecords: 200_000,
    workerWarmupRecords: 20_000, // workers.js delivery: untimed, before it
    yieldEvery: 1000, // records between event-loop turns in the end-to-end loops
    // workers.js, event-loop delay: a service's steady logging against a
    // callback that does 50 µs of work per record (a full core at this rate)
    lagRate: 20_000, // records/s
    lagSpinUs: 50, // busy-wait per record in the callback
    lagTickMs: 1, // one burst per timer tick: ~20 records
    lagSeconds: 3, // timed
    lagWarmupSeconds: 1, // untimed, same pace, before it
    rounds: 3, // the whole plan, this many times; the median run is kept (see rounds.js)
    childTimeoutMs: 180_000
  },
  quick: {
    timeMs: 100,
    warmupCalls: 10_000,
    minSamples: 50,
    batch: 10,
    maxCalls: 30_000,
    throughputRecords: 10_000,
    deliveryRecords: 20_000,
    workerWarmupRecords: 2_000,
    yieldEvery: 1000,
    lagRate: 20_000,
    lagSpinUs: 50,
    lagTickMs: 1,
    lagSeconds: 0.5,
    lagWarmupSeconds: 0.2,
    rounds: 1,
    childTimeoutMs: 60_000
  }
}

/** The workers section's measurements (workers.js). */
const WORKER_MEASURE_NAMES = ['delivery', 'lag', 'caller']

const USAGE = `usage: npm run bench -- [options]
  --quick                 short run for iteration (< 60 s)
  --loggers=a,b           subset of: ${LOGGER_NAMES.join(', ')}
  --cases=a,b             subset of: ${CASE_NAMES.join(', ')}
  --sections=a,b          subset of: ${SECTIONS.join(', ')}
  --measures=a,b          workers section only, subset of: ${WORKER_MEASURE_NAMES.join(', ')}
  --rounds=N              run the whole plan N times, keep each job's median run (default: 3, quick: 1)
  --logly=DIR             benchmark the logly package in DIR (default: this repository)
  --out=FILE              where to write the JSON results (default: <tmpdir>/logly-bench-latest.json)
  --md=FILE               also write the markdown report to FILE`

function listOption (value, known, what) {
  const list = value.split(',').map((s) => s.trim()).filter(Boolean)
  for (const item of list) {
    if (!known.includes(item)) throw new Error(`unknown ${what} "${item}" (known: ${known.join(', ')})`)
  }
  return list
}

function positiveInt (value, what) {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1) throw new Error(`${what} wants a positive integer, got "${value}"`)
  return n
}

function parseArgs (argv) {
  const opts = {
    profile: 'full',
    loggers: LOGGER_NAMES,
    cases: CASE_NAMES,
    sections: SECTIONS,
    measures: WORKER_MEASURE_NAMES,
    out: null,
    md: null
  }
  for (const arg of argv) {
    const [key, value = ''] = arg.split(/=(.*)/s)
    switch (key) {
      case '--quick': opts.profile = 'quick'; break
      case '--loggers': opts.loggers = listOption(value, LOGGER_NAMES, 'logger'); break
      case '--cases': opts.cases = listOption(value, CASE_NAMES, 'case'); break
      case '--sections': opts.sections = listOption(value, SECTIONS, 'section'); break
      case '--measures': opts.measures = listOption(value, WORKER_MEASURE_NAMES, 'measure'); break
      case '--rounds': opts.rounds = positiveInt(value, '--rounds'); break
      case '--logly': opts.logly = value; break
      case '--out': opts.out = value; break
      case '--md': opts.md = value; break
      case '--help': case '-h': opts.help = true; break
      default: throw new Error(`unknown option "${arg}"\n${USAGE}`)
    }
  }
  opts.settings = { ...PROFILES[opts.profile] }
  if (opts.rounds) opts.settings.rounds = opts.rounds
  return opts
}

module.exports = { parseArgs, PROFILES, SECTIONS, USAGE }
