// The package entry (index.js): what it exports, and what it says when the binary for this
// platform is missing or there is none. A copy of index.js + package.json without a binary
// beside it stands in for an install whose platform package is absent.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'

import { ROOT, localPlatform } from './helpers.mjs'

const require = createRequire(import.meta.url)
const { version } = require('../package.json')

function bareCopy(t) {
  const dir = mkdtempSync(path.join(tmpdir(), 'cm-loader-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  for (const f of ['index.js', 'package.json']) copyFileSync(path.join(ROOT, f), path.join(dir, f))
  return dir
}

/** Loads the copy in a child process with `process.platform`/`arch` as given. */
function load(dir, { platform, arch } = {}) {
  const fake = [
    platform && `Object.defineProperty(process, 'platform', { value: ${JSON.stringify(platform)} })`,
    arch && `Object.defineProperty(process, 'arch', { value: ${JSON.stringify(arch)} })`,
  ].filter(Boolean)
  const script = `${fake.join(';')}\ntry { require(${JSON.stringify(dir)}) } catch (e) { console.log(JSON.stringify({ code: e.code, message: e.message })) }`
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...process.env, NAPI_RS_NATIVE_LIBRARY_PATH: '' } })
  assert.equal(r.status, 0, r.stderr)
  return JSON.parse(r.stdout)
}

const BUILD = `Or build it yourself. To build it from source (Rust >= 1.95 and a C compiler): in a clone of the repository run npm install && npm run build, which writes`

test('a supported platform whose package is missing: names the platform, the package and how to get it', (t) => {
  const err = load(bareCopy(t), { platform: 'linux', arch: 'x64' })
  assert.equal(err.code, 'ERR_CODEMODE_NO_BINARY')
  const libc = err.message.includes('linux-x64-musl') ? 'musl' : 'gnu'
  const lines = err.message.split('\n')
  const runtime = libc === 'gnu' ? 'glibc' : 'musl'
  assert.equal(lines[0], `quickjs-codemode: the native binary for linux-x64-${libc} is not installed (this is Node ${process.version} on linux-x64, ${runtime}).`)
  assert.equal(lines[1], `It comes in the package quickjs-codemode-linux-x64-${libc}, which npm installs as an optional dependency of quickjs-codemode.`)
  assert.equal(lines[3], `Install it: npm install quickjs-codemode-linux-x64-${libc}@${version}`)
  assert.equal(lines[4], `${BUILD} quickjs-codemode.linux-x64-${libc}.node next to index.js.`)
})

test('macOS and Windows name their packages the napi-rs way', (t) => {
  const dir = bareCopy(t)
  assert.match(load(dir, { platform: 'darwin', arch: 'arm64' }).message, /package quickjs-codemode-darwin-arm64,/)
  assert.match(load(dir, { platform: 'win32', arch: 'x64' }).message, /package quickjs-codemode-win32-x64-msvc,/)
})

test('an unsupported platform: says there is no prebuilt binary, lists those there are, and how to build one', (t) => {
  const err = load(bareCopy(t), { platform: 'freebsd', arch: 'x64' })
  assert.equal(err.code, 'ERR_CODEMODE_NO_BINARY')
  const lines = err.message.split('\n')
  assert.equal(
    lines[0],
    `quickjs-codemode: no prebuilt binary for freebsd-x64 (this is Node ${process.version} on freebsd-x64); looked for quickjs-codemode.freebsd-x64.node and the package quickjs-codemode-freebsd-x64.`,
  )
  assert.equal(
    lines[1],
    'Prebuilt binaries: linux-x64-gnu, linux-x64-musl, linux-arm64-gnu, linux-arm64-musl, darwin-x64, darwin-arm64, win32-x64-msvc, win32-arm64-msvc.',
  )
  assert.equal(lines[2], `${BUILD} quickjs-codemode.freebsd-x64.node next to index.js.`)
})

test('the prebuilt list in index.js is the napi.targets of package.json', async () => {
  const pkg = require('../package.json')
  const names = {
    'x86_64-unknown-linux-gnu': 'linux-x64-gnu',
    'x86_64-unknown-linux-musl': 'linux-x64-musl',
    'aarch64-unknown-linux-gnu': 'linux-arm64-gnu',
    'aarch64-unknown-linux-musl': 'linux-arm64-musl',
    'x86_64-apple-darwin': 'darwin-x64',
    'aarch64-apple-darwin': 'darwin-arm64',
    'x86_64-pc-windows-msvc': 'win32-x64-msvc',
    'aarch64-pc-windows-msvc': 'win32-arm64-msvc',
  }
  const { readFileSync } = await import('node:fs')
  const list = readFileSync(path.join(ROOT, 'index.js'), 'utf8').match(/const PREBUILT = \[([^\]]*)\]/)[1]
  assert.deepEqual([...list.matchAll(/'([^']+)'/g)].map((m) => m[1]), pkg.napi.targets.map((t) => names[t]))
})

test('index.js re-exports everything the addon exports, by name, for CommonJS and ES modules', async () => {
  const native = require(path.join(ROOT, `quickjs-codemode.${localPlatform()}.node`))
  const entry = require('../index.js')
  assert.deepEqual(Object.keys(entry).sort(), Object.keys(native).sort())
  const esm = await import('../index.js')
  for (const name of Object.keys(native)) {
    assert.equal(esm[name], entry[name], `import { ${name} }`)
    // The classes are the native ones, or their type-checking subclasses (js/typecheck.cjs).
    const same = entry[name] === native[name] || Object.getPrototypeOf(entry[name]) === native[name]
    assert.ok(same, `${name} is the addon's export or extends it`)
  }
  assert.ok(Object.getPrototypeOf(entry.CodeMode) === native.CodeMode)
  assert.ok(Object.isFrozen(esm.ERROR_CODES))
})


test('new Session() throws: sessions come only from cm.session()', () => {
  const { Session } = require('../index.js')
  assert.throws(() => new Session(), /constructor/)
})
