#!/usr/bin/env node
// What learning output types from results (`inferOutputTypes`, on by default) costs per tool
// call: two instances of one build, observing on and off, with the same tools, their runs
// interleaved (alternating which goes first) so both see the same machine at the same moment.
//
//   node benchmark/observed-types.mjs [--rounds 15]
//
// Each scenario makes N sequential calls of a tool without an outputSchema in one run and
// reports µs per call (median and min–max over the rounds), on, off and their difference:
// "steady" on instances whose tools' types are already stable (so results are sampled), "first
// 16" on fresh instances each round, where every result is walked.
import binding from '../index.js'

const args = process.argv.slice(2)
const roundsAt = args.indexOf('--rounds')
const ROUNDS = roundsAt >= 0 ? Math.max(3, Number(args[roundsAt + 1]) || 15) : 15

/** A GitHub-issue-like object (~1.3 KB of JSON). */
const issue = (i) => ({
  id: 1000 + i,
  number: i,
  title: `Issue ${i}: something is off`,
  state: i % 3 ? 'open' : 'closed',
  locked: false,
  labels: [{ id: 1, name: 'bug', color: 'd73a4a', default: true }, { id: 2, name: 'p1', color: 'ffffff', default: false }],
  user: { login: `user${i % 7}`, id: 77 + i, avatar_url: 'https://example.com/a.png', site_admin: false, type: 'User' },
  assignee: i % 2 ? null : { login: 'owner', id: 1, avatar_url: 'https://example.com/b.png', site_admin: true, type: 'User' },
  milestone: null,
  comments: i * 3,
  created_at: '2024-05-01T10:00:00Z',
  updated_at: '2024-05-02T10:00:00Z',
  closed_at: i % 3 ? null : '2024-05-03T10:00:00Z',
  body: 'Steps to reproduce: run the thing, then look at the output. '.repeat(8),
  reactions: { total_count: 3, '+1': 2, '-1': 0, laugh: 1, hooray: 0, confused: 0, heart: 0 },
})

const SCENARIOS = [
  { id: 'small object (60 B)', calls: 2000, value: { ok: true, id: 42, name: 'x', tags: ['a', 'b'] } },
  { id: 'issue (1.3 KB)', calls: 1000, value: issue(1) },
  { id: 'list of 100 issues (130 KB)', calls: 100, value: { total: 100, items: Array.from({ length: 100 }, (_, i) => issue(i)) } },
]

const LIMITS = { timeoutMs: 120_000, maxToolCalls: 20_000, maxRecordedBytes: 1 << 30 }

function instance(inferOutputTypes) {
  const tools = SCENARIOS.map((s, i) => ({ name: `t${i}`, execute: () => s.value }))
  return new binding.CodeMode({ tools, limits: LIMITS, inferOutputTypes })
}

async function perCallUs(cm, index, calls = SCENARIOS[index].calls) {
  const start = performance.now()
  const r = await cm.run(`let n = 0; for (let i = 0; i < ${calls}; i++) n += (await tools.t${index}()) ? 1 : 0; return n`)
  if (r.value !== calls) throw new Error(JSON.stringify(r.error))
  return ((performance.now() - start) * 1000) / calls
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

/** Times `measure(cm, which)` on the `on` and `off` instances, interleaved, ROUNDS times. */
async function interleaved(measure) {
  const times = { on: [], off: [] }
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? ['on', 'off'] : ['off', 'on']
    for (const which of order) times[which].push(await measure(which))
  }
  return times
}

const on = instance(true)
const off = instance(false)
const rows = []
for (const [index, scenario] of SCENARIOS.entries()) {
  await perCallUs(on, index) // warm-up; also gives `on` its observed types
  await perCallUs(off, index)
  const steady = await interleaved((which) => perCallUs(which === 'on' ? on : off, index))
  rows.push({ id: `${scenario.id}, steady`, times: steady })
  const first = await interleaved(async (which) => {
    const cm = instance(which === 'on')
    const us = await perCallUs(cm, index, 16)
    await cm.close()
    return us
  })
  rows.push({ id: `${scenario.id}, first 16`, times: first })
  process.stderr.write('.')
}
process.stderr.write('\n')
if (!/observed/.test(on.declarations()) || /observed/.test(off.declarations())) throw new Error('observing did not happen as configured')
await on.close()
await off.close()

const cell = (xs) => `${median(xs).toFixed(1)} (${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)})`
console.log(`inferOutputTypes on vs off, ${ROUNDS} interleaved rounds; µs per tool call, median (min–max)`)
console.log('| result | off | on | on − off |')
console.log('|---|---|---|---|')
for (const { id, times } of rows) {
  const diff = median(times.on) - median(times.off)
  console.log(`| ${id} | ${cell(times.off)} | ${cell(times.on)} | ${diff >= 0 ? '+' : ''}${diff.toFixed(1)} |`)
}
