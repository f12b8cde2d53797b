'use strict'

// logly: structured logging for Node.js with a Rust core.
// `logger` is the process-wide root logger; `new Logger()` makes another
// with its own sinks and callbacks.

const { Logger } = require('./logger')
const { values, labels, LEVELS } = require('./levels')
const { req, res } = require('./serializers')
const { errorToObject } = require('./fields')

const logger = new Logger()
const levels = Object.freeze({ values, labels, names: LEVELS })
/** pino's name for the standard serializers: for `child({}, { serializers })`. */
const stdSerializers = Object.freeze({ req, res, err: errorToObject })

// `default` and `__esModule` make `import logger from 'logly-node'` work in
// TypeScript compiled to CommonJS, as it does from lib/index.mjs.
module.exports = { logger, Logger, levels, stdSerializers, default: logger }
Object.defineProperty(module.exports, '__esModule', { value: true })
