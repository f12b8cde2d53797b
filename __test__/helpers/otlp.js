'use strict'

// A local OTLP/HTTP collector for the HTTP sink's tests (127.0.0.1 only),
// which checks every payload against the official protobuf definitions:
// @opentelemetry/otlp-transformer 0.52 ships them compiled by protobufjs
// from opentelemetry-proto. A payload must survive JSON -> protobuf message
// -> JSON unchanged (a misspelt or mistyped field would not: fromObject
// drops unknown keys and coerces types, toObject shows the result) and
// encode to protobuf's wire format and back.

const assert = require('node:assert/strict')
const http = require('node:http')
const https = require('node:https')
const { opentelemetry } = require('@opentelemetry/otlp-transformer/build/src/generated/root')
const { listen, close } = require('./index')

const ExportLogsServiceRequest = opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest
const TO_JSON = { longs: String, enums: Number, bytes: String, defaults: false, arrays: false, objects: false, oneofs: false }

/** Asserts that `payload` is an ExportLogsServiceRequest in OTLP/HTTP's JSON encoding. */
function assertOtlpLogs (payload) {
  const message = ExportLogsServiceRequest.fromObject(payload)
  assert.deepEqual(ExportLogsServiceRequest.toObject(message, TO_JSON), payload, 'the payload reads back unchanged through the OTLP protobuf definitions')
  const decoded = ExportLogsServiceRequest.decode(ExportLogsServiceRequest.encode(message).finish())
  assert.deepEqual(ExportLogsServiceRequest.toObject(decoded, TO_JSON), payload)
}

/**
 * Starts a collector on 127.0.0.1 (on `port`, or any free one).
 * `answer(request)` picks each response's status (default 200); `requests`
 * keeps `{ url, headers, contentType, body }` of each, OTLP JSON bodies
 * validated and parsed, NDJSON bodies as arrays of records.
 */
async function startCollector ({ port = 0, answer = () => 200, tls } = {}) {
  const requests = []
  const problems = []
  const handler = (req, res) => {
    let text = ''
    req.setEncoding('utf8')
    req.on('data', (chunk) => { text += chunk })
    req.on('end', () => {
      const contentType = req.headers['content-type']
      const request = { url: req.url, headers: req.headers, contentType, body: undefined }
      try {
        if (contentType === 'application/x-ndjson') {
          assert.ok(text.endsWith('\n'), 'NDJSON ends with a newline')
          request.body = text.slice(0, -1).split('\n').map((line) => JSON.parse(line))
        } else {
          request.body = JSON.parse(text)
          assertOtlpLogs(request.body)
        }
      } catch (error) {
        problems.push(error)
      }
      const status = answer(request)
      if (status === 200) requests.push(request)
      res.statusCode = status
      res.setHeader('content-type', 'application/json')
      res.end('{}')
    })
  }
  // `tls`: { key, cert } for https.
  const server = tls === undefined ? http.createServer(handler) : https.createServer(tls, handler)
  server.listen(port, '127.0.0.1')
  await new Promise((resolve, reject) => {
    server.once('listening', resolve)
    server.once('error', reject)
  })
  const url = `${tls === undefined ? 'http' : 'https'}://127.0.0.1:${server.address().port}/v1/logs`
  return {
    url,
    port: server.address().port,
    requests,
    problems,
    /** Every logRecord (OTLP) or record (NDJSON) taken, in order. */
    records () {
      return requests.flatMap((request) => Array.isArray(request.body)
        ? request.body
        : request.body.resourceLogs.flatMap((r) => r.scopeLogs.flatMap((s) => s.logRecords)))
    },
    close: () => close(server)
  }
}

/** A port of 127.0.0.1 nothing listens on (now). */
async function freePort () {
  const server = http.createServer()
  await listen(server)
  const { port } = server.address()
  await close(server)
  return port
}

/** The attributes of a logRecord as `{ key: AnyValue }`. */
function attributes (record) {
  return Object.fromEntries(record.attributes.map(({ key, value }) => [key, value]))
}

module.exports = { startCollector, freePort, attributes, assertOtlpLogs }
