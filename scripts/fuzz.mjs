// Builds the fuzz crate (fuzz/, stable Rust) in release and runs every target for a bounded time,
// each in its own process, after replaying the committed corpus. Writes fuzz/last-run.log.
//
//   npm run fuzz [-- --seconds N] [--seed S] [--targets source,json]
//
// Not part of `npm test` or CI. Exits non-zero if any target found a crasher (saved in
// fuzz/crashers/, replay one with `fuzz/target/release/fuzz <target> --file <path>`).
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const ALL = ['source', 'codegen', 'json', 'runs']

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    seed: { type: 'string', default: String(Date.now()) },
    targets: { type: 'string', default: ALL.join(',') },
  },
})
const seconds = Number(values.seconds)
if (!(seconds > 0)) throw new Error(`--seconds must be a positive number, got ${values.seconds}`)
const targets = values.targets.split(',').filter(Boolean)
for (const t of targets) if (!ALL.includes(t)) throw new Error(`unknown target ${t}; targets: ${ALL.join(', ')}`)

const build = spawnSync('cargo', ['build', '--release', '--manifest-path', join('fuzz', 'Cargo.toml')], {
  cwd: root,
  stdio: 'inherit',
})
if (build.status !== 0) process.exit(build.status ?? 1)

const exe = join(root, 'fuzz', 'target', 'release', process.platform === 'win32' ? 'fuzz.exe' : 'fuzz')
const log = [
  `fuzz run ${new Date().toISOString()}`,
  `commit ${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain') ? ' (with uncommitted changes)' : ''}`,
  `seed ${values.seed}, ${seconds} s per target, targets ${targets.join(', ')}`,
  '',
]
let failed = false

const step = (label, args) => {
  console.log(`\n== ${label}`)
  const started = Date.now()
  const r = spawnSync(exe, args, {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  process.stdout.write(r.stdout)
  process.stderr.write(r.stderr)
  log.push(`== ${label} (${((Date.now() - started) / 1000).toFixed(1)} s wall, exit ${r.status ?? r.signal})`)
  log.push(r.stdout.trimEnd())
  const crashes = r.stderr.split('\n').filter((l) => l.includes('CRASH') || l.includes('replay failed'))
  if (crashes.length) log.push(...crashes.map((l) => `  ${l}`))
  if (r.signal || (r.status !== 0 && r.status !== 1)) {
    // Died outright (a signal, a hang): the input it was running is left in fuzz/crashers/.
    const target = args[0]
    const inFlight = join(root, 'fuzz', 'crashers', `.in-flight-${target}`)
    log.push(`  the process died (${r.signal ?? `exit ${r.status}`})`)
    if (existsSync(inFlight)) {
      log.push(`  input in flight: fuzz/crashers/.in-flight-${target} (${readFileSync(inFlight).length} bytes)`)
    }
  }
  log.push('')
  if (r.status !== 0) failed = true
}

step('replay of fuzz/corpus and saved crashers', ['all', '--replay'])
for (const t of targets) step(`fuzz ${t}`, [t, '--seconds', String(seconds), '--seed', values.seed])

log.push(failed ? 'RESULT: crashes found (see above and fuzz/crashers/)' : 'RESULT: no crashes')
writeFileSync(join(root, 'fuzz', 'last-run.log'), log.join('\n') + '\n')
console.log(`\nlog written to fuzz/last-run.log`)
process.exit(failed ? 1 : 0)

function git(...args) {
  const r = spawnSync('git', args, { cwd: root, encoding: 'utf8' })
  return r.status === 0 ? r.stdout.trim() : 'unknown'
}
