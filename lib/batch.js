'use strict'

const { withCallSites, locationJson } = require('./callsite')

// The log calls of one event-loop turn, sent to Rust as one string.
//
// A napi call with a handful of string arguments costs more than everything
// else in a log call, so the call only appends six values to an array; the
// batch goes across once, at the next setImmediate or when it reaches
// MAX_RECORDS. The line format is `src/batch.rs`'s. Anything that must be
// ordered after the records already logged (sink changes, flushes, exit)
// sends the batch first.

const MAX_RECORDS = 1024
const SLOTS = 6

class Batch {
  constructor (native) {
    this.native = native
    this.items = []
    this.scheduled = false
    this.sendSoon = () => this.send()
  }

  push (level, time, seq, message, fields, site) {
    const items = this.items
    items.push(level, time, seq, message, fields, site)
    if (items.length >= MAX_RECORDS * SLOTS) {
      this.send()
    } else if (!this.scheduled) {
      this.scheduled = true
      setImmediate(this.sendSoon)
    }
  }

  send () {
    this.scheduled = false
    const items = this.items
    if (items.length === 0) return
    this.items = []
    this.native.logBatch(withCallSites(() => batchText(items)))
  }
}

function batchText (items) {
  let text = ''
  for (let i = 0; i < items.length; i += SLOTS) {
    const fields = items[i + 4]
    text += '[' + items[i] + ',' + items[i + 1] + ',' + items[i + 2] + ',' + JSON.stringify(items[i + 3]) + ',' +
      (fields === undefined ? 'null' : fields) + ',' + locationJson(items[i + 5]) + ']\n'
  }
  return text
}

module.exports = { Batch }
