// The packages as users get them (issue 13): the main package and this platform's binary
// package are packed (without lifecycle scripts) and installed into an empty project with no
// Rust toolchain on the PATH, then an ES module and a CommonJS program use them. The main
// package is staged as the release workflow publishes it: `napi prepublish` adds the platform
// packages as optionalDependencies, which a clone's package.json does not list (so a clone's
// lockfile never depends on what has been published).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync, spawnSync } from 'node:child_process'
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

import { ROOT, localPlatform } from './helpers.mjs'

const PKG = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'))
const PLATFORM = localPlatform()
const LIFECYCLE = ['preinstall', 'install', 'postinstall', 'prepare', 'preprepare', 'postprepare']

// Only the directories of node and npm: no cargo, rustc or cc from ~/.cargo/bin.
const PATH = [...new Set([path.dirname(process.execPath), '/usr/bin', '/bin'])].join(path.delimiter)
const env = { ...process.env, PATH, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' }

function npm(args, cwd) {
  return execFileSync('npm', args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
}

/** Packs `dir` and returns the tarball's path and the files it holds. */
function pack(dir, into) {
  const [info] = JSON.parse(npm(['pack', '--ignore-scripts', '--json', '--pack-destination', into], dir))
  return { file: path.join(into, info.filename), files: info.files.map((f) => f.path), size: info.size }
}

/** The main package as the release publishes it, staged in `dir`. */
function stageMain(dir) {
  const [info] = JSON.parse(npm(['pack', '--dry-run', '--ignore-scripts', '--json'], ROOT))
  for (const { path: file } of info.files) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true })
    copyFileSync(path.join(ROOT, file), path.join(dir, file))
  }
  const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'))
  manifest.optionalDependencies = Object.fromEntries(
    readdirSync(path.join(ROOT, 'npm')).map((p) => [`${PKG.name}-${p}`, PKG.version]),
  )
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2))
}

/** The Python worker's file name, beside the binary in the platform package. */
const WORKER = process.platform === 'win32' ? 'quickjs-codemode-python.exe' : 'quickjs-codemode-python'

test('the packed main and platform packages install into an empty project without Rust and run from ESM and CommonJS', { timeout: 300_000 }, (t) => {
  assert.ok(existsSync(path.join(ROOT, `quickjs-codemode.${PLATFORM}.node`)), 'a built binary (npm run build) is next to index.js')
  const work = mkdtempSync(path.join(tmpdir(), 'cm-pack-'))
  t.after(() => rmSync(work, { recursive: true, force: true }))
  assert.equal(spawnSync('cargo', ['--version'], { env }).error?.code, 'ENOENT', 'cargo is off the PATH')

  const main = path.join(work, 'main')
  stageMain(main)
  const platformDir = path.join(work, PLATFORM)
  cpSync(path.join(ROOT, 'npm', PLATFORM), platformDir, { recursive: true })
  copyFileSync(path.join(ROOT, `quickjs-codemode.${PLATFORM}.node`), path.join(platformDir, `quickjs-codemode.${PLATFORM}.node`))
  // as the release workflow does: the binary embeds just-bash, so its notices go with it
  for (const f of ['LICENSE', 'THIRD_PARTY_NOTICES.md']) copyFileSync(path.join(ROOT, f), path.join(platformDir, f))
  // The Python worker ships beside the binary, as the release workflow places it.
  copyFileSync(path.join(ROOT, WORKER), path.join(platformDir, WORKER))
  const tarballs = path.join(work, 'tarballs')
  mkdirSync(tarballs)
  const mainTgz = pack(main, tarballs)
  const platformTgz = pack(platformDir, tarballs)

  // The main package ships no binary, and only files that exist; the platform package only its binary.
  assert.deepEqual(mainTgz.files.filter((f) => f.endsWith('.node')), [])
  for (const f of ['LICENSE', 'README.md', 'index.js', 'index.d.ts', 'js/ai.js', 'js/ai.d.ts', 'package.json']) {
    assert.ok(mainTgz.files.includes(f), `main package has ${f}`)
  }
  for (const entry of PKG.files) assert.ok(existsSync(path.join(ROOT, entry)), `files entry ${entry} exists`)
  assert.deepEqual(platformTgz.files.sort(), ['LICENSE', 'README.md', 'THIRD_PARTY_NOTICES.md', 'package.json', WORKER, `quickjs-codemode.${PLATFORM}.node`].sort())
  assert.ok(mainTgz.files.includes('THIRD_PARTY_NOTICES.md'), 'main package has the notices')
  for (const field of ['license', 'repository', 'bugs', 'homepage']) assert.ok(PKG[field], `package.json has ${field}`)
  for (const script of LIFECYCLE) assert.equal(PKG.scripts[script], undefined, `no ${script} script runs in a consumer's install`)

  const project = path.join(work, 'project')
  mkdirSync(project)
  npm(['init', '-y'], project)
  const install = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--foreground-scripts', platformTgz.file, mainTgz.file], { cwd: project, env, encoding: 'utf8' })
  assert.equal(install.status, 0, install.stderr)
  assert.doesNotMatch(install.stdout + install.stderr, /prepare|install script|gyp|cargo/i)
  const installed = JSON.parse(readFileSync(path.join(project, 'node_modules', 'quickjs-codemode', 'package.json'), 'utf8'))
  assert.equal(installed.optionalDependencies[`quickjs-codemode-${PLATFORM}`], PKG.version)

  const program = (load) => `${load}
const cm = new CodeMode({ tools: [{ name: 'add', execute: ({ a, b }) => a + b }] })
const r = await cm.run('return await tools.add({ a: 20, b: 1 }) * 2')
const py = await cm.run('(await add(a=20, b=1)) * 2', { language: 'python' })
await cm.close()
console.log(JSON.stringify([r.ok, r.value, ERROR_CODES.TIMEOUT, py.value ?? py.error]))`
  writeFileSync(path.join(project, 'esm.mjs'), program("import { CodeMode, ERROR_CODES } from 'quickjs-codemode'"))
  writeFileSync(path.join(project, 'cjs.cjs'), `const { CodeMode, ERROR_CODES } = require('quickjs-codemode')\n;(async () => {${program('')}\n})()`)
  for (const file of ['esm.mjs', 'cjs.cjs']) {
    const r = spawnSync(process.execPath, [file], { cwd: project, env, encoding: 'utf8' })
    assert.equal(r.status, 0, `${file}: ${r.stderr}`)
    assert.equal(r.stdout.trim(), '[true,42,"TIMEOUT",42]', file)
  }
})

test('the notices credit the just-bash version that is pinned and bundled, under Apache-2.0', () => {
  const pinned = PKG.devDependencies['just-bash']
  const installed = JSON.parse(readFileSync(path.join(ROOT, 'node_modules', 'just-bash', 'package.json'), 'utf8')).version
  assert.equal(installed, pinned, 'the bundle is built from the pinned version')
  const notices = readFileSync(path.join(ROOT, 'THIRD_PARTY_NOTICES.md'), 'utf8')
  assert.ok(notices.includes(`| [just-bash](https://github.com/vercel-labs/just-bash) | ${pinned} | Apache-2.0`), 'the table names it')
  assert.match(notices, /## just-bash — Apache License 2\.0\s+Apache License\s+Version 2\.0/)
  const release = readFileSync(path.join(ROOT, '.github', 'workflows', 'release.yml'), 'utf8')
  assert.match(release, /cp LICENSE THIRD_PARTY_NOTICES\.md "\$dir"/, 'the release copies them into each platform package')
  for (const p of readdirSync(path.join(ROOT, 'npm'))) {
    const files = JSON.parse(readFileSync(path.join(ROOT, 'npm', p, 'package.json'), 'utf8')).files
    assert.ok(files.includes('THIRD_PARTY_NOTICES.md') && files.includes('LICENSE'), `${p} publishes them`)
  }
})

test('a platform package refuses to install on another platform (os, cpu and libc fields)', { timeout: 120_000 }, (t) => {
  const work = mkdtempSync(path.join(tmpdir(), 'cm-badplatform-'))
  t.after(() => rmSync(work, { recursive: true, force: true }))
  const other = process.platform === 'darwin' ? 'linux-x64-gnu' : 'darwin-arm64'
  const { file } = pack(path.join(ROOT, 'npm', other), work)
  npm(['init', '-y'], work)
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', file], { cwd: work, env, encoding: 'utf8' })
  assert.notEqual(r.status, 0)
  assert.match(r.stderr, /EBADPLATFORM/)
})
