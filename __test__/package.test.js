'use strict'

// What a service installs: `npm pack` of the root package and of this
// platform's npm/<platform>/ package, installed together into a fresh project
// offline, with --omit=dev, an empty npm cache and no cargo or rustc on PATH;
// then used from CommonJS and ESM, and compiled from TypeScript 5 and 7 under
// --strict --module nodenext with no "types" setting (the programs are in
// __test__/fixtures/consumer/). Last, what a platform without a binary hears.

const { test, before } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { execFile } = require('node:child_process')

const { ROOT, makeTempDir } = require('./helpers')
const { hostTarget } = require('../lib/platform')
const { supportedTargets } = require('../lib/binding')

const pkg = require('../package.json')
const CONSUMER_FILES = path.join(ROOT, '__test__', 'fixtures', 'consumer')
const TSC = {
  5: path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
  7: path.join(ROOT, 'node_modules', 'typescript-7', 'bin', 'tsc')
}
const host = hostTarget()
const binary = `${pkg.napi.binaryName}.${host.name}.node`
const platformDir = path.join(ROOT, 'npm', host.name)
const skip = supportedTargets().includes(host.name) ? false : `no binary is built for ${host.name}`

/** Runs `node ...args`; resolves `{ code, stdout, stderr }`, never rejects. */
function node (args, { cwd, env = process.env, timeout = 60_000 } = {}) {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd, env, timeout, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      resolve({ code: error ? (error.code ?? 1) : 0, stdout, stderr })
    })
  })
}

/** npm's own script, run with this node: `npm_execpath` under `npm test`, else beside node. */
function npmCli () {
  const candidates = [
    process.env.npm_execpath,
    path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js'),
    path.join(path.dirname(process.execPath), 'node_modules', 'npm', 'bin', 'npm-cli.js')
  ]
  const found = candidates.find((file) => file && /npm-cli\.js$/.test(file) && fs.existsSync(file))
  assert.ok(found, `npm-cli.js not found in ${candidates.join(', ')}`)
  return found
}

/** `npm pack` of `dir` into `destination`: `{ tarball, files }`. `cache`: npm's cache folder. */
async function pack (dir, destination, cache) {
  const env = { ...process.env, npm_config_cache: cache }
  const result = await node([npmCli(), 'pack', '--ignore-scripts', '--json', '--pack-destination', destination], { cwd: dir, env })
  assert.equal(result.code, 0, `npm pack in ${dir} failed:\n${result.stderr}`)
  const [{ filename, files }] = JSON.parse(result.stdout)
  return { tarball: path.join(destination, filename), files: files.map((f) => f.path) }
}

/**
 * The environment of a service author's shell without Rust: PATH holds only
 * a folder with node in it, no npm_* settings of the `npm test` running
 * this, and an npm cache of its own, so nothing can come from the registry.
 */
function consumerEnv (tmp) {
  const bin = path.join(tmp, 'bin')
  fs.mkdirSync(bin)
  let pathDirs = [bin]
  if (process.platform === 'win32') pathDirs = [path.dirname(process.execPath)]
  else fs.symlinkSync(process.execPath, path.join(bin, 'node'))
  for (const dir of pathDirs) {
    for (const tool of ['cargo', 'rustc', 'cargo.exe', 'rustc.exe']) {
      assert.ok(!fs.existsSync(path.join(dir, tool)), `${tool} is on the consumer's PATH (${dir})`)
    }
  }
  const env = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(npm_|path$)/i.test(key)) env[key] = value
  }
  return {
    ...env,
    PATH: pathDirs.join(path.delimiter),
    NODE_OPTIONS: '',
    NO_COLOR: '1',
    npm_config_cache: path.join(tmp, 'npm-cache-consumer'),
    npm_config_update_notifier: 'false'
  }
}

let root // { tarball, files }
let platform // { tarball, files }
let app // the consumer project
let env

before(async () => {
  if (skip) return
  assert.ok(fs.existsSync(path.join(platformDir, binary)),
    `npm/${host.name}/${binary} is missing: \`npm run build\` builds the addon and copies it there`)
  const tmp = makeTempDir(undefined, 'logly-package-')
  const packs = path.join(tmp, 'packs')
  fs.mkdirSync(packs)
  // A cache of its own: the user running the tests may not own ~/.npm (CI's Alpine container).
  const cache = path.join(tmp, 'npm-cache')
  ;[root, platform] = await Promise.all([pack(ROOT, packs, cache), pack(platformDir, packs, cache)])

  app = path.join(tmp, 'app')
  fs.mkdirSync(app)
  fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'service', version: '1.0.0', private: true }, null, 2))
  for (const file of fs.readdirSync(CONSUMER_FILES)) {
    fs.copyFileSync(path.join(CONSUMER_FILES, file), path.join(app, file))
  }
  env = consumerEnv(tmp)
})

test('the root package has the loader, the types and the LICENSE; no binary, no Rust, no install script', { skip }, () => {
  for (const file of ['package.json', 'README.md', 'LICENSE', 'index.js', 'index.d.ts', 'index.d.mts', 'express.d.ts', 'native.d.ts', 'lib/index.js', 'lib/index.mjs', 'lib/binding.js']) {
    assert.ok(root.files.includes(file), `${file} is not in ${root.tarball}: ${root.files.join(', ')}`)
  }
  const unwanted = root.files.filter((file) => file.endsWith('.node') || file.startsWith('src/') || file.startsWith('Cargo'))
  assert.deepEqual(unwanted, [])
  // npm runs prepare for a dependency installed from a tarball, a folder or
  // git (and flags it as an install script): the checkout builds in postprepare.
  for (const script of ['preinstall', 'install', 'postinstall', 'prepare']) {
    assert.equal(pkg.scripts[script], undefined, `package.json has a "${script}" script`)
  }
  assert.equal(pkg.dependencies, undefined, 'logly has no runtime dependencies')
})

test(`the platform package holds ${binary} and the LICENSE`, { skip }, () => {
  assert.deepEqual([...platform.files].sort(), ['LICENSE', 'README.md', binary, 'package.json'].sort())
})

test('both install offline with --omit=dev and no cargo or rustc on PATH', { skip }, async () => {
  const result = await node([npmCli(), 'install', '--offline', '--omit=dev', '--no-audit', '--no-fund', root.tarball, platform.tarball], { cwd: app, env })
  assert.equal(result.code, 0, `npm install failed:\n${result.stdout}\n${result.stderr}`)
  assert.doesNotMatch(result.stderr, /install.scripts?/i, 'npm reports an install script')
  const installed = fs.readdirSync(path.join(app, 'node_modules')).filter((name) => !name.startsWith('.'))
  assert.deepEqual(installed.sort(), [pkg.name, `${pkg.name}-${host.name}`].sort())
})

test('require() works in the installed project', { skip }, async () => {
  const result = await node(['app.cjs'], { cwd: app, env })
  assert.equal(result.code, 0, result.stderr)
  const out = JSON.parse(result.stdout)
  assert.equal(out.line.message, 'from require')
  assert.equal(out.line.orderId, 7)
  assert.deepEqual(out.messages, ['from require'])
  assert.equal(out.info, 20)
  assert.equal(out.root, 'function')
  assert.deepEqual(out.express, ['function', 'function'])
})

test('import works in the installed project', { skip }, async () => {
  const result = await node(['app.mjs'], { cwd: app, env })
  assert.equal(result.code, 0, result.stderr)
  const out = JSON.parse(result.stdout)
  assert.equal(out.line.message, 'from import')
  assert.equal(out.line.orderId, 8)
  assert.deepEqual(out.messages, ['from import'])
  assert.equal(out.defaultIsRoot, true)
  assert.deepEqual(out.express, ['function', 'function'])
})

/** tsc of `version` on `files` in the installed project, as a service would run it. */
function tsc (version, files) {
  return node([TSC[version], '--strict', '--module', 'nodenext', '--noEmit', ...files], { cwd: app, env })
}

test('TypeScript 5 and 7 compile the installed project under --strict --module nodenext, no "types" set', { skip }, async (t) => {
  for (const version of [5, 7]) {
    const { stdout } = await node([TSC[version], '--version'])
    assert.match(stdout, new RegExp(`Version ${version}\\.`))
  }

  await t.test('without @types/node: logly\'s main types need nothing from Node', async () => {
    for (const version of [5, 7]) {
      const result = await tsc(version, ['app.ts', 'app.mts'])
      assert.equal(result.code, 0, `TypeScript ${version}:\n${result.stdout}${result.stderr}`)
    }
  })

  await t.test('with @types/node installed: logly/express finds Node\'s types by itself', async () => {
    // The service's own @types/node, as every TypeScript Node service has it.
    const types = path.join(app, 'node_modules', '@types')
    fs.mkdirSync(types, { recursive: true })
    fs.symlinkSync(path.join(ROOT, 'node_modules', '@types', 'node'), path.join(types, 'node'), 'junction')
    for (const version of [5, 7]) {
      const result = await tsc(version, ['server.ts'])
      assert.equal(result.code, 0, `TypeScript ${version}:\n${result.stdout}${result.stderr}`)
    }
  })
})

test('a platform without a binary gets logly\'s error: the platform, the supported ones, how to build', { skip }, async () => {
  const other = hostTarget({ arch: 'riscv64' })
  fs.writeFileSync(path.join(app, 'riscv64.cjs'), "Object.defineProperty(process, 'arch', { value: 'riscv64' })\n")
  const result = await node(['--require', './riscv64.cjs', '-e', `require(${JSON.stringify(pkg.name)})`], { cwd: app, env })
  assert.notEqual(result.code, 0)
  assert.match(result.stderr, new RegExp(`no prebuilt binary for this platform: ${other.description} \\(${other.name}\\)`))
  assert.match(result.stderr, /code: 'ERR_LOGLY_UNSUPPORTED_PLATFORM'/)
  for (const name of supportedTargets()) assert.ok(result.stderr.includes(name), `${name} is not listed:\n${result.stderr}`)
  assert.match(result.stderr, /build logly from source/)
  assert.doesNotMatch(result.stderr, /npm has a bug/)
})

test('a supported platform whose binary package is missing is told which package to install', { skip }, async () => {
  const installed = path.join(app, 'node_modules', `${pkg.name}-${host.name}`)
  const aside = `${installed}.aside`
  fs.renameSync(installed, aside)
  try {
    const result = await node(['-e', `require(${JSON.stringify(pkg.name)})`], { cwd: app, env })
    assert.notEqual(result.code, 0)
    assert.ok(result.stderr.includes(`npm install ${pkg.name}-${host.name}@${pkg.version}`), result.stderr)
    assert.match(result.stderr, /code: 'ERR_LOGLY_BINARY_NOT_INSTALLED'/)
    assert.doesNotMatch(result.stderr, /npm has a bug/)
  } finally {
    fs.renameSync(aside, installed)
  }
})
