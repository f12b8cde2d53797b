'use strict'

// Platform names as napi-rs gives them to binaries and to the npm/<name>/
// packages (linux-x64-gnu, darwin-arm64, win32-x64-msvc): for the Rust
// targets in package.json's napi.targets, and for the running process the way
// the generated loader (index.js) picks its binary.

const { readFileSync } = require('node:fs')

// @napi-rs/cli's parseTriple, reduced to what a Rust target triple can hold.
const NODE_ARCH = {
  x86_64: 'x64',
  aarch64: 'arm64',
  i686: 'ia32',
  armv7: 'arm',
  loongarch64: 'loong64',
  riscv64gc: 'riscv64',
  powerpc64le: 'ppc64',
  powerpc64: 'ppc64'
}
const NODE_PLATFORM = { linux: 'linux', freebsd: 'freebsd', darwin: 'darwin', windows: 'win32', ohos: 'openharmony' }
const SUB_SYSTEMS = new Set(['android', 'ohos'])

/** `x86_64-unknown-linux-gnu` -> `linux-x64-gnu`, `aarch64-apple-darwin` -> `darwin-arm64`. */
function targetName (triple) {
  const parts = (triple.endsWith('eabi') ? `${triple.slice(0, -4)}-eabi` : triple).split('-')
  let [cpu, , sys, abi] = parts
  if (parts.length === 2) [cpu, sys, abi] = parts
  if (SUB_SYSTEMS.has(abi)) {
    sys = abi
    abi = undefined
  }
  const name = `${NODE_PLATFORM[sys] ?? sys}-${NODE_ARCH[cpu] ?? cpu}`
  return abi === undefined ? name : `${name}-${abi}`
}

/** Whether this Linux process runs on musl, checked as the generated loader checks it. */
function isMusl () {
  try {
    return readFileSync('/usr/bin/ldd', 'utf8').includes('musl')
  } catch {
    const report = process.report && typeof process.report.getReport === 'function' ? process.report.getReport() : null
    return report !== null && !(report.header && report.header.glibcVersionRuntime)
  }
}

/**
 * The binary name the loader looks for in this process, and the same in
 * words: `{ name: 'linux-x64-gnu', description: 'linux x64 with glibc' }`.
 */
function hostTarget ({ platform = process.platform, arch = process.arch, musl } = {}) {
  if (platform === 'linux') {
    const libc = (musl ?? isMusl()) ? 'musl' : 'gnu'
    const abi = arch === 'arm' ? `${libc}eabihf` : libc
    return { name: `linux-${arch}-${abi}`, description: `linux ${arch} with ${libc === 'gnu' ? 'glibc' : 'musl'}` }
  }
  if (platform === 'win32') {
    const mingw = process.config && process.config.variables && process.config.variables.shlib_suffix === 'dll.a'
    return { name: `win32-${arch}-${mingw ? 'gnu' : 'msvc'}`, description: `win32 ${arch}` }
  }
  if (platform === 'android' && arch === 'arm') return { name: 'android-arm-eabi', description: 'android arm' }
  return { name: `${platform}-${arch}`, description: `${platform} ${arch}` }
}

module.exports = { targetName, hostTarget, isMusl }
