// The callbacks page, "Filtering", as a module callback: copy ERROR records
// to critical_errors.log in the current directory, one
// `<timestamp> | <message>` line each.
//
// Synchronous I/O, like the page's open(..., "a"), and the reason to run it
// as a module: it blocks logly's worker thread, never the application.

import fs from 'node:fs'
import path from 'node:path'

const FILE = path.resolve('critical_errors.log')

export default function filterCallback (record) {
  // Keep only errors
  if (record.level === 'ERROR') {
    // Re-log to separate file
    fs.appendFileSync(FILE, `${record.timestamp} | ${record.message}\n`)
  }
}
