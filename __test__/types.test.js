'use strict'

// index.d.ts checked by the TypeScript compiler: the usage programs under
// __test__/types compile cleanly, and wrong calls (most of which throw at run
// time) are rejected by the types, each on its own line.

const { test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { execFile } = require('node:child_process')

const ROOT = path.join(__dirname, '..')
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc')

/** Runs tsc with `args`; resolves `{ code, output }` (stdout and stderr together). */
function tsc (args, cwd = ROOT) {
  return new Promise((resolve) => {
    execFile(process.execPath, [TSC, ...args], { cwd, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (error.code ?? 1) : 0, output: stdout + stderr })
    })
  })
}

/** The lines of `file` tsc reported errors on (1-based). */
function errorLines (output, file) {
  const lines = new Set()
  const pattern = new RegExp(`${file.replace(/\./g, '\\.')}\\((\\d+),\\d+\\): error`, 'g')
  for (const match of output.matchAll(pattern)) lines.add(Number(match[1]))
  return lines
}

test('the usage programs in __test__/types compile under strict (nodenext)', async () => {
  const { code, output } = await tsc(['-p', path.join('__test__', 'types')])
  assert.equal(code, 0, output)
})

test('the default export types as the root logger under "bundler" resolution', async () => {
  const { code, output } = await tsc(['-p', path.join('__test__', 'types', 'bundler')])
  assert.equal(code, 0, output)
})

// --- calls the types must reject ----------------------------------------------

// Each case is one line of a program that imports 'logly-node' as a consumer would
// (node_modules/logly -> this package). `mentions`: a piece of the message.
// Setup calls throw at run time; log calls never throw, so for them the
// types are what catches the mistake.
const REJECTED = [
  // TypeError at run time
  { code: 'logger.addCallback(42)', mentions: "not assignable to parameter of type 'CallbackModule | Callback'" },
  { code: "logger.add('x', { jsno: true })", mentions: "'jsno' does not exist in type 'SinkOptions'" },
  { code: 'new Logger({ colour: true })', mentions: "'colour' does not exist in type 'ConfigureOptions'" },
  { code: "logger.bind('requestId')" },
  { code: 'logger.contextualize({ userId })' },
  { code: "logger.addCallback(() => {}, { maxPending: '10' })" },
  { code: "logger.addCallback(() => {}, { location: 'auto' })" },
  { code: "logger.configure({ base: 'api' })", mentions: "'string' is not assignable" },
  // RangeError at run time
  { code: "logger.configure({ level: 'LOUD' })", mentions: '"LOUD"' },
  { code: "logger.child({}, { level: 'LOUD' })" },
  { code: "logger.level = 'verbose'", mentions: '"verbose"' },
  { code: "logger.isLevelEnabled('verbose')" },
  // no throw, but not what was meant
  { code: 'logger.info(123n as unknown as symbol)' },
  { code: 'logger.info()' },
  { code: 'logger.info([1, 2])' },
  { code: 'logger.info(null)' },
  { code: "logger.exception(new Error('x'), 'message')" },
  { code: "logger.log('LOUD', 'message')" },
  { code: "logger.addCallback((record) => record.level === 'WARN')", mentions: 'no overlap' },
  { code: "logger.error(new Error('x'), { userId })" },
  { code: "logger.log('silent', 'message')" },
  { code: 'logger.removeCallback()' },
  { code: "const id: string = logger.add('console')", mentions: "'number' is not assignable to type 'string'" }
]

const PREAMBLE = [
  "import { logger, Logger } from 'logly-node'",
  'declare const userId: number'
]

let dir

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logly-types-'))
  fs.mkdirSync(path.join(dir, 'node_modules'))
  fs.symlinkSync(ROOT, path.join(dir, 'node_modules', 'logly-node'), 'dir')
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      strict: true,
      noEmit: true,
      target: 'ES2022',
      lib: ['ES2022'],
      module: 'nodenext',
      moduleResolution: 'nodenext',
      types: []
    },
    files: ['rejected.ts', 'accepted.ts']
  }, null, 2))
  fs.writeFileSync(path.join(dir, 'rejected.ts'), [...PREAMBLE, ...REJECTED.map((c) => c.code), ''].join('\n'))
  // A control: the same preamble and the right forms of those calls compile.
  fs.writeFileSync(path.join(dir, 'accepted.ts'), [
    ...PREAMBLE,
    "logger.addCallback((record) => record.level === 'WARNING' && record.message)",
    'logger.addCallback(async (record) => { await Promise.resolve(record) })',
    "logger.configure({ level: 'debug' })",
    "logger.add('x.log', { json: true })",
    "logger.info('user %d', userId)",
    "logger.info('user', { userId })",
    "logger.info('user', userId)",
    "logger.error(new Error('x'), 'message')",
    "logger.log('warn', { userId }, 'message')",
    "logger.exception('message', new Error('x'), { userId })",
    'logger.removeCallback(1)',
    "const id: number = logger.add('console')",
    'new Logger({ color: true, level: id === 1 ? 10 : 20 })',
    ''
  ].join('\n'))
})

after(() => {
  if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true })
})

test('tsc rejects each wrong call, on its own line', async () => {
  const { code, output } = await tsc(['-p', dir], dir)
  assert.notEqual(code, 0, 'tsc accepted calls it should reject')

  assert.deepEqual([...errorLines(output, 'accepted.ts')], [], `the control program has errors:\n${output}`)

  const reported = errorLines(output, 'rejected.ts')
  REJECTED.forEach(({ code: line }, i) => {
    const lineNo = PREAMBLE.length + i + 1
    assert.ok(reported.has(lineNo), `no error reported for line ${lineNo}: ${line}\n${output}`)
  })
  const expected = new Set(REJECTED.map((_, i) => PREAMBLE.length + i + 1))
  const unexpected = [...reported].filter((lineNo) => !expected.has(lineNo))
  assert.deepEqual(unexpected, [], `errors on lines without a case:\n${output}`)

  for (const { code: line, mentions } of REJECTED) {
    if (mentions !== undefined) assert.ok(output.includes(mentions), `the error for ${line} does not mention ${mentions}:\n${output}`)
  }
})
