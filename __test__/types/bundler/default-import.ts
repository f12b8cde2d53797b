// The ES module entry as bundlers (and "moduleResolution": "bundler") see it:
// the default export is the root logger.
import logger, { logger as named, Logger } from 'logly-node'

const same: Logger = logger
same.info('default import', { same: logger === named })
await logger.complete()

export { same }
