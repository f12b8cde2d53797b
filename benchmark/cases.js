'use strict'

// The cases every logger runs, the same as pino's benchmarks/ directory
// (basic, object, deep-object, long-string, child) plus the one logly is
// about: an error that an alerting callback has to see, and redaction.
//
// A case turns a logger adapter (see loggers.js: msg, obj, err, child) into a
// thunk that makes exactly one log call. Payloads are built once, here, so the
// timed code allocates nothing of its own.

const SMALL = { a: 1, b: 'two', c: true }

// Four levels of nesting, arrays at several of them.
const DEEP = {
  service: 'checkout',
  tags: ['web', 'eu-west-1', 'canary'],
  order: {
    id: 1234,
    total: 99.99,
    items: [
      { sku: 'A-1', qty: 2, price: 19.99 },
      { sku: 'B-7', qty: 1, price: 60.01 }
    ],
    customer: {
      id: 'c-42',
      flags: [true, false, true],
      address: {
        city: 'Lisbon',
        lines: ['Rua Augusta 1', '2nd floor'],
        geo: { lat: 38.7, lon: -9.14, tags: ['home', 'billing'] }
      }
    }
  }
}

// 2 KiB of printable text without characters that any format escapes.
const LONG = 'The quick brown fox jumps over the lazy dog. 0123456789 '
  .repeat(40)
  .slice(0, 2048)

const BINDINGS = { requestId: 'req-7f3a9c', userId: 42, route: '/orders' }

// Built once: creating an Error captures a stack, which is not the logger's cost.
const ERROR = new Error('card declined')

// pino's path syntax, which logly shares: a top-level key, a nested one, a
// bracketed one. Every value they reach is a string, and each object on a path
// also holds a key that stays (name, accept), as a real request's would.
const REDACT_PATHS = ['password', 'user.card.number', 'headers["x-api-key"]']
const SECRETS = {
  id: 'req-7f3a9c',
  user: { name: 'Ada', card: { number: '4111 1111 1111 1111' } },
  password: 'hunter2',
  headers: { 'x-api-key': 'sk-live-3f9a7c2e', accept: 'application/json' }
}

const CASES = {
  basic: {
    title: 'basic message',
    prepare: (log) => () => log.msg('hello world')
  },
  object: {
    title: 'message + small object',
    prepare: (log) => () => log.obj('hello world', SMALL)
  },
  deep: {
    title: 'deep object (4 levels, arrays)',
    prepare: (log) => () => log.obj('deep object', DEEP)
  },
  long: {
    title: '2 KiB string',
    prepare: (log) => () => log.msg(LONG)
  },
  child: {
    title: 'child logger with bindings',
    prepare: (log) => {
      const child = log.child(BINDINGS)
      return () => child.msg('hello world')
    }
  },
  error: {
    title: 'error + alerting callback (level ERROR, counts)',
    // Every logger gets one counting callback at ERROR for this case.
    callbacks: { count: 1, level: 'error' },
    prepare: (log) => () => log.err('payment failed', ERROR)
  },
  redact: {
    title: 'redact 3 paths',
    // Loggers that can are configured with these paths for this case only;
    // the others do not run it (loggers.js, unsupported) and the report says so.
    redact: REDACT_PATHS,
    prepare: (log) => () => log.obj('login attempt', SECRETS)
  }
}

const CASE_NAMES = Object.keys(CASES)

function getCase (name) {
  const found = CASES[name]
  if (!found) throw new Error(`unknown case "${name}" (known: ${CASE_NAMES.join(', ')})`)
  return found
}

module.exports = { CASES, CASE_NAMES, getCase }
