'use strict'

// The per-process runner: run.js forks one of these per (measurement, logger,
// case) so that JIT state, heap and peak RSS belong to that one combination.
// It creates the logger on the job's temp file, runs the measurement, closes
// the logger, deletes the file and sends the result back over IPC.

const fs = require('node:fs')
const { getCase } = require('./cases')
const { createLogger, loadFamily } = require('./loggers')
const { measureCaller } = require('./caller')
const { measureThroughput } = require('./throughput')
const { measureDelivery } = require('./delivery')
const { measureWorkers } = require('./workers')
const { openWorkerSetup } = require('./worker-loggers')

const MEASURES = {
  caller: measureCaller,
  location: measureCaller,
  throughput: measureThroughput,
  callbacks: measureDelivery,
  workers: measureWorkers
}

function callbackSpec (job) {
  if (job.callbacks) return job.callbacks
  return (job.case && getCase(job.case).callbacks) || { count: 0, level: 'info' }
}

// The logger handle plus a shared counter for the counting callbacks. The
// workers section has set-ups of its own (worker-loggers.js).
function open (job) {
  if (job.section === 'workers') return openWorkerSetup(job)
  const spec = callbackSpec(job)
  let delivered = 0
  const fns = Array.from({ length: spec.count }, () => function alert () { delivered++ })
  const handle = createLogger(job.logger, {
    file: job.file,
    options: job.options,
    callbacks: { level: spec.level, fns },
    redact: job.case && getCase(job.case).redact
  })
  return { ...handle, callbacksPerRecord: spec.count, delivered: () => delivered }
}

async function runJob (job) {
  if (job.section === 'probe') {
    loadFamily(job.logger)
    return {}
  }
  const handle = open(job)
  // pino unrefs its transport's worker: a job awaiting only that worker
  // (its flush) would let the process end mid-job, silently, with code 0.
  const keepAlive = setInterval(() => {}, 2 ** 30)
  try {
    const result = await MEASURES[job.section](job, handle)
    result.loggerStats = handle.stats()
    await handle.close()
    result.maxRssMiB = process.resourceUsage().maxRSS / 1024
    return result
  } finally {
    clearInterval(keepAlive)
    fs.rmSync(job.file, { force: true })
  }
}

function reply (message) {
  process.send(message, () => process.exit(message.ok ? 0 : 1))
}

runJob(JSON.parse(process.argv[2])).then(
  (result) => reply({ ok: true, result }),
  (err) => reply({ ok: false, error: String((err && err.message) || err) })
)
