'use strict'

// Markdown tables from the collected results (printed by run.js, pasted into
// BENCHMARKS.md), and the check against DESIGN.md's performance targets.

const { CASES } = require('./cases')
const { PINO_MODES } = require('./loggers')

const LOGLY = ['logly', 'logly-json']
const RSS_HEADROOM_MIB = 20

// ---- formatting -----------------------------------------------------------

const group = (n, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })

function ns (n) {
  if (n == null) return '–'
  return n < 100 ? group(n, 1) : group(n)
}

function rate (n) {
  if (n == null) return '–'
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`
  if (n >= 1e3) return `${(n / 1e3).toFixed(0)}k`
  return group(n)
}

// Smallest–largest primary figure over the rounds (see rounds.js).
const range = (r, f) => (r.spread && r.spread.rounds > 1 ? `${f(r.spread.min)}–${f(r.spread.max)}` : '–')
const ms = (n) => (n == null ? '–' : group(n))
const mib = (n) => (n == null ? '–' : n.toFixed(1))
const ratio = (n) => (n == null || !Number.isFinite(n) ? '–' : `${n.toFixed(2)}×`)

function table (head, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`
  const rule = head.map((h, i) => (i === 0 ? '---' : '---:'))
  return [line(head), line(rule), ...rows.map(line)].join('\n')
}

// ---- lookups --------------------------------------------------------------

function finder (results) {
  return (section, caseName, label) => {
    const r = results.find((x) => x.section === section && x.case === caseName && x.label === label)
    return r && r.ok ? r.result : null
  }
}

function labels (results, section) {
  return [...new Set(results.filter((r) => r.section === section).map((r) => r.label))]
}

function cases (results, section) {
  return [...new Set(results.filter((r) => r.section === section).map((r) => r.case))]
}

// Lower is better for `key` = a time; for a rate, pass higher = true.
function pinoBest (get, section, caseName, key, higher = false) {
  const values = PINO_MODES.map((m) => get(section, caseName, m)).filter(Boolean).map((r) => r[key])
  if (values.length === 0) return null
  return higher ? Math.max(...values) : Math.min(...values)
}

function failures (results, section) {
  return results
    .filter((r) => r.section === section && !r.ok)
    .map((r) => `- ${r.label}${r.case ? ` / ${r.case}` : ''}: ${r.error}`)
}

// ---- sections -------------------------------------------------------------

function callerSection (results, get) {
  const out = ['## Caller cost (time inside the log call, no callbacks unless the case says so)', '']
  out.push('ns/op over tinybench samples of 10 back-to-back calls, the event loop turning (untimed) between samples; p99 is the 99th percentile of those samples divided by 10; ops/s is calls over timed time; drain ms is how long after the last timed call the file (and callbacks) had every record: work the logger deferred out of the call; × pino best is median / the faster pino mode\'s median (lower is better).', '')
  for (const c of cases(results, 'caller')) {
    const best = pinoBest(get, 'caller', c, 'medianNs')
    const rows = labels(results, 'caller').map((l) => {
      const r = get('caller', c, l)
      return r
        ? [l, ns(r.medianNs), range(r, ns), ns(r.p99Ns), rate(r.opsPerSec), ms(r.drainMs), mib(r.maxRssMiB), ratio(r.medianNs / best)]
        : [l, '–', '–', '–', '–', '–', '–', 'failed']
    })
    out.push(`### ${CASES[c].title}`, '', table(['logger', 'median ns/op', 'rounds range', 'p99 ns/op', 'ops/s', 'drain ms', 'peak RSS MiB', '× pino best'], rows), '')
  }
  out.push('A large drain ms next to a tiny median means the logger did its work after the call returned (winston queues records in its stream pipeline while the file transport is busy, and formats them later): compare those on the throughput table.', '')
  out.push(ratioMatrix(results, get, 'caller', 'medianNs', false, 'Median caller cost, × pino\'s best mode'))
  return out.concat(failures(results, 'caller')).join('\n')
}

function ratioMatrix (results, get, section, key, higher, title) {
  const cs = cases(results, section)
  const rows = labels(results, section).map((l) => [l, ...cs.map((c) => {
    const r = get(section, c, l)
    const best = pinoBest(get, section, c, key, higher)
    return r && best ? ratio(higher ? best / r[key] : r[key] / best) : '–'
  })])
  return [`### ${title}`, '', table(['logger', ...cs], rows), ''].join('\n')
}

function throughputSection (results, get, settings) {
  const cs = cases(results, 'throughput')
  const ls = labels(results, 'throughput')
  const cell = (c, l, f) => { const r = get('throughput', c, l); return r ? f(r) : '–' }
  return [
    '## End-to-end throughput to disk',
    '',
    `${group(settings.throughputRecords)} records logged (event loop turning every ${group(settings.yieldEvery)}), then flush, clock stopped when the file holds every line. Records/s (higher is better); in brackets pino's best / this (so < 1 is faster than pino).`,
    '',
    table(['logger', ...cs], ls.map((l) => [l, ...cs.map((c) => cell(c, l, (r) => {
      const best = pinoBest(get, 'throughput', c, 'recordsPerSec', true)
      return `${rate(r.recordsPerSec)} (${ratio(best / r.recordsPerSec)})`
    }))])),
    '',
    '### Range over the rounds (records/s)',
    '',
    table(['logger', ...cs], ls.map((l) => [l, ...cs.map((c) => cell(c, l, (r) => range(r, rate)))])),
    '',
    '### Share of the wall time spent inside log calls',
    '',
    table(['logger', ...cs], ls.map((l) => [l, ...cs.map((c) => cell(c, l, (r) => `${Math.round((100 * r.inCallSeconds) / r.seconds)}%`))])),
    '',
    '### Peak RSS (MiB) of the throughput run',
    '',
    table(['logger', ...cs], ls.map((l) => [l, ...cs.map((c) => cell(c, l, (r) => mib(r.maxRssMiB)))])),
    '',
    ...failures(results, 'throughput')
  ].join('\n')
}

function callbackSection (results, settings) {
  const rs = results.filter((r) => r.section === 'callbacks')
  const byCount = (l, k) => rs.find((r) => r.label === l && r.callbacks.count === k)
  const counts = [...new Set(rs.map((r) => r.callbacks.count))]
  const head = ['logger', 'callbacks', 'records/s', 'rounds range', 'deliveries/s', 'in-call ns/record', 'peak RSS MiB', '× pino-sync']
  const rows = counts.flatMap((k) => {
    const pino = byCount('pino-sync', k)
    return labels(results, 'callbacks').map((l) => {
      const r = byCount(l, k)
      if (!r || !r.ok) return [l, k, 'failed', '–', '–', '–', '–', '–']
      const { recordsPerSec, deliveriesPerSec, inCallSeconds, records, maxRssMiB } = r.result
      const vsPino = pino && pino.ok ? ratio(recordsPerSec / pino.result.recordsPerSec) : '–'
      return [l, k, rate(recordsPerSec), range(r.result, rate), rate(deliveriesPerSec), ns((inCallSeconds * 1e9) / records), mib(maxRssMiB), vsPino]
    })
  })
  return [
    '## Callback delivery',
    '',
    `${group(settings.deliveryRecords)} INFO records, each to k counting callbacks (logly addCallback, pino hooks.logMethod, bunyan raw stream, winston custom transport), file sink attached; wall time from the first log call until every record reached every callback (logly: \`await logger.complete()\`). In-call ns/record is the time spent inside the log calls (pino's hook runs there); × pino-sync is records/s over pino-sync's (higher is better).`,
    '',
    table(head, rows),
    '',
    ...rs.filter((r) => !r.ok).map((r) => `- ${r.label} / ${r.callbacks.count} cb: ${r.error}`)
  ].join('\n')
}

function locationSection (results, get) {
  const out = ['## Location capture (logly caller cost)', '', '`configure({ location })` on vs off; "+ 1 callback" adds a no-op callback at INFO, so every record is captured and delivered. × pino-sync is against pino-sync without any callback.', '']
  for (const c of cases(results, 'location')) {
    const base = get('location', c, 'pino-sync (no callback)')
    const rows = labels(results, 'location').map((l) => {
      const r = get('location', c, l)
      return r
        ? [l, ns(r.medianNs), range(r, ns), ns(r.p99Ns), rate(r.opsPerSec), ms(r.drainMs), mib(r.maxRssMiB), ratio(base ? r.medianNs / base.medianNs : null)]
        : [l, '–', '–', '–', '–', '–', '–', 'failed']
    })
    out.push(`### ${CASES[c].title}`, '', table(['set-up', 'median ns/op', 'rounds range', 'p99 ns/op', 'ops/s', 'drain ms', 'peak RSS MiB', '× pino-sync'], rows), '')
  }
  return out.concat(failures(results, 'location')).join('\n')
}

// ---- targets (DESIGN.md "Performance targets") ----------------------------

function verdict (ok) {
  return ok == null ? 'n/a' : ok ? 'met' : 'missed'
}

function worst (values, higherIsWorse = true) {
  const v = values.filter((x) => x && Number.isFinite(x.value))
  if (v.length === 0) return null
  return v.reduce((a, b) => ((higherIsWorse ? b.value > a.value : b.value < a.value) ? b : a))
}

function targets (results, get) {
  const rows = []

  // The error case has an alerting callback: it is judged by the callback target below.
  const callerRatios = cases(results, 'caller').filter((c) => c !== 'error').flatMap((c) => LOGLY.map((l) => {
    const r = get('caller', c, l)
    const best = pinoBest(get, 'caller', c, 'medianNs')
    return r && best ? { value: r.medianNs / best, where: `${l} / ${c}` } : null
  }))
  const w1 = worst(callerRatios)
  rows.push(['caller cost ≤ 0.5× pino best, every case without a callback', w1 ? `worst ${ratio(w1.value)} (${w1.where})` : '–', verdict(w1 && w1.value <= 0.5)])

  const cbRatios = cases(results, 'location').map((c) => {
    const r = get('location', c, 'logly, location on + 1 callback')
    const base = get('location', c, 'pino-sync (no callback)')
    return r && base ? { value: r.medianNs / base.medianNs, where: c } : null
  })
  const errorCase = get('caller', 'error', 'logly')
  const pinoSyncError = get('caller', 'error', 'pino-sync')
  if (errorCase && pinoSyncError) cbRatios.push({ value: errorCase.medianNs / pinoSyncError.medianNs, where: 'error case vs pino-sync with its hook' })
  const w2 = worst(cbRatios)
  rows.push(['1 callback + location ≤ 1.0× pino-sync', w2 ? `worst ${ratio(w2.value)} (${w2.where})` : '–', verdict(w2 && w2.value <= 1.0)])

  const delivery = results.find((r) => r.section === 'callbacks' && r.label === 'logly' && r.callbacks.count === 1 && r.ok)
  const rateValue = delivery && delivery.result.recordsPerSec
  rows.push(['callback delivery ≥ 500k records/s (1 callback)', rateValue ? `${rate(rateValue)}/s` : '–', verdict(rateValue ? rateValue >= 500e3 : null)])

  const rss = ['caller', 'throughput'].flatMap((s) => cases(results, s).flatMap((c) => LOGLY.map((l) => {
    const r = get(s, c, l)
    const base = get(s, c, 'pino-sync')
    return r && base ? { value: r.maxRssMiB - base.maxRssMiB, where: `${l} / ${s} / ${c}` } : null
  })))
  const w4 = worst(rss)
  rows.push([`peak RSS ≤ pino-sync + ${RSS_HEADROOM_MIB} MiB`, w4 ? `worst ${w4.value >= 0 ? '+' : ''}${w4.value.toFixed(1)} MiB (${w4.where})` : '–', verdict(w4 && w4.value <= RSS_HEADROOM_MIB)])

  return ['## Targets (DESIGN.md)', '', table(['target', 'measured', 'verdict'], rows), ''].join('\n')
}

// ---- whole report ---------------------------------------------------------

function header (report) {
  const { meta, settings, profile, skipped } = report
  const lines = [
    `- date: ${meta.date}`,
    `- machine: ${meta.cpu}, ${meta.cores} cores, ${meta.memoryGiB} GiB, ${meta.os}`,
    `- logly: ${meta.logly.dir}${meta.logly.commit ? ` at ${meta.logly.commit}` : ''}`,
    `- Node ${meta.node}; pino ${meta.versions.pino}, winston ${meta.versions.winston}, bunyan ${meta.versions.bunyan}, tinybench ${meta.versions.tinybench}`,
    `- profile: ${profile}, ${settings.rounds} round(s) of the whole plan, each job's median round shown (per caller-cost task: ${group(settings.warmupCalls)} warm-up calls, then tinybench for ${settings.timeMs} ms of timed calls, at most ${group(settings.maxCalls)} calls); load average at start ${meta.loadavgStart.map((x) => x.toFixed(2)).join(' ')}, at end ${(meta.loadavgEnd || []).map((x) => x.toFixed(2)).join(' ')}`
  ]
  for (const [name, reason] of Object.entries(skipped || {})) lines.push(`- skipped ${name}: ${reason}`)
  return lines.join('\n')
}

// ---- production sinks: caller cost against a plain file sink -----------

const SINK_VARIANTS = ['logly-rotating', 'logly-otlp']
const SINK_TARGET = 1.1

function sinksSection (results, get) {
  const cs = cases(results, 'caller')
  const present = SINK_VARIANTS.filter((l) => labels(results, 'caller').includes(l))
  if (present.length === 0 || !labels(results, 'caller').includes('logly')) return ''
  const rows = present.map((l) => [l, ...cs.map((c) => {
    const r = get('caller', c, l)
    const plain = get('caller', c, 'logly')
    return r && plain ? ratio(r.medianNs / plain.medianNs) : '–'
  })])
  const all = present.flatMap((l) => cs.map((c) => {
    const r = get('caller', c, l)
    const plain = get('caller', c, 'logly')
    return r && plain ? r.medianNs / plain.medianNs : null
  })).filter((x) => x != null)
  const worstRatio = all.length ? Math.max(...all) : null
  return [
    '## Production sinks: caller cost against a plain file sink',
    '',
    `Median caller cost of logly with a rotating file sink (\`rotation: '1 MB'\`) and with a text file sink plus an OTLP/HTTP sink posting to a local collector (run.js), divided by logly with the plain text file sink (target: at most ${SINK_TARGET}×).`,
    '',
    table(['logger', ...cs], rows),
    '',
    `Worst: ${ratio(worstRatio)} — ${worstRatio == null ? 'not measured' : verdict(worstRatio <= SINK_TARGET)}`,
    ''
  ].join('\n')
}

function renderReport (report) {
  const { results, settings } = report
  const get = finder(results)
  const has = (s) => results.some((r) => r.section === s)
  return [
    '# logly benchmark', '',
    header(report), '',
    has('caller') ? callerSection(results, get) : '',
    has('throughput') ? throughputSection(results, get, settings) : '',
    has('callbacks') ? callbackSection(results, settings) : '',
    has('location') ? locationSection(results, get) : '',
    has('caller') ? sinksSection(results, get) : '',
    targets(results, get)
  ].filter(Boolean).join('\n\n').replace(/\n{3,}/g, '\n\n')
}

function progressLine (job, outcome) {
  const head = `${job.section.padEnd(10)} ${(job.case || `${job.callbacks.count} cb`).padEnd(7)} ${job.label.padEnd(32)}`
  if (!outcome.ok) return `${head} FAILED: ${outcome.error}`
  const r = outcome.result
  const figure = r.medianNs != null
    ? `median ${ns(r.medianNs)} ns/op, p99 ${ns(r.p99Ns)} ns/op`
    : `${rate(r.recordsPerSec)} records/s`
  return `${head} ${figure}, peak RSS ${mib(r.maxRssMiB)} MiB`
}

module.exports = { renderReport, progressLine }
