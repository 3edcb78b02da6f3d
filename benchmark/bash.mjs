#!/usr/bin/env node
// The Bash language beside JavaScript, same tools, same machine, rounds interleaved:
//   - cold start: a fresh sandbox per run (`echo hi` vs `return "hi"`), and the first run of a
//     fresh process (`--rounds` child processes; Bash loads the bundle's build-time bytecode)
//   - a 1,000-call tool loop (`for i in $(seq 1000); do add --a $i --b 1; done` vs a JS loop)
//   - one pipeline over a tool's output (`tool | jq | sort | head` vs the same in JS)
//   - a session run once its shell is loaded
//   - the first run of a new CodeMode (no spare sandbox fits its tool set: all set-up in the run)
//
//   node benchmark/bash.mjs [--rounds 7]
//
// Needs a release build (`npm run build`). Prints the median of the rounds, in ms.
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

import binding from '../index.js'

const { CodeMode } = binding
const i = process.argv.indexOf('--rounds')
const ROUNDS = i > 0 ? Number(process.argv[i + 1]) : 7
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const now = () => performance.now()

// `--first-run <language>`: the child of the first-run rows; times the first two runs of its
// process (the second takes the spare sandbox the first left behind).
const firstRunOf = process.argv[process.argv.indexOf('--first-run') + 1]
if (process.argv.includes('--first-run')) {
  const cm = new CodeMode({ tools: [] })
  const [code, options] = firstRunOf === 'bash' ? ['echo hi', { language: 'bash' }] : ['return "hi"', undefined]
  const ms = []
  for (let k = 0; k < 2; k++) {
    const start = now()
    const r = await cm.run(code, options)
    ms.push(now() - start)
    if (!r.ok) throw new Error(`first run: ${r.error.code} ${r.error.message}`)
  }
  await cm.close()
  process.stdout.write(JSON.stringify(ms))
  process.exit(0)
}
/** The first and second run of `ROUNDS` fresh processes, interleaved by language: medians. */
function firstRuns() {
  const out = { javascript: [[], []], bash: [[], []] }
  for (let round = 0; round < ROUNDS; round++) {
    for (const language of ['javascript', 'bash']) {
      const child = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--first-run', language])
      JSON.parse(child).forEach((ms, k) => out[language][k].push(ms))
    }
  }
  return Object.fromEntries(Object.entries(out).map(([language, [a, b]]) => [language, [median(a), median(b)]]))
}

const CITIES = Array.from({ length: 200 }, (_, k) => ({
  name: `city-${(k * 7919) % 1000}`,
  population: (k * 104729) % 100000,
}))
const tools = [
  {
    name: 'add',
    inputSchema: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } } },
    execute: ({ a, b }) => a + b,
  },
  { name: 'listCities', namespace: 'geo', execute: () => CITIES },
]
const cm = new CodeMode({ tools, limits: { timeoutMs: 60_000, maxToolCalls: 5_000 } })

async function time(code, options, check) {
  const start = now()
  const r = await cm.run(code, options)
  const ms = now() - start
  if (!r.ok) throw new Error(`${code.slice(0, 40)}: ${r.error.code} ${r.error.message}`)
  check(r.value)
  return ms
}

const bash = { language: 'bash' }
const top5 = CITIES.map((c) => c.name)
  .sort()
  .slice(0, 5)
const SCENARIOS = [
  ['cold run, JavaScript', 'return "hi"', undefined, (v) => v === 'hi'],
  ['cold run, Bash', 'echo hi', bash, (v) => v.stdout === 'hi\n'],
  [
    '1,000-call tool loop, JavaScript',
    'let s = 0; for (let i = 1; i <= 1000; i++) s = await tools.add({ a: s, b: i }); return s',
    undefined,
    (v) => v === 500500,
  ],
  [
    '1,000-call tool loop, Bash',
    's=0; for i in $(seq 1 1000); do s=$(add --a $s --b $i); done; echo $s',
    bash,
    (v) => v.json === 500500,
  ],
  [
    'pipeline, JavaScript',
    'const c = await tools.geo.listCities(); return c.map((x) => x.name).sort().slice(0, 5)',
    undefined,
    (v) => v.join() === top5.join(),
  ],
  [
    'pipeline, Bash',
    "geo.listCities | jq -r '.[].name' | sort | head -n 5",
    bash,
    (v) => v.stdout === top5.join('\n') + '\n',
  ],
]

const first = firstRuns()
const samples = new Map(SCENARIOS.map(([name]) => [name, []]))
for (let round = 0; round <= ROUNDS; round++) {
  for (const [name, code, options, check] of SCENARIOS) {
    const ms = await time(code, options, (v) => {
      if (!check(v)) throw new Error(`${name}: unexpected value ${JSON.stringify(v).slice(0, 200)}`)
    })
    if (round > 0) samples.get(name).push(ms) // round 0 warms up
  }
}
// A new CodeMode has a new tool set, so no spare fits: the sandbox (and the shell) is built in the run.
const unprepared = { js: [], bash: [] }
for (let round = 0; round < ROUNDS; round++) {
  for (const [key, code, options] of [
    ['js', 'return "hi"', undefined],
    ['bash', 'echo hi', bash],
  ]) {
    const fresh = new CodeMode({ tools })
    const start = now()
    const r = await fresh.run(code, options)
    unprepared[key].push(now() - start)
    if (!r.ok) throw new Error(`${key}: ${r.error.code}`)
    await fresh.close()
  }
}
const session = cm.session()
await session.run('echo warm', bash)
const sessionRuns = []
for (let round = 0; round < ROUNDS; round++) {
  const start = now()
  const r = await session.run('echo hi | tr a-z A-Z', bash)
  sessionRuns.push(now() - start)
  if (r.value.stdout !== 'HI\n') throw new Error('session run')
}
session.close()

const rows = [
  ['first run of a process, JavaScript', first.javascript[0]],
  ['first run of a process, Bash', first.bash[0]],
  ['second run of a process, JavaScript', first.javascript[1]],
  ['second run of a process, Bash', first.bash[1]],
  ...[...samples].map(([n, xs]) => [n, median(xs)]),
  ['session run, Bash (shell loaded)', median(sessionRuns)],
  ['first run of a new CodeMode, JavaScript', median(unprepared.js)],
  ['first run of a new CodeMode, Bash', median(unprepared.bash)],
]
console.log(`Bash vs JavaScript, median of ${ROUNDS} rounds (ms)`)
for (const [name, ms] of rows) console.log(`  ${name.padEnd(40)} ${ms.toFixed(2).padStart(9)}`)
await cm.close()
