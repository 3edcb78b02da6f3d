#!/usr/bin/env node
// CPU time of two builds of the addon, loaded into one process, rounds interleaved (alternating
// which build goes first). On a shared VM whose load moves, process CPU time (`process.cpuUsage`,
// every thread of the process) is disturbed far less than wall time, so this shows what a change
// costs or saves when `run.mjs` cannot resolve it. Prints a Markdown table: median CPU µs per
// operation of each build, new/old, and the same for wall time.
//
//   node benchmark/compare-cpu.mjs OLD.node NEW.node [--rounds 11]
import { createRequire } from 'node:module'
import path from 'node:path'

const require = createRequire(import.meta.url)
const args = process.argv.slice(2)
const files = args.filter((a) => a.endsWith('.node'))
const roundsAt = args.indexOf('--rounds')
const ROUNDS = roundsAt >= 0 ? Math.max(1, parseInt(args[roundsAt + 1], 10) || 11) : 11
if (files.length !== 2) {
  console.error('usage: node benchmark/compare-cpu.mjs OLD.node NEW.node [--rounds N]')
  process.exit(2)
}
const builds = files.map((file, i) => [i === 0 ? 'old' : 'new', require(path.resolve(file))])
const BIG = 'x'.repeat(1 << 20)
const ROWS = Array.from({ length: 20000 }, (_, i) => ({ id: i, name: 'item' + i, tags: ['a', 'b'], v: i / 2 }))
const tools = [
  { name: 'big', description: 'a 1 MiB string', execute: () => BIG },
  { name: 'rows', description: '1.1 MB of JSON: 20,000 small objects', execute: () => ROWS },
]
const JSON_WORKLOAD =
  "const a = []; for (let i = 0; i < 20000; i++) a.push({ id: i, name: 'item' + i, tags: ['a', 'b'], v: i / 2 })\n" +
  'const s = JSON.stringify(a); const b = JSON.parse(s); return s.length > 1000000 && b.length === 20000'
const FIB = 'function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2) } return fib(27)'

const results = {}
const ok = (r) => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`)
  return r
}
/** Runs `fn` once untimed, then `n` times; records CPU and wall µs per call. */
async function measure(name, label, n, fn) {
  await fn()
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  for (let i = 0; i < n; i++) await fn()
  const cpu = process.cpuUsage(cpu0)
  const row = ((results[name] ??= {})[label] ??= [])
  row.push({ cpu: (cpu.user + cpu.system) / n, wall: ((performance.now() - t0) * 1000) / n })
}

for (let round = 0; round < ROUNDS; round++) {
  for (const [label, binding] of round % 2 ? [...builds].reverse() : builds) {
    await measure('new CodeMode + run `1+1` + await close', label, 200, async () => {
      const cm = new binding.CodeMode({ tools })
      ok(await cm.run('return 1+1'))
      await cm.close()
    })
    const cm = new binding.CodeMode({ tools, limits: { maxResultBytes: 4 << 20 } })
    await measure('cold run `1+1`', label, 200, async () => ok(await cm.run('return 1+1')))
    await measure('fib(27)', label, 2, async () => ok(await cm.run(FIB)))
    await measure('1 MiB string round trip', label, 5, async () => ok(await cm.run('return await tools.big({})')))
    await measure('1.1 MB of objects from a tool into the guest', label, 5, async () =>
      ok(await cm.run('return (await tools.rows({})).length')),
    )
    await measure('1 MB JSON build + stringify + parse in the guest', label, 3, async () => ok(await cm.run(JSON_WORKLOAD)))
    await measure('1.1 MB of objects round trip (tool → guest → result)', label, 3, async () =>
      ok(await cm.run('return await tools.rows({})')),
    )
    cm.close()
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[s.length >> 1]
}
console.log(`old = ${files[0]}, new = ${files[1]}; ${ROUNDS} interleaved rounds; medians`)
console.log('| operation | CPU µs old | CPU µs new | new / old | wall µs old | wall µs new | new / old |')
console.log('|---|---|---|---|---|---|---|')
for (const [name, by] of Object.entries(results)) {
  const [co, cn] = ['old', 'new'].map((l) => median(by[l].map((r) => r.cpu)))
  const [wo, wn] = ['old', 'new'].map((l) => median(by[l].map((r) => r.wall)))
  const f = (v) => Math.round(v).toLocaleString('en-US')
  console.log(`| ${name} | ${f(co)} | ${f(cn)} | ${(cn / co).toFixed(2)} | ${f(wo)} | ${f(wn)} | ${(wn / wo).toFixed(2)} |`)
}
process.exit(0)
