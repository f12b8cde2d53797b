'use strict'

const { LEVELS } = require('./levels')
const { defineField } = require('./fields')

// One batch of callback records as Rust hands it over (`callbacks::Batch`
// in src/callbacks/buffer.rs), read record by record. Rust sends the string
// values as raw text with their lengths, so a record is an object literal of
// slices: measured ~60 ns a record on the worker, where `JSON.parse` of the
// whole record cost ~550 ns. Fields are the one part that stays JSON: every
// record's fields are parsed in one `JSON.parse` per batch.
//
// The layout, per record: seq, level index, taker count, taker ids..., the
// lengths of timestamp, message, filename, lineno, function (UTF-16 code
// units, in that order in `text`), and the size of its fields (0 for none).

/** Record level names by the index Rust sends: `LEVELS` is in src/level.rs's order. */
const LEVEL_NAMES = Object.keys(LEVELS)

/** The layout slots before a record's taker ids, and after them. */
const HEAD = 3
const TAIL = 6

class CallbackBatch {
  constructor ({ text, fields, layout }) {
    this.text = text
    this.layout = layout
    this.fieldsList = fields === '' ? null : JSON.parse(fields)
    /** The current record: where it starts in `layout`, `text` and `fieldsList`. */
    this.at = 0
    this.textAt = 0
    this.fieldsIndex = 0
    /** The current record's next taker: kept here so a delivery cut short resumes after the last call made. */
    this.taker = 0
  }

  done () {
    return this.at >= this.layout.length
  }

  seq () {
    return this.layout[this.at]
  }

  takerCount () {
    return this.layout[this.at + 2]
  }

  takerId (t) {
    return this.layout[this.at + HEAD + t]
  }

  /** Where the current record's lengths start in `layout`, after its taker ids. */
  lengthsAt () {
    return this.at + HEAD + this.layout[this.at + 2]
  }

  /** The record's size, for the backlogs' byte bounds. */
  bytes () {
    const layout = this.layout
    const lengths = this.lengthsAt()
    let bytes = 0
    for (let i = lengths; i < lengths + TAIL; i++) bytes += layout[i]
    return bytes
  }

  /**
   * The current record as a new object. Its fields' values are shared with
   * the other takers' objects unless `own` (then nested objects are cloned),
   * so only the last taker may skip the copy.
   */
  record (own) {
    const { layout, text } = this
    const lengths = this.lengthsAt()
    const t = this.textAt
    const m = t + layout[lengths]
    const f = m + layout[lengths + 1]
    const l = f + layout[lengths + 2]
    const fn = l + layout[lengths + 3]
    const end = fn + layout[lengths + 4]
    const record = {
      timestamp: text.slice(t, m),
      level: LEVEL_NAMES[layout[this.at + 1]],
      message: text.slice(m, f),
      filename: text.slice(f, l),
      lineno: text.slice(l, fn),
      function: text.slice(fn, end)
    }
    if (layout[lengths + 5] > 0) assignFields(record, this.fieldsList[this.fieldsIndex], own)
    return record
  }

  /** Moves to the next record. */
  next () {
    const layout = this.layout
    const lengths = this.lengthsAt()
    for (let i = lengths; i < lengths + 5; i++) this.textAt += layout[i]
    if (layout[lengths + 5] > 0) this.fieldsIndex++
    this.at = lengths + TAIL
    this.taker = 0
  }
}

/**
 * Adds the fields after the record keys, as `JSON.parse` of the whole
 * record would (Rust already moved fields named like record keys under
 * `extra`). A `__proto__` field is defined as an own property, never set.
 */
function assignFields (record, fields, own) {
  if (own) fields = ownCopy(fields)
  for (const key of Object.keys(fields)) defineField(record, key, fields[key])
}

/** A copy no other taker can change through its own: the object itself when every value is a primitive. */
function ownCopy (fields) {
  for (const key of Object.keys(fields)) {
    const value = fields[key]
    if (typeof value === 'object' && value !== null) return structuredClone(fields)
  }
  return fields
}

module.exports = { CallbackBatch }
