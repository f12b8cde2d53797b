'use strict'

// Captured now: fake timers that replace the global later must not stop writing.
const { setImmediate } = require('node:timers')
const { withCallSites, location } = require('./callsite')
const { pushRawFields, RAW_MEMBERS } = require('./fields')

// The log calls of one event-loop turn, sent to Rust in one napi call.
//
// A napi call with a handful of string arguments costs more than everything
// else in a log call, so the call only appends seven values to an array; the
// batch goes across once, at the next setImmediate, or sooner when it holds
// MAX_RECORDS records or MAX_CHARS characters of text (large records should
// not pile up in memory). It crosses in `src/batch.rs`'s form: the records'
// strings one after another in one text, unescaped, and their numbers in a
// Float64Array, LAYOUT_SLOTS a record. Building that measured ~20 ns a
// record, a JSON line per record ~245 ns. Every layout row is one record,
// so JS and Rust number records alike (`pushed` is the next record's
// sequence number). Anything that must be ordered after the records already
// logged (sink and callback changes, flushes, exit) sends the batch first.
//
// Flat fields can go raw (`pushRawFields`): their keys and values join the
// text as they are, with their lengths in a second Float64Array, and the
// record's fields slot holds how many there are; the writer escapes and
// joins them. Quoting, escape checks and joining were most of a
// small-object call.

const MAX_RECORDS = 1024
const MAX_CHARS = 256 * 1024
/** Values a record takes in `items`. */
const SLOTS = 7
/** Numbers a record takes in the layout: src/batch.rs's SLOTS. */
const LAYOUT_SLOTS = 9
/** Rust copies the layout during the call, so one array serves every batch. */
const LAYOUT = new Float64Array(MAX_RECORDS * LAYOUT_SLOTS)

class Batch {
  constructor (native) {
    this.native = native
    /**
     * The pending records' values, SLOTS a record, in an array allocated
     * once: growing a new array for every batch measured ~4% of the main
     * thread's time in a logging loop. Slots past `length` are stale.
     */
    this.items = new Array(MAX_RECORDS * SLOTS).fill(undefined)
    this.length = 0
    /** Raw fields, three values each (lib/fields.js pushRawFields), for the records that have them. */
    this.rawFields = []
    this.rawLength = 0
    this.chars = 0
    /** Records ever pushed: the sequence number of the next one. */
    this.pushed = 0
    this.scheduled = false
    this.sendSoon = () => this.send()
  }

  /**
   * Takes `fields` raw for the record pushed next (its `fields`: the count
   * returned), after `members`, a JSON fragment of the fields that come
   * before them (bound and contextual: '' for none); a negative reason
   * (lib/fields.js pushRawFields), taking nothing, when it cannot.
   */
  pushRawFields (fields, members) {
    const at = this.rawLength
    let start = at
    if (members !== '') {
      this.rawFields[at] = ''
      this.rawFields[at + 1] = members
      this.rawFields[at + 2] = RAW_MEMBERS
      start += 3
    }
    const end = pushRawFields(fields, this.rawFields, start)
    if (end < 0) return end
    this.rawLength = end
    for (let i = at; i < end; i += 3) this.chars += this.rawFields[i].length + this.rawFields[i + 1].length
    return (end - at) / 3
  }

  /**
   * `fields`: JSON text, a count of raw fields (pushRawFields), or
   * undefined. `sinkFields`: what sinks' JS-run redaction made of the fields
   * (lib/redact.js sinkFieldsJson), if anything.
   */
  push (level, time, origin, message, fields, site, sinkFields) {
    const items = this.items
    const at = this.length
    items[at] = level
    items[at + 1] = time
    items[at + 2] = origin
    items[at + 3] = message
    items[at + 4] = fields
    items[at + 5] = site
    items[at + 6] = sinkFields
    this.length = at + SLOTS
    this.pushed++
    this.chars += message.length + (typeof fields === 'string' ? fields.length : 0) + (sinkFields === undefined ? 0 : sinkFields.length)
    if (this.length === items.length || this.chars >= MAX_CHARS) {
      this.send()
    } else if (!this.scheduled) {
      this.scheduled = true
      setImmediate(this.sendSoon)
    }
  }

  /** Writes a record (as pushed) to the terminal sinks now; the batch carries it to the others. */
  writeThrough (level, time, origin, message, fields, site, sinkFields) {
    this.native.writeThrough(...encoded([level, time, origin, message, fields, site, sinkFields], SLOTS, NO_RAW_FIELDS, 0))
  }

  send () {
    this.scheduled = false
    const length = this.length
    if (length === 0) return
    // Encoding runs no user code (strings, numbers and V8's call sites), so
    // nothing can log into `items` while it is read.
    const rawLength = this.rawLength
    try {
      this.native.logBatch(...encoded(this.items, length, this.rawFields, rawLength))
    } finally {
      // Let go of the records' strings now, not when a later batch overwrites them.
      this.items.fill(undefined, 0, length)
      this.rawFields.fill(undefined, 0, rawLength)
      this.length = 0
      this.rawLength = 0
      this.chars = 0
    }
  }
}

const NO_RAW_FIELDS = []

/**
 * `[text, layout, field layout]` for the first `length` values of `items`
 * and the first `rawLength` of `rawFields`, as src/batch.rs reads them.
 */
function encoded (items, length, rawFields, rawLength) {
  const fieldLayout = new Float64Array(rawLength)
  const text = withCallSites(() => encode(items, length, LAYOUT, rawFields, fieldLayout))
  return [text, LAYOUT.subarray(0, (length / SLOTS) * LAYOUT_SLOTS), fieldLayout]
}

/**
 * Writes the layout of the first `length` values of `items` into `layout`
 * (and of their raw fields into `fieldLayout`) and returns their text: per
 * record the message, fields, filename, function and sink fields, whose
 * lengths (-1: absent) the layout gives, with the level, time (NaN when
 * `Date.now` was mocked to give something else), origin and line number.
 */
function encode (items, length, layout, rawFields, fieldLayout) {
  let text = ''
  let raw = 0
  for (let i = 0, row = 0; i < length; i += SLOTS, row += LAYOUT_SLOTS) {
    const time = items[i + 1]
    const message = items[i + 3]
    const fields = items[i + 4]
    const site = location(items[i + 5])
    const sinkFields = items[i + 6]
    layout[row] = items[i]
    layout[row + 1] = typeof time === 'number' ? time : NaN
    layout[row + 2] = items[i + 2]
    layout[row + 3] = message.length
    layout[row + 5] = site.filename.length
    layout[row + 6] = site.lineno
    layout[row + 7] = site.function.length
    layout[row + 8] = sinkFields === undefined ? -1 : sinkFields.length
    text += message
    if (typeof fields === 'number') {
      // Raw fields: `-2 - count`, each key and value in the text, their
      // lengths and kind in the field layout.
      layout[row + 4] = -2 - fields
      for (let end = raw + fields * 3; raw < end; raw += 3) {
        const key = rawFields[raw]
        const value = rawFields[raw + 1]
        fieldLayout[raw] = key.length
        fieldLayout[raw + 1] = value.length
        fieldLayout[raw + 2] = rawFields[raw + 2]
        text += key + value
      }
    } else {
      layout[row + 4] = fields === undefined ? -1 : fields.length
      if (fields !== undefined) text += fields
    }
    text += site.filename + site.function + (sinkFields ?? '')
  }
  return text
}

module.exports = { Batch }
