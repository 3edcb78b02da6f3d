#!/usr/bin/env node
// Benchmark of quickjs-codemode beside its peers (node:vm, quickjs-emscripten, isolated-vm).
//
//   node benchmark/run.mjs                 # everything (peers that are installed)
//   node benchmark/run.mjs --no-peers      # quickjs-codemode only
//   node benchmark/run.mjs --rounds 7 --scenarios cold,tool-sync --json out.json
//
// Every scenario is repeated (default 5 rounds, after an untimed warm-up/calibration round) and
// the median of the rounds is printed. Targets are informational: a MISS never fails the run.
// Progress goes to stderr, the report to stdout. See benchmark/README.md.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { setTimeout as sleep } from 'node:timers/promises'

import { TOOLS } from './lib/tools.mjs'

const HERE = path.dirname(fileURLToPath(import.meta.url))
const now = () => performance.now()

/** Limits of quickjs-codemode's instance: high enough for every scenario (peers have none). */
const OURS_LIMITS = {
  timeoutMs: 60_000,
  maxToolCalls: 20_000,
  maxConcurrentToolCalls: 100,
  maxResultBytes: 4 << 20,
}

const IMPLS = [
  { id: 'ours', file: './lib/ours.mjs', peer: false },
  // Only with --baseline OLD.node (or in a child of such a run): another build, as a column.
  { id: 'before', file: './lib/ours-before.mjs', peer: true, baseline: true },
  { id: 'node-vm', file: './peers/node-vm.mjs', peer: true },
  { id: 'quickjs-emscripten', file: './peers/quickjs-emscripten.mjs', peer: true },
  { id: 'isolated-vm', file: './peers/isolated-vm.mjs', peer: true },
]

// ---------------------------------------------------------------------------------------------
// Command line

function parseArgs(argv) {
  const opts = { rounds: 5, peers: true, only: null, scenarios: null, json: null, child: null, pinned: null }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    const next = () => {
      const v = argv[++i]
      if (v === undefined) throw new Error(`${a} needs a value`)
      return v
    }
    if (a === '--rounds') opts.rounds = Math.max(1, parseInt(next(), 10) || 5)
    else if (a === '--no-peers') opts.peers = false
    else if (a === '--impls') opts.only = next().split(',')
    else if (a === '--scenarios') opts.scenarios = next().split(',')
    else if (a === '--json') opts.json = next()
    else if (a === '--baseline') opts.baseline = next()
    else if (a === '--child-rss') opts.child = { impl: next(), n: parseInt(next(), 10) }
    else if (a === '--child-pinned') opts.pinned = { placement: next(), impl: next() }
    else if (a === '--help' || a === '-h') {
      console.log(
        'usage: node benchmark/run.mjs [--rounds N] [--no-peers] [--impls ours,node-vm,...] ' +
          '[--scenarios id,...] [--json FILE] [--baseline OLD.node]',
      )
      console.log(`scenario ids: ${SCENARIOS.map((s) => s.id).join(', ')}`)
      process.exit(0)
    } else throw new Error(`unknown argument ${a} (try --help)`)
  }
  return opts
}

const progress = (msg) => process.stderr.write(`  · ${msg}\n`)

// ---------------------------------------------------------------------------------------------
// Helpers

function median(xs) {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

function check(actual, expected, what) {
  if (actual !== expected) throw new Error(`${what}: expected ${expected}, got ${JSON.stringify(actual)?.slice(0, 80)}`)
}

/**
 * Picks how many operations a round does: at most `maxN`, and about `budgetMs` of work, judged
 * from a batch of `maxN / 50` operations timed after an equal warm-up batch.
 */
async function calibrate(maxN, budgetMs, batch) {
  const n0 = Math.max(1, Math.ceil(maxN / 50))
  await batch(n0)
  const t0 = now()
  await batch(n0)
  const per = (now() - t0) / n0
  return Math.max(Math.min(maxN, 20), Math.min(maxN, Math.floor(budgetMs / per)))
}

/** Counts setInterval(1 ms) callbacks while `fn` runs; also the longest gap between them. */
async function countTicks(fn) {
  let ticks = 0
  let maxGap = 0
  const t0 = now()
  let last = t0
  const timer = setInterval(() => {
    const t = now()
    ticks++
    if (t - last > maxGap) maxGap = t - last
    last = t
  }, 1)
  try {
    await fn()
  } finally {
    clearInterval(timer)
  }
  const t1 = now()
  if (t1 - last > maxGap) maxGap = t1 - last
  return { ticks, windowMs: t1 - t0, maxGap }
}

const loopCode = (tool, n) => `let s = 0; for (let i = 0; i < ${n}; i++) s += (await tools.${tool}({ i })).i; return s`
const loopSum = (n) => (n * (n - 1)) / 2

function describeAddon() {
  const req = createRequire(import.meta.url)
  const file = Object.keys(req.cache).find(
    (k) => k.endsWith('.node') && k.includes('quickjs-codemode') && k !== process.env.CODEMODE_BENCH_BASELINE,
  )
  if (!file) return { file: '(not found in require.cache)', build: 'unknown' }
  let debug = null
  try {
    debug = elfHasSection(file, '.debug_info')
  } catch {}
  const size = fs.statSync(file).size
  const build =
    debug === true
      ? 'has .debug_info: a DEBUG build — numbers are not representative'
      : debug === false
        ? 'no debug info: release build'
        : 'build type unknown'
  return { file, size, build, debug }
}

/** True when the 64-bit little-endian ELF file has a section of that name. */
function elfHasSection(file, wanted) {
  const fd = fs.openSync(file, 'r')
  try {
    const h = Buffer.alloc(64)
    fs.readSync(fd, h, 0, 64, 0)
    if (h.readUInt32BE(0) !== 0x7f454c46 || h[4] !== 2 || h[5] !== 1) return null
    const shoff = Number(h.readBigUInt64LE(0x28))
    const shentsize = h.readUInt16LE(0x3a)
    const shnum = h.readUInt16LE(0x3c)
    const shstrndx = h.readUInt16LE(0x3e)
    const sh = Buffer.alloc(shentsize * shnum)
    fs.readSync(fd, sh, 0, sh.length, shoff)
    const strOff = Number(sh.readBigUInt64LE(shstrndx * shentsize + 0x18))
    const strSize = Number(sh.readBigUInt64LE(shstrndx * shentsize + 0x20))
    const strs = Buffer.alloc(strSize)
    fs.readSync(fd, strs, 0, strSize, strOff)
    for (let i = 0; i < shnum; i++) {
      const off = sh.readUInt32LE(i * shentsize)
      if (strs.toString('latin1', off, strs.indexOf(0, off)) === wanted) return true
    }
    return false
  } finally {
    fs.closeSync(fd)
  }
}

function threadCount() {
  try {
    return Number(/^Threads:\s+(\d+)/m.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1])
  } catch {
    return null
  }
}

// ---------------------------------------------------------------------------------------------
// Scenarios. `prepare(impl, ctx)` does the warm-up (and checks the guest's answer) and returns
// `round()`, which measures once and returns `{ value, ...extra }`.

const BUSY_MS = 500
const SESSIONS = 500

const SCENARIOS = [
  {
    id: 'cold',
    num: '1',
    title: 'cold run `return 1+1`, end to end',
    unit: 'µs/run',
    better: 'lower',
    target: { op: '<=', value: 150, text: '≤ 150 µs' },
    async prepare(impl) {
      const batch = async (n) => {
        for (let i = 0; i < n; i++) check(await impl.run('return 1+1'), 2, 'cold run')
      }
      const n = await calibrate(2000, 800, batch)
      return async () => {
        const t = now()
        await batch(n)
        return { value: ((now() - t) * 1000) / n, n }
      }
    },
    detail: (r) => `avg over ${r.n} sequential runs`,
  },
  {
    id: 'new-instance',
    num: '1b',
    title: 'new instance per run (the server pattern)',
    unit: 'µs/run',
    better: 'lower',
    async prepare(_impl, ctx) {
      // A server that makes its CodeMode per request: create, run `1+1`, close, every time.
      const batch = async (n) => {
        for (let i = 0; i < n; i++) {
          const fresh = await ctx.create()
          try {
            check(await fresh.run('return 1+1'), 2, 'run in a new instance')
          } finally {
            await fresh.close()
          }
        }
      }
      const n = await calibrate(2000, 800, batch)
      return async () => {
        const t = now()
        await batch(n)
        return { value: ((now() - t) * 1000) / n, n }
      }
    },
    detail: (r) => `create + run + close, avg over ${r.n} sequential runs`,
  },
  {
    id: 'tool-sync',
    num: '2a',
    title: 'tool round trip, sync host fn',
    unit: 'µs/call',
    better: 'lower',
    target: { op: '<=', value: 10, text: '≤ 10 µs' },
    prepare: (impl) => toolLoop(impl, 'echo'),
    detail: (r) => `one run, ${r.n} sequential awaited calls`,
  },
  {
    id: 'tool-async',
    num: '2b',
    title: 'tool round trip, async host fn',
    unit: 'µs/call',
    better: 'lower',
    target: { op: '<=', value: 10, text: '≤ 10 µs' },
    prepare: (impl) => toolLoop(impl, 'aecho'),
    detail: (r) => `one run, ${r.n} sequential awaited calls`,
  },
  {
    id: 'fib',
    num: '3',
    title: 'fib(27) in the guest, end to end',
    unit: 'ms',
    better: 'lower',
    async prepare(impl) {
      const code = 'function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2) } return fib(27)'
      check(await impl.run(code), 196418, 'fib(27)')
      return async () => {
        const t = now()
        check(await impl.run(code), 196418, 'fib(27)')
        return { value: now() - t }
      }
    },
  },
  {
    id: 'tool-same-cpu',
    num: '2c',
    title: 'tool round trip, sync, whole process on one vCPU',
    unit: 'µs/call',
    better: 'lower',
    child: 'same',
    detail: (r) => `taskset -c 0; one run, ${r.n} sequential awaited calls, fresh process`,
  },
  {
    id: 'tool-split-cpu',
    num: '2d',
    title: 'tool round trip, sync, main thread and the rest on two vCPUs',
    unit: 'µs/call',
    better: 'lower',
    child: 'split',
    detail: (r) => `main thread on vCPU 0, every other thread on vCPU 1; ${r.n} calls, fresh process`,
  },
  {
    id: 'json',
    num: '3b',
    title: '1 MB JSON build + stringify + parse in the guest',
    unit: 'ms',
    better: 'lower',
    async prepare(impl) {
      const code =
        "const a = []; for (let i = 0; i < 20000; i++) a.push({ id: i, name: 'item' + i, tags: ['a', 'b'], v: i / 2 })\n" +
        'const s = JSON.stringify(a); const b = JSON.parse(s); return s.length > 1000000 && b.length === 20000'
      check(await impl.run(code), true, '1 MB JSON')
      return async () => {
        const t = now()
        check(await impl.run(code), true, '1 MB JSON')
        return { value: now() - t }
      }
    },
    detail: () => '20,000 objects → 1.1 MB of JSON → parsed back; whole run',
  },
  {
    id: 'regex',
    num: '3c',
    title: '1 MB regex workload in the guest',
    unit: 'ms',
    better: 'lower',
    async prepare(impl) {
      const code =
        "const s = 'lorem ipsum 123 dolor 45 sit amet, consectetur 6789 '.repeat(20000)\n" +
        'const n = s.match(/\\d+/g).length; const t = s.replace(/[aeiou]m/g, (m) => m.toUpperCase())\n' +
        "return n === 60000 && t.length === s.length && t.startsWith('lorEM ipsUM 123')"
      check(await impl.run(code), true, '1 MB regex')
      return async () => {
        const t = now()
        check(await impl.run(code), true, '1 MB regex')
        return { value: now() - t }
      }
    },
    detail: () => 'match /\\d+/g and a replace with a callback over 1 MB; whole run',
  },
  {
    id: 'parallel',
    num: '4a',
    title: '100 × 10 ms tools under Promise.all',
    unit: 'ms',
    better: 'lower',
    async prepare(impl) {
      return parallel(impl)
    },
    detail: () => 'ideal ≈ 10 ms; ours with maxConcurrentToolCalls: 100',
  },
  {
    id: 'parallel-default',
    num: '4b',
    title: 'same, default maxConcurrentToolCalls (32)',
    unit: 'ms',
    better: 'lower',
    oursOnly: true,
    async prepare(impl) {
      return parallel(impl, { limits: { maxConcurrentToolCalls: 32 } })
    },
    detail: () => '4 waves of ≤ 32 calls: ideal ≈ 40 ms',
  },
  {
    id: 'mb-in',
    num: '5a',
    title: '1 MiB tool result into the guest',
    unit: 'ms/run',
    better: 'lower',
    prepare: (impl) => bigRun(impl, 'const s = await tools.big({}); return s.length', (v) => v),
    detail: (r) => `whole run incl. cold start, avg of ${r.n}`,
  },
  {
    id: 'mb-roundtrip',
    num: '5b',
    title: '1 MiB round trip (tool → guest → result)',
    unit: 'ms/run',
    better: 'lower',
    prepare: (impl) => bigRun(impl, 'return await tools.big({})', (v) => v?.length),
    detail: (r) => `whole run incl. cold start, avg of ${r.n}`,
  },
  {
    id: 'rss',
    num: '6',
    title: `RSS per live session`,
    unit: 'KB',
    better: 'lower',
    child: true,
    target: { op: '<=', value: 200, text: '≤ 200 KB' },
    detail: (r) => `(RSS after − before) / ${r.n} sessions, fresh process per round${r.threads ? `; threads ${r.threads}` : ''}`,
  },
  {
    id: 'ticks',
    num: '7',
    title: `event-loop ticks during a ${BUSY_MS} ms busy guest`,
    unit: 'ticks',
    better: 'higher',
    target: { op: 'ticks', text: '≥ 440 of 450 possible' },
    async prepare(impl, ctx) {
      const code = `const end = Date.now() + ${BUSY_MS}; let n = 0; while (Date.now() < end) n++; return n > 0`
      check(await impl.run(code.replace(String(BUSY_MS), '20')), true, 'busy loop')
      return async () => {
        const idle = await countTicks(() => sleep(BUSY_MS))
        const busy = await countTicks(async () => check(await impl.run(code), true, 'busy loop'))
        const possible = (idle.ticks / idle.windowMs) * busy.windowMs
        ctx.possible = possible
        return { value: busy.ticks, possible, windowMs: busy.windowMs, maxGap: busy.maxGap }
      }
    },
    format: (m) => `${Math.round(m.value)} of ${Math.round(m.possible)}`,
    detail: (r) =>
      `setInterval(1 ms) callbacks while run() is in flight (${r.windowMs.toFixed(0)} ms window); ` +
      `possible = idle rate × window; max gap ${r.maxGap.toFixed(1)} ms`,
  },
  {
    id: 'throughput',
    num: '8',
    title: '50 concurrent runs × 10 tool calls each',
    unit: 'runs/s',
    better: 'higher',
    async prepare(impl) {
      const code = loopCode('echo', 10)
      const drive = async (ms) => {
        const end = now() + ms
        let done = 0
        const t = now()
        await Promise.all(
          Array.from({ length: 50 }, async () => {
            while (now() < end) {
              check(await impl.run(code), 45, 'throughput run')
              done++
            }
          }),
        )
        return { value: (done * 1000) / (now() - t), done }
      }
      await drive(200)
      return () => drive(700)
    },
    detail: (r) => `${r.done} runs in ~0.7 s per round`,
  },
  {
    id: 'concurrent64',
    num: '8b',
    title: '64 concurrent cold runs `return 1+1`',
    unit: 'runs/s',
    better: 'higher',
    async prepare(impl) {
      const drive = async (ms) => {
        const end = now() + ms
        let done = 0
        const t = now()
        await Promise.all(
          Array.from({ length: 64 }, async () => {
            while (now() < end) {
              check(await impl.run('return 1+1'), 2, 'concurrent run')
              done++
            }
          }),
        )
        return { value: (done * 1000) / (now() - t), done }
      }
      await drive(200)
      return () => drive(700)
    },
    detail: (r) => `64 loops of back-to-back runs; ${r.done} runs in ~0.7 s per round`,
  },
]

async function toolLoop(impl, tool) {
  const batch = async (n) => check(await impl.run(loopCode(tool, n)), loopSum(n), `${tool} loop`)
  const n = await calibrate(10_000, 2000, batch)
  return async () => {
    const t = now()
    await batch(n)
    return { value: ((now() - t) * 1000) / n, n }
  }
}

async function parallel(impl, options) {
  const code = 'return (await Promise.all(Array.from({ length: 100 }, () => tools.sleep10({})))).length'
  check(await impl.run(code, options), 100, 'parallel')
  return async () => {
    const t = now()
    check(await impl.run(code, options), 100, 'parallel')
    return { value: now() - t }
  }
}

async function bigRun(impl, code, measure) {
  const batch = async (n) => {
    for (let i = 0; i < n; i++) check(measure(await impl.run(code)), 1 << 20, '1 MiB length')
  }
  const n = await calibrate(20, 300, batch)
  return async () => {
    const t = now()
    await batch(n)
    return { value: (now() - t) / n, n }
  }
}

// ---------------------------------------------------------------------------------------------
// RSS per live session: each round is a fresh child process (`--child-rss impl n`).

async function childRss({ impl: id, n }) {
  const spec = IMPLS.find((i) => i.id === id)
  const mod = await import(spec.file)
  const impl = await mod.create({ tools: TOOLS, limits: OURS_LIMITS })
  const gc = globalThis.gc ?? (() => {})
  const settle = async () => {
    gc()
    await sleep(150)
    gc()
  }
  // Warm up: load everything a session needs, once.
  const w = impl.session()
  await w.run('globalThis.x = 1')
  await w.close()
  await sleep(200)
  await settle()
  const before = process.memoryUsage.rss()
  const threadsBefore = threadCount()
  const sessions = Array.from({ length: n }, () => impl.session())
  await Promise.all(sessions.map((s) => s.run('globalThis.x = 1')))
  await settle()
  const after = process.memoryUsage.rss()
  const threadsLive = threadCount()
  // Sessions must still be live: read the global back from a few.
  for (const s of sessions.slice(0, 3)) check(await s.run('return x'), 1, 'session global')
  await Promise.all(sessions.map((s) => s.close()))
  await sleep(500)
  const threadsClosed = threadCount()
  await impl.close()
  process.stdout.write(
    JSON.stringify({ value: (after - before) / 1024 / n, n, threadsBefore, threadsLive, threadsClosed }) + '\n',
  )
  process.exit(0)
}

function rssRound(id, n) {
  const r = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), '--child-rss', id, String(n)], {
    encoding: 'utf8',
    timeout: 120_000,
  })
  if (r.status !== 0) throw new Error(`child failed (${r.status ?? r.signal}): ${(r.stderr || '').trim().slice(-300)}`)
  const m = JSON.parse(r.stdout.trim().split('\n').pop())
  if (m.threadsBefore != null) m.threads = `${m.threadsBefore} → ${m.threadsLive} live → ${m.threadsClosed} after close`
  return m
}

// ---------------------------------------------------------------------------------------------
// Tool round trip with the threads pinned (`--child-pinned same|split impl`), a fresh process
// per placement: `same` runs the whole process under `taskset -c 0`; `split` starts it there
// and, after the warm-up, moves every thread but the main one to vCPU 1, so each hop between
// Node and the engine (or isolate) thread is a cross-vCPU wake-up.

const pinnable = () => spawnSync('taskset', ['-c', '0', 'true']).status === 0 && os.cpus().length >= 2

function pinOthers(cpu) {
  for (const tid of fs.readdirSync('/proc/self/task')) {
    if (Number(tid) === process.pid) continue
    spawnSync('taskset', ['-p', '-c', String(cpu), tid], { stdio: 'ignore' })
  }
}

async function childPinned({ placement, impl: id }, rounds) {
  const spec = IMPLS.find((i) => i.id === id)
  const mod = await import(spec.file)
  const impl = await mod.create({ tools: TOOLS, limits: OURS_LIMITS })
  const round = await toolLoop(impl, 'echo')
  const values = []
  for (let r = 0; r < rounds; r++) {
    // Threads started since (an engine thread preparing its spare) inherit vCPU 0: move them too.
    if (placement === 'split') {
      await sleep(50)
      pinOthers(1)
    }
    values.push(await round())
  }
  await impl.close()
  process.stdout.write(JSON.stringify(values) + '\n')
  process.exit(0)
}

function pinnedRounds(placement, id, rounds) {
  const args = [fileURLToPath(import.meta.url), '--child-pinned', placement, id, '--rounds', String(rounds)]
  const r = spawnSync('taskset', ['-c', '0', process.execPath, ...args], { encoding: 'utf8', timeout: 300_000 })
  if (r.status !== 0) throw new Error(`child failed (${r.status ?? r.signal}): ${(r.stderr || '').trim().slice(-300)}`)
  return JSON.parse(r.stdout.trim().split('\n').pop())
}

// ---------------------------------------------------------------------------------------------
// Output

function fmt(v, unit) {
  if (v == null || Number.isNaN(v)) return '—'
  if (unit === 'runs/s' || unit === 'ticks') return Math.round(v).toLocaleString('en-US')
  const a = Math.abs(v)
  const digits = a >= 1000 ? 0 : a >= 100 ? 0 : a >= 10 ? 1 : 2
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
}

function table(rows, align) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)))
  const line = (r) =>
    r
      .map((cell, c) => (align[c] === 'r' ? String(cell).padStart(widths[c]) : String(cell).padEnd(widths[c])))
      .join('  ')
      .trimEnd()
  const out = [line(rows[0]), widths.map((w) => '─'.repeat(w)).join('  ')]
  for (const r of rows.slice(1)) out.push(line(r))
  return out.join('\n')
}

function verdict(s, m) {
  if (!s.target || m == null) return ''
  if (s.target.op === '<=') return m.value <= s.target.value ? 'PASS' : 'MISS'
  if (s.target.op === 'ticks') return m.value >= (m.possible * 440) / 450 ? 'PASS' : 'MISS'
  return ''
}

// ---------------------------------------------------------------------------------------------
// Main

async function loadImpls(opts) {
  const loaded = []
  const notes = []
  if (opts.baseline) process.env.CODEMODE_BENCH_BASELINE = path.resolve(opts.baseline)
  for (const spec of IMPLS) {
    if (spec.baseline && !process.env.CODEMODE_BENCH_BASELINE) continue
    if (spec.peer && !spec.baseline && !opts.peers) continue
    if (opts.only && !opts.only.includes(spec.id)) continue
    try {
      const mod = await import(spec.file)
      loaded.push({ ...spec, mod, label: mod.label, about: mod.about })
    } catch (err) {
      if (!spec.peer) throw err
      const missing = err.code === 'ERR_MODULE_NOT_FOUND' || err.code === 'MODULE_NOT_FOUND'
      notes.push(
        `${spec.id}: skipped — ${missing ? 'not installed (cd benchmark && npm install)' : `failed to load: ${err.message}`}`,
      )
    }
  }
  return { loaded, notes }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2))
  if (opts.child) return childRss(opts.child)
  if (opts.pinned) return childPinned(opts.pinned, opts.rounds)

  const started = now()
  const loadBefore = os.loadavg()[0]
  const { loaded, notes } = await loadImpls(opts)
  const addon = loaded.some((i) => i.id === 'ours') ? describeAddon() : null
  const scenarios = SCENARIOS.filter((s) => !opts.scenarios || opts.scenarios.includes(s.id))
  const results = {} // results[scenario][impl] = { median: {...}, rounds: [...] } | { error }
  const errors = []

  for (const s of scenarios) {
    results[s.id] = {}
    for (const impl of loaded) {
      if (s.oursOnly && impl.id !== 'ours') continue
      progress(`${s.id}: ${impl.label}`)
      try {
        const rounds = []
        if (s.child === true) {
          const n = impl.mod.sessionCount ?? SESSIONS
          for (let r = 0; r < Math.min(opts.rounds, 3); r++) rounds.push(rssRound(impl.id, n))
        } else if (s.child) {
          if (!pinnable()) throw new Error('needs taskset and two CPUs')
          rounds.push(...pinnedRounds(s.child, impl.id, opts.rounds))
        } else {
          const create = () => impl.mod.create({ tools: TOOLS, limits: OURS_LIMITS })
          const instance = await create()
          try {
            const round = await s.prepare(instance, { create })
            for (let r = 0; r < opts.rounds; r++) rounds.push(await round())
          } finally {
            await instance.close()
          }
        }
        // The round whose value is the median (upper median for even counts) supplies the details.
        const sorted = [...rounds].sort((a, b) => a.value - b.value)
        const med = { ...sorted[sorted.length >> 1], value: median(rounds.map((r) => r.value)) }
        if (rounds[0].possible != null) med.possible = median(rounds.map((r) => r.possible))
        results[s.id][impl.id] = { median: med, min: sorted[0].value, max: sorted.at(-1).value, rounds }
      } catch (err) {
        results[s.id][impl.id] = { error: err.message }
        errors.push({ scenario: s.id, impl: impl.id, message: err.message })
        progress(`  ERROR ${err.message}`)
      }
    }
  }
  const elapsed = (now() - started) / 1000
  const loadAfter = os.loadavg()[0]

  // Header
  const cpus = os.cpus()
  const out = []
  out.push(`quickjs-codemode benchmark — medians of ${opts.rounds} rounds (memory: ${Math.min(opts.rounds, 3)} fresh processes)`)
  out.push(
    `node ${process.version}, ${process.platform} ${process.arch}, ${cpus.length} CPUs (${cpus[0]?.model?.trim() ?? '?'}), ` +
      `${Math.round(os.totalmem() / 2 ** 30)} GiB RAM`,
  )
  if (addon)
    out.push(
      `addon: ${path.relative(process.cwd(), addon.file) || addon.file}` +
        `${addon.size ? ` (${(addon.size / 2 ** 20).toFixed(1)} MiB)` : ''} — ${addon.build}`,
    )
  out.push('Numbers are UNPINNED (no taskset) except 2c/2d: on this 2-vCPU VM each hop between an engine')
  out.push("thread and Node's main thread may pay a ~40 µs cross-vCPU wake-up (2d shows it); see benchmark/README.md.")
  // The benchmark itself keeps ~1–2 cores busy; more than that means something else competed.
  const busy = loadBefore > 1 || loadAfter > cpus.length + 1
  out.push(
    `load average (1 min): ${loadBefore.toFixed(2)} at start, ${loadAfter.toFixed(2)} at end` +
      (busy ? ' — WARNING: the machine was busy with other work (now or in the last minute); numbers may be disturbed' : ''),
  )
  out.push('')

  // Table 1: quickjs-codemode with targets
  if (loaded.some((i) => i.id === 'ours')) {
    const rows = [['#', 'scenario', 'median', 'unit', 'min–max', 'target', '', 'what is measured']]
    scenarios.forEach((s) => {
      const r = results[s.id].ours
      const num = s.num
      if (!r) return
      if (r.error) return rows.push([num, s.title, 'ERROR', '', '', s.target?.text ?? '', '', r.error.slice(0, 60)])
      const m = r.median
      rows.push([
        num,
        s.title,
        s.format ? s.format(m) : fmt(m.value, s.unit),
        s.unit,
        `${fmt(r.min, s.unit)}–${fmt(r.max, s.unit)}`,
        s.target?.text ?? '',
        verdict(s, m),
        s.detail ? s.detail(m) : '',
      ])
    })
    out.push('quickjs-codemode')
    out.push(table(rows, ['r', 'l', 'r', 'l', 'r', 'l', 'l', 'l']))
    out.push('Targets are informational (this machine, medians); a MISS does not fail the run.')
    out.push('')
  }

  // Table 2: side by side with ratios
  const peers = loaded.filter((i) => i.peer)
  if (peers.length) {
    const cols = loaded
    const rows = [['#', 'scenario', 'unit', ...cols.map((c) => c.label)]]
    for (const s of scenarios) {
      if (s.oursOnly) continue
      const ours = results[s.id].ours
      const row = [s.num, s.title.trim(), `${s.unit} ${s.better === 'lower' ? '↓' : '↑'}`]
      for (const c of cols) {
        const r = results[s.id][c.id]
        if (!r) row.push('—')
        else if (r.error) row.push('error')
        else {
          let cell = fmt(r.median.value, s.unit)
          if (c.peer && ours?.median && ours.median.value > 0) cell += ` (${fmt(r.median.value / ours.median.value, 'ratio')}×)`
          row.push(cell)
        }
      }
      rows.push(row)
    }
    out.push('Side by side — median (peer ÷ quickjs-codemode)')
    out.push(table(rows, ['r', 'l', 'l', ...cols.map(() => 'r')]))
    out.push('↓ lower is better: a ratio > 1 means quickjs-codemode wins. ↑ higher is better: a ratio < 1 means it wins.')
    for (const c of cols) out.push(`  ${c.label}: ${c.about}`)
    out.push('')
  }

  for (const n of notes) out.push(`note: ${n}`)
  for (const e of errors) out.push(`error: ${e.scenario} / ${e.impl}: ${e.message}`)
  out.push(`total time ${elapsed.toFixed(0)} s`)
  console.log(out.join('\n'))

  if (opts.json) {
    fs.writeFileSync(
      opts.json,
      JSON.stringify({ node: process.version, addon, rounds: opts.rounds, loadavg: [loadBefore, loadAfter], results, notes, errors }, null, 2),
    )
  }
  // Misses are informational; only a failure of quickjs-codemode itself is an error.
  if (errors.some((e) => e.impl === 'ours')) process.exitCode = 1
}

main().then(
  () => {
    // Engine threads and peers' handles must not keep the process alive.
    setTimeout(() => process.exit(), 100).unref()
  },
  (err) => {
    console.error(err)
    process.exit(1)
  },
)
