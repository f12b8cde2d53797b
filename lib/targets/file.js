'use strict'

const path = require('node:path')

// File targets: any string that is neither a console name nor a URL, as a
// path relative to the working directory.

module.exports = {
  name: 'file',
  options: new Set(['color']),
  formats: ['text', 'json'],
  defaultFormat: undefined,
  matches: () => true,
  spec (target, options) {
    return { kind: 'file', path: path.resolve(target), color: options.color === true }
  }
}
