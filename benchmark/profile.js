#!/usr/bin/env node
'use strict'

// Where logly's caller path spends its time: logs N records (basic message,
// then the same with one no-op callback at INFO, which turns location capture
// on) under `node --cpu-prof`, and prints the functions with the most self
// time. Usage:
//
//   node benchmark/profile.js [--records=200000] [--top=20] [--keep]
//
// With --keep the .cpuprofile files stay in the temp dir (open them in
// Chrome DevTools); otherwise they are deleted.

const fs = require('node:fs')
const path = require('node:path')
const { execFileSync } = require('node:child_process')

const { createLogger } = require('./loggers')
const { makeTempDir, removeQuietly } = require('./files')
const { logRecords } = require('./throughput')

const WORKLOADS = {
  basic: { count: 0, level: 'info' },
  callback: { count: 1, level: 'info' }
}

function option (name, fallback) {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`))
  return arg ? arg.slice(name.length + 3) : fallback
}

// ---- the profiled process -------------------------------------------------

async function workload (name, records, file) {
  let delivered = 0
  const spec = WORKLOADS[name]
  const fns = Array.from({ length: spec.count }, () => () => { delivered++ })
  const handle = createLogger('logly', { file, callbacks: { level: spec.level, fns } })
  await logRecords(() => handle.log.msg('hello world'), records, 1000)
  await handle.flush()
  const stats = handle.stats()
  if (stats.written !== records || delivered !== records * spec.count) {
    throw new Error(`incomplete: ${JSON.stringify(stats)}, delivered ${delivered}`)
  }
}

// ---- reading a .cpuprofile ------------------------------------------------

// Paths relative to the package measured (this repository or LOGLY_PATH).
const PREFIXES = [process.env.LOGLY_PATH, path.resolve(__dirname, '..')].filter(Boolean).map((p) => path.resolve(p) + '/')

function frameName ({ functionName, url, lineNumber }) {
  const file = PREFIXES.reduce((u, prefix) => u.replace(prefix, ''), url.replace(/^file:\/\//, ''))
  const where = url ? `${file}:${lineNumber + 1}` : ''
  return `${functionName || '(anonymous)'}${where ? ` ${where}` : ''}`
}

/** Self time per function (ms), largest first, from the samples of a V8 CPU profile. */
function selfTimes (profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const totals = new Map()
  profile.samples.forEach((id, i) => {
    const name = frameName(byId.get(id).callFrame)
    totals.set(name, (totals.get(name) || 0) + (profile.timeDeltas[i] || 0) / 1000)
  })
  return [...totals].sort((a, b) => b[1] - a[1])
}

function summarize (file, top) {
  const rows = selfTimes(JSON.parse(fs.readFileSync(file, 'utf8')))
  const busy = rows.filter(([name]) => name !== '(idle)').reduce((s, [, ms]) => s + ms, 0)
  const lines = [`| self ms | % of busy | function |`, `| ---: | ---: | --- |`]
  for (const [name, ms] of rows.slice(0, top)) {
    lines.push(`| ${ms.toFixed(1)} | ${name === '(idle)' ? '–' : ((100 * ms) / busy).toFixed(1) + '%'} | \`${name}\` |`)
  }
  return { busyMs: busy, table: lines.join('\n') }
}

// ---- orchestration ----------------------------------------------------------

function profileOne (name, records, dir) {
  const started = Date.now()
  execFileSync(process.execPath, [
    '--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-name=${name}.cpuprofile`,
    __filename, `--workload=${name}`, `--records=${records}`, `--file=${path.join(dir, `${name}.log`)}`
  ], { stdio: ['ignore', 'ignore', 'inherit'] })
  return { file: path.join(dir, `${name}.cpuprofile`), wallMs: Date.now() - started }
}

function main () {
  const records = Number(option('records', 200_000))
  const top = Number(option('top', 20))
  const keep = process.argv.includes('--keep')
  const dir = makeTempDir()
  try {
    for (const name of Object.keys(WORKLOADS)) {
      const { file, wallMs } = profileOne(name, records, dir)
      const { busyMs, table } = summarize(file, top)
      console.log(`### logly, ${records.toLocaleString('en-US')} records, ${name === 'basic' ? 'basic message, no callback' : 'basic message + 1 no-op callback (location on)'}`)
      console.log(`\nwall ${wallMs} ms (process start to exit), ${busyMs.toFixed(0)} ms busy on the main thread\n`)
      console.log(table + '\n')
    }
    if (keep) console.log(`profiles kept in ${dir}`)
  } finally {
    if (!keep) removeQuietly(dir)
  }
}

const workloadName = option('workload', null)
if (workloadName) {
  workload(workloadName, Number(option('records', 200_000)), option('file')).catch((err) => {
    console.error(err.message)
    process.exit(1)
  })
} else {
  main()
}
