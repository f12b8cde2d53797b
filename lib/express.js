'use strict'

// Express middleware: a request logger (request id, `req.log`, one record per
// response) and an error logger (one record per failed request, then the error
// goes on to Express's own handling).

const { randomUUID } = require('node:crypto')
const { performance } = require('node:perf_hooks')
const serializers = require('./serializers.js')

const DEFAULT_HEADER = 'x-request-id'

// An incoming id ends up in every record of the request and in alerts: take it
// only if it looks like an id (1–128 visible ASCII characters), so a client
// cannot inject line breaks or megabytes into the logs.
const REQUEST_ID = /^[\x21-\x7e]{1,128}$/

// Required on first use, not at load: `logly-node/express` must not force the
// native addon to load before the app has chosen its logger.
function rootLogger () {
  return require('./index.js').logger
}

function requestUrl (req) {
  // A mounted router rewrites req.url; originalUrl is what the client asked for.
  return req.originalUrl ?? req.url
}

function levelFor (statusCode) {
  if (statusCode >= 500) return 'error'
  if (statusCode >= 400) return 'warning'
  return 'info'
}

function statusOf (err) {
  if (err === null || typeof err !== 'object') return undefined
  const status = err.status ?? err.statusCode
  return Number.isInteger(status) ? status : undefined
}

/**
 * Returns middleware that gives each request an id and a bound logger and logs
 * the response when it is finished (or aborted).
 */
function requestLogger (options = {}) {
  const header = String(options.header ?? DEFAULT_HEADER).toLowerCase()
  const genReqId = options.genReqId ?? randomUUID
  const setHeader = options.setHeader !== false
  const contextualize = options.contextualize === true
  let base = options.logger

  return function loglyRequestLogger (req, res, next) {
    const start = performance.now()
    if (base === undefined) base = rootLogger()

    const incoming = req.headers[header]
    const requestId = typeof incoming === 'string' && REQUEST_ID.test(incoming)
      ? incoming
      : String(genReqId(req, res))
    const log = base.bind({ requestId })
    req.id = requestId
    req.log = log
    if (setHeader && !res.headersSent) res.setHeader(header, requestId)

    let logged = false
    const onEnd = () => {
      if (logged) return
      logged = true
      res.removeListener('finish', onEnd)
      res.removeListener('close', onEnd)
      const fields = {
        method: req.method,
        url: requestUrl(req),
        statusCode: res.statusCode,
        responseTime: Math.round((performance.now() - start) * 1000) / 1000
      }
      // 'close' without 'finish' first: the connection went away before the
      // response was fully written (client gave up, socket destroyed).
      if (!res.writableFinished) log.warning('request aborted', fields)
      else log[levelFor(res.statusCode)]('request completed', fields)
    }
    res.on('finish', onEnd)
    res.on('close', onEnd)

    if (!contextualize) return next()
    const scope = typeof base.contextualize === 'function' ? base : rootLogger()
    scope.contextualize({ requestId }, next)
  }
}

/**
 * Returns Express error-handling middleware: logs the error with the request's
 * id, method and url, then passes it on with `next(err)`.
 */
function errorLogger (options = {}) {
  let base = options.logger

  // Exactly four declared parameters: Express calls a middleware with an error
  // only when its length is 4.
  return function loglyErrorLogger (err, req, res, next) {
    try {
      // req.log carries the request id binding when requestLogger ran; a
      // req.log from another library (pino-http) has no exception().
      let log = req.log
      if (log === undefined || typeof log.exception !== 'function') {
        if (base === undefined) base = rootLogger()
        log = base
      }
      const fields = { method: req.method, url: requestUrl(req) }
      if (req.id !== undefined) fields.requestId = req.id
      const status = statusOf(err)
      // A client error passed to next() (http-errors' 404, a validation 400)
      // is not a server failure: log it at WARNING so ERROR alerts stay quiet.
      if (status >= 400 && status < 500) {
        log.warning('request failed', { ...fields, statusCode: status, exception: err })
      } else {
        log.exception('request failed', err, fields)
      }
    } catch (logError) {
      // Logging must never replace the request's own error.
      process.emitWarning(`logly-node/express: errorLogger could not log: ${logError && logError.message}`)
    }
    next(err)
  }
}

module.exports = { requestLogger, errorLogger, serializers }
