'use strict'

const { test } = require('node:test')
const assert = require('node:assert/strict')
const path = require('node:path')
const { quietLogger, fileLogger, makeTempDir, readLines, readJsonLines } = require('./helpers')

// Redaction, with pino's path syntax: what a record shows, in files and in
// callback records alike, never the secret.

const PATHS = ['password', 'user.card.number', 'headers["x-api-key"]', '*.token', 'items[*].secret', 'a.*.b.*.c']

/** Fields with a secret on every path of PATHS, and values beside them that stay. */
const SECRETS = {
  password: 'p',
  user: { card: { number: '4242', exp: '12/30' } },
  headers: { 'x-api-key': 'k', host: 'h' },
  session: { token: 't', id: 1 },
  items: [{ secret: 's', n: 1 }, { n: 2 }],
  a: { x: { b: { y: { c: 'deep', d: 'kept' } } } }
}

/** A logger with `configure` options writing JSON to a file, and what a callback got. */
function logged (configure) {
  const { log, records } = fileLogger({ configure })
  const seen = []
  log.addCallback((record) => seen.push(record))
  return { log, seen, records }
}

test('configure({ redact }) censors every path, wildcards at any depth and hyphenated keys, in files and callback records', async () => {
  const { log, seen, records } = logged({ redact: PATHS })
  const fields = structuredClone(SECRETS)
  const before = JSON.stringify(fields)
  log.info('login', fields)
  const [record] = await records()
  for (const shown of [record, seen[0]]) {
    assert.equal(shown.password, '[Redacted]')
    assert.deepEqual(shown.user, { card: { number: '[Redacted]', exp: '12/30' } })
    assert.deepEqual(shown.headers, { 'x-api-key': '[Redacted]', host: 'h' })
    assert.deepEqual(shown.session, { token: '[Redacted]', id: 1 })
    assert.deepEqual(shown.items, [{ secret: '[Redacted]', n: 1 }, { n: 2 }])
    assert.deepEqual(shown.a, { x: { b: { y: { c: '[Redacted]', d: 'kept' } } } })
  }
  assert.equal(JSON.stringify(fields), before, 'the caller\'s objects are not changed')
})

test('censor as a string or a function (given the value and the path), and remove: true', async () => {
  const { log, records } = logged({ redact: { paths: ['card.number'], censor: (value, path) => `${path.join('.')}:${String(value).slice(-2)}` } })
  log.info('paid', { card: { number: '4242424242' } })
  const child = log.child({ db: { password: 'x', host: 'h' } }, { redact: { paths: ['db.password', 'email'], remove: true } })
  child.info('child', { email: 'a@b.c', card: { number: '1234' } })
  const [paid, fromChild] = await records()
  assert.deepEqual(paid.card, { number: 'card.number:42' })
  assert.deepEqual(fromChild.db, { host: 'h' }, 'bindings are redacted too')
  assert.equal('email' in fromChild, false)
  assert.deepEqual(fromChild.card, { number: 'card.number:34' }, 'the parent\'s redaction still applies to a child')
})

test('contextualize() fields are redacted as well', async () => {
  const { log, records } = logged({ redact: { paths: ['token'], censor: '***' } })
  await log.contextualize({ token: 'secret', requestId: 7 }, async () => log.info('inside'))
  const [record] = await records()
  assert.deepEqual([record.token, record.requestId], ['***', 7])
})

test('redaction that cannot read the fields fails closed: the record keeps its message and withholds the fields', async () => {
  const { log, records } = logged({ redact: ['user.password'] })
  const hostile = { user: new Proxy({}, { has () { throw new Error('trap') }, getOwnPropertyDescriptor () { throw new Error('trap') } }) }
  assert.doesNotThrow(() => log.info('hostile', hostile))
  const [record] = await records()
  assert.equal(record.message, 'hostile')
  assert.match(record.loggingError, /^redaction failed, fields withheld: \[Thrown: trap\]$/)
  assert.equal('user' in record, false)
})

test('bad redact options are TypeErrors or RangeErrors naming the option and the path', () => {
  const log = quietLogger()
  assert.throws(() => log.configure({ redact: 'password' }), { name: 'TypeError', message: /configure: redact must be an array of paths or \{ paths, censor, remove \}/ })
  assert.throws(() => log.configure({ redact: { paths: [] } }), { name: 'TypeError', message: /configure: redact.paths must be a non-empty array/ })
  assert.throws(() => log.configure({ redact: { paths: ['a'], hide: true } }), { name: 'TypeError', message: /configure: redact: unknown option "hide"/ })
  assert.throws(() => log.configure({ redact: ['a..b'] }), { name: 'RangeError', message: /configure: redact: cannot read the path "a\.\.b"/ })
  assert.throws(() => log.child({}, { redact: ['x[oops]'] }), { name: 'RangeError', message: /child: options.redact: cannot read the path/ })
})

// --- a sink's own redaction: add(target, { redact }) --------------------------


/** A quiet logger without base keys, a callback's records, and `file(name)` paths in a fresh folder. */
function sinkLogger (t) {
  const dir = makeTempDir(t)
  const log = quietLogger({ base: null })
  const seen = []
  log.addCallback((record) => seen.push(record))
  return { log, seen, file: (name) => path.join(dir, name) }
}

test('add(target, { redact }) censors its own lines only: another sink and callback records keep the fields', async (t) => {
  const { log, seen, file } = sinkLogger(t)
  log.add(file('redacted.log'), { json: true, redact: PATHS })
  log.add(file('plain.log'), { json: true })
  log.info('login', SECRETS)
  log.info('nothing to redact', { other: 1 })
  await log.complete()
  const [redacted, untouched] = readJsonLines(file('redacted.log'))
  assert.equal(redacted.password, '[Redacted]')
  assert.deepEqual(redacted.user, { card: { number: '[Redacted]', exp: '12/30' } })
  assert.deepEqual(redacted.headers, { 'x-api-key': '[Redacted]', host: 'h' })
  assert.deepEqual(redacted.session, { token: '[Redacted]', id: 1 })
  assert.deepEqual(redacted.items, [{ secret: '[Redacted]', n: 1 }, { n: 2 }])
  assert.deepEqual(redacted.a, { x: { b: { y: { c: '[Redacted]', d: 'kept' } } } })
  assert.deepEqual([untouched.message, untouched.other], ['nothing to redact', 1])
  const [plain] = readJsonLines(file('plain.log'))
  const { timestamp, level, message, filename, lineno, function: fn, ...fields } = plain
  assert.deepEqual(fields, SECRETS, 'the other sink writes every field')
  assert.equal(seen[0].password, 'p', 'callback records keep the fields')
  assert.deepEqual(seen[0].items, SECRETS.items)
})

test('a sink\'s redaction: remove: true (null in arrays, as JSON writes undefined), a censor string, any format, on top of the logger\'s', async (t) => {
  const { log, seen, file } = sinkLogger(t)
  log.configure({ redact: ['password'] })
  log.add(file('removed.log'), { json: true, redact: { paths: ['user.card', 'list[1]', '*.token'], remove: true } })
  log.add(file('text.log'), { format: 'text', redact: { paths: ['user.card.number'], censor: '***' } })
  log.info('paid', { password: 'p', user: { card: { number: '4242' }, name: 'ann' }, list: [1, 2, 3], session: { token: 't' } })
  await log.complete()
  const [removed] = readJsonLines(file('removed.log'))
  assert.deepEqual([removed.password, removed.user, removed.list, removed.session], ['[Redacted]', { name: 'ann' }, [1, null, 3], {}])
  const [text] = readLines(file('text.log'))
  assert.match(text, /\| paid /)
  assert.ok(text.includes('***') && !text.includes('4242'), text)
  assert.deepEqual([seen[0].password, seen[0].user.card], ['[Redacted]', { number: '4242' }])
})

test('a sink\'s censor function runs at the log call: bindings and call fields on its paths, that sink only; a throw withholds its fields', async (t) => {
  const { log, seen, file } = sinkLogger(t)
  log.add(file('masked.log'), { json: true, redact: { paths: ['card.number', 'token'], censor: (value, path) => `${path.join('.')}:${String(value).slice(-2)}` } })
  log.add(file('broken.log'), { json: true, redact: { paths: ['card'], censor: () => { throw new Error('no') } } })
  log.add(file('plain.log'), { json: true })
  const child = log.child({ token: 'abcd' })
  child.info('paid', { card: { number: '4242', exp: '12/30' } })
  child.info('no card')
  await log.complete()
  const [masked, maskedToo] = readJsonLines(file('masked.log'))
  assert.deepEqual([masked.token, masked.card], ['token:cd', { number: 'card.number:42', exp: '12/30' }])
  assert.equal(maskedToo.token, 'token:cd', 'bindings are on the path too')
  const [broken, brokenToo] = readJsonLines(file('broken.log'))
  assert.deepEqual([broken.card, broken.token, broken.loggingError], [undefined, undefined, 'redaction failed, fields withheld: [Thrown: no]'])
  assert.equal(brokenToo.token, 'abcd', 'no field on its path: nothing to withhold')
  const [plain] = readJsonLines(file('plain.log'))
  assert.deepEqual([plain.token, plain.card.number, seen[0].card.number], ['abcd', '4242', '4242'])
})

test('add() refuses malformed redact options with errors naming options.redact', (t) => {
  const { log, file } = sinkLogger(t)
  const target = file('app.log')
  assert.throws(() => log.add(target, { redact: { paths: ['password'], censor: 0 } }), { name: 'TypeError', message: /^add: options\.redact\.censor must be a string or a function, got number/ })
  assert.throws(() => log.add(target, { redact: 'password' }), { name: 'TypeError', message: /^add: options\.redact must be an array of paths or \{ paths, censor, remove \}/ })
  assert.throws(() => log.add(target, { redact: [] }), { name: 'TypeError', message: /^add: options\.redact\.paths must be a non-empty array/ })
  assert.throws(() => log.add(target, { redact: { paths: ['a'], hide: true } }), { name: 'TypeError', message: /^add: options\.redact: unknown option "hide"/ })
  assert.throws(() => log.add(target, { redact: { paths: ['a'], remove: 'yes' } }), { name: 'TypeError', message: /^add: options\.redact\.remove must be a boolean/ })
  assert.throws(() => log.add(target, { redact: ['a..b'] }), { name: 'RangeError', message: /^add: options\.redact: cannot read the path "a\.\.b"/ })
  assert.throws(() => log.add(target, { redact: ['x[oops]'] }), { name: 'RangeError', message: /^add: options\.redact: cannot read the path "x\[oops\]"/ })
  assert.throws(() => log.add('stderr', { redact: [42] }), { name: 'TypeError', message: /^add: options\.redact: a path must be a non-empty string, got number/ })
  assert.equal(log.remove(), false, 'no sink was added')
})

// --- the two implementations agree ------------------------------------------------

const fc = require('fast-check')

/** Keys paths and fields share, so that paths often match: plain, hyphenated, numeric. */
const KEY = fc.constantFrom('a', 'b', 'token', 'x-key', '0', '1')
const SEGMENT = fc.oneof({ weight: 4, arbitrary: KEY }, { weight: 1, arbitrary: fc.constant('*') })
const PATH = fc.array(SEGMENT, { minLength: 1, maxLength: 4 }).map((segments) =>
  segments.map((segment, i) => segment === '*' ? '[*]' : /^[a-z]+$/.test(segment) ? (i === 0 ? segment : '.' + segment) : `["${segment}"]`).join(''))
const VALUE = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, fc.string({ maxLength: 3 }), fc.integer(), fc.constant(null), tie('object'), tie('array')),
  object: fc.dictionary(KEY, tie('value'), { maxKeys: 4 }),
  array: fc.array(tie('value'), { maxLength: 3 })
})).object

test('a sink\'s redaction (in Rust, or in the log call for a censor function) writes what the same redaction on child() writes, for any fields and paths', async (t) => {
  const dir = makeTempDir(t)
  const runs = []
  // A censor function makes the sink's redaction run in JS, at the log call.
  const censors = [undefined, (value, path) => `${path.join('/')}=${typeof value}`]
  fc.assert(fc.property(fc.array(PATH, { minLength: 1, maxLength: 3 }), fc.boolean(), fc.constantFrom(...censors), VALUE, (paths, remove, censor, fields) => {
    runs.push({ redact: censor === undefined ? { paths, remove } : { paths, remove, censor }, fields })
  }), { numRuns: 200 })
  const onLogger = quietLogger({ base: null })
  const onSink = quietLogger({ base: null })
  for (const [i, { redact, fields }] of runs.entries()) {
    onLogger.add(path.join(dir, `logger-${i}.log`), { json: true })
    onSink.add(path.join(dir, `sink-${i}.log`), { json: true, redact })
    onLogger.child({}, { redact }).info('m', fields)
    onSink.info('m', fields)
    onLogger.remove()
    onSink.remove()
  }
  await Promise.all([onLogger.complete(), onSink.complete()])
  for (const [i, run] of runs.entries()) {
    const [expected] = readJsonLines(path.join(dir, `logger-${i}.log`))
    const [got] = readJsonLines(path.join(dir, `sink-${i}.log`))
    delete expected.timestamp
    delete got.timestamp
    assert.deepEqual(got, expected, JSON.stringify(run))
  }
})
