'use strict'

/**
 * A first-in first-out queue with O(1) shift: an array and a head index,
 * compacted once the consumed part dominates.
 */
class Fifo {
  constructor () {
    this.items = []
    this.head = 0
  }

  get length () {
    return this.items.length - this.head
  }

  /** The oldest item, or undefined. */
  first () {
    return this.items[this.head]
  }

  /** The newest item, or undefined. */
  last () {
    return this.length > 0 ? this.items[this.items.length - 1] : undefined
  }

  push (item) {
    this.items.push(item)
  }

  shift () {
    const item = this.items[this.head]
    this.items[this.head++] = undefined
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head)
      this.head = 0
    }
    return item
  }
}

module.exports = { Fifo }
