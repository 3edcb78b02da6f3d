#!/usr/bin/env node
// The Python language beside JavaScript, same tools, same machine, rounds interleaved:
//   - cold start: `1 + 1` on a pooled (pre-spawned) worker vs a fresh JavaScript sandbox, and
//     the very first Python run of the process (no worker ready yet: spawn + run)
//   - a tool round trip: one awaited host tool call per run
//   - a 1,000-call tool loop, and 100 calls through asyncio.gather vs Promise.all
//   - sum of squares to 1e6, the same program in both languages
//   - a session run (the session keeps its worker and its globals)
//
//   node benchmark/python.mjs [--rounds 7]
//
// Needs a release build (`npm run build`, which also builds the worker). Prints the median of
// the rounds, in ms.
import binding from '../index.js'

const { CodeMode } = binding
const i = process.argv.indexOf('--rounds')
const ROUNDS = i > 0 ? Number(process.argv[i + 1]) : 7
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const now = () => performance.now()

const tools = [
  {
    name: 'add',
    inputSchema: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } } },
    execute: ({ a, b }) => a + b,
  },
]
const cm = new CodeMode({ tools, limits: { timeoutMs: 60_000, maxToolCalls: 5_000, memoryLimitBytes: 256 << 20 } })

async function time(code, options, check) {
  const start = now()
  const r = await cm.run(code, options)
  const ms = now() - start
  if (!r.ok) throw new Error(`${code.slice(0, 40)}: ${r.error.code} ${r.error.message}`)
  if (!check(r.value)) throw new Error(`${code.slice(0, 40)}: unexpected value ${JSON.stringify(r.value)}`)
  return ms
}

const py = { language: 'python' }
// Sum of i*i for i < 1e6: past 2^53, so JavaScript's doubles round it (Python's int is exact).
const SUM = 333332833333500000
const nearSum = (v) => Math.abs(v - SUM) / SUM < 1e-9
const SCENARIOS = [
  ['cold run, JavaScript', 'return 1 + 1', undefined, (v) => v === 2],
  ['cold run, Python (pooled worker)', '1 + 1', py, (v) => v === 2],
  ['tool round trip, JavaScript', 'return await tools.add({ a: 1, b: 2 })', undefined, (v) => v === 3],
  ['tool round trip, Python', 'await add(a=1, b=2)', py, (v) => v === 3],
  [
    '1,000-call tool loop, JavaScript',
    'let s = 0; for (let i = 1; i <= 1000; i++) s = await tools.add({ a: s, b: i }); return s',
    undefined,
    (v) => v === 500500,
  ],
  ['1,000-call tool loop, Python', 's = 0\nfor i in range(1, 1001):\n    s = await add(a=s, b=i)\ns', py, (v) => v === 500500],
  [
    '100 parallel calls, JavaScript',
    'const r = await Promise.all(Array.from({ length: 100 }, (_, i) => tools.add({ a: i, b: 1 }))); return r.length',
    undefined,
    (v) => v === 100,
  ],
  [
    '100 parallel calls, Python (gather)',
    'import asyncio\nr = await asyncio.gather(*[add(a=i, b=1) for i in range(100)])\nlen(r)',
    py,
    (v) => v === 100,
  ],
  [
    'sum of squares to 1e6, JavaScript',
    'let s = 0; for (let i = 0; i < 1e6; i++) s += i * i; return s',
    undefined,
    nearSum,
  ],
  ['sum of squares to 1e6, Python', 's = 0\nfor i in range(1_000_000):\n    s += i * i\ns', py, (v) => v === SUM],
]

// The first Python run of the process finds no worker ready: it spawns one.
const first = await time('1 + 1', py, (v) => v === 2)
const samples = new Map(SCENARIOS.map(([name]) => [name, []]))
for (let round = 0; round <= ROUNDS; round++) {
  for (const [name, code, options, check] of SCENARIOS) {
    const ms = await time(code, options, check)
    if (round > 0) samples.get(name).push(ms) // round 0 warms up
  }
}
const session = cm.session()
await session.run('n = 0', py)
const sessionRuns = []
for (let round = 0; round < ROUNDS; round++) {
  const start = now()
  const r = await session.run('n += 1\nn', py)
  sessionRuns.push(now() - start)
  if (r.value !== round + 1) throw new Error(`session run: ${JSON.stringify(r.error ?? r.value)}`)
}
session.close()

const rows = [
  ['first Python run of the process (spawn)', first],
  ...[...samples].map(([n, xs]) => [n, median(xs)]),
  ['session run, Python (kept worker)', median(sessionRuns)],
]
console.log(`Python vs JavaScript, median of ${ROUNDS} rounds (ms)`)
for (const [name, ms] of rows) console.log(`  ${name.padEnd(42)} ${ms.toFixed(2).padStart(9)}`)
await cm.close()
