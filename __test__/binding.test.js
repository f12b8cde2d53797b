'use strict'

// The publishing layout (napi.targets and the npm/<platform>/ packages agree)
// and the errors lib/binding.js gives when no binary loads. The installed
// package itself is checked in package.test.js.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')

const { ROOT } = require('./helpers')
const { targetName, hostTarget } = require('../lib/platform')
const { bindingError, supportedTargets } = require('../lib/binding')

const pkg = require('../package.json')

test('target triples map to the platform names of the generated loader', () => {
  assert.equal(targetName('x86_64-unknown-linux-gnu'), 'linux-x64-gnu')
  assert.equal(targetName('aarch64-unknown-linux-musl'), 'linux-arm64-musl')
  assert.equal(targetName('aarch64-apple-darwin'), 'darwin-arm64')
  assert.equal(targetName('x86_64-pc-windows-msvc'), 'win32-x64-msvc')
  assert.equal(targetName('armv7-unknown-linux-gnueabihf'), 'linux-arm-gnueabihf')
  assert.equal(targetName('armv7-linux-androideabi'), 'android-arm-eabi')
  assert.equal(targetName('aarch64-linux-android'), 'android-arm64')
  assert.equal(hostTarget({ platform: 'linux', arch: 'arm64', musl: true }).name, 'linux-arm64-musl')
  assert.equal(hostTarget({ platform: 'linux', arch: 'arm', musl: false }).name, 'linux-arm-gnueabihf')
  assert.equal(hostTarget({ platform: 'darwin', arch: 'x64' }).name, 'darwin-x64')
})

test('every target in napi.targets has its npm/<platform>/ package, and no other package is there', () => {
  const dirs = fs.readdirSync(path.join(ROOT, 'npm')).filter((dir) => fs.existsSync(path.join(ROOT, 'npm', dir, 'package.json')))
  assert.deepEqual(dirs.sort(), supportedTargets().sort())
  for (const name of supportedTargets()) {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'npm', name, 'package.json'), 'utf8'))
    assert.equal(manifest.name, `${pkg.name}-${name}`)
    assert.equal(manifest.version, pkg.version)
    assert.equal(manifest.main, `${pkg.napi.binaryName}.${name}.node`)
    assert.deepEqual(manifest.files, [manifest.main])
    assert.equal(manifest.license, pkg.license)
  }
  for (const linux of ['linux-x64-gnu', 'linux-x64-musl', 'linux-arm64-gnu', 'linux-arm64-musl']) {
    assert.ok(supportedTargets().includes(linux), `${linux} is not in napi.targets`)
  }
})

test('a platform without a binary: its name, the supported ones, how to build; no npm-bug advice', () => {
  const loaderError = new Error('Cannot find native binding. npm has a bug related to optional dependencies')
  const error = bindingError(loaderError, { name: 'freebsd-x64', description: 'freebsd x64' })
  assert.equal(error.code, 'ERR_LOGLY_UNSUPPORTED_PLATFORM')
  assert.match(error.message, /no prebuilt binary for this platform: freebsd x64 \(freebsd-x64\)/)
  assert.ok(error.message.includes(`Prebuilt binaries: ${supportedTargets().join(', ')}`), error.message)
  assert.match(error.message, /build logly from source/)
  assert.doesNotMatch(error.message, /npm has a bug/)
  assert.equal(error.cause, undefined)
})

const hostSupported = supportedTargets().includes(hostTarget().name)

test('a binary that is there but does not load: the loader\'s reason, its attempts as the cause', { skip: !hostSupported }, () => {
  const attempt = new Error('/lib/libc.so.6: version `GLIBC_2.99\' not found')
  const loaderError = new Error('Cannot find native binding. npm has a bug related to optional dependencies', { cause: attempt })
  const error = bindingError(loaderError, hostTarget())
  assert.equal(error.code, 'ERR_LOGLY_BINARY_LOAD')
  assert.ok(error.message.includes('GLIBC_2.99'), error.message)
  assert.equal(error.cause, attempt)
  assert.doesNotMatch(error.message, /npm has a bug/)
})
