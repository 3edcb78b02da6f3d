// quickjs-codemode/ai beside @ai-sdk/code-mode 1.0.42, in one run on Node 22 with ai 7.0.85: the
// same programs and the same AI SDK tools through each code tool's `execute`.
//
//   npm run bench:ai [-- --rounds N]     (from the repo root)
//
// first execute   a fresh process creates the tool and runs one program (2 tool calls); median
//                 of N processes. Includes starting the engine: threads and QuickJS for us,
//                 worker threads and the WASM module for @ai-sdk/code-mode.
// warm execute    the same program again in a warm process; median of 50 executes per round.
// 1,000 calls     one program making 1,000 sequential `await tools.echo({ i })`; per call.
// 400 KB result   one program returning ~400 KB of JSON (4,000 objects), until execute returns.
//                 We hand the model formatResult's text (cut to 20,000 characters with a marker);
//                 @ai-sdk/code-mode returns the whole value.
import { spawnSync } from 'node:child_process'
import { loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'

import { experimental_createCodeModeTool as createCodeModeTool } from '@ai-sdk/code-mode'
import { tool } from 'ai'
import { z } from 'zod'
import { createCodeTool } from 'quickjs-codemode/ai'

const SELF = fileURLToPath(import.meta.url)
const ROUNDS = Number(argValue('--rounds') ?? 5)

const PROGRAMS = {
  small: `const [w, p] = await Promise.all([tools.getWeather({ city: 'Oslo' }), tools.getPopulation({ city: 'Oslo' })])
return { tempC: w.tempC, population: p.population }`,
  calls: `let sum = 0
for (let i = 0; i < 1000; i++) sum += (await tools.echo({ i })).i
return sum`,
  big: `return Array.from({ length: 4000 }, (_, i) => ({ id: i, name: 'item ' + i, text: 'x'.repeat(80) }))`,
}

const tools = {
  getWeather: tool({
    description: 'Current weather for a city',
    inputSchema: z.object({ city: z.string() }),
    outputSchema: z.object({ city: z.string(), tempC: z.number() }),
    execute: async ({ city }) => ({ city, tempC: 4 }),
  }),
  getPopulation: tool({
    description: 'Population of a city',
    inputSchema: z.object({ city: z.string() }),
    outputSchema: z.object({ city: z.string(), population: z.number() }),
    execute: async ({ city }) => ({ city, population: 709_000 }),
  }),
  echo: tool({
    description: 'Returns its input',
    inputSchema: z.object({ i: z.number() }),
    execute: async ({ i }) => ({ i }),
  }),
}

// Both with room for 1,000 calls (their default is 256 per run, ours 1,000) and a 2 MiB result.
const IMPLS = {
  'quickjs-codemode/ai': () => {
    const t = createCodeTool({ tools, limits: { maxToolCalls: 2000, maxResultBytes: 2 << 20 } })
    return async (code) => {
      let last
      for await (const out of t.execute({ code }, { toolCallId: 'b', messages: [] })) last = out
      return last
    }
  },
  '@ai-sdk/code-mode': () => {
    const t = createCodeModeTool(tools, { executionPolicy: { maxBridgeRequests: 2000, maxResultBytes: 2 << 20 } })
    return (code) => t.execute({ js: code }, { toolCallId: 'b', messages: [] })
  },
}

if (process.argv[2] === '--first') {
  // Child mode: one first execute, printed as JSON.
  const execute = IMPLS[process.argv[3]]()
  const start = performance.now()
  const out = await execute(PROGRAMS.small)
  const ms = performance.now() - start
  check('small', out)
  console.log(JSON.stringify({ ms }))
  process.exit(0)
}

const loadAtStart = loadavg()[0]
const rows = []
for (const [name, make] of Object.entries(IMPLS)) {
  console.error(`${name}: first execute (${ROUNDS} processes)`)
  const first = median(Array.from({ length: ROUNDS }, () => firstExecute(name)))
  const execute = make()
  check('small', await execute(PROGRAMS.small))
  check('calls', await execute(PROGRAMS.calls))
  check('big', await execute(PROGRAMS.big))
  console.error(`${name}: warm, 1,000 calls, 400 KB`)
  const warm = median(await rounds(async () => (await timeMany(50, () => execute(PROGRAMS.small))) / 50))
  const perCall = median(await rounds(async () => (await timeMany(1, () => execute(PROGRAMS.calls))) / 1000))
  const big = median(await rounds(() => timeMany(1, () => execute(PROGRAMS.big))))
  rows.push({ name, first, warm, perCall, big })
}

const [ours, theirs] = rows
const load = `1-minute load average ${loadAtStart.toFixed(1)} at start, ${loadavg()[0].toFixed(1)} at end`
console.log(`Node ${process.version}, ai 7.0.85, @ai-sdk/code-mode 1.0.42; medians of ${ROUNDS} rounds; ${load}\n`)
console.log('| scenario | quickjs-codemode/ai | @ai-sdk/code-mode | theirs ÷ ours |')
console.log('|---|---|---|---|')
line('first execute (fresh process)', ours.first, theirs.first, ms)
line('warm execute (2 tool calls)', ours.warm, theirs.warm, ms)
line('1,000 sequential nested calls, per call', ours.perCall, theirs.perCall, us)
line('returning ~400 KB', ours.big, theirs.big, ms)

function line(label, a, b, unit) {
  console.log(`| ${label} | ${unit(a)} | ${unit(b)} | ${(b / a).toFixed(1)}× |`)
}

function firstExecute(name) {
  const r = spawnSync(process.execPath, [SELF, '--first', name], { encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`${name} first execute failed: ${r.stderr}`)
  return JSON.parse(r.stdout.trim().split('\n').at(-1)).ms
}

async function rounds(fn) {
  const out = []
  for (let i = 0; i < ROUNDS; i++) out.push(await fn())
  return out
}

async function timeMany(n, fn) {
  const start = performance.now()
  for (let i = 0; i < n; i++) await fn()
  return performance.now() - start
}

// Every scenario checks the answer, so a failing run cannot pass for a fast one.
function check(kind, out) {
  const text = typeof out === 'string' ? out : JSON.stringify(out)
  const expected = { small: /709000|"population": 709000/, calls: /499500/, big: /item 3999|item 1\b/ }[kind]
  if (!expected.test(text)) throw new Error(`unexpected ${kind} output: ${text.slice(0, 300)}`)
}

function median(values) {
  const s = [...values].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

function ms(v) {
  return `${v < 10 ? v.toFixed(2) : v.toFixed(1)} ms`
}

function us(v) {
  return `${(v * 1000).toFixed(1)} µs`
}

function argValue(name) {
  const i = process.argv.indexOf(name)
  return i === -1 ? undefined : process.argv[i + 1]
}
