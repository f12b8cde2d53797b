'use strict'

const { fileURLToPath } = require('node:url')

// Where the user's log call was written. V8 hands out structured call sites
// through Error.prepareStackTrace; a stack limit of 1 and the public logging
// method as the cut-off make V8 walk exactly one frame, the caller's.
// (Parsing the text of `new Error().stack` measured four times dearer.)

const NO_LOCATION = Object.freeze({ filename: undefined, lineno: undefined, function: undefined })

function structured (_, callSites) {
  return callSites
}

/** The frame that called `method`, as `{ filename, lineno, function }`. */
function callSite (method) {
  const limit = Error.stackTraceLimit
  const prepare = Error.prepareStackTrace
  Error.stackTraceLimit = 1
  Error.prepareStackTrace = structured
  const holder = {}
  Error.captureStackTrace(holder, method)
  const sites = holder.stack
  Error.stackTraceLimit = limit
  Error.prepareStackTrace = prepare
  const site = Array.isArray(sites) ? sites[0] : undefined
  if (site === undefined) return NO_LOCATION
  const filename = site.getFileName() || ''
  return {
    filename: filename.startsWith('file://') ? fileURLToPath(filename) : filename,
    lineno: site.getLineNumber() || 0,
    function: site.getFunctionName() || ''
  }
}

module.exports = { callSite, NO_LOCATION }
