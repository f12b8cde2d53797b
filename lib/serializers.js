'use strict'

// Standard serializers for HTTP request and response objects, the shapes
// Fastify 5 logs with (lib/logger-pino.js there), so a record looks the same
// whether it came from Fastify or from logly's Express middleware.
//
// A request or reply is a large, cyclic object (sockets, servers, parsers):
// logging it as is would walk all of it. These pick the few fields worth
// keeping. They accept Fastify Request/Reply objects, Express req/res and
// raw http.IncomingMessage/ServerResponse, and never throw: a serializer that
// threw would lose the log line it was meant to shape.

/**
 * Reads a property that may be a getter on someone else's prototype (Express
 * `req.ip`/`req.host` need `req.app`; a hand-made request has none).
 */
function read (obj, key) {
  try {
    return obj[key]
  } catch {
    return undefined
  }
}

/**
 * `{ method, url, version, host, remoteAddress, remotePort }`, as Fastify's
 * default `req` serializer. Where the framework offers no `host`/`ip`
 * (a raw IncomingMessage), they come from the Host header and the socket.
 * For Express, `url` is `originalUrl`: a mounted router rewrites `req.url`.
 */
function req (request) {
  if (request === null || typeof request !== 'object') return request
  const headers = read(request, 'headers')
  const socket = read(request, 'socket')

  // Fastify's Request keeps the raw message under `raw` and its own `url`;
  // anything else is a Node message, possibly decorated by Express.
  const url = read(request, 'raw') !== undefined
    ? read(request, 'url')
    : (read(request, 'originalUrl') ?? read(request, 'url'))

  let host = read(request, 'host')
  if (host === undefined && headers) host = headers.host ?? headers[':authority']

  let remoteAddress = read(request, 'ip')
  if (remoteAddress === undefined && socket) remoteAddress = socket.remoteAddress

  return {
    method: read(request, 'method'),
    url,
    version: headers ? headers['accept-version'] : undefined,
    host,
    remoteAddress,
    remotePort: socket ? socket.remotePort : undefined
  }
}

/** `{ statusCode }`, from a Fastify Reply, an Express res or a ServerResponse. */
function res (response) {
  if (response === null || typeof response !== 'object') return response
  return { statusCode: read(response, 'statusCode') }
}

/** The serializers logly applies to `req` and `res` fields that are not plain objects. */
const defaultSerializers = Object.freeze({ req, res })

module.exports = { req, res, defaultSerializers }
