#!/usr/bin/env node
// The Bash language beside JavaScript, same tools, same machine, rounds interleaved:
//   - cold start: a fresh sandbox per run (`echo hi` vs `return "hi"`), and the first Bash run
//     of a process (which compiles the just-bash bundle to bytecode once)
//   - a 1,000-call tool loop (`for i in $(seq 1000); do add --a $i --b 1; done` vs a JS loop)
//   - one pipeline over a tool's output (`tool | jq | sort | head` vs the same in JS)
//   - a session run once its shell is loaded
//   - the first run of a new CodeMode (no spare sandbox fits its tool set: all set-up in the run)
//
//   node benchmark/bash.mjs [--rounds 7]
//
// Needs a release build (`npm run build`). Prints the median of the rounds, in ms.
import binding from '../index.js'

const { CodeMode } = binding
const i = process.argv.indexOf('--rounds')
const ROUNDS = i > 0 ? Number(process.argv[i + 1]) : 7
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const now = () => performance.now()

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

// The first Bash run of the process also compiles the bundle to bytecode (once per process).
const first = await time('echo hi', bash, (v) => v.stdout === 'hi\n')
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
  ['first Bash run of the process', first],
  ...[...samples].map(([n, xs]) => [n, median(xs)]),
  ['session run, Bash (shell loaded)', median(sessionRuns)],
  ['first run of a new CodeMode, JavaScript', median(unprepared.js)],
  ['first run of a new CodeMode, Bash', median(unprepared.bash)],
]
console.log(`Bash vs JavaScript, median of ${ROUNDS} rounds (ms)`)
for (const [name, ms] of rows) console.log(`  ${name.padEnd(36)} ${ms.toFixed(2).padStart(9)}`)
await cm.close()
