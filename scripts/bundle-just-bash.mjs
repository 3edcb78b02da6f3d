#!/usr/bin/env node
// Bundles the pinned `just-bash` npm package (its browser build: no node:fs, no child processes)
// into one script for the Bash language of the sandbox: vendor/just-bash/just-bash.js, which
// src/guest/bash/ embeds with include_str! and compiles to cached QuickJS bytecode.
//
//   node scripts/bundle-just-bash.mjs   # `npm run build` runs it before the napi build
//
// The output is generated, not committed: it is 1.3 MB of minified third-party code that nobody
// can review in a diff, and it follows exactly from the version pinned in package.json and the
// lockfile. The script evaluates to an object `{ Bash, defineCommand, version }` and declares
// no global (the IIFE's result is the script's completion value).

import { build } from 'esbuild'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const OUT_DIR = path.join(ROOT, 'vendor', 'just-bash')
const OUT = path.join(OUT_DIR, 'just-bash.js')
const PACKAGE = path.join(ROOT, 'node_modules', 'just-bash')
const { version } = JSON.parse(fs.readFileSync(path.join(PACKAGE, 'package.json'), 'utf8'))

// Modules the browser build imports for commands we cannot offer (gzip needs zlib): each export
// throws when used, so the command fails with a message instead of the bundle failing to load.
const unavailable = {
  name: 'unavailable',
  setup(b) {
    b.onResolve({ filter: /^node:zlib$/ }, (args) => ({ path: args.path, namespace: 'unavailable' }))
    b.onLoad({ filter: /.*/, namespace: 'unavailable' }, (args) => ({
      contents: `const fail = () => { throw new Error(${JSON.stringify(`${args.path} is not available in this sandbox`)}) }
        export const gzipSync = fail, gunzipSync = fail, deflateSync = fail, inflateSync = fail, constants = {}
        export default { gzipSync, gunzipSync, deflateSync, inflateSync, constants }`,
      loader: 'js',
    }))
  },
}

const result = await build({
  stdin: {
    contents: [
      `export { Bash, defineCommand } from 'just-bash/browser'`,
      `export const version = ${JSON.stringify(version)}`,
    ].join('\n'),
    resolveDir: ROOT,
    loader: 'js',
  },
  bundle: true,
  format: 'iife',
  globalName: '__justBash',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  legalComments: 'none',
  plugins: [unavailable],
  write: false,
  logLevel: 'warning',
})
// `var __justBash = (() => …)()` → an expression, so evaluating the script declares nothing.
let code = result.outputFiles[0].text.trim()
const prefix = 'var __justBash='
if (!code.startsWith(prefix)) throw new Error(`unexpected esbuild output: ${code.slice(0, 40)}`)
code = `/* just-bash ${version} (Apache-2.0), bundled by scripts/bundle-just-bash.mjs */\n(${code.slice(prefix.length).replace(/;$/, '')});\n`
// The names of its commands, so that Rust knows which tool names a command already has.
const { getCommandNames } = await import(pathToFileURL(path.join(PACKAGE, 'dist', 'bundle', 'browser.js')).href)
const names = getCommandNames().join('\n') + '\n'
fs.mkdirSync(OUT_DIR, { recursive: true })
writeIfChanged(OUT, code)
writeIfChanged(path.join(OUT_DIR, 'commands.txt'), names)

// Unchanged files keep their mtime, so cargo does not rebuild the crate for nothing.
function writeIfChanged(file, text) {
  if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text) fs.writeFileSync(file, text)
}
console.log(`just-bash ${version}: ${(code.length / 1e6).toFixed(2)} MB → ${path.relative(ROOT, OUT)}`)
