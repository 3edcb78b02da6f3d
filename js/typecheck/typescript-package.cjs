// The `typescript` package the checker uses: an optional peer dependency (>=5 <7), found next to
// quickjs-codemode or in the current directory's project, with a clear error when it is missing
// or is TypeScript 7 (the native port, which has no language service API).
'use strict'

const path = require('node:path')
const { createRequire } = require('node:module')

const SUPPORTED = '>=5 <7'

function hostError(code, message, Kind = Error) {
  const error = new Kind(message)
  error.code = code
  return error
}

let typescript // { path, version } once found

/**
 * The `typescript` package this process checks with: the one next to quickjs-codemode, else the
 * one of the current directory's project. Throws `ERR_TYPESCRIPT_MISSING` or
 * `ERR_TYPESCRIPT_UNSUPPORTED` with what to do.
 */
function requireTypeScript() {
  if (typescript) return typescript
  const requirers = [require, createRequire(path.join(process.cwd(), 'noop.js'))]
  let manifest
  for (const r of requirers) {
    try {
      manifest = r.resolve('typescript/package.json')
      break
    } catch {
      // try the next place
    }
  }
  if (!manifest) {
    throw hostError(
      'ERR_TYPESCRIPT_MISSING',
      `typecheck needs the \`typescript\` package (${SUPPORTED}), an optional peer dependency of quickjs-codemode; install it with \`npm install --save-dev typescript\`, or set typecheck: 'off'.`,
    )
  }
  const { version, main } = require(manifest)
  const major = Number(String(version).split('.')[0])
  if (!(major >= 5 && major < 7)) {
    throw hostError(
      'ERR_TYPESCRIPT_UNSUPPORTED',
      `typecheck needs \`typescript\` ${SUPPORTED} (its language service API; TypeScript 7, the native port, has none); found ${version} at ${path.dirname(manifest)}.`,
    )
  }
  typescript = { path: path.resolve(path.dirname(manifest), main ?? 'lib/typescript.js'), version }
  return typescript
}

module.exports = { requireTypeScript, hostError, SUPPORTED }
