// ESM entry: the same objects as require('logly-node').
import cjs from './index.js'

export const { logger, Logger, levels, stdSerializers } = cjs
export default logger
