// logly's module callback in the workers section: counts every record it is
// called with (worker-counter.js), after busy-waiting `?spinUs=` microseconds
// when the URL asks for it. logly imports this module on the logger's worker
// thread and gives it no options, so the query string carries the setting
// (and makes a fresh module instance).

import { announceCounter, spin } from './worker-counter.js'

const spinUs = Number(new URL(import.meta.url).searchParams.get('spinUs') ?? 0)
const count = announceCounter()

export default function countRecord () {
  if (spinUs > 0) spin(spinUs)
  count()
}
