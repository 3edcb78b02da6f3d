// The package entry. It loads the native addon built for this platform, from a local build
// (`npm run build` writes quickjs-codemode.<platform>.node here) or else from the platform
// package npm installs as an optional dependency (quickjs-codemode-<platform>), and re-exports it.
// Hand-written rather than generated so that a missing binary names the platform, the package it
// looked for and how to build one; the typings (index.d.ts) are generated from the Rust code.
'use strict'

const { existsSync, readFileSync } = require('node:fs')
const path = require('node:path')

const { name: PACKAGE, version: VERSION } = require('./package.json')

/** The platforms with a prebuilt binary on npm (package.json `napi.targets`). */
const PREBUILT = [
  'linux-x64-gnu',
  'linux-x64-musl',
  'linux-arm64-gnu',
  'linux-arm64-musl',
  'darwin-x64',
  'darwin-arm64',
  'win32-x64-msvc',
  'win32-arm64-msvc',
]

function isMusl() {
  try {
    return readFileSync('/usr/bin/ldd', 'utf8').includes('musl')
  } catch {
    // No ldd (some containers): a glibc Node reports the glibc it runs on.
    const report = typeof process.report?.getReport === 'function' ? process.report.getReport() : null
    return report != null && !report.header?.glibcVersionRuntime
  }
}

/** napi-rs's name for this platform, as in `quickjs-codemode.linux-x64-gnu.node`. */
function platformName() {
  const { platform, arch } = process
  if (platform === 'linux') {
    const libc = isMusl() ? 'musl' : 'gnu'
    return arch === 'arm' ? `linux-arm-${libc}eabihf` : `linux-${arch}-${libc}`
  }
  if (platform === 'win32') return `win32-${arch}-msvc`
  if (platform === 'android' && arch === 'arm') return 'android-arm-eabi'
  return `${platform}-${arch}`
}

function loadBinding() {
  if (process.env.NAPI_RS_NATIVE_LIBRARY_PATH) return require(process.env.NAPI_RS_NATIVE_LIBRARY_PATH)
  const platform = platformName()
  const local = path.join(__dirname, `${PACKAGE}.${platform}.node`)
  if (existsSync(local)) return requireBinary(local, platform)
  const pkg = `${PACKAGE}-${platform}`
  let found
  try {
    found = require.resolve(`${pkg}/package.json`)
  } catch (err) {
    if (err?.code !== 'MODULE_NOT_FOUND') throw err
    throw missingBinary(platform, pkg)
  }
  const { version } = JSON.parse(readFileSync(found, 'utf8'))
  if (version !== VERSION) {
    throw new Error(
      `${PACKAGE} ${VERSION} found ${pkg} ${version}, built for another version. ` +
        `Reinstall so both match: npm install ${PACKAGE}@${VERSION} ${pkg}@${VERSION}`,
    )
  }
  return requireBinary(pkg, platform)
}

/** Loads a binary; one that cannot load here (a glibc too old, another CPU) says what to do. */
function requireBinary(id, platform) {
  try {
    return require(id)
  } catch (err) {
    throw new Error(`${PACKAGE}: ${id} could not be loaded: ${err?.message}\n${buildAdvice(platform)}`, { cause: err })
  }
}

function buildAdvice(platform) {
  return (
    `To build it from source (Rust >= 1.95 and a C compiler): in a clone of the repository run ` +
    `npm install && npm run build, which writes ${PACKAGE}.${platform}.node next to index.js.`
  )
}

function missingBinary(platform, pkg) {
  const where = `${process.platform}-${process.arch}${process.platform === 'linux' ? `, ${isMusl() ? 'musl' : 'glibc'}` : ''}`
  const lines = PREBUILT.includes(platform)
    ? [
        `${PACKAGE}: the native binary for ${platform} is not installed (this is Node ${process.version} on ${where}).`,
        `It comes in the package ${pkg}, which npm installs as an optional dependency of ${PACKAGE}.`,
        `It is missing when optional dependencies were skipped (--omit=optional, --no-optional) or node_modules came from another platform.`,
        `Install it: npm install ${pkg}@${VERSION}`,
      ]
    : [
        `${PACKAGE}: no prebuilt binary for ${platform} (this is Node ${process.version} on ${where}); looked for ${PACKAGE}.${platform}.node and the package ${pkg}.`,
        `Prebuilt binaries: ${PREBUILT.join(', ')}.`,
      ]
  lines.push(`Or build it yourself. ${buildAdvice(platform)}`)
  const error = new Error(lines.join('\n'))
  error.code = 'ERR_CODEMODE_NO_BINARY'
  return error
}

const binding = loadBinding()

// One assignment per export, so Node's CommonJS named-export detection lets ES modules
// `import { CodeMode, ERROR_CODES } from 'quickjs-codemode'`.
module.exports.CodeMode = binding.CodeMode
module.exports.Session = binding.Session
module.exports.ERROR_CODES = binding.ERROR_CODES
module.exports.formatResult = binding.formatResult
module.exports.jsonSchemaToTypeScript = binding.jsonSchemaToTypeScript
module.exports.stripTypes = binding.stripTypes

// `typecheck: 'warn' | 'strict'` (js/typecheck.cjs): type-check programs before they run.
require('./js/typecheck.cjs').installTypeCheck(module.exports)
