'use strict'

const { describeType } = require('../checks')

// HTTP targets: an http:// or https:// URL. Records are POSTed in batches
// by the sink's exporter thread (src/sink/http.rs, exporter.rs): OTLP/HTTP
// JSON for format 'otlp' (the default), NDJSON for format 'json' or 'pino'.

const HTTP_URL = /^https?:\/\//i
/** RFC 9110's token: what a header name may be. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/
/** A header value may not end the header early. */
const HEADER_VALUE_FORBIDDEN = /[\r\n\0]/

function isPlainObject (value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** `[[name, value], ...]` from `{ name: value }`. */
function headerPairs (headers) {
  if (headers === undefined) return []
  if (!isPlainObject(headers)) throw new TypeError(`add: options.headers must be an object of strings, got ${describeType(headers)}`)
  return Object.entries(headers).map(([name, value]) => {
    if (!HEADER_NAME.test(name)) throw new TypeError(`add: options.headers has an invalid header name ${JSON.stringify(name)}`)
    if (typeof value !== 'string') throw new TypeError(`add: options.headers[${JSON.stringify(name)}] must be a string, got ${describeType(value)}`)
    if (HEADER_VALUE_FORBIDDEN.test(value)) throw new TypeError(`add: options.headers[${JSON.stringify(name)}] must not hold CR, LF or NUL`)
    return [name, value]
  })
}

/**
 * The resource's attributes as JSON, with OpenTelemetry's default
 * `service.name` (`unknown_service:node`) unless given.
 */
function resourceJson (resource) {
  if (resource === undefined) resource = {}
  if (!isPlainObject(resource)) throw new TypeError(`add: options.resource must be an object of attributes, got ${describeType(resource)}`)
  for (const [key, value] of Object.entries(resource)) {
    const type = typeof value
    const ok = type === 'string' || type === 'boolean' || (type === 'number' && Number.isFinite(value)) || Array.isArray(value) || isPlainObject(value)
    if (!ok) throw new TypeError(`add: options.resource[${JSON.stringify(key)}] must be a string, finite number, boolean, array or object, got ${describeType(value)}`)
  }
  return JSON.stringify({ 'service.name': `unknown_service:${process.release?.name ?? 'node'}`, ...resource })
}

module.exports = {
  name: 'http',
  options: new Set(['headers', 'resource', 'ca']),
  formats: ['otlp', 'json', 'pino'],
  defaultFormat: 'otlp',
  matches: (target) => HTTP_URL.test(target),
  spec (target, options, { format }) {
    let url
    try {
      url = new URL(target)
    } catch {
      throw new TypeError(`add: target ${JSON.stringify(target)} is not a valid URL`)
    }
    if (options.resource !== undefined && format !== 'otlp') throw new TypeError("add: options.resource is for format 'otlp'")
    if (options.ca !== undefined && (typeof options.ca !== 'string' || !options.ca.includes('-----BEGIN CERTIFICATE-----'))) {
      throw new TypeError(`add: options.ca must be PEM text holding a certificate, got ${typeof options.ca === 'string' ? 'a string without one' : describeType(options.ca)}`)
    }
    return {
      ca: options.ca,
      kind: 'http',
      url: url.href,
      headers: headerPairs(options.headers),
      resource: format === 'otlp' ? resourceJson(options.resource) : undefined
    }
  }
}
