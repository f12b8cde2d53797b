'use strict'

// "Log calls never throw and never hang" (DESIGN.md), whatever the values:
// property tests feed arbitrary and hostile values in every call shape to a
// real logger writing JSON lines to a real file, with a callback, and check
// that each call returned and left exactly one readable record in both; then
// one example per known bad value, asserting the exact record it gives
// (the rules are in lib/fields.js and lib/args.js).

const { test } = require('node:test')
const assert = require('node:assert/strict')
const { inspect, types } = require('node:util')
const fc = require('fast-check')
const { fileLogger, readLines, readJsonLines } = require('./helpers')

const RECORD_KEYS = ['timestamp', 'level', 'message', 'filename', 'lineno', 'function']
const UNREADABLE = 'logly: could not read a record'

// --- hostile values ---------------------------------------------------------------

const TRAPS = [
  'get', 'set', 'has', 'ownKeys', 'getOwnPropertyDescriptor', 'getPrototypeOf', 'setPrototypeOf',
  'defineProperty', 'deleteProperty', 'isExtensible', 'preventExtensions', 'apply', 'construct'
]
/**
 * A Proxy handler whose every trap throws, except when fast-check asks for
 * its own symbols (`fc.cloneMethod in value` for every generated value, and
 * `fc.toStringMethod` to print a counterexample). logly never asks for them.
 */
const THROWING_TRAPS = Object.fromEntries(TRAPS.map((trap) => [trap, () => { throw new Error(`${trap} trap`) }]))
THROWING_TRAPS.has = (target, key) => {
  if (key === fc.toStringMethod) return true
  if (key === fc.cloneMethod || key === fc.asyncToStringMethod) return false
  throw new Error('has trap')
}
THROWING_TRAPS.get = (target, key) => {
  if (key === fc.toStringMethod) return () => 'hostileProxy()'
  throw new Error('get trap')
}

function hostileProxy (target = {}) {
  return new Proxy(target, THROWING_TRAPS)
}

function revokedProxy () {
  const { proxy, revoke } = Proxy.revocable({}, {})
  revoke()
  return proxy
}

/**
 * `object`, printed as `text` in fast-check's reports, which would otherwise
 * read its throwing getters (a hidden symbol: logly and inspect do not see it).
 */
function shownAs (object, text) {
  return Object.defineProperty(object, fc.toStringMethod, { value: () => text })
}

/** An object whose `key` getter throws `thrown`. */
function throwingGetter (key, thrown) {
  return Object.defineProperty({ before: 1 }, key, { enumerable: true, get () { throw thrown } })
}

/** An Error whose message and stack getters throw (stack first: V8 formats it reading message). */
function errorWithThrowingGetters (message) {
  const error = new Error(message)
  Object.defineProperty(error, 'stack', { get () { throw new TypeError('stack getter') } })
  Object.defineProperty(error, 'message', { get () { throw new Error('message getter') } })
  return error
}

/** An ObjectId-like class: its JSON is whatever toJSON returns. */
class Wrapper {
  constructor (json) { this.json = json }
  toJSON () { return this.json }
}

// --- arbitraries ------------------------------------------------------------------

/** One character, often one that has to be escaped or cannot be encoded: C0, DEL, C1, lone surrogate halves. */
const char = fc.oneof(
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
  fc.oneof(
    fc.integer({ min: 0, max: 0x1f }),
    fc.integer({ min: 0x7f, max: 0x9f }),
    fc.integer({ min: 0xd800, max: 0xdfff }),
    fc.constantFrom(0x22, 0x5c, 0x25, 0x2028, 0x2029, 0xfeff)
  ).map((code) => String.fromCharCode(code))
)
const text = fc.string({ unit: char, maxLength: 12 })
const format = fc.array(fc.oneof(fc.constantFrom('%s', '%d', '%i', '%f', '%j', '%o', '%O', '%%', '%c', '%', ' '), text), { maxLength: 6 })
  .map((parts) => parts.join(''))

/** What a getter, toJSON or trap throws: Errors, strings, nothing, objects without a readable message. */
const thrown = fc.oneof(
  text.map((message) => new Error(message)),
  text,
  fc.constantFrom(undefined, null, 0, 1n),
  fc.constant(null).map(() => Object.create(null)),
  fc.constant(null).map(() => ({ toString () { throw new Error('toString') } })),
  fc.constant(null).map(() => hostileProxy()),
  fc.constant(null).map(() => Symbol('thrown')),
  text.map((message) => shownAs(errorWithThrowingGetters(message), 'errorWithThrowingGetters()'))
)

const anything = fc.anything({
  maxDepth: 3,
  maxKeys: 5,
  stringUnit: char,
  withBoxedValues: true,
  withMap: true,
  withSet: true,
  withBigInt: true,
  withDate: true,
  withTypedArray: true,
  withSparseArray: true,
  withNullPrototype: true,
  withObjectString: true
})

const errors = fc.oneof(
  text.map((message) => new Error(message)),
  text.map((message) => new TypeError(message)),
  text.map((message) => { const e = new Error(message); e.cause = e; return e }),
  text.map((message) => { const e = new Error(message); e.self = e; e.list = [e, { e }]; return e }),
  fc.tuple(text, text).map(([a, b]) => {
    const first = new Error(a)
    const second = new RangeError(b)
    first.cause = second
    second.cause = first
    second.other = first
    return first
  }),
  fc.tuple(text, fc.array(text, { maxLength: 3 })).map(([message, messages]) => {
    const aggregate = new AggregateError(messages.map((m) => new Error(m)), message)
    aggregate.errors.push(aggregate)
    return aggregate
  }),
  fc.tuple(text, anything).map(([message, extra]) => Object.assign(new Error(message), { code: 'E_X', extra })),
  text.map((message) => shownAs(errorWithThrowingGetters(message), 'errorWithThrowingGetters()'))
)

const leaves = fc.oneof(
  anything,
  errors,
  text,
  fc.tuple(text, thrown).map(([key, value]) => shownAs(throwingGetter(key, value), 'throwingGetter()')),
  fc.oneof(anything, thrown, fc.constant(undefined)).map((json) => ({ toJSON () { return json } })),
  fc.oneof(anything, fc.constant(undefined)).map((json) => new Wrapper(json)),
  thrown.map((value) => ({ toJSON () { throw value } })),
  thrown.map((value) => ({ [inspect.custom] () { throw value } })),
  thrown.map((value) => ({ valueOf () { throw value }, [Symbol.toPrimitive] () { throw value } })),
  fc.constant(null).map(() => hostileProxy()),
  fc.constant(null).map(() => hostileProxy([])),
  fc.constant(null).map(() => hostileProxy(function target () {})),
  fc.constant(null).map(() => shownAs({ revoked: revokedProxy() }, '{ revoked: revokedProxy() }')), // bare, fast-check's probes would throw
  fc.oneof(fc.date(), fc.constant(null).map(() => new Date(NaN))),
  fc.webUrl().map((url) => new URL(url)),
  fc.oneof(text.map((s) => new String(s)), fc.double().map((n) => new Number(n)), fc.bigInt().map(Object), text.map((s) => Object(Symbol(s)))),
  text.map((s) => Symbol(s)),
  fc.constantFrom(() => {}, function named () {}, class Klass {}, async () => {}),
  fc.uint8Array({ maxLength: 8 }).map((bytes) => Buffer.from(bytes))
)

/** Hostile values, also nested in objects and arrays, some of them cyclic. */
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, leaves, tie('object'), tie('array'), tie('cyclic')),
  object: fc.dictionary(text, tie('value'), { maxKeys: 4 }),
  array: fc.array(tie('value'), { maxLength: 4 }),
  cyclic: fc.oneof(tie('object'), tie('array')).map((container) => {
    if (Array.isArray(container)) container.push(container, [container])
    else container.self = { back: container }
    return container
  })
}))

/** The argument lists of the call shapes people use, and some they should not. */
const callArgs = fc.oneof(
  fc.tuple(value),
  fc.tuple(text, value),
  fc.tuple(value, text),
  fc.tuple(text, fc.array(value, { maxLength: 4 })).map(([message, values]) => [message, ...values]),
  fc.tuple(format, fc.array(value, { maxLength: 5 })).map(([f, values]) => [f, ...values]),
  fc.array(value, { maxLength: 4 }).map((values) => ['%s %d %j %o', ...values]),
  fc.tuple(errors, text),
  fc.constant([])
)

/** Calls `method` of `log` with `args`: the level methods, log('WARNING', ...), exception(...). */
function callLog (log, method, args) {
  if (method === 'log') log.log('WARNING', ...args)
  else log[method](...args)
}

// --- checking a run ---------------------------------------------------------------

/** Every string in `value`, keys included, is well-formed UTF-16 (lone surrogates replaced). */
function isWellFormedDeep (value) {
  if (typeof value === 'string') return value.isWellFormed()
  if (typeof value !== 'object' || value === null) return true
  return Object.entries(value).every(([key, item]) => key.isWellFormed() && isWellFormedDeep(item))
}

/**
 * A logger writing JSON lines to a file, with a callback, that counts the log
 * calls made through `call()`; `check()` completes it and asserts one
 * readable record per call in the file and at the callback.
 */
function countingLogger () {
  const { log, file } = fileLogger()
  const received = []
  log.addCallback((record) => { received.push(record) })
  let calls = 0
  return {
    log,
    /** Runs one log call, which must return without throwing. */
    call (fn) {
      calls++
      assert.doesNotThrow(fn)
    },
    async check () {
      await log.complete()
      const lines = readLines(file)
      assert.equal(lines.length, calls, 'one line per log call')
      for (const line of lines) {
        const record = JSON.parse(line)
        assert.equal(typeof record.level, 'string', line)
        assert.equal(typeof record.timestamp, 'string', line)
        assert.equal(typeof record.message, 'string', line)
        assert.notEqual(record.message, UNREADABLE, line)
        assert.ok(isWellFormedDeep(record), `lone surrogates are replaced: ${line}`)
      }
      assert.equal(received.length, calls, 'one callback delivery per log call')
      assert.ok(received.every((record) => typeof record.message === 'string' && record.message !== UNREADABLE))
    }
  }
}

// --- properties --------------------------------------------------------------------

test('any values in any call shape through info, error, log and exception: each call returns and leaves one readable record in the file and at the callback', async () => {
  const run = countingLogger()
  fc.assert(fc.property(fc.constantFrom('info', 'error', 'log', 'exception'), callArgs, (method, args) => {
    run.call(() => callLog(run.log, method, args))
  }), { numRuns: 300 })
  await run.check()
})

test('a child with arbitrary bindings is either refused with a TypeError or logs one readable record per call', async () => {
  const run = countingLogger()
  const bindings = fc.oneof(value, fc.dictionary(text, value, { maxKeys: 4 }))
  fc.assert(fc.property(bindings, callArgs, (fields, args) => {
    let child
    try {
      child = run.log.child(fields)
    } catch (error) {
      assert.ok(error instanceof TypeError, `child() throws a TypeError, got ${inspect(error)}`)
      assert.ok(!isPlainObjectLiteral(fields), 'a plain object is always accepted')
      return
    }
    run.call(() => child.info(...args))
  }), { numRuns: 200 })
  await run.check()
})

/** An object literal, as fc.dictionary builds them (a Proxy is not asked: its traps throw). */
function isPlainObjectLiteral (value) {
  return typeof value === 'object' && value !== null && !types.isProxy(value) && Object.getPrototypeOf(value) === Object.prototype
}

test('plain JSON data is written as given: the message and every field', async () => {
  const { log, records } = fileLogger()
  const key = fc.string({ minLength: 1 }).filter((k) => !RECORD_KEYS.includes(k) && k !== 'extra')
  const cases = []
  fc.assert(fc.property(fc.string(), fc.dictionary(key, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 }), (message, fields) => {
    if (message.includes('%')) return
    cases.push({ message, fields: JSON.parse(JSON.stringify(fields)) }) // -0 is written as 0
    log.info(message, fields)
  }), { numRuns: 200 })
  const got = await records()
  assert.equal(got.length, cases.length)
  got.forEach((record, i) => {
    assert.equal(record.message, cases[i].message)
    assert.deepEqual(fieldsOf(record), cases[i].fields)
  })
})

test('a callback gets the record the JSON line has, key for key and in order, whatever the text', async () => {
  const { log, records } = fileLogger()
  const received = []
  log.addCallback((record) => { received.push(record) })
  // Keys JSON.parse orders first (integers) or could mistake for the prototype.
  const key = fc.oneof(fc.string({ minLength: 1, unit: char }), fc.constantFrom('__proto__', '0', '7', 'constructor'))
    .filter((k) => !RECORD_KEYS.includes(k) && k !== 'extra')
  fc.assert(fc.property(fc.string({ unit: char }), fc.dictionary(key, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 }), (message, fields) => {
    log.info(message.replaceAll('%', ''), fields)
  }), { numRuns: 200 })
  const lines = await records()
  assert.equal(received.length, lines.length)
  received.forEach((record, i) => {
    assert.equal(Object.getPrototypeOf(record), Object.prototype)
    assert.deepEqual(Object.entries(record), Object.entries(lines[i]))
  })
})

// --- examples ------------------------------------------------------------------------

/** A record without the six record keys: its fields. */
function fieldsOf (record) {
  const fields = { ...record }
  for (const key of RECORD_KEYS) delete fields[key]
  return fields
}

/** The message and fields of each record. */
async function logged (records) {
  return (await records()).map((record) => ({ message: record.message, fields: fieldsOf(record) }))
}

test('a Date, a URL or a boxed primitive after the message is appended to it; first, it is the message', async () => {
  const { log, records } = fileLogger()
  const date = new Date('2025-01-15T10:30:45.123Z')
  log.info('at', date)
  log.info(date)
  log.info('at', new Date(NaN))
  log.info('fetch', new URL('https://example.com'))
  log.info(new String('x'))
  log.info('count', new Number(5), new Boolean(false))
  assert.deepEqual(await logged(records), [
    { message: 'at 2025-01-15T10:30:45.123Z', fields: {} },
    { message: '2025-01-15T10:30:45.123Z', fields: {} },
    { message: 'at Invalid Date', fields: {} },
    { message: 'fetch https://example.com/', fields: {} },
    { message: 'x', fields: {} },
    { message: 'count 5 false', fields: {} }
  ])
})

test('an object whose toJSON returns an object is the fields; returning a string, it is text; returning anything else, it is shown as inspect does', async () => {
  const { log, records } = fileLogger()
  log.info('doc', new Wrapper({ id: 7 }))
  log.info('id', new Wrapper('65a1f0c2'))
  log.info(new Wrapper('65a1f0c2'))
  log.info('list', new Wrapper([1, 2]))
  log.info('none', new Wrapper(undefined))
  log.info('null', new Wrapper(null))
  assert.deepEqual(await logged(records), [
    { message: 'doc', fields: { id: 7 } },
    { message: 'id 65a1f0c2', fields: {} },
    { message: '65a1f0c2', fields: {} },
    { message: `list ${inspect(new Wrapper([1, 2]))}`, fields: {} },
    { message: `none ${inspect(new Wrapper(undefined))}`, fields: {} },
    { message: `null ${inspect(new Wrapper(null))}`, fields: {} }
  ])
})

test('a plain object whose toJSON gives no object keeps that JSON under "fields", or gives no fields for undefined', async () => {
  const { log, records } = fileLogger()
  log.info('string', { toJSON () { return 'abc' } })
  log.info('array', { toJSON () { return [1, 'a'] } })
  log.info('undefined', { toJSON () {} })
  log.info('nested', { a: { toJSON () {} }, b: 1 })
  assert.deepEqual(await logged(records), [
    { message: 'string', fields: { fields: 'abc' } },
    { message: 'array', fields: { fields: [1, 'a'] } },
    { message: 'undefined', fields: {} },
    { message: 'nested', fields: { b: 1 } }
  ])
})

test('an Error whose cause or own property leads back to it is written with "[Circular]" there', async () => {
  const { log, records } = fileLogger()
  const selfCause = new Error('x')
  selfCause.cause = selfCause
  const selfProp = new Error('y')
  selfProp.self = selfProp
  const a = new Error('a')
  const b = new TypeError('b')
  a.cause = b
  b.cause = a
  log.error(selfCause)
  log.error(selfProp)
  log.error(a)
  assert.deepEqual(await logged(records), [
    { message: 'x', fields: { err: { type: 'Error', message: 'x', stack: selfCause.stack, cause: '[Circular]' } } },
    { message: 'y', fields: { err: { type: 'Error', message: 'y', stack: selfProp.stack, self: '[Circular]' } } },
    {
      message: 'a',
      fields: { err: { type: 'Error', message: 'a', stack: a.stack, cause: { type: 'TypeError', message: 'b', stack: b.stack, cause: '[Circular]' } } }
    }
  ])
})

test('the same Error twice in one record, without a cycle, is written twice', async () => {
  const { log, records } = fileLogger()
  const error = new Error('shared')
  log.info('twice', { first: error, second: error })
  const [{ fields }] = await logged(records)
  const shape = { type: 'Error', message: 'shared', stack: error.stack }
  assert.deepEqual(fields, { first: shape, second: shape })
})

test('AggregateError keeps its errors', async () => {
  const { log, records } = fileLogger()
  const one = new Error('one')
  const aggregate = new AggregateError([one, 'two'], 'many')
  log.error(aggregate)
  assert.deepEqual(await logged(records), [{
    message: 'many',
    fields: {
      err: {
        type: 'AggregateError',
        message: 'many',
        stack: aggregate.stack,
        errors: [{ type: 'Error', message: 'one', stack: one.stack }, 'two']
      }
    }
  }])
})

test('a getter that throws gives "[Thrown: <message>]" in place of its value, "[Thrown]" when what it threw has no readable message', async () => {
  const { log, records } = fileLogger()
  log.info('error', throwingGetter('bad', new Error('no')))
  log.info('string', throwingGetter('bad', 'plain string'))
  log.info('null prototype', throwingGetter('bad', Object.create(null)))
  log.info('hostile', throwingGetter('bad', hostileProxy()))
  log.info('message getter', throwingGetter('bad', errorWithThrowingGetters('m')))
  assert.deepEqual((await logged(records)).map((r) => r.fields), [
    { before: 1, bad: '[Thrown: no]' },
    { before: 1, bad: '[Thrown: plain string]' },
    { before: 1, bad: '[Thrown]' },
    { before: 1, bad: '[Thrown]' },
    { before: 1, bad: '[Thrown]' }
  ])
})

test('an Error whose message and stack getters throw is written with markers in their place', async () => {
  const { log, records } = fileLogger()
  log.info('bad error', { err: errorWithThrowingGetters('m') })
  const [{ fields }] = await logged(records)
  assert.deepEqual(fields, { err: { type: 'Error', message: '[Thrown: message getter]', stack: '[Thrown: stack getter]' } })
})

test('a toJSON that throws, or returns undefined, inside the fields', async () => {
  const { log, records } = fileLogger()
  log.info('fields', { a: { toJSON () { throw new Error('tj') } }, b: { toJSON () {} }, c: [{ toJSON () {} }] })
  const [{ fields }] = await logged(records)
  assert.deepEqual(fields, { a: '[Thrown: tj]', c: [null] })
})

test('a Proxy that throws on every trap: a marker as a field, under "fields" as the fields, its target as the text of a message', async () => {
  const { log, records } = fileLogger()
  log.info('nested', { p: hostileProxy(), q: [hostileProxy([])] })
  log.info('as fields', hostileProxy())
  log.info(hostileProxy())
  log.info('%s|%j', hostileProxy(), hostileProxy())
  log.info('revoked', { r: revokedProxy() })
  assert.deepEqual(await logged(records), [
    { message: 'nested', fields: { p: '[Thrown: get trap]', q: ['[Thrown: get trap]'] } },
    { message: 'as fields', fields: { fields: '[Thrown: get trap]' } },
    { message: '', fields: { fields: '[Thrown: get trap]' } },
    { message: '{}|"[Thrown: get trap]"', fields: {} },
    { message: 'revoked', fields: { r: "[Thrown: Cannot perform 'get' on a proxy that has been revoked]" } }
  ])
})

test('undefined, null or nothing as the first argument logs the message that follows, or an empty one', async () => {
  const { log, records } = fileLogger()
  log.info(undefined)
  log.info(null)
  log.info()
  log.info(null, 'after null %s', 'x')
  log.info(undefined, { a: 1 })
  assert.deepEqual(await logged(records), [
    { message: '', fields: {} },
    { message: '', fields: {} },
    { message: '', fields: {} },
    { message: 'after null x', fields: {} },
    { message: '', fields: { a: 1 } }
  ])
})

test('symbols, functions, arrays, Maps, Buffers and objects whose inspection throws are written as text in the message', async () => {
  const { log, records } = fileLogger()
  log.info(Symbol('s'), Symbol('t'))
  log.info(function named () {})
  log.info([1, 'a'], 'x')
  log.info('custom', { [inspect.custom] () { throw new Error('inspect') } }, 'after')
  log.info(new Map([[1, 2]]))
  log.info('bytes', Buffer.from('hi'))
  assert.deepEqual((await logged(records)).map((r) => r.message), [
    'Symbol(s) Symbol(t)',
    '[Function: named]',
    "[ 1, 'a' ] x",
    'custom [Thrown: inspect] after',
    'Map(1) { 1 => 2 }',
    'bytes <Buffer 68 69>'
  ])
})

test('placeholders with hostile arguments: %d on a Symbol or a throwing valueOf is NaN, %s and %j never throw', async () => {
  const { log, records } = fileLogger()
  const throwingValueOf = { valueOf () { throw new Error('v') } }
  log.info('%d|%i|%f|%d|%s|%s|%j|%o', Symbol('x'), throwingValueOf, 5n, 7n, Symbol('y'), { toString () { throw new Error('ts') } }, { toJSON () { throw new Error('tj') } }, undefined)
  const [{ message }] = await logged(records)
  assert.equal(message, 'NaN|NaN|5|7|Symbol(y)|{ toString: [Function: toString] }|"[Thrown: tj]"|undefined')
})

test('BigInt is written as its decimal string, boxed primitives as their primitive, functions and symbols are dropped', async () => {
  const { log, records } = fileLogger()
  log.info('values', { big: 12345678901234567890n, boxed: Object(5n), s: new String('x'), n: new Number(1.5), f () {}, sym: Symbol('s'), list: [() => {}, Symbol('t'), 1n] })
  const [{ fields }] = await logged(records)
  assert.deepEqual(fields, { big: '12345678901234567890', boxed: '5', s: 'x', n: 1.5, list: [null, null, '1'] })
})

test('an object with 150k keys is written whole', async () => {
  const { log, records } = fileLogger()
  const big = {}
  for (let i = 0; i < 150_000; i++) big['k' + i] = i
  log.info('big', big)
  const [{ fields }] = await logged(records)
  assert.equal(Object.keys(fields).length, 150_000)
  assert.equal(fields.k0, 0)
  assert.equal(fields.k149999, 149_999)
})

test('an object nested 100k levels deep is written down to 256 levels, then "[Too deep]"', async () => {
  const { log, records } = fileLogger()
  const root = {}
  let node = root
  for (let i = 0; i < 100_000; i++) node = node.a = {}
  log.info('deep', root)
  const [record] = await records()
  let levels = 0
  let value = record
  while (typeof value === 'object') {
    value = value.a
    levels++
  }
  assert.equal(value, '[Too deep]')
  assert.equal(levels, 256)
})

test('a cycle through plain objects and arrays is "[Circular]"; a toJSON wrapping its own object each time too', async () => {
  const { log, records } = fileLogger()
  const object = { name: 'o' }
  object.self = object
  const array = [1]
  array.push(array)
  const wrapping = { toJSON () { return [1, this] } }
  log.info('cycles', { object, array, wrapping })
  const [{ fields }] = await logged(records)
  assert.deepEqual(fields, { object: { name: 'o', self: '[Circular]' }, array: [1, '[Circular]'], wrapping: [1, '[Circular]'] })
})

test('lone surrogates in the message, keys and values are written as U+FFFD', async () => {
  const { log, records } = fileLogger()
  const high = '😀'.slice(0, 1)
  const low = '😀'.slice(1)
  log.info(low + ' hi', { ['k' + high]: 'v' + low, pair: '😀' })
  const [{ message, fields }] = await logged(records)
  assert.equal(message, '\ufffd hi')
  assert.deepEqual(fields, { 'k\ufffd': 'v\ufffd', pair: '😀' })
})

test('exception() with any message, error and fields never throws and writes one record', async () => {
  const { log, records } = fileLogger()
  const error = new Error('boom')
  log.exception(undefined, error)
  log.exception(42, 'not an error', { a: 1 })
  log.exception('hostile fields', error, hostileProxy())
  log.exception('getter', error, throwingGetter('bad', new Error('no')))
  log.exception('date fields', error, new Date('2025-01-15T10:30:45.123Z'))
  const shape = { type: 'Error', message: 'boom', stack: error.stack }
  assert.deepEqual(await logged(records), [
    { message: '', fields: { exception: shape } },
    { message: '42', fields: { a: 1, exception: 'not an error' } },
    { message: 'hostile fields', fields: { fields: '[Thrown: ownKeys trap]', exception: shape } },
    { message: 'getter', fields: { before: 1, bad: '[Thrown: no]', exception: shape } },
    { message: 'date fields 2025-01-15T10:30:45.123Z', fields: { exception: shape } }
  ])
})

test('a serializer that throws, or a req field whose getter throws, gives a marker and the record is written', async () => {
  const { log, records } = fileLogger()
  const child = log.child({}, { serializers: { user: () => { throw new Error('serializer') } } })
  child.info('serializer', { user: { id: 1 }, other: 2 })
  log.info('req getter', throwingGetter('req', new Error('req getter')))
  log.child({ p: hostileProxy(), bad: throwingGetter('x', 'no') }).info('child')
  assert.deepEqual(await logged(records), [
    { message: 'serializer', fields: { user: '[Thrown: serializer]', other: 2 } },
    { message: 'req getter', fields: { before: 1, req: '[Thrown: req getter]' } },
    { message: 'child', fields: { p: '[Thrown: get trap]', bad: { before: 1, x: '[Thrown: no]' } } }
  ])
})

test('flat fields sent raw give the same records as through JSON, for any keys, values, bindings and context', async () => {
  // A plain logger sends flat fields raw (lib/batch.js); a redact path that
  // matches nothing sends the same fields as JSON. Every record must match,
  // key for key and in order (the text may differ in escapes: a lone
  // surrogate arrives as "\\ufffd" one way and as the character the other).
  const raw = fileLogger()
  const json = fileLogger({ configure: { redact: ['never.matches'] } })
  const key = fc.oneof(fc.string({ unit: char, maxLength: 6 }), fc.constantFrom(...RECORD_KEYS, 'extra', '__proto__', '0', 'toString'))
  const primitive = fc.oneof(fc.string({ unit: char, maxLength: 40 }), fc.double(), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.constant(-0))
  const flat = fc.dictionary(key, primitive, { maxKeys: 20 })
  // Bound and contextual fields go first (raw as members): any JSON data.
  const data = fc.option(fc.dictionary(key, fc.oneof(primitive, fc.dictionary(key, primitive, { maxKeys: 3 })), { maxKeys: 4 }), { nil: undefined })
  const samples = fc.sample(fc.tuple(text, flat, data, data), { numRuns: 2000, seed: 11 })
  const log = (logger, [message, fields, bindings, context]) => {
    const target = bindings === undefined ? logger : logger.child(bindings)
    if (context === undefined) target.info(message, fields)
    else logger.contextualize(context, () => target.info(message, fields))
  }
  for (const sample of samples) {
    log(raw.log, sample)
    log(json.log, sample)
  }
  await Promise.all([raw.log.complete(), json.log.complete()])
  const entries = (file) => readJsonLines(file).map(({ timestamp, ...record }) => Object.entries(record))
  const [rawRecords, jsonRecords] = [entries(raw.file), entries(json.file)]
  assert.equal(rawRecords.length, samples.length)
  rawRecords.forEach((record, i) => assert.deepStrictEqual(record, jsonRecords[i], inspect(samples[i])))
})

test('flat fields skip no custom serializer and no redaction', async () => {
  const { log, records } = fileLogger()
  log.info('built-in serializers', { req: 'a plain value', n: 1 })
  log.child({}, { serializers: { n: (n) => n * 2 } }).info('custom serializer', { n: 1 })
  log.child({}, { redact: ['secret'] }).info('child redaction', { secret: 's', n: 1 })
  assert.deepEqual(await logged(records), [
    { message: 'built-in serializers', fields: { req: 'a plain value', n: 1 } },
    { message: 'custom serializer', fields: { n: 2 } },
    { message: 'child redaction', fields: { secret: '[Redacted]', n: 1 } }
  ])
})

test('the fast path for flat fields writes exactly what JSON.stringify writes, or steps aside', () => {
  const { flatFragment } = require('../lib/fields')
  const key = fc.oneof(fc.string({ unit: char, maxLength: 6 }), fc.constantFrom('__proto__', '0', '10', 'toString'))
  const primitive = fc.oneof(fc.string({ unit: char, maxLength: 80 }), fc.double(), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.constant(-0))
  fc.assert(fc.property(fc.dictionary(key, primitive, { maxKeys: 8 }), (fields) => {
    assert.equal(flatFragment(fields), JSON.stringify(fields).slice(1, -1))
  }), { numRuns: 2000 })
  for (const other of [{ n: 1n }, { f () {} }, { o: {} }, { a: [] }, { toJSON: () => ({}) }, new Proxy({}, {}), 'text', 7]) {
    assert.equal(flatFragment(other), undefined, inspect(other))
  }
  const inheriting = Object.assign(Object.create({ inherited: 1 }), { own: 1 })
  assert.equal(flatFragment(inheriting), JSON.stringify(inheriting).slice(1, -1), 'inherited keys are left out, as JSON.stringify does')
})
