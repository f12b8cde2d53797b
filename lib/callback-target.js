'use strict'

const fs = require('node:fs')
const path = require('node:path')
const { fileURLToPath, pathToFileURL } = require('node:url')
const { describeType } = require('./checks')

// What addCallback() takes: a function (run on the main thread), or a module
// to run on the logger's worker thread, given as an absolute path, a `file:`
// URL string or a URL object. A query string is kept: it gives a fresh module
// instance. Mistakes are caught here, at setup, not later on the worker.

const USAGE = 'a function, an absolute path, a file: URL string or a URL'

/** The function itself, or the module's `file:` URL as a string. */
function callbackTarget (target) {
  if (typeof target === 'function') return target
  let url
  if (typeof target === 'string' && path.isAbsolute(target)) {
    url = pathToFileURL(target)
  } else {
    const href = typeof target === 'string' ? target : urlHref(target)
    if (href === undefined || !URL.canParse(href)) {
      const got = typeof target === 'string' ? `the relative path "${target}"` : describeType(target)
      throw new TypeError(`addCallback: callback must be ${USAGE}, got ${got}`)
    }
    url = new URL(href)
    if (url.protocol !== 'file:') throw new RangeError(`addCallback: a module callback must be a file: URL, got ${href}`)
  }
  const file = modulePath(url)
  if (!isFile(file)) throw new RangeError(`addCallback: the module ${file} does not exist or is not a file`)
  return url.href
}

/** The local path of a file: URL; a RangeError for one that has none (file://host/...). */
function modulePath (url) {
  try {
    return fileURLToPath(url)
  } catch (error) {
    throw new RangeError(`addCallback: the module URL ${url.href} is not a local file (${error.message})`)
  }
}

function isFile (file) {
  try {
    return fs.statSync(file).isFile()
  } catch {
    return false
  }
}

/** The `href` of a URL (any object with one: a URL from another realm too), else undefined. */
function urlHref (target) {
  if (typeof target !== 'object' || target === null) return undefined
  try {
    return typeof target.href === 'string' ? target.href : undefined
  } catch {
    return undefined
  }
}

/** A name for the callback's reports: the function's name, or the module's file name. */
function defaultName (target) {
  if (typeof target === 'function') return target.name || 'callback'
  return path.basename(fileURLToPath(target))
}

module.exports = { callbackTarget, defaultName }
