'use strict'

// logly: structured logging for Node.js with a Rust core.
// `logger` is the process-wide root logger; `new Logger()` makes another
// with its own sinks and callbacks.

const { Logger } = require('./logger')
const { values, labels, LEVELS } = require('./levels')

const logger = new Logger()
const levels = Object.freeze({ values, labels, names: LEVELS })

module.exports = { logger, Logger, levels }
