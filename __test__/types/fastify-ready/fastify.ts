// Fastify 5 as it would type-check if logly's Logger had pino's no-op
// `silent` method, the one member of FastifyBaseLogger it lacks. The
// augmentation below supplies it for this program only (its own tsconfig), so
// this checks that everything else (level, the level methods, child and its
// options) stays assignable to FastifyBaseLogger, and that Fastify then
// infers logly's Logger for app.log and request.log.
//
// Once lib/logger.js has `silent` and index.d.ts declares it, delete the
// augmentation and the @ts-expect-error in ../usage.ts.

import Fastify, { type FastifyBaseLogger } from 'fastify'
import { logger, type Logger, type LogFn } from 'logly'

declare module 'logly' {
  interface Logger {
    silent: LogFn
  }
}

const base: FastifyBaseLogger = logger
const app = Fastify({ loggerInstance: logger })
const log: Logger = app.log
log.success('ready')
app.get('/hello/:name', async (request) => {
  request.log.info({ name: 'x' }, 'greeting %s', 'x')
  request.log.fail({ step: 'lookup' }, 'not found')
  return { hello: 'x' }
})

export { base, app }
