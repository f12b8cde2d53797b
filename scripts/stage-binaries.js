'use strict'

// `npm run build` leaves the addon at the root (logly.<platform>.node), where
// the generated loader finds it in a checkout. This copies each one into its
// platform package, npm/<platform>/, with the LICENSE, so that `npm pack`
// there makes the package a consumer installs. CI does the same for every
// platform with `napi artifacts` (.github/workflows/release.yml).

const fs = require('node:fs')
const path = require('node:path')

const ROOT = path.resolve(__dirname, '..')
const NPM = path.join(ROOT, 'npm')

for (const dir of fs.readdirSync(NPM)) {
  const folder = path.join(NPM, dir)
  const manifest = path.join(folder, 'package.json')
  if (!fs.existsSync(manifest)) continue
  const { main } = JSON.parse(fs.readFileSync(manifest, 'utf8'))
  const binary = path.join(ROOT, main)
  if (!fs.existsSync(binary)) continue
  fs.copyFileSync(binary, path.join(folder, main))
  fs.copyFileSync(path.join(ROOT, 'LICENSE'), path.join(folder, 'LICENSE'))
  console.log(`${main} -> npm/${dir}/`)
}
