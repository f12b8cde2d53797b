// The types of the ES module entry (lib/index.mjs): the same names as
// index.d.ts, plus the root logger as the default export.
export * from './index.js'
export { logger as default } from './index.js'
