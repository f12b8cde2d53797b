#!/usr/bin/env node
'use strict'

// `npm run bench [-- --quick]`: the orchestrator. Checks which loggers load,
// forks child.js once per job (sequentially: this is a timing benchmark),
// `rounds` times over the whole plan (see rounds.js), prints a line per job,
// then the markdown report, and writes every figure as
// JSON outside the repository (<tmpdir>/logly-bench-latest.json by default).

const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { fork } = require('node:child_process')

const { parseArgs, USAGE } = require('./options')
const { buildPlan, notRun } = require('./plan')
const { combineRounds } = require('./rounds')
const { renderReport, progressLine } = require('./report')
const { machineInfo } = require('./machine')
const { makeTempDir, removeQuietly } = require('./files')
const { startCollector } = require('./collector')

const CHILD = path.join(__dirname, 'child.js')
const STDERR_TAIL = 2000

function runChild (job, timeoutMs) {
  return new Promise((resolve) => {
    // execArgv: [] so flags given to run.js (--cpu-prof, --inspect) stay out of the children.
    const child = fork(CHILD, [JSON.stringify(job)], { execArgv: [], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] })
    let message = null
    let stderr = ''
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.stderr.on('data', (d) => { stderr = (stderr + d).slice(-STDERR_TAIL) })
    child.on('message', (m) => { message = m })
    child.on('exit', (code, signal) => {
      clearTimeout(timer)
      if (message) return resolve(message)
      const why = signal === 'SIGKILL' ? `timed out after ${timeoutMs} ms` : `exited with ${signal || code}`
      resolve({ ok: false, error: `${why}${stderr ? `: ${stderr.trim().split('\n').slice(-3).join(' / ')}` : ''}` })
    })
  })
}

// A logger whose library does not load (logly before its addon is built) is
// skipped with the reason, instead of failing every one of its jobs.
async function usableLoggers (names, tmp) {
  const usable = []
  const skipped = {}
  for (const logger of names) {
    const outcome = await runChild({ section: 'probe', logger, file: path.join(tmp, 'probe.log') }, 30_000)
    if (outcome.ok) usable.push(logger)
    else skipped[logger] = outcome.error
  }
  return { usable, skipped }
}

function jobFile (tmp, index, job) {
  const tag = [job.measure, job.case].filter(Boolean).join('-') || `${job.callbacks.count}cb`
  return path.join(tmp, `${String(index).padStart(3, '0')}-${job.section}-${job.logger}-${tag}.log`)
}

async function runPlan (jobs, settings, tmp) {
  const outcomes = []
  const total = jobs.length * settings.rounds
  for (let round = 1; round <= settings.rounds; round++) {
    for (const job of jobs) {
      const n = outcomes.length
      const full = { ...job, file: jobFile(tmp, n, job), settings }
      const load1 = os.loadavg()[0]
      const t0 = Date.now()
      const outcome = await runChild(full, settings.childTimeoutMs)
      const wallMs = Date.now() - t0
      process.stderr.write(`[${String(n + 1).padStart(3)}/${total}] ${progressLine(job, outcome)} (${(wallMs / 1000).toFixed(1)} s, load ${load1.toFixed(2)})\n`)
      outcomes.push({ ...job, ...outcome, round, wallMs, load1 })
    }
  }
  return outcomes
}

async function main () {
  const opts = parseArgs(process.argv.slice(2))
  if (opts.help) return console.log(USAGE)

  if (opts.logly) process.env.LOGLY_PATH = path.resolve(opts.logly) // children inherit it
  const tmp = makeTempDir()
  const cleanup = () => removeQuietly(tmp)
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => { cleanup(); process.exit(130) })

  const started = Date.now()
  // The OTLP sink's collector: in this process, which only waits for children.
  const collector = opts.loggers.includes('logly-otlp') ? await startCollector() : null
  if (collector) process.env.LOGLY_BENCH_COLLECTOR = collector.url // children inherit it
  try {
    const meta = machineInfo()
    const { usable, skipped } = await usableLoggers(opts.loggers, tmp)
    for (const [name, reason] of Object.entries(skipped)) process.stderr.write(`skipping ${name}: ${reason}\n`)

    const jobs = buildPlan(opts, usable)
    const left = notRun(opts, usable)
    for (const { case: c, logger, reason } of left) process.stderr.write(`not running ${logger} on case ${c}: ${reason}\n`)
    const outcomes = await runPlan(jobs, opts.settings, tmp)
    const results = combineRounds(outcomes)
    meta.loadavgEnd = os.loadavg()
    meta.seconds = (Date.now() - started) / 1000

    const report = { meta, profile: opts.profile, settings: opts.settings, skipped, notRun: left, results, outcomes }
    const markdown = renderReport(report)
    const out = opts.out || path.join(os.tmpdir(), 'logly-bench-latest.json')
    fs.writeFileSync(out, JSON.stringify(report, null, 2))
    if (opts.md) fs.writeFileSync(opts.md, markdown + '\n')

    console.log(markdown)
    process.stderr.write(`\n${outcomes.length} jobs in ${meta.seconds.toFixed(1)} s; JSON results: ${out}\n`)
    if (results.some((r) => !r.ok)) process.exitCode = 1
  } finally {
    cleanup()
    await collector?.close()
  }
}

main().catch((err) => {
  console.error(err.message)
  process.exit(2)
})
