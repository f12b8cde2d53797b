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
