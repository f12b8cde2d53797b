'use strict'

// The README's quick start is examples/quickstart.js, and prints what the
// README says it prints.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { spawnSync } = require('node:child_process')

const ROOT = path.resolve(__dirname, '..')
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8')
const STAMP = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}/gm

function section (heading) {
  const start = README.indexOf(`## ${heading}\n`)
  assert.ok(start >= 0, `README has a "${heading}" section`)
  return README.slice(start, README.indexOf('\n## ', start + 1))
}

test('the quick start in the README is examples/quickstart.js', () => {
  const [, code] = section('Quick start').match(/```js\n([\s\S]*?)```/)
  const example = fs.readFileSync(path.join(ROOT, 'examples/quickstart.js'), 'utf8')
    .replace("require('..') // in your project: require('logly-node')", "require('logly-node')   // ESM: import { logger } from 'logly-node'")
    .replace('// node examples/quickstart.js\n', '')
  assert.equal(code, example)
})

test('examples/quickstart.js prints what the README shows', () => {
  const [, expected] = section('Quick start').match(/prints\n\n```\n([\s\S]*?)```/)
  const result = spawnSync(process.execPath, ['examples/quickstart.js'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } })
  assert.equal(result.status, 0, result.stderr)
  assert.equal(result.stdout.replace(STAMP, 'TIME'), expected.replace(STAMP, 'TIME'))
})

// Every ```js block of the README runs as pasted, in a fresh directory where
// `logly-node` (and the frameworks) resolve: CommonJS as `<n>.js`, or under
// the name its first line gives (`// alerts.mjs`), so one block can load
// another. A block that starts a server passes once it listens without an
// error; it is then stopped with SIGTERM, which logly drains and re-raises.

const os = require('node:os')
const { spawn } = require('node:child_process')

const SNIPPETS = [...README.matchAll(/```js\n([\s\S]*?)```/g)].map(([, code], index) => {
  const named = /^\/\/ ([\w-]+\.(?:mjs|cjs|js))\n/.exec(code)
  return { code, file: named === null ? `snippet-${index + 1}.js` : named[1] }
})

/** A directory with node_modules/logly-node pointing at this checkout, and the frameworks it has. */
function sandbox () {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logly-readme-'))
  const modules = path.join(dir, 'node_modules')
  fs.mkdirSync(modules)
  fs.symlinkSync(ROOT, path.join(modules, 'logly-node'), 'dir')
  for (const name of ['express', 'fastify']) fs.symlinkSync(path.join(ROOT, 'node_modules', name), path.join(modules, name), 'dir')
  for (const { file, code } of SNIPPETS) fs.writeFileSync(path.join(dir, file), code)
  return dir
}

/** Runs a snippet; a server is stopped with SIGTERM once it printed or listened. */
function runSnippet (dir, file, server) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [file], { cwd: dir, env: { ...process.env, PORT: '0', NO_COLOR: '1' } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => {
      stdout += chunk
      if (server) child.kill('SIGTERM')
    })
    child.stderr.on('data', (chunk) => { stderr += chunk })
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal, stdout, stderr })
    })
  })
}

test('the README has a snippet for each of its sections that shows code', () => {
  assert.ok(SNIPPETS.length >= 8, `${SNIPPETS.length} snippets`)
})

for (const { file, code } of SNIPPETS) {
  test(`README snippet ${file} runs as pasted`, async (t) => {
    const dir = sandbox()
    t.after(() => fs.rmSync(dir, { recursive: true, force: true }))
    const server = code.includes('.listen(')
    const { code: status, signal, stdout, stderr } = await runSnippet(dir, file, server)
    const ALERT = /^ALERT: Payment failed 1234\n$/ // the first snippet's callback writes to stderr
    assert.ok(stderr === '' || ALERT.test(stderr), stderr)
    if (server) {
      assert.equal(signal ?? status, 'SIGTERM', `the server was listening: ${stdout}`)
    } else {
      assert.equal(status, 0, stdout)
    }
  })
}
