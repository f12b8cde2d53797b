/**
 * Express middleware for logly: `import { requestLogger, errorLogger } from 'logly-node/express'`.
 *
 * ```js
 * const app = express()
 * app.use(requestLogger())   // first: request id, req.log, one record per response
 * // ... routes ...
 * app.use(errorLogger())     // after the routes, before your own error handler
 * ```
 *
 * @packageDocumentation
 */

// The middlewares take Node's http types. TypeScript 6 and later include no
// @types package a project does not list in "types", so this file asks for
// Node's itself instead of failing with "Cannot find name 'node:http'".
/// <reference types="node" />
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Logger, SerializedRequest, SerializedResponse } from './index'

export type { SerializedRequest, SerializedResponse }

/** Options of {@link requestLogger}. */
export interface RequestLoggerOptions {
  /**
   * The logger to bind each request's logger from.
   * @defaultValue the root `logger` of `logly-node`
   */
  logger?: Logger
  /**
   * Request header that carries an incoming request id, case-insensitive. An
   * incoming id is used only if it is 1–128 visible ASCII characters (no spaces
   * or control characters); otherwise a new one is generated.
   * @defaultValue `'x-request-id'`
   */
  header?: string
  /**
   * Makes a request id when the request brings none (or a malformed one).
   * Its result is converted to a string.
   * @defaultValue `crypto.randomUUID`
   */
  genReqId?: (req: IncomingMessage, res: ServerResponse) => string
  /**
   * Echo the request id in the response, under the same header name.
   * @defaultValue `true`
   */
  setHeader?: boolean
  /**
   * Run the rest of the request inside `logger.contextualize({ requestId }, ...)`,
   * so records logged through any logger of the process while the request is
   * handled (the root `logger` in a service module, say) carry `requestId` too.
   * @defaultValue `false`
   */
  contextualize?: boolean
}

/** Options of {@link errorLogger}. */
export interface ErrorLoggerOptions {
  /**
   * The logger used when the request has no logly `req.log` (that is, when
   * {@link requestLogger} did not run for it).
   * @defaultValue the root `logger` of `logly-node`
   */
  logger?: Logger
}

/** Express's `next`. */
export type NextFunction = (err?: unknown) => void

/**
 * The middleware {@link requestLogger} returns. Typed on Node's request and
 * response, so it fits `app.use()` of Express 4 and 5.
 */
export type RequestLoggerMiddleware = (req: IncomingMessage, res: ServerResponse, next: NextFunction) => void

/**
 * The error-handling middleware {@link errorLogger} returns: four declared
 * parameters, which is how Express recognises an error handler.
 */
export type ErrorLoggerMiddleware = (err: unknown, req: IncomingMessage, res: ServerResponse, next: NextFunction) => void

/**
 * Request logging middleware. Mount it before the routes.
 *
 * For each request it:
 * - takes the request id from the `x-request-id` header (see
 *   {@link RequestLoggerOptions.header}) or generates one with
 *   `crypto.randomUUID()`, sets it as `req.id` and echoes it in the response
 *   header;
 * - sets `req.log = logger.bind({ requestId })`, so every record logged
 *   through `req.log` carries the request id;
 * - when the response is finished, logs `'request completed'` with fields
 *   `{ requestId, method, url, statusCode, responseTime }` (`url` is
 *   `req.originalUrl`, `responseTime` in milliseconds) at ERROR for a 5xx
 *   status, WARNING for 4xx and INFO otherwise;
 * - when the connection closes before the response was finished, logs
 *   `'request aborted'` at WARNING with the same fields instead.
 *
 * @example
 * ```js
 * const { requestLogger } = require('logly-node/express')
 * app.use(requestLogger())
 * app.get('/orders/:id', (req, res) => {
 *   req.log.info('order looked up', { orderId: req.params.id })
 *   res.json(order)
 * })
 * ```
 */
export function requestLogger(options?: RequestLoggerOptions): RequestLoggerMiddleware

/**
 * Error-logging middleware. Mount it after the routes, before your own
 * error handler if you have one.
 *
 * Logs `'request failed'` with fields `{ requestId, method, url }` through
 * `req.log` (or {@link ErrorLoggerOptions.logger}), then passes the error on
 * with `next(err)`, so Express's own handling (or yours) still answers. With
 * Express 5, a promise rejected by an async handler arrives here too.
 *
 * - An error with a 4xx `status`/`statusCode` (a client error such as
 *   http-errors' 404) is logged at WARNING with fields `statusCode` and
 *   `exception`, so it does not trigger ERROR alerts.
 * - Any other error is logged with `logger.exception()`: level ERROR, field
 *   `exception: { type, message, stack, cause? }`.
 *
 * @example
 * ```js
 * const { errorLogger } = require('logly-node/express')
 * app.use(errorLogger())
 * app.use((err, req, res, next) => res.status(500).json({ requestId: req.id }))
 * ```
 */
export function errorLogger(options?: ErrorLoggerOptions): ErrorLoggerMiddleware

/**
 * The standard serializers logly applies to `req` and `res` fields that are
 * not plain objects (`req.log.info({ req, res }, '...')`). They take Express
 * and Fastify objects as well as raw `http.IncomingMessage`/`ServerResponse`,
 * and return anything that is not an object unchanged.
 */
export declare const serializers: {
  /** `{ method, url, version, host, remoteAddress, remotePort }`, as Fastify 5's default `req` serializer. */
  req(req: object): SerializedRequest
  /** `{ statusCode }`. */
  res(res: object): SerializedResponse
  /** `{ req, res }`. */
  defaultSerializers: { readonly req: (req: object) => SerializedRequest, readonly res: (res: object) => SerializedResponse }
}

declare module 'http' {
  interface IncomingMessage {
    /**
     * The request id set by logly's {@link requestLogger}: the incoming
     * `x-request-id` header or a generated UUID. Undefined if the middleware
     * did not run for this request.
     */
    id?: string
    /**
     * The logger of this request, `logger.bind({ requestId })`, set by logly's
     * {@link requestLogger}.
     */
    log?: Logger
  }
}
