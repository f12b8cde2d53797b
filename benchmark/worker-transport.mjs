// pino's transport target in the workers section: the same counting as
// worker-module.mjs, written the way pino documents a transport
// (pino-abstract-transport parses each line into an object). thread-stream
// runs it on its worker thread and hands it `options` as structured-cloned
// workerData.

import build from 'pino-abstract-transport'
import { announceCounter, spin } from './worker-counter.js'

export default async function countingTransport ({ spinUs = 0 } = {}) {
  const count = announceCounter()
  return build(async function (source) {
    for await (const record of source) { // eslint-disable-line no-unused-vars
      if (spinUs > 0) spin(spinUs)
      count()
    }
  })
}
