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

// The (case, logger) pairs the plan left out (plan.js notRun): their cells say
// "n/a", not "failed", and a line under the table says why.
function notRunLookup (notRun = []) {
  const reasonOf = (c, l) => {
    const found = notRun.find((n) => n.case === c && n.logger === l)
    return found ? found.reason : null
  }
  const note = (cs) => {
    const lines = []
    for (const c of cs) {
      const byReason = new Map()
      for (const n of notRun.filter((x) => x.case === c)) byReason.set(n.reason, [...(byReason.get(n.reason) || []), n.logger])
      for (const [reason, loggers] of byReason) lines.push(`Not run on "${CASES[c].title}": ${loggers.join(', ')} (${reason}).`)
    }
    return lines.length ? [lines.join(' '), ''] : []
  }
  return { reasonOf, note }
}

function failures (results, section) {
  return results
    .filter((r) => r.section === section && !r.ok)
    .map((r) => `- ${r.label}${r.case ? ` / ${r.case}` : ''}: ${r.error}`)
}

// ---- sections -------------------------------------------------------------

function callerSection (results, get, notRun) {
  const out = ['## Caller cost (time inside the log call, no callbacks unless the case says so)', '']
  out.push('ns/op over tinybench samples of 10 back-to-back calls, the event loop turning (untimed) between samples; p99 is the 99th percentile of those samples divided by 10; ops/s is calls over timed time; drain ms is how long after the last timed call the file (and callbacks) had every record: work the logger deferred out of the call; × pino best is median / the faster pino mode\'s median (lower is better).', '')
  for (const c of cases(results, 'caller')) {
    const best = pinoBest(get, 'caller', c, 'medianNs')
    const rows = labels(results, 'caller').filter((l) => !notRun.reasonOf(c, l)).map((l) => {
      const r = get('caller', c, l)
      return r
        ? [l, ns(r.medianNs), range(r, ns), ns(r.p99Ns), rate(r.opsPerSec), ms(r.drainMs), mib(r.maxRssMiB), ratio(r.medianNs / best)]
        : [l, '–', '–', '–', '–', '–', '–', 'failed']
    })
    out.push(`### ${CASES[c].title}`, '', table(['logger', 'median ns/op', 'rounds range', 'p99 ns/op', 'ops/s', 'drain ms', 'peak RSS MiB', '× pino best'], rows), '', ...notRun.note([c]))
  }
  out.push('A large drain ms next to a tiny median means the logger did its work after the call returned (winston queues records in its stream pipeline while the file transport is busy, and formats them later): compare those on the throughput table.', '')
  out.push(ratioMatrix(results, get, notRun, 'caller', 'medianNs', false, 'Median caller cost, × pino\'s best mode'))
  return out.concat(failures(results, 'caller')).join('\n')
}

function ratioMatrix (results, get, notRun, section, key, higher, title) {
  const cs = cases(results, section)
  const rows = labels(results, section).map((l) => [l, ...cs.map((c) => {
    if (notRun.reasonOf(c, l)) return 'n/a'
    const r = get(section, c, l)
    const best = pinoBest(get, section, c, key, higher)
    return r && best ? ratio(higher ? best / r[key] : r[key] / best) : '–'
  })])
  return [`### ${title}`, '', table(['logger', ...cs], rows), ''].join('\n')
}

function throughputSection (results, get, settings, notRun) {
  const cs = cases(results, 'throughput')
  const ls = labels(results, 'throughput')
  const cell = (c, l, f) => {
    if (notRun.reasonOf(c, l)) return 'n/a'
    const r = get('throughput', c, l)
    return r ? f(r) : '–'
  }
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
    ...notRun.note(cs),
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

// ---- workers section (workers.js) -----------------------------------------

// Labels of plan.js's WORKER_VARIANTS.
const LOGLY_MODULES = ['logly module, location off', 'logly module, location on']
const PINO_TRANSPORT = 'pino transport'
const PINO_HOOK = 'pino logMethod hook'
const DELIVERY_TARGET = 500e3
const DELIVERY_GOAL = 1e6
const TRANSPORT_MULTIPLE = 3
const HOOK_CALLER_RATIO = 0.5

function workerFinder (results) {
  return (measure, caseName, label) => {
    const r = results.find((x) => x.section === 'workers' && x.measure === measure && x.case === caseName && x.label === label)
    return r && r.ok ? r.result : null
  }
}

function workerLabels (results, measure) {
  return labels(results.filter((r) => r.measure === measure), 'workers')
}

// Every failed round, not only jobs that failed in all of them: a round that
// failed (records dropped, say) must not vanish behind the median of the others.
function workerFailures (outcomes) {
  return outcomes
    .filter((o) => o.section === 'workers' && !o.ok)
    .map((o) => `- round ${o.round}, ${o.measure}${o.case ? ` / ${o.case}` : ''} / ${o.label}: failed: ${o.error}`)
}

// Appended to a primary figure whose median is over fewer rounds than were run.
const failedRounds = (r) => (r.spread && r.spread.failed > 0 ? ` (${r.spread.failed} round${r.spread.failed > 1 ? 's' : ''} failed)` : '')

function workersSection (results, settings, meta, outcomes) {
  const get = workerFinder(results)
  const versions = meta.versions || {}
  const out = [
    '## Worker callbacks (module callbacks vs pino transport)',
    '',
    `One counting callback is the only consumer of the records (no file): logly \`addCallback(module URL, { location })\`, run on the logger's worker thread; pino \`pino.transport({ target })\` (thread-stream ${versions['thread-stream'] || '?'}, pino-abstract-transport ${versions['pino-abstract-transport'] || '?'} in the worker); pino's \`hooks.logMethod\`, which runs inside the call, with a destination that drops the line. Every job checks that the callback counted every record (logly: as soon as \`await logger.complete()\` resolves).`,
    ''
  ]

  const transport = get('delivery', undefined, PINO_TRANSPORT)
  out.push('### Delivery to one counting callback', '',
    `${group(settings.deliveryRecords)} INFO records ('hello world'), the event loop turning every ${group(settings.yieldEvery)}; wall time from the first log call until the callback had counted every record (each logger's flush, then the count read across threads). In-call ns/record is the time inside the log calls. × pino transport is records/s over the transport's (higher is better).`, '',
    table(['set-up', 'records/s', 'rounds range', 'in-call ns/record', 'peak RSS MiB', '× pino transport'], workerLabels(results, 'delivery').map((l) => {
      const r = get('delivery', undefined, l)
      return r
        ? [l, rate(r.recordsPerSec) + failedRounds(r), range(r, rate), ns((r.inCallSeconds * 1e9) / r.records), mib(r.maxRssMiB), ratio(transport ? r.recordsPerSec / transport.recordsPerSec : null)]
        : [l, 'failed', '–', '–', '–', '–']
    })), '')

  const ms2 = (n) => (n == null ? '–' : n.toFixed(2))
  out.push('### Main-thread event-loop delay, callback busy 50 µs a record', '',
    `${group(settings.lagRate)} records/s for ${settings.lagSeconds} s (after ${settings.lagWarmupSeconds} s untimed at the same pace, and a wait until the callback caught up), logged in bursts: at each ${settings.lagTickMs} ms timer, the records due by then. The callback busy-waits ${settings.lagSpinUs} µs a record: on the worker thread for logly and pino's transport, in the log call for pino's hook. Delay is how late the 1 ms timer of \`monitorEventLoopDelay({ resolution: 1 })\` fired (its reading minus the 1 ms), over the timed part (lower is better). Records/s is what the pacing reached; largest burst is the most records one timer tick had to log; backlog is what the callback had not yet counted when logging stopped, drain ms how long it then took.`, '',
    table(['set-up', 'p99 ms', 'rounds range', 'p50 ms', 'max ms', 'records/s', 'largest burst', 'backlog', 'drain ms', 'peak RSS MiB'], workerLabels(results, 'lag').map((l) => {
      const r = get('lag', undefined, l)
      return r
        ? [l, ms2(r.p99Ms) + failedRounds(r), range(r, ms2), ms2(r.p50Ms), ms2(r.maxMs), rate(r.recordsPerSec), group(r.largestBurst), group(r.backlog), ms(r.drainMs), mib(r.maxRssMiB)]
        : [l, 'failed', '–', '–', '–', '–', '–', '–', '–', '–']
    })), '')

  out.push('### Caller cost with the callback registered', '',
    'ns/op as in the caller section (tinybench, samples of 10 calls, the event loop turning untimed between samples); drain ms is how long after the last timed call the callback had counted every record it was going to get. Dropped is how many of the calls the logger dropped for the callback (logly keeps at most 100,000 records waiting for callbacks, DESIGN.md; these loops log faster than a worker consumes); calls is every call made, warm-up included. × pino hook is median / the hook\'s median (lower is better).', '')
  for (const c of cases(results.filter((r) => r.measure === 'caller'), 'workers')) {
    const hook = get('caller', c, PINO_HOOK)
    out.push(`#### ${CASES[c].title}`, '', table(['set-up', 'median ns/op', 'rounds range', 'p99 ns/op', 'drain ms', 'calls', 'dropped', 'peak RSS MiB', '× pino hook'], workerLabels(results, 'caller').map((l) => {
      const r = get('caller', c, l)
      return r
        ? [l, ns(r.medianNs) + failedRounds(r), range(r, ns), ns(r.p99Ns), ms(r.drainMs), group(r.calls), group(r.dropped), mib(r.maxRssMiB), ratio(hook ? r.medianNs / hook.medianNs : null)]
        : [l, '–', '–', '–', '–', '–', '–', '–', 'failed']
    })), '')
  }

  out.push(workerTargets(results, get))
  const failed = workerFailures(outcomes || results.map((r) => ({ ...r, round: '?' })))
  if (failed.length > 0) out.push('Failed rounds (their jobs show the median of the rounds that succeeded):', '', ...failed, '')
  return out.join('\n')
}

// A verdict that rests on fewer rounds than were run says so.
const judged = (r, text) => (r.spread && r.spread.failed > 0 ? `${text}, in the rounds that succeeded` : text)

// The issue's targets, judged for each logly set-up.
function workerTargets (results, get) {
  const callerCases = cases(results.filter((r) => r.measure === 'caller'), 'workers')
  const rssJobs = [['delivery'], ['lag'], ...callerCases.map((c) => ['caller', c])]

  const checks = [
    ['module callback delivery ≥ 500k records/s (goal 1M)', (l) => {
      const r = get('delivery', undefined, l)
      if (!r) return null
      const v = r.recordsPerSec
      return [`${rate(v)}/s${failedRounds(r)}`, judged(r, v >= DELIVERY_GOAL ? 'met, goal too' : v >= DELIVERY_TARGET ? 'met (goal not reached)' : 'missed')]
    }],
    [`delivery ≥ ${TRANSPORT_MULTIPLE}× pino transport`, (l) => {
      const r = get('delivery', undefined, l)
      const base = get('delivery', undefined, PINO_TRANSPORT)
      if (!r || !base) return null
      const v = r.recordsPerSec / base.recordsPerSec
      return [ratio(v) + failedRounds(r), judged(r, verdict(v >= TRANSPORT_MULTIPLE))]
    }],
    ['event-loop delay p99 ≤ pino transport\'s', (l) => {
      const r = get('lag', undefined, l)
      const base = get('lag', undefined, PINO_TRANSPORT)
      if (!r || !base) return null
      return [`${r.p99Ms.toFixed(2)} vs ${base.p99Ms.toFixed(2)} ms${failedRounds(r)}`, judged(r, verdict(r.p99Ms <= base.p99Ms))]
    }],
    [`caller cost ≤ ${HOOK_CALLER_RATIO}× pino with a logMethod hook`, (l) => {
      const w = worst(callerCases.map((c) => {
        const r = get('caller', c, l)
        const base = get('caller', c, PINO_HOOK)
        return r && base ? { value: r.medianNs / base.medianNs, where: c } : null
      }))
      return w && [`worst ${ratio(w.value)} (${w.where})`, verdict(w.value <= HOOK_CALLER_RATIO)]
    }],
    ['peak RSS ≤ pino transport\'s, every measurement', (l) => {
      const w = worst(rssJobs.map(([m, c]) => {
        const r = get(m, c, l)
        const base = get(m, c, PINO_TRANSPORT)
        return r && base ? { value: r.maxRssMiB - base.maxRssMiB, where: c ? `${m} ${c}` : m } : null
      }))
      return w && [`worst ${w.value >= 0 ? '+' : ''}${w.value.toFixed(1)} MiB (${w.where})`, verdict(w.value <= 0)]
    }]
  ]

  const head = ['target', ...LOGLY_MODULES.flatMap((l) => [l, 'verdict'])]
  const rows = checks.map(([title, check]) => [title, ...LOGLY_MODULES.flatMap((l) => check(l) || ['–', 'n/a'])])
  return ['### Against the targets (module callbacks)', '', table(head, rows), ''].join('\n')
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
  const { results, settings, meta } = report
  const get = finder(results)
  const notRun = notRunLookup(report.notRun)
  const has = (s) => results.some((r) => r.section === s)
  return [
    '# logly benchmark', '',
    header(report), '',
    has('caller') ? callerSection(results, get, notRun) : '',
    has('throughput') ? throughputSection(results, get, settings, notRun) : '',
    has('callbacks') ? callbackSection(results, settings) : '',
    has('location') ? locationSection(results, get) : '',
    has('workers') ? workersSection(results, settings, meta, report.outcomes) : '',
    has('caller') ? sinksSection(results, get) : '',
    // The workers section judges its own targets; DESIGN's need the other four.
    ['caller', 'throughput', 'callbacks', 'location'].some(has) ? targets(results, get) : ''
  ].filter(Boolean).join('\n\n').replace(/\n{3,}/g, '\n\n')
}

function progressLine (job, outcome) {
  const tag = job.measure ? [job.measure, job.case].filter(Boolean).join(' ') : (job.case || `${job.callbacks.count} cb`)
  const head = `${job.section.padEnd(10)} ${tag.padEnd(7)} ${job.label.padEnd(32)}`
  if (!outcome.ok) return `${head} FAILED: ${outcome.error}`
  const r = outcome.result
  const figure = r.medianNs != null
    ? `median ${ns(r.medianNs)} ns/op, p99 ${ns(r.p99Ns)} ns/op`
    : r.p99Ms != null
      ? `event-loop delay p99 ${r.p99Ms.toFixed(2)} ms (max ${r.maxMs.toFixed(1)}), ${rate(r.recordsPerSec)} records/s`
      : `${rate(r.recordsPerSec)} records/s`
  return `${head} ${figure}, peak RSS ${mib(r.maxRssMiB)} MiB`
}

module.exports = { renderReport, progressLine }
