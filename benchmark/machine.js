'use strict'

// Where and with what the numbers were taken.

const fs = require('node:fs')
const { execFileSync } = require('node:child_process')
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

// Which logly was measured: the directory, and its commit when it is a git checkout.
function loglyInfo () {
  const dir = process.env.LOGLY_PATH ? path.resolve(process.env.LOGLY_PATH) : ROOT
  let commit = null
  try {
    commit = execFileSync('git', ['-C', dir, 'rev-parse', '--short', 'HEAD'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim()
  } catch {}
  return { dir, commit }
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
    logly: loglyInfo(),
    versions: Object.fromEntries(['pino', 'winston', 'bunyan', 'tinybench', 'thread-stream', 'pino-abstract-transport'].map((p) => [p, versionOf(p)]))
  }
}

module.exports = { machineInfo }
