// ESM entry: the same objects as require('logly').
import cjs from './index.js'

export const { logger, Logger, levels, stdSerializers } = cjs
export default logger
