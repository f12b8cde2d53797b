// The ES module entry under module/moduleResolution "nodenext": named imports.
import { logger, Logger, levels, type LogRecord } from 'logly'
import defaultExport from 'logly'

logger.info('from ESM', { entry: 'lib/index.mjs' })
const other = new Logger({ level: levels.labels[20] })
other.addCallback((record: LogRecord) => { console.log(record.level) })

// The default import is the root logger at run time (lib/index.mjs), but
// package.json gives ES modules the same CommonJS-format index.d.ts, which
// TypeScript's "nodenext" reads as module.exports. When package.json maps the
// "import" condition to its own declaration file (index.d.mts), this compiles
// and the directive must go. (With "bundler" resolution it already does: see
// bundler/default-import.ts.)
// @ts-expect-error Property 'info' does not exist on type 'typeof import(...)'
defaultExport.info('default import')

export { other }
