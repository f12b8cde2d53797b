'use strict'

// This machine's timing noise between two runs of the same job can reach 2×
// (a shared VM: steal time, other work), so the full profile runs the whole
// plan several times, interleaved, and keeps for each job the run with the
// median figure. `spread` keeps the smallest and largest figure for the table.

const PRIMARY = {
  caller: 'medianNs',
  location: 'medianNs',
  throughput: 'recordsPerSec',
  callbacks: 'recordsPerSec'
  // workers: each job names its own (plan.js), one per measurement
}

function jobKey (job) {
  return [job.section, job.measure || '', job.case || '', job.label, job.callbacks ? job.callbacks.count : ''].join('|')
}

function medianRun (runs, metric) {
  const sorted = [...runs].sort((a, b) => a.result[metric] - b.result[metric])
  return sorted[Math.floor((sorted.length - 1) / 2)]
}

/** One entry per job: the median round's outcome, or the first failure if no round succeeded. */
function combineRounds (outcomes) {
  const byKey = new Map()
  for (const o of outcomes) {
    const key = jobKey(o)
    if (!byKey.has(key)) byKey.set(key, [])
    byKey.get(key).push(o)
  }
  return [...byKey.values()].map((all) => {
    const ok = all.filter((o) => o.ok)
    if (ok.length === 0) return all[0]
    const metric = all[0].metric || PRIMARY[all[0].section]
    const values = ok.map((o) => o.result[metric])
    const chosen = medianRun(ok, metric)
    return {
      ...chosen,
      result: { ...chosen.result, spread: { metric, min: Math.min(...values), max: Math.max(...values), rounds: ok.length, failed: all.length - ok.length } }
    }
  })
}

module.exports = { combineRounds }
