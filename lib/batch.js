'use strict'

// Captured now: fake timers that replace the global later must not stop writing.
const { setImmediate } = require('node:timers')
const { withCallSites, locationJson } = require('./callsite')

// The log calls of one event-loop turn, sent to Rust as one string.
//
// A napi call with a handful of string arguments costs more than everything
// else in a log call, so the call only appends seven values to an array; the
// batch goes across once, at the next setImmediate, or sooner when it holds
// MAX_RECORDS records or MAX_CHARS characters of text (large records should
// not pile up in memory). The line format is `src/batch.rs`'s: one line per
// record, so JS and Rust number records alike (`pushed` is the next
// record's sequence number). Anything that must be ordered after the
// records already logged (sink and callback changes, flushes, exit) sends
// the batch first.

const MAX_RECORDS = 1024
const MAX_CHARS = 256 * 1024
const SLOTS = 7

class Batch {
  constructor (native) {
    this.native = native
    this.items = []
    this.chars = 0
    /** Records ever pushed: the sequence number of the next one. */
    this.pushed = 0
    this.scheduled = false
    this.sendSoon = () => this.send()
  }

  /** `sinkFields`: what sinks' JS-run redaction made of the fields (lib/redact.js sinkFieldsJson), if anything. */
  push (level, time, origin, message, fields, site, sinkFields) {
    const items = this.items
    items.push(level, time, origin, message, fields, site, sinkFields)
    this.pushed++
    this.chars += message.length + (fields === undefined ? 0 : fields.length) + (sinkFields === undefined ? 0 : sinkFields.length)
    if (items.length >= MAX_RECORDS * SLOTS || this.chars >= MAX_CHARS) {
      this.send()
    } else if (!this.scheduled) {
      this.scheduled = true
      setImmediate(this.sendSoon)
    }
  }

  /** Writes a record (as pushed) to the terminal sinks now; the batch carries it to the others. */
  writeThrough (level, time, origin, message, fields, site, sinkFields) {
    this.native.writeThrough(withCallSites(() => batchText([level, time, origin, message, fields, site, sinkFields])))
  }

  send () {
    this.scheduled = false
    const items = this.items
    if (items.length === 0) return
    this.items = []
    this.chars = 0
    this.native.logBatch(withCallSites(() => batchText(items)))
  }
}

function batchText (items) {
  let text = ''
  for (let i = 0; i < items.length; i += SLOTS) {
    const fields = items[i + 4]
    const sinkFields = items[i + 6]
    text += '[' + items[i] + ',' + timeJson(items[i + 1]) + ',' + items[i + 2] + ',' + JSON.stringify(items[i + 3]) + ',' +
      (fields === undefined ? 'null' : fields) + ',' + locationJson(items[i + 5]) + (sinkFields === undefined ? '' : ',' + sinkFields) + ']\n'
  }
  return text
}

/** A time as JSON: `Date.now` may be mocked to return NaN or anything; Rust takes null as now. */
function timeJson (time) {
  return typeof time === 'number' && time - time === 0 ? time : 'null'
}

module.exports = { Batch }
