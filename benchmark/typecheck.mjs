#!/usr/bin/env node
// What `typecheck` costs (issue 17): a 20-line program checked against 10 and 200 tools.
//
//   node benchmark/typecheck.mjs [--rounds 15]
//
// cold: the first checked run of a fresh process (worker start, `typescript` loaded, lib files
// parsed), minus the same process's first unchecked run; median over 5 processes.
// warmed: the same, for an instance created with `typecheck: 'strict'` (which readies the
// checker in the background) and first run 1.5 s later.
// new instance: the first check of a second instance with the same tools in a warm worker (the
// instances share one checker: a server that creates an instance per request).
// new tool set: the first check of an instance with other tools (its declarations, its services).
// warm: a check of a new program on a warm instance (each round changes the program text).
// per run: median of 'strict' runs minus median of 'off' runs of the same valid program, their
// runs interleaved so both see the same machine at the same moment.
// 8 at once: eight new programs run concurrently (the worker checks them together), the time
// until all are done, beside 8 × the warm check.
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

import binding from '../index.js'

const args = process.argv.slice(2)
const roundsAt = args.indexOf('--rounds')
const ROUNDS = roundsAt >= 0 ? Math.max(3, Number(args[roundsAt + 1]) || 15) : 15
const COLD_PROCESSES = 5

/** `count` tools in 10 namespaces, with input and output schemas, like a large MCP catalogue. */
function toolSet(count, salt = '') {
  return Array.from({ length: count }, (_, i) => ({
    name: i === 0 ? 'getWeather' : `tool${i}`,
    namespace: `ns${i % 10}`,
    description: `Tool ${i}: does something useful with a record.${salt}`,
    inputSchema: {
      type: 'object',
      properties: { city: { type: 'string' }, limit: { type: 'integer' }, tags: { type: 'array', items: { type: 'string' } } },
      required: ['city'],
    },
    outputSchema: {
      type: 'object',
      properties: { tempC: { type: 'number' }, items: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, score: { type: 'number' } } } } },
      required: ['tempC', 'items'],
    },
    execute: async () => ({ tempC: 21, items: [{ id: 'a', score: 1 }] }),
  }))
}

/** A valid 20-line program; `salt` makes each text new. */
function program(salt = 0) {
  return `// run ${salt}
interface Row { city: string; tempC: number; best?: string }
const cities = ['Oslo', 'Rome', 'Lima', 'Pune']
const rows: Row[] = []
for (const city of cities) {
  const w = await tools.ns0.getWeather({ city, limit: ${salt % 7}, tags: ['x'] })
  const best = w.items.slice().sort((a, b) => (b.score ?? 0) - (a.score ?? 0))[0]
  rows.push({ city, tempC: w.tempC, best: best?.id })
}
const warm = rows.filter((r) => r.tempC > 10)
const byCity = new Map(warm.map((r) => [r.city, r] as const))
function describe(r: Row): string {
  return \`\${r.city}: \${r.tempC.toFixed(1)} °C\`
}
const lines = warm.map(describe)
console.log(lines.join('\\n'))
const total = rows.reduce((n, r) => n + r.tempC, 0)
const mean = rows.length ? total / rows.length : 0
if (mean > 100) throw new Error('implausible')
return { lines, mean: Math.round(mean * 10) / 10, cities: [...byCity.keys()] }`
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const fmt = (ms) => `${ms.toFixed(ms < 10 ? 2 : 1)} ms`

async function timedRun(cm, code, options) {
  const start = performance.now()
  const r = await cm.run(code, options)
  const ms = performance.now() - start
  if (!r.ok) throw new Error(`benchmark program failed: ${JSON.stringify(r.error)}`)
  return ms
}

// In a child: the first unchecked run, then the first checked run, of a fresh process.
if (args[0] === '--cold-child') {
  const warmed = args[2] === 'warmed'
  const cm = new binding.CodeMode({ tools: toolSet(Number(args[1])), ...(warmed ? { typecheck: 'strict' } : {}) })
  if (warmed) await new Promise((resolve) => setTimeout(resolve, 1500))
  const off = await timedRun(cm, program(1), { typecheck: 'off' })
  const strict = await timedRun(cm, program(2), { typecheck: 'strict' })
  await cm.close()
  console.log(JSON.stringify({ off, strict }))
  process.exit(0)
}

const self = fileURLToPath(import.meta.url)
const rows = []
for (const count of [10, 200]) {
  const firstCheck = (how) => {
    const { off, strict } = JSON.parse(execFileSync(process.execPath, [self, '--cold-child', String(count), how], { encoding: 'utf8' }))
    return strict - off
  }
  const cold = []
  const warmed = []
  for (let i = 0; i < COLD_PROCESSES; i++) {
    cold.push(firstCheck('cold'))
    warmed.push(firstCheck('warmed'))
  }
  const keep = new binding.CodeMode({ tools: toolSet(count), typecheck: 'strict' })
  await timedRun(keep, program(0)) // the worker is warm from here on
  const fresh = new binding.CodeMode({ tools: toolSet(count) })
  const newInstance = await timedRun(fresh, program(1), { typecheck: 'strict' })
  const other = new binding.CodeMode({ tools: toolSet(count, ' (other)') })
  const newTools = await timedRun(other, program(2), { typecheck: 'strict' })
  const warm = []
  const strictRuns = []
  const offRuns = []
  const same = program(3)
  for (let i = 0; i < ROUNDS; i++) {
    warm.push(await timedRun(keep, program(100 + i)))
    const pair = i % 2 ? ['off', 'strict'] : ['strict', 'off']
    for (const mode of pair) (mode === 'strict' ? strictRuns : offRuns).push(await timedRun(keep, same, { typecheck: mode }))
  }
  const together = []
  for (let i = 0; i < Math.max(3, Math.floor(ROUNDS / 3)); i++) {
    const start = performance.now()
    const results = await Promise.all(Array.from({ length: 8 }, (_, k) => keep.run(program(1000 + i * 8 + k))))
    together.push(performance.now() - start)
    if (!results.every((r) => r.ok)) throw new Error('benchmark program failed')
  }
  const offMs = median(offRuns)
  await Promise.all([keep.close(), fresh.close(), other.close()])
  rows.push({
    tools: count,
    declarations: `${(keep.declarations?.length ?? 0) || ''}`,
    cold: median(cold),
    warmed: median(warmed),
    together: median(together),
    newInstance,
    newTools,
    warm: median(warm) - offMs,
    perRun: median(strictRuns) - offMs,
    offMs,
  })
}

console.log(`typecheck, a 20-line program (${ROUNDS} rounds; cold: median of ${COLD_PROCESSES} processes)\n`)
console.log('| tools | cold check | first check, warmed at construction | first check, new instance (same tools) | first check, new tool set | warm check (new program) | 8 new programs at once (8 × warm) | per run, same program | run without check |')
console.log('|---|---|---|---|---|---|---|---|---|')
for (const r of rows) {
  const row = [fmt(r.cold), fmt(r.warmed), fmt(r.newInstance), fmt(r.newTools), fmt(r.warm), `${fmt(r.together)} (${fmt(8 * r.warm)})`, fmt(r.perRun), fmt(r.offMs)]
  console.log(`| ${r.tools} | ${row.join(' | ')} |`)
}
