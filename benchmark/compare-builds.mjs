#!/usr/bin/env node
// A/B benchmark of two builds of quickjs-codemode in one process, their runs interleaved, so a
// change can be shown to leave performance within noise (same machine, same moment, same load).
//
//   node benchmark/compare-builds.mjs OLD.node NEW.node [--rounds 15]
//
// Both arguments are `.node` files (release builds; debug numbers mean nothing). Prints, per
// scenario, the median and spread of each build and the ratio new/old.
import { createRequire } from 'node:module'
import path from 'node:path'

const require = createRequire(import.meta.url)
const args = process.argv.slice(2)
const files = args.filter((a) => a.endsWith('.node'))
const roundsAt = args.indexOf('--rounds')
const ROUNDS = roundsAt >= 0 ? Math.max(3, Number(args[roundsAt + 1]) || 15) : 15
if (files.length !== 2) {
  console.error('usage: node benchmark/compare-builds.mjs OLD.node NEW.node [--rounds N]')
  process.exit(2)
}

const builds = files.map((file, i) => ({ label: i === 0 ? 'old' : 'new', file, binding: require(path.resolve(file)) }))
const tools = {
  echo: { execute: (input) => input },
  later: { execute: (input) => new Promise((resolve) => setTimeout(() => resolve(input), 10)) },
}
const LIMITS = { timeoutMs: 60_000, maxToolCalls: 20_000, maxConcurrentToolCalls: 100 }

/** Each scenario: `run(cm)` does one measured unit and returns [elapsed ms, units]. */
const SCENARIOS = [
  {
    id: 'cold run, µs',
    async run(cm) {
      const n = 300
      const start = performance.now()
      for (let i = 0; i < n; i++) {
        const r = await cm.run('return 1 + 1')
        if (r.value !== 2) throw new Error('wrong answer')
      }
      return ((performance.now() - start) * 1000) / n
    },
  },
  {
    id: 'sync tool call, µs',
    async run(cm) {
      const n = 2000
      const start = performance.now()
      const r = await cm.run(`let s = 0; for (let i = 0; i < ${n}; i++) s += (await tools.echo({ i })).i; return s`)
      if (r.value !== (n * (n - 1)) / 2) throw new Error(JSON.stringify(r.error))
      return ((performance.now() - start) * 1000) / n
    },
  },
  {
    id: 'fib(24), ms',
    async run(cm) {
      const start = performance.now()
      const r = await cm.run('function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2) } return fib(24)')
      if (r.value !== 46368) throw new Error('wrong answer')
      return performance.now() - start
    },
  },
  {
    id: '100 parallel 10 ms tools, ms',
    async run(cm) {
      const start = performance.now()
      const r = await cm.run('const xs = await Promise.all(Array.from({ length: 100 }, (_, i) => tools.later({ i }))); return xs.length')
      if (r.value !== 100) throw new Error('wrong answer')
      return performance.now() - start
    },
  },
  {
    id: 'session run, µs',
    async run(cm) {
      const s = cm.session()
      const n = 300
      const start = performance.now()
      for (let i = 0; i < n; i++) await s.run('globalThis.k = (globalThis.k ?? 0) + 1; return k')
      const us = ((performance.now() - start) * 1000) / n
      s.close()
      return us
    },
  },
]

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

const instances = builds.map((b) => new b.binding.CodeMode({ tools, limits: LIMITS }))
const results = SCENARIOS.map(() => builds.map(() => []))
for (const [si, scenario] of SCENARIOS.entries()) {
  for (const cm of instances) await scenario.run(cm) // warm-up, checks the answer
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate which build goes first, so neither always runs on a warmer machine.
    const order = round % 2 === 0 ? [0, 1] : [1, 0]
    for (const bi of order) results[si][bi].push(await scenario.run(instances[bi]))
  }
  process.stderr.write('.')
}
process.stderr.write('\n')
for (const cm of instances) await cm.close()

console.log(`builds: old = ${builds[0].file}, new = ${builds[1].file}; ${ROUNDS} interleaved rounds; median (min–max)`)
console.log('| scenario | old | new | new / old |')
console.log('|---|---|---|---|')
for (const [si, scenario] of SCENARIOS.entries()) {
  const [old, neu] = results[si]
  const cell = (xs) => `${median(xs).toFixed(1)} (${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)})`
  console.log(`| ${scenario.id} | ${cell(old)} | ${cell(neu)} | ${(median(neu) / median(old)).toFixed(2)} |`)
}
