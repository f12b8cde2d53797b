'use strict'

const { test } = require('node:test')
const assert = require('node:assert/strict')
const { levels } = require('..')
const { fileLogger } = require('./helpers')

const METHODS = [
  ['trace', 'TRACE'], ['debug', 'DEBUG'], ['info', 'INFO'], ['success', 'SUCCESS'],
  ['warning', 'WARNING'], ['warn', 'WARNING'], ['error', 'ERROR'], ['fail', 'FAIL'],
  ['critical', 'CRITICAL'], ['fatal', 'CRITICAL']
]

test('every level method logs with its upper-case level name', async () => {
  const { log, records } = fileLogger({ configure: { level: 'TRACE' } })
  for (const [method] of METHODS) log[method](`via ${method}`)
  const got = (await records()).map((r) => [r.message, r.level])
  assert.deepEqual(got, METHODS.map(([method, level]) => [`via ${method}`, level]))
})

test('records below the configured level are not written, and not counted as emitted', async () => {
  const { log, records } = fileLogger({ configure: { level: 'warning' } })
  log.debug('no')
  log.info('no')
  log.warning('yes')
  log.critical('yes')
  assert.deepEqual((await records()).map((r) => r.level), ['WARNING', 'CRITICAL'])
  assert.equal(log.stats().emitted, 2)
})

test('the default level is INFO', async () => {
  const { log, records } = fileLogger()
  log.debug('hidden')
  log.info('shown')
  assert.deepEqual((await records()).map((r) => r.message), ['shown'])
})

test('log() takes the level by name in any case, or by number', async () => {
  const { log, records } = fileLogger()
  log.log('ERROR', 'by name', { code: 1 })
  log.log('success', 'lower case')
  log.log(45, 'by number')
  const got = await records()
  assert.deepEqual(got.map((r) => [r.level, r.message]), [['ERROR', 'by name'], ['SUCCESS', 'lower case'], ['FAIL', 'by number']])
  assert.equal(got[0].code, 1)
})

test('an unknown level is a RangeError naming the argument in setup calls, and logs at ERROR in log()', async () => {
  const { log, records } = fileLogger()
  assert.throws(() => log.configure({ level: 'verbose' }), { name: 'RangeError', message: /configure: level "verbose" is not a level/ })
  assert.throws(() => log.addCallback(() => {}, { level: 7 }), { name: 'RangeError', message: /addCallback: options.level/ })
  assert.throws(() => log.add('console', { level: null }), { name: 'TypeError', message: /add: options.level must be a level name or number/ })
  for (const level of ['LOUD', 7, null]) assert.doesNotThrow(() => log.log(level, 'x'))
  assert.deepEqual((await records()).map((r) => r.level), ['ERROR', 'ERROR', 'ERROR'])
})

test('a sink level filters further than the global level', async () => {
  const { log, records } = fileLogger({ configure: { level: 'DEBUG' }, sink: { level: 'ERROR' } })
  log.debug('no')
  log.warning('no')
  log.error('yes')
  assert.deepEqual((await records()).map((r) => r.message), ['yes'])
})

test('the level property reads and sets the global level on the root logger', async () => {
  const { log, records } = fileLogger()
  assert.equal(log.level, 'info')
  log.level = 'debug'
  assert.equal(log.level, 'debug')
  log.debug('now visible')
  assert.deepEqual((await records()).map((r) => r.message), ['now visible'])
})

test('a child level is its own; an empty child level inherits', async () => {
  const { log, records } = fileLogger()
  const chatty = log.child({}, { level: 'debug' })
  const inherits = log.child({}, { level: '' })
  assert.equal(chatty.level, 'debug')
  assert.equal(inherits.level, 'info')
  chatty.debug('child debug')
  inherits.debug('hidden')
  log.debug('hidden')
  const quiet = log.child({})
  quiet.level = 'error'
  quiet.warning('hidden')
  assert.equal(log.level, 'info', 'setting a child level leaves the root alone')
  assert.deepEqual((await records()).map((r) => r.message), ['child debug'])
})

test('isLevelEnabled takes logly and pino names', () => {
  const { log } = fileLogger({ configure: { level: 'WARNING' } })
  assert.equal(log.isLevelEnabled('warn'), true)
  assert.equal(log.isLevelEnabled('fatal'), true)
  assert.equal(log.isLevelEnabled('info'), false)
  assert.equal(log.isLevelEnabled('SUCCESS'), false)
  assert.equal(log.isLevelEnabled('silent'), false)
})

test("'silent' turns a logger off", async () => {
  const { log, records } = fileLogger()
  log.level = 'silent'
  log.critical('nothing')
  assert.equal(log.level, 'silent')
  assert.deepEqual(await records(), [])
})

test('levels exports the numbers of the reference page', () => {
  assert.deepEqual(levels.names, { TRACE: 5, DEBUG: 10, INFO: 20, SUCCESS: 25, WARNING: 30, ERROR: 40, FAIL: 45, CRITICAL: 50 })
  assert.equal(levels.values.warn, 30)
  assert.equal(levels.values.fatal, 50)
  assert.equal(levels.labels[45], 'fail')
})

test("log('silent', ...) logs nothing, also with a callback registered", async () => {
  const { log, records } = fileLogger()
  let calls = 0
  log.addCallback(() => { calls++ })
  log.log('silent', 'nothing')
  log.silent('pino no-op')
  assert.deepEqual(await records(), [])
  assert.equal(calls, 0)
})
