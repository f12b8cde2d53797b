// ESM entry of `logly-node/express`: the CommonJS module is the implementation, so
// `require` and `import` share one root logger and one set of functions.
import express from './express.js'

export const { requestLogger, errorLogger, serializers } = express
export default express
