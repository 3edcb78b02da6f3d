#!/usr/bin/env node
// Prepares vendor/rquickjs-sys: the pinned rquickjs-sys crate (it bundles quickjs-ng) with our
// patches from patches/rquickjs-sys/ applied. Cargo.toml points [patch.crates-io] at that folder,
// so run this before any cargo command (npm install does it through the `prepare` script).
//
//   node scripts/patch-quickjs.mjs           # no-op when vendor/ already matches the patches
//   node scripts/patch-quickjs.mjs --force   # re-extract and re-apply anyway
//
// Steps: find rquickjs-sys-<version>.crate in Cargo's download cache, or download it with
// `cargo fetch` on a throwaway manifest (the repo's own manifest cannot be used: cargo refuses to
// resolve a [patch] path that does not exist yet); check its sha256; unpack it (files get the
// current time as mtime, not the tarball's 2006 one); apply each patch with `git apply`; write a
// stamp holding a hash of the crate, the patches and this script. Plain Node >= 20, no dependencies.

import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import zlib from 'node:zlib'

const CRATE = 'rquickjs-sys'
const VERSION = '0.14.0'
const SHA256 = 'cee271d0eeba64f0915b846cb7ae02e16faf3dfdffdca91731101d9d30fe3423'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const PATCH_DIR = path.join(ROOT, 'patches', CRATE)
const VENDOR = path.join(ROOT, 'vendor')
const DEST = path.join(VENDOR, CRATE)
const STAMP = path.join(VENDOR, `${CRATE}.stamp`)

class SetupError extends Error {}

function fail(what, todo) {
  throw new SetupError(`${what}\n  -> ${todo}`)
}

const sha256 = (data) => createHash('sha256').update(data).digest('hex')

function patchFiles() {
  if (!fs.existsSync(PATCH_DIR)) fail(`patch folder ${path.relative(ROOT, PATCH_DIR)} is missing`, 'restore it from git')
  return fs
    .readdirSync(PATCH_DIR)
    .filter((name) => name.endsWith('.patch'))
    .sort()
    .map((name) => ({ name, file: path.join(PATCH_DIR, name) }))
}

function wantedStamp(patches) {
  const h = createHash('sha256')
  h.update(`${CRATE} ${VERSION} ${SHA256}\n`)
  h.update(fs.readFileSync(fileURLToPath(import.meta.url)))
  for (const p of patches) h.update(`\0${p.name}\0`).update(fs.readFileSync(p.file))
  return h.digest('hex')
}

function cargoHome() {
  return process.env.CARGO_HOME || path.join(os.homedir(), '.cargo')
}

/** The crate file in Cargo's download cache whose hash matches, or null. */
function findCachedCrate() {
  const cache = path.join(cargoHome(), 'registry', 'cache')
  if (!fs.existsSync(cache)) return null
  for (const registry of fs.readdirSync(cache)) {
    const file = path.join(cache, registry, `${CRATE}-${VERSION}.crate`)
    if (fs.existsSync(file)) {
      const data = fs.readFileSync(file)
      if (sha256(data) === SHA256) return data
      console.warn(`patch-quickjs: ignoring ${file}: its sha256 does not match the pinned one`)
    }
  }
  return null
}

function run(cmd, args, options) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...options })
  if (r.error) {
    if (r.error.code === 'ENOENT') fail(`\`${cmd}\` was not found on PATH`, `install ${cmd} and try again`)
    throw r.error
  }
  return r
}

/** Downloads the crate into Cargo's cache by fetching a throwaway crate that depends on it. */
function cargoFetch() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'patch-quickjs-'))
  try {
    fs.mkdirSync(path.join(dir, 'src'))
    fs.writeFileSync(path.join(dir, 'src', 'lib.rs'), '')
    fs.writeFileSync(
      path.join(dir, 'Cargo.toml'),
      `[package]\nname = "fetch-${CRATE}"\nversion = "0.0.0"\nedition = "2021"\npublish = false\n\n` +
        `[dependencies]\n${CRATE} = "=${VERSION}"\n\n[workspace]\n`,
    )
    console.log(`patch-quickjs: downloading ${CRATE} ${VERSION} with cargo fetch`)
    const r = run('cargo', ['fetch', '--manifest-path', path.join(dir, 'Cargo.toml')], {
      stdio: ['ignore', 'inherit', 'inherit'],
    })
    if (r.status !== 0) fail(`cargo fetch of ${CRATE} ${VERSION} failed (exit ${r.status})`, 'check the network and the output above')
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

/** Unpacks a .crate (gzipped tar) into `dest`, dropping the top `<name>-<version>/` folder. */
function untarCrate(gz, dest) {
  const tar = zlib.gunzipSync(gz)
  const top = `${CRATE}-${VERSION}/`
  const field = (off, len) => {
    const s = tar.subarray(off, off + len)
    const end = s.indexOf(0)
    return s.subarray(0, end < 0 ? len : end).toString('utf8')
  }
  let longName = null
  let count = 0
  for (let off = 0; off + 512 <= tar.length; ) {
    if (tar[off] === 0) break // end of archive
    const size = parseInt(field(off + 124, 12).trim() || '0', 8)
    const type = String.fromCharCode(tar[off + 156] || 48)
    const body = tar.subarray(off + 512, off + 512 + size)
    let name = field(off, 100)
    if (field(off + 257, 6) === 'ustar' && field(off + 345, 155)) name = `${field(off + 345, 155)}/${name}`
    off += 512 + Math.ceil(size / 512) * 512
    if (type === 'L') {
      longName = body.toString('utf8').replace(/\0.*$/s, '')
      continue
    }
    if (type === 'x') {
      const m = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(body.toString('utf8'))
      if (m) longName = m[1]
      continue
    }
    if (type === 'g') continue
    if (longName !== null) [name, longName] = [longName, null]
    if (!name.startsWith(top)) fail(`unexpected entry ${name} in the ${CRATE} crate`, 'delete the cached .crate and run again')
    const rel = name.slice(top.length)
    if (!rel) continue
    const out = path.join(dest, rel)
    if (rel.split('/').includes('..') || path.isAbsolute(rel)) fail(`unsafe path ${name} in the crate`, 'delete the cached .crate')
    if (type === '5') fs.mkdirSync(out, { recursive: true })
    else if (type === '0' || type === '7') {
      fs.mkdirSync(path.dirname(out), { recursive: true })
      fs.writeFileSync(out, body)
      count++
    }
  }
  if (count === 0) fail(`the ${CRATE} crate unpacked to nothing`, 'delete the cached .crate and run again')
}

/** Applies one patch in `dir` and checks that git really applied every file of it. */
function applyPatch(dir, patch) {
  const files = (fs.readFileSync(patch.file, 'utf8').match(/^diff --git /gm) || []).length
  if (files === 0) fail(`${patch.name} contains no \`diff --git\` section`, 'regenerate it with git diff')
  // Inside an enclosing work tree (vendor/ is in ours) git apply would resolve paths against that
  // repository, skip every file outside its index and still exit 0: stop the repository search.
  const env = { ...process.env, GIT_CEILING_DIRECTORIES: path.dirname(dir) }
  delete env.GIT_DIR
  delete env.GIT_WORK_TREE
  const r = run('git', ['apply', '--verbose', '--whitespace=nowarn', patch.file], { cwd: dir, env })
  const output = `${r.stdout}${r.stderr}`
  const applied = (output.match(/^Applied patch .* cleanly\.$/gm) || []).length
  if (r.status !== 0 || applied !== files) {
    fail(
      `git apply of patches/${CRATE}/${patch.name} failed (exit ${r.status}, ${applied}/${files} files applied):\n${output.trim()}`,
      `the patch no longer matches ${CRATE} ${VERSION}: fix or regenerate it`,
    )
  }
}

function main() {
  const force = process.argv.includes('--force')
  const patches = patchFiles()
  const stamp = wantedStamp(patches)
  if (!force && fs.existsSync(DEST) && fs.existsSync(STAMP) && fs.readFileSync(STAMP, 'utf8').trim() === stamp) {
    console.log(`patch-quickjs: vendor/${CRATE} is up to date (${patches.length} patches)`)
    return
  }
  const started = performance.now()
  let crate = findCachedCrate()
  if (!crate) {
    cargoFetch()
    crate = findCachedCrate()
    if (!crate) fail(`${CRATE}-${VERSION}.crate is not in ${path.join(cargoHome(), 'registry', 'cache')} after cargo fetch`, 'set CARGO_HOME to the Cargo home cargo uses')
  }

  // Build the patched tree next to the destination, then swap it in: a failure never leaves a
  // half-patched vendor/ that cargo would build.
  fs.mkdirSync(VENDOR, { recursive: true })
  const tmp = path.join(VENDOR, `.${CRATE}.tmp`)
  fs.rmSync(tmp, { recursive: true, force: true })
  fs.mkdirSync(tmp)
  try {
    untarCrate(crate, tmp)
    for (const p of patches) applyPatch(tmp, p)
    fs.rmSync(STAMP, { force: true })
    fs.rmSync(DEST, { recursive: true, force: true })
    fs.renameSync(tmp, DEST)
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true })
    throw err
  }
  fs.writeFileSync(STAMP, `${stamp}\n`)
  const ms = (performance.now() - started).toFixed(0)
  console.log(`patch-quickjs: vendor/${CRATE} ready: ${CRATE} ${VERSION} + ${patches.length} patches (${ms} ms)`)
}

try {
  main()
} catch (err) {
  if (!(err instanceof SetupError)) throw err
  console.error(`patch-quickjs: ${err.message}`)
  process.exit(1)
}
