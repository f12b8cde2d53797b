// Type tests for index.d.ts: every public form, checked with `tsc -p __test__/types`
// (strict). Nothing here runs; lines marked @ts-expect-error must stay errors.
// The negative cases that also need a readable message live in
// __test__/types.test.js.

import { logger, Logger, levels, type LogRecord } from 'logly-node'
import { stdSerializers, type SerializedRequest, type SerializedResponse } from 'logly-node'
import type {
  Callback, CallbackOptions, ChildOptions, ConfigureOptions, Level, LevelLabel,
  LevelName, LevelNumber, LogFn, RecordLevel, SerializedError, SinkFormat, SinkOptions, Stats
} from 'logly-node'
import Fastify, { type FastifyBaseLogger } from 'fastify'

// --- helpers ----------------------------------------------------------------

/** Compiles only if A and B are the same type. */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false
function assertType<T extends true> (): T | void {}
function expectType<T> (value: T): T { return value }

declare function post (url: string, body: unknown): Promise<Response>
declare const orderId: number
declare const userName: string
declare const dynamicFormat: string
declare const caught: unknown

// --- exports ----------------------------------------------------------------

expectType<Logger>(logger)
expectType<Logger>(new Logger())
assertType<Equal<typeof levels.values.warn, 30>>()
assertType<Equal<typeof levels.values.fatal, 50>>()
assertType<Equal<typeof levels.labels[45], 'fail'>>()
assertType<Equal<typeof levels.names.ERROR, 40>>()
assertType<Equal<typeof logger.levels.values, typeof levels.values>>()
// @ts-expect-error the tables are frozen
levels.names.ERROR = 41

// --- levels -----------------------------------------------------------------

const names: LevelName[] = ['TRACE', 'debug', 'Info', 'SUCCESS', 'warning', 'WARN', 'warn', 'Error', 'fail', 'CRITICAL', 'fatal', 'silent']
const numbers: LevelNumber[] = [5, 10, 20, 25, 30, 40, 45, 50]
const anyLevel: Level[] = [...names, ...numbers]
// @ts-expect-error not a level
const notALevel: Level = 'LOUD'
// @ts-expect-error not a level number
const notANumber: Level = 15

// --- configure, constructor -------------------------------------------------

const full: ConfigureOptions = { level: 'INFO', json: false, color: 'auto', location: 'auto', callbackBuffer: 100_000, callbackBufferBytes: 32 * 1024 * 1024 }
expectType<Logger>(logger.configure(full))
logger.configure({ level: 'debug' }).configure({ json: true }).configure({ color: true, location: false })
logger.configure({ level: 40, callbackBuffer: 10 })
logger.configure({ location: true })
logger.configure({ base: { service: 'api', replicas: 3 } }).configure({ base: null })
logger.configure({})
const own = new Logger()
const configured = new Logger({ level: 'warn', json: true })
// @ts-expect-error unknown option (throws TypeError)
logger.configure({ lvl: 'INFO' })
// @ts-expect-error color is true, false or 'auto'
logger.configure({ color: 'always' })
// @ts-expect-error options are required
logger.configure()
// @ts-expect-error base is an object or null (throws TypeError)
logger.configure({ base: 'api' })

// --- sinks ------------------------------------------------------------------

const consoleId: number = logger.add('console')
logger.add('stdout')
logger.add('stderr', { level: 'ERROR' })
const fileId = logger.add('logs/app.log', { level: 'DEBUG', json: true })
const sinkOptions: SinkOptions = { level: 30, json: false, color: 'auto' }
logger.add('/var/log/app.log', sinkOptions)
expectType<boolean>(logger.remove(fileId))
expectType<boolean>(logger.remove(consoleId))
expectType<boolean>(logger.remove())
expectType<boolean>(logger.remove('not an id'))
logger.add('x.log', { format: 'json' })
logger.add('x.log', { format: 'text', level: 'INFO' })
logger.add('stdout', { format: 'pino' })
const format: SinkFormat = 'json'
logger.add('stderr', { format })
// @ts-expect-error unknown sink option (throws TypeError)
logger.add('x.log', { jsno: true })
logger.add('logs/app.log', { rotation: '10 MB' })
logger.add('logs/app.log', { rotation: '500 KB' })
logger.add('logs/app.log', { rotation: 'daily' })
logger.add('logs/app.log', { rotation: '00:00' })
logger.add('logs/app.log', { rotation: { size: '10 MB', interval: 'hourly' } })
logger.add('logs/app.log', { rotation: { size: 1_000_000 } })
logger.add('logs/app.log', { rotation: '10 MB', retention: 10, compression: 'gzip' })
logger.add('logs/app.log', { rotation: 'daily', retention: '7 days' })
logger.add('http://127.0.0.1:4318/v1/logs', { format: 'otlp', headers: { authorization: 'Bearer x' }, resource: { 'service.name': 'api', replicas: 3 } })
logger.add('https://collector.example/v1/logs')
logger.add('https://otel.internal:4318/v1/logs', { ca: '-----BEGIN CERTIFICATE-----\n...' })
logger.add('http://127.0.0.1:8686/logs', { format: 'json', level: 'WARNING' })
expectType<number>(logger.stats().exportDropped)
// @ts-expect-error header values are strings
logger.add('http://127.0.0.1:4318/v1/logs', { headers: { retries: 3 } })
expectType<void>(logger.reopen())
process.on('SIGHUP', () => logger.reopen())
// @ts-expect-error not a compression (throws RangeError)
logger.add('logs/app.log', { rotation: 'daily', compression: 'zip' })
// @ts-expect-error not a rotation (throws RangeError)
logger.add('logs/app.log', { rotation: 'weekly' })
// @ts-expect-error unknown format (throws RangeError)
logger.add('x.log', { format: 'xml' })
// @ts-expect-error the target is a string
logger.add(process.stdout)
logger.add('logs/audit.log', { json: true, redact: ['password', 'user.card.number', 'headers["x-api-key"]', '*.token', 'items[*].secret'] })
logger.add('stderr', { redact: { paths: ['password'], censor: '***' } })
logger.add('http://127.0.0.1:4318/v1/logs', { redact: { paths: ['user.email'], remove: true } })
logger.add('logs/audit.log', { redact: { paths: ['password'], censor: (value, path) => `${path.join('.')}:${String(value).slice(-2)}` } })
// @ts-expect-error a censor is a string or a function
logger.add('logs/audit.log', { redact: { paths: ['password'], censor: 0 } })

// --- the log methods --------------------------------------------------------

const err = new Error('card declined', { cause: new Error('timeout') })
const methods: LogFn[] = [
  logger.trace, logger.debug, logger.info, logger.success, logger.warning,
  logger.warn, logger.error, logger.fail, logger.critical, logger.fatal
]
interface Order { id: number, amount: number }
declare const order: Order
class Payment { constructor (public amount: number) {} }

// message, message + fields
logger.info('Application started')
logger.info('Payment failed', { orderId: 1234, amount: 99.99 })
logger.info('order', order)
logger.info('payment', new Payment(3))
logger.info('maybe fields', Math.random() > 0.5 ? { orderId } : undefined)
logger.error('failed', err) // the error as field `err`
// pino: fields first, fields only
logger.info({ orderId: 7 }, 'paid')
logger.info({ orderId: 7 })
logger.info(order, 'order %d paid by %s', order.id, userName)
logger.warn({ retries: 3 }, 429)
// errors
logger.error(err)
logger.error(err, 'charge failed')
logger.error(err, 'charge %s failed', 'order 7')
logger.fatal(err)
// printf-style format
logger.info('user %s paid %d', userName, 12.5)
logger.info('%j', { a: 1 })
logger.info('order %d', orderId, { orderId }) // a fields object after the values
logger.info('order %d', orderId, err) // or an Error, as field `err`
logger.info(dynamicFormat, 1, 2, 3) // a format not known at compile time
// a number, boolean or BigInt as the message
logger.info(42)
logger.info(10n, { big: true })
logger.debug(true)
expectType<void>(logger.success('done'))
logger.fail('job failed', { job: 'nightly' })
logger.critical('disk full')
expectType<number>(methods.length)

// pino's (obj, msg) with every level
logger.trace({ step: 1 }, 'trace')
logger.debug({ step: 2 }, 'debug')
logger.success({ step: 3 }, 'success')
logger.warning({ step: 4 }, 'warning')
logger.fail({ step: 5 }, 'fail')
logger.critical({ step: 6 }, 'critical')

// values left over are appended to the message, as util.format does
logger.info('user', userName, 42)
logger.info('list', [1, 2, 3])
logger.info({ orderId }, 'paid', { more: 1 })
logger.error(err, 'charge failed', orderId)

// @ts-expect-error a log call needs an argument (throws TypeError)
logger.info()
// @ts-expect-error arrays are not fields (throws TypeError)
logger.info([1, 2, 3])
// @ts-expect-error a symbol is not a message (throws TypeError)
logger.info(Symbol('x'))
// @ts-expect-error a function is not fields (throws TypeError)
logger.info(() => 1)
// @ts-expect-error null is not fields (throws TypeError)
logger.info(null)
// @ts-expect-error after an Error comes a message: fields here would only be appended to the message
logger.error(err, { orderId })
// @ts-expect-error after fields comes a message, not more fields
logger.info({ orderId }, { more: 1 })
// @ts-expect-error a detached method has no logger
const { info } = logger; info('detached')

// --- log(level, ...) ----------------------------------------------------------

logger.log('ERROR', 'msg', { orderId })
logger.log('error', 'msg')
logger.log('warn', { orderId }, 'slow')
logger.log(40, err)
logger.log('fatal', err, 'crashed %s', 'hard')
logger.log('INFO', 'user %s', userName)
logger.log('Success', { orderId })
logger.log('debug', 7)
for (const level of numbers) logger.log(level, 'by number')
// @ts-expect-error not a level (throws RangeError)
logger.log('LOUD', 'msg')
// @ts-expect-error 'silent' is not a level to log at
logger.log('silent', 'msg')
logger.log('INFO', 'msg', 'appended')

// --- exception --------------------------------------------------------------

logger.exception('payment failed', err)
logger.exception('payment failed', err, { orderId })
try { JSON.parse('{') } catch (e) {
  logger.exception('bad json', e) // e is unknown: exception() takes it as it is
  // @ts-expect-error a thrown value is unknown: it may be anything (undefined or null would throw TypeError)
  logger.error(e, 'bad json')
  if (e instanceof Error) logger.error(e, 'bad json')
}
logger.exception('not an Error', caught)
expectType<void>(logger.exception('x', 'a string is logged as it is'))
// @ts-expect-error the message comes first
logger.exception(err, 'payment failed')
// @ts-expect-error fields are an object
logger.exception('x', err, 'orderId')

// --- bind, child, contextualize ---------------------------------------------

const requestLog: Logger = logger.bind({ requestId: 'r-1' })
requestLog.info('started')
requestLog.bind({ userId: 7 }).warn('nested')
const child = logger.child({ reqId: 'r-2' })
const quiet = logger.child({}, { level: '' })
const verbose = logger.child({ route: '/debug' }, { level: 'debug' })
const numeric = logger.child({}, { level: 10 })
const childOptions: ChildOptions = {
  level: 'warn',
  serializers: { user: (user: { id: number, password: string }) => ({ id: user.id }) }
}
logger.child({ user: { id: 1, password: 'x' } }, childOptions).error('denied')
logger.child(order)
logger.child({}, { serializers: stdSerializers })
logger.child({}, { serializers: { err: stdSerializers.err, req: stdSerializers.req } })
declare const incoming: import('node:http').IncomingMessage
declare const outgoing: import('node:http').ServerResponse
const serializedReq: SerializedRequest = stdSerializers.req(incoming)
const serializedRes: SerializedResponse = stdSerializers.res(outgoing)
expectType<string>(stdSerializers.err(err).type)
logger.info({ req: serializedReq, res: serializedRes }, 'request completed')
for (const l of [child, quiet, verbose, numeric]) l.info('child')
// @ts-expect-error bindings are an object
logger.bind('requestId')
// @ts-expect-error arrays are not bindings
logger.child([1])
// @ts-expect-error not a level (throws RangeError)
logger.child({}, { level: 'LOUD' })
// @ts-expect-error not a level number
logger.child({}, { level: 11 })

const sum: number = logger.contextualize({ userId: 7 }, () => 1 + 1)
const later: Promise<string> = logger.contextualize({ userId: 7 }, async () => {
  logger.info('inside') // carries userId
  return 'done'
})
logger.contextualize({ outer: 1 }, () => logger.contextualize({ inner: 2 }, () => undefined))
// @ts-expect-error fn is required
logger.contextualize({ userId: 7 })
// @ts-expect-error fields come first
logger.contextualize(() => 1, { userId: 7 })

// --- level --------------------------------------------------------------------

const current: LevelLabel = logger.level
assertType<Equal<typeof logger.level, 'trace' | 'debug' | 'info' | 'success' | 'warning' | 'error' | 'fail' | 'critical' | 'silent'>>()
logger.level = 'DEBUG'
logger.level = 'silent'
logger.level = 30
logger.level = logger.level // the getter's value is accepted back
child.level = 'warn'
const enabled: boolean = logger.isLevelEnabled('fatal') && logger.isLevelEnabled('SUCCESS') && logger.isLevelEnabled(45)
// @ts-expect-error not a level
logger.level = 'verbose'
// @ts-expect-error not a level
logger.isLevelEnabled('verbose')

// --- callbacks: the reference page's examples ---------------------------------

// Slack notifications for errors
function slackCallback (record: LogRecord): Promise<Response> | undefined {
  if (record.level !== 'ERROR' && record.level !== 'CRITICAL') return undefined
  return post('https://hooks.slack.com/services/YOUR/WEBHOOK/URL', {
    text: `🚨 ${record.level}: ${record.message}`,
    attachments: [{
      color: 'danger',
      fields: Object.entries(record)
        .filter(([key]) => !['timestamp', 'level', 'message'].includes(key))
        .map(([key, value]) => ({ title: key, value: String(value), short: true }))
    }]
  })
}
const callbackId: number = logger.addCallback(slackCallback)
logger.error('Payment failed', { order_id: 1234, amount: 99.99 })

// Metrics: count logs by level
const logCounts = new Map<RecordLevel, number>()
function metricsCallback (record: LogRecord): void {
  logCounts.set(record.level, (logCounts.get(record.level) ?? 0) + 1)
  const total = [...logCounts.values()].reduce((a, b) => a + b, 0)
  if (total % 100 === 0) console.log('Log counts:', Object.fromEntries(logCounts))
}
logger.addCallback(metricsCallback, { name: 'metrics' })
for (let i = 0; i < 150; i++) logger.info(`Event ${i}`)

// Alerting on an error rate
let errorCount = 0
const errorThreshold = 10
function sendAlert (message: string): void { console.log(`🚨 ALERT: ${message}`) }
function alertCallback (record: LogRecord): void {
  if (['ERROR', 'CRITICAL'].includes(record.level)) {
    errorCount += 1
    if (errorCount >= errorThreshold) {
      sendAlert(`High error rate: ${errorCount} errors`)
      errorCount = 0
    }
  }
}
logger.addCallback(alertCallback, { name: 'error_alerting', level: 'ERROR' })
for (let i = 0; i < 12; i++) logger.error(`Error ${i}`)

// Batches
const logBuffer: LogRecord[] = []
async function processBatch (records: LogRecord[]): Promise<void> {
  await post('https://analytics.example/batch', records)
}
const batchCallback: Callback = (record) => {
  logBuffer.push(record)
  if (logBuffer.length >= 50) return processBatch(logBuffer.splice(0))
}
logger.addCallback(batchCallback, { name: 'batch_processor', maxPending: 10 })

// Filtering, typed fields
const filterCallback: Callback = (record) => {
  if (record.level !== 'ERROR') return
  const exception = record.exception as SerializedError | undefined
  const line = `${record.timestamp} | ${record.message} | ${record.filename}:${record.lineno} ${record.function}`
  console.log(line, exception?.type, exception?.stack, exception?.cause)
}
logger.addCallback(filterCallback, { name: 'critical_filter', location: true })

// Module callbacks, on the logger's worker thread
logger.addCallback('/srv/app/alerts.mjs', { level: 'ERROR', export: 'onRecord' })
logger.addCallback(new URL('file:///srv/app/metrics.mjs?fresh'), { location: false })
logger.addCallback(filterCallback, { location: false, maxPending: 10 } satisfies CallbackOptions)
logger.configure({ exitTimeout: 2_000 })

// Async and inline callbacks
const printerId = logger.addCallback(async (record) => {
  expectType<LogRecord>(record)
  expectType<string>(record.lineno)
  expectType<unknown>(record.orderId)
  await post('https://example.test', record)
}, { name: 'printer' })
logger.addCallback(function named (record) { console.log(record.message) })
logger.addCallback((record) => logBuffer.push(record)) // a return value that is not a promise is ignored
const callbackOptions: CallbackOptions = { name: 'all', level: 5, maxPending: 1 }
logger.addCallback(() => {}, callbackOptions)

expectType<boolean>(logger.removeCallback(callbackId))
expectType<boolean>(logger.removeCallback(printerId))
expectType<boolean>(logger.removeCallback('non_existent_id'))
expectType<boolean>(logger.removeCallback(undefined))

// @ts-expect-error the callback is a function or a module
logger.addCallback(42)
// @ts-expect-error a callback takes one record
logger.addCallback((record: LogRecord, extra: string) => console.log(record, extra))
// @ts-expect-error maxPending is a number
logger.addCallback(() => {}, { maxPending: '10' })
// @ts-expect-error not a level
logger.addCallback(() => {}, { level: 'LOUD' })

// --- complete, stats ------------------------------------------------------------

async function shutdown (): Promise<Stats> {
  const done: Promise<void> = logger.complete()
  await logger.complete({ timeout: 5_000 })
  const api = logger.child({ service: 'api' }, { msgPrefix: '[api] ', redact: { paths: ['db.password'], remove: true } })
  logger.configure({ redact: { paths: ['password', 'headers["x-api-key"]', '*.token'], censor: (value, path) => `${path.join('.')}:${typeof value}` } })
  api.setBindings({ region: 'eu' })
  expectType<Record<string, unknown>>(api.bindings())
  api.flush((error) => { if (error) console.error(error) })
  await done
  const stats = logger.stats()
  const { emitted, written, delivered, dropped, callbackErrors, writeErrors, lost } = stats
  console.log(emitted + written + delivered + dropped + callbackErrors + writeErrors + lost)
  return stats
}

// @ts-expect-error redaction paths are strings
logger.configure({ redact: [1] })
// @ts-expect-error redaction takes paths, censor and remove only
logger.configure({ redact: { paths: ['a'], mask: 'x' } })
// @ts-expect-error a censor is a string or a function
logger.child({}, { redact: { paths: ['a'], censor: 0 } })
// @ts-expect-error msgPrefix is a string
logger.child({}, { msgPrefix: 1 })
// @ts-expect-error complete()'s timeout is in milliseconds
logger.complete({ timeout: '5s' })
// @ts-expect-error not a format
logger.add('stdout', { format: 'xml' })

// --- Fastify ----------------------------------------------------------------------

const base: FastifyBaseLogger = logger
const app = Fastify({ loggerInstance: logger })
const appLog: Logger = app.log
appLog.success('ready')
app.log.info('listening')
app.get('/hello/:name', async (request) => {
  request.log.info({ name: 'x' }, 'greeting %s', 'x')
  return { hello: 'x' }
})

export {
  anyLevel, notALevel, notANumber, own, configured, sum, later, current, enabled, shutdown, app, base
}
