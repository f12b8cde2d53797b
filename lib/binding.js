'use strict'

// Loads the native addon through the loader @napi-rs/cli generates
// (../index.js). When no binary loads, that loader blames an npm bug with
// optional dependencies, which sends people the wrong way: this module says
// instead which binary this platform needs, whether logly ships one, and how
// to build one from source.

const { existsSync } = require('node:fs')
const path = require('node:path')
const { targetName, hostTarget } = require('./platform')

const pkg = require('../package.json')

function loadBinding () {
  try {
    return require('../index.js')
  } catch (error) {
    throw bindingError(error)
  }
}

/** The targets logly publishes binaries for, as platform names (`linux-x64-gnu`). */
function supportedTargets () {
  return pkg.napi.targets.map(targetName)
}

/**
 * The error to throw when the generated loader failed with `error`, on the
 * platform `host` (see hostTarget()): it names the platform, the package it
 * needs and the platforms with binaries, and says how to build from source.
 */
function bindingError (error, host = hostTarget()) {
  const supported = supportedTargets()
  const binaryPackage = `${pkg.name}-${host.name}`
  const override = process.env.NAPI_RS_NATIVE_LIBRARY_PATH
  let code
  let message
  if (override) {
    code = 'ERR_LOGLY_BINARY_LOAD'
    message = `${pkg.name} could not load the binary NAPI_RS_NATIVE_LIBRARY_PATH points to (${override}): ${lastMessage(error)}`
  } else if (!supported.includes(host.name)) {
    code = 'ERR_LOGLY_UNSUPPORTED_PLATFORM'
    message = `${pkg.name} has no prebuilt binary for this platform: ${host.description} (${host.name}).`
  } else if (!binaryInstalled(host.name, binaryPackage)) {
    code = 'ERR_LOGLY_BINARY_NOT_INSTALLED'
    message = `${pkg.name} needs the package ${binaryPackage}@${pkg.version} on this platform ` +
      `(${host.description}), and it is not installed. npm installs it as an optional dependency ` +
      `of ${pkg.name}; it is left out by --omit=optional (--no-optional), and when node_modules or ` +
      `the lockfile were made on another platform. Install it on this machine: ` +
      `npm install ${binaryPackage}@${pkg.version}`
  } else {
    code = 'ERR_LOGLY_BINARY_LOAD'
    message = `${pkg.name} could not load its binary for ${host.description} (${host.name}): ${lastMessage(error)}`
  }
  message += `\nPrebuilt binaries: ${supported.join(', ')}; Node.js ${pkg.engines.node}.` +
    '\nElsewhere, build logly from source (Rust and a C compiler needed): run `npm install` in a ' +
    'checkout of its repository, which builds the addon, then `npm install /path/to/that/checkout` ' +
    'in your project. The README\'s "Install" section has the details.'
  const wrapped = new Error(message)
  wrapped.code = code
  // The loader's own message is the npm-bug advice; keep only what it tried.
  if (code !== 'ERR_LOGLY_UNSUPPORTED_PLATFORM') wrapped.cause = loaderCause(error)
  return wrapped
}

/** A binary for `name` next to the loader (a source build) or as its npm package. */
function binaryInstalled (name, binaryPackage) {
  if (existsSync(path.join(__dirname, '..', `${pkg.napi.binaryName}.${name}.node`))) return true
  try {
    require.resolve(`${binaryPackage}/package.json`)
    return true
  } catch {
    return false
  }
}

function loaderCause (error) {
  return error && typeof error.message === 'string' && error.message.startsWith('Cannot find native binding') && error.cause
    ? error.cause
    : error
}

/** The loader chains its attempts as causes, the last attempt outermost. */
function lastMessage (error) {
  const cause = loaderCause(error)
  return cause && typeof cause.message === 'string' ? cause.message.split('\n')[0] : String(cause)
}

module.exports = { loadBinding, bindingError, supportedTargets }
