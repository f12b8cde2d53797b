// The ES module entry under module/moduleResolution "nodenext": named imports.
import { logger, Logger, levels, type LogRecord } from 'logly-node'
import defaultExport from 'logly-node'

logger.info('from ESM', { entry: 'lib/index.mjs' })
const other = new Logger({ level: levels.labels[20] })
other.addCallback((record: LogRecord) => { console.log(record.level) })

// The default import is the root logger (lib/index.mjs; types: index.d.mts).
defaultExport.info('default import')

export { other }
