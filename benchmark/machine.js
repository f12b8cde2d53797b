'use strict'

// Where and with what the numbers were taken.

const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')

const ROOT = path.resolve(__dirname, '..')

function versionOf (pkg) {
  try {
    return JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')).version
  } catch {
    return 'unknown'
  }
}

function machineInfo () {
  const cpus = os.cpus()
  return {
    date: new Date().toISOString(),
    cpu: cpus.length ? cpus[0].model : 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    loadavgStart: os.loadavg(),
    versions: Object.fromEntries(['pino', 'winston', 'bunyan', 'tinybench'].map((p) => [p, versionOf(p)]))
  }
}

module.exports = { machineInfo }
