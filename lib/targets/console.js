'use strict'

// Console targets: 'console' and 'stdout' (the same), 'stderr'.

const NAMES = { console: 'stdout', stdout: 'stdout', stderr: 'stderr' }

/**
 * Whether to color a console stream. FORCE_COLOR wins over NO_COLOR, which
 * wins over what the terminal can do, as Node decides for its own streams.
 */
function autoColor (stream) {
  const force = process.env.FORCE_COLOR
  if (force !== undefined) return force !== '0' && force !== 'false'
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false
  return stream.isTTY === true && typeof stream.hasColors === 'function' && stream.hasColors()
}

module.exports = {
  name: 'console',
  options: new Set(['color']),
  formats: ['text', 'json', 'pino'],
  /** undefined: follow configure({ json }). */
  defaultFormat: undefined,
  matches: (target) => NAMES[target.toLowerCase()] !== undefined,
  spec (target, options, { defaultColor }) {
    const kind = NAMES[target.toLowerCase()]
    const color = options.color ?? defaultColor
    return { kind, color: color === 'auto' ? autoColor(process[kind]) : color }
  }
}
