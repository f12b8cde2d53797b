#!/usr/bin/env node
'use strict'

// `npm run bench:otlp [-- RECORDS]`: OTLP/HTTP export throughput of logly's
// http sink against pino with pino-opentelemetry-transport, to a collector
// this process serves on 127.0.0.1 that decodes every request (JSON or
// protobuf, with the OTLP definitions compiled by protobufjs) and counts
// the log records.
//
// Each set-up runs in a child process that logs RECORDS records (the event
// loop turning every 1000, as in throughput.js) and then stays alive; the
// clock runs from the child's first log call until the collector holds
// every record, or stops when nothing arrives for 5 s (then records/s is
// over what arrived, and the shortfall shows in "received"). pino's batch
// processor is given a queue that holds the whole run (processorConfig
// maxQueueSize), since with its default of 2048 it drops most of a burst;
// logly's queue is 16 MiB of records.

const http = require('node:http')
const path = require('node:path')
const { fork } = require('node:child_process')

const RECORDS = Number(process.argv[2] === "--child" ? process.argv[5] : process.argv[2] ?? 100_000)
const STALL_MS = 5000

const SETUPS = {
  logly: { note: "logly, add(url, { format: 'otlp' }) (OTLP/HTTP JSON)" },
  'pino-otel-json': { note: 'pino + pino-opentelemetry-transport, protocol http (JSON)', protocol: 'http' },
  'pino-otel-protobuf': { note: 'pino + pino-opentelemetry-transport, protocol http/protobuf (its default)', protocol: 'http/protobuf' }
}

// ---- child ------------------------------------------------------------------

function createLogger (setup, url) {
  if (setup === 'logly') {
    const { logger } = require(path.resolve(__dirname, '..'))
    logger.remove()
    logger.add(url, { format: 'otlp', resource: { 'service.name': 'bench' } })
    return { info: (i) => logger.info('exported', { i }), flush: () => logger.complete() }
  }
  const pino = require('pino')
  const transport = pino.transport({
    target: 'pino-opentelemetry-transport',
    options: {
      resourceAttributes: { 'service.name': 'bench' },
      logRecordProcessorOptions: { recordProcessorType: 'batch', exporterOptions: { protocol: process.env.OTEL_EXPORTER_OTLP_LOGS_PROTOCOL }, processorConfig: { maxQueueSize: RECORDS * 2 } }
    }
  })
  const logger = pino(transport)
  return { info: (i) => logger.info({ i }, 'exported'), flush: () => new Promise((resolve) => logger.flush(resolve)), ready: new Promise((resolve) => transport.once('ready', resolve)) }
}

async function child (setup, url) {
  const log = createLogger(setup, url)
  await log.ready
  process.send({ started: true })
  for (let i = 0; i < RECORDS; i++) {
    log.info(i)
    if (i % 1000 === 999) await new Promise(setImmediate)
  }
  await log.flush()
  process.send({ logged: true })
  setInterval(() => {}, 1000) // until the parent has counted
}

// ---- parent -----------------------------------------------------------------

async function startCollector () {
  const { opentelemetry } = require('@opentelemetry/otlp-transformer/build/src/generated/root')
  const Request = opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest
  const state = { records: 0, requests: 0, lastAt: Date.now() }
  const count = (request) => request.resourceLogs.reduce((n, r) => n + r.scopeLogs.reduce((m, s) => m + s.logRecords.length, 0), 0)
  const server = http.createServer((req, res) => {
    const chunks = []
    req.on('data', (chunk) => chunks.push(chunk))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      const json = String(req.headers['content-type']).includes('json')
      state.records += count(json ? JSON.parse(body) : Request.toObject(Request.decode(body), { arrays: true }))
      state.requests++
      state.lastAt = Date.now()
      res.setHeader('content-type', json ? 'application/json' : 'application/x-protobuf')
      res.end(json ? '{}' : '')
    })
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${server.address().port}/v1/logs`, state, close: () => { server.closeAllConnections(); server.close() } }
}

function run (setup, collector) {
  return new Promise((resolve) => {
    const env = {
      ...process.env,
      OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: collector.url,
      OTEL_EXPORTER_OTLP_LOGS_PROTOCOL: SETUPS[setup].protocol ?? ''
    }
    const proc = fork(__filename, ['--child', setup, collector.url, String(RECORDS)], { env, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] })
    let started
    let loggedMs
    const base = collector.state.records
    proc.on('message', (message) => {
      if (message.started) {
        started = process.hrtime.bigint()
        collector.state.lastAt = Date.now()
        const timer = setInterval(() => {
          const received = collector.state.records - base
          if (received >= RECORDS || Date.now() - collector.state.lastAt > STALL_MS) {
            clearInterval(timer)
            const ms = Number(process.hrtime.bigint() - started) / 1e6 - (received >= RECORDS ? 0 : STALL_MS)
            proc.kill()
            resolve({ setup, received, ms, loggedMs, perSecond: received / (ms / 1000) })
          }
        }, 5)
      }
      if (message.logged) loggedMs = Number(process.hrtime.bigint() - started) / 1e6
    })
  })
}

async function main () {
  if (process.argv[2] === '--child') return child(process.argv[3], process.argv[4])
  const collector = await startCollector()
  const rows = []
  for (const setup of Object.keys(SETUPS)) {
    const result = await run(setup, collector)
    process.stderr.write(`${setup}: ${result.received} of ${RECORDS} in ${result.ms.toFixed(0)} ms\n`)
    rows.push(result)
  }
  collector.close()
  console.log(`| set-up | records/s to the collector | received | logging loop ms | until all received ms |\n| --- | ---: | ---: | ---: | ---: |`)
  for (const r of rows) {
    console.log(`| ${SETUPS[r.setup].note} | ${Math.round(r.perSecond).toLocaleString('en-US')} | ${r.received.toLocaleString('en-US')} of ${RECORDS.toLocaleString('en-US')} | ${r.loggedMs?.toFixed(0) ?? '–'} | ${r.ms.toFixed(0)} |`)
  }
}

if (process.argv[2] !== '--child' && (process.argv[2] ?? '').startsWith('-')) {
  console.log('usage: node benchmark/otlp-export.js [RECORDS]')
} else {
  main().catch((error) => {
    console.error(error)
    process.exit(1)
  })
}
