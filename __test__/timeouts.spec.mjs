import { test } from 'node:test'
import assert from 'node:assert/strict'

import { codeMode, assertValue, assertFailed, hangingTool, timed, waitAborted } from './helpers.mjs'

const DEADLINE = 300
// Generous upper bound: this is a shared, sometimes loaded 2-core VM.
const SLACK = 1200

function assertNearDeadline(ms, deadline = DEADLINE) {
  assert.ok(ms >= deadline - 15, `ended after ${ms.toFixed(0)} ms, before the ${deadline} ms deadline`)
  assert.ok(ms < deadline + SLACK, `ended after ${ms.toFixed(0)} ms, long after the ${deadline} ms deadline`)
}

/**
 * Runs `code` (which starts `tools.hang({})` before its timeout shape) and checks the common
 * contract: TIMEOUT near the deadline, a TimeoutError-style error with a hint, and the host tool's
 * ctx.signal aborted (at most shortly after the run resolves).
 */
async function checkShape(t, code) {
  const hang = hangingTool()
  const cm = codeMode(t, { tools: [hang.def], limits: { timeoutMs: DEADLINE } })
  const start = performance.now()
  const { ms, value: r } = await timed(() => cm.run(code))
  t.diagnostic(`ended after ${ms.toFixed(0)} ms`)
  assertFailed(r, 'TIMEOUT')
  assertNearDeadline(ms)
  assert.match(r.error.message, /300 ms/)
  assert.ok(r.error.hint.length > 0)
  assert.equal(r.value, undefined)
  // the pending call is reported as cancelled...
  const call = r.toolCalls.find((c) => c.tool === 'hang')
  assert.ok(call, 'the pending tool call is listed in toolCalls')
  assert.equal(call.ok, false)
  // ...and the host saw the call and had its signal aborted
  assert.equal(hang.calls.length, 1, 'the host tool was called before the deadline')
  // (whether it is aborted *before* run() resolves is checked in abort-ordering.spec.mjs)
  assert.equal(await waitAborted(hang.calls[0].ctx.signal), true, "the host tool's ctx.signal was aborted")
  const abortedAfter = hang.calls[0].abortedAt - start
  assert.ok(abortedAfter < DEADLINE + SLACK, `signal aborted ${abortedAfter} ms into the run`)
  return { cm, r, hang }
}

test('timeout shape: busy loop in the synchronous part of the program', async (t) => {
  await checkShape(t, 'tools.hang({}); while (true) {}')
})

test('timeout shape: busy loop after an await', async (t) => {
  await checkShape(t, 'tools.hang({}); await null; await Promise.resolve(); while (true) {}')
})

test('timeout shape: a promise that never settles', async (t) => {
  await checkShape(t, 'tools.hang({}); await new Promise(() => {})')
})

test('timeout shape: a setInterval timer loop that never finishes', async (t) => {
  const { r } = await checkShape(
    t,
    `tools.hang({})
     let ticks = 0
     await new Promise((resolve) => {
       setInterval(() => { ticks++; console.log('tick', ticks); if (ticks < 0) resolve() }, 10)
     })`,
  )
  // the interval really ran (real delays) until the deadline stopped it
  assert.ok(r.logs.length >= 5, `only ${r.logs.length} interval ticks logged`)
  assert.ok(r.logs.length <= DEADLINE / 10 + 5, `${r.logs.length} ticks for a 10 ms interval in ${DEADLINE} ms`)
  assert.equal(r.logs[0].message, 'tick 1')
})

test('timeout shape: a timer callback that busy-loops', async (t) => {
  await checkShape(t, 'tools.hang({}); setTimeout(() => { while (true) {} }, 5); await new Promise(() => {})')
})

test('timeout shape: a tool that never answers', async (t) => {
  const { r } = await checkShape(t, 'const v = await tools.hang({ q: 1 }); return v')
  assert.deepEqual(r.toolCalls[0].input, { q: 1 })
  assert.match(r.toolCalls[0].error, /cancel|time/i)
})

test('a timer longer than the deadline ends the run at the deadline, not at the timer', async (t) => {
  const cm = codeMode(t, { limits: { timeoutMs: DEADLINE } })
  const { ms, value: r } = await timed(() => cm.run('await new Promise((r) => setTimeout(r, 10_000)); return 1'))
  assertFailed(r, 'TIMEOUT')
  assertNearDeadline(ms)
})

test('timeout applies to the wall clock spent waiting on slow tools', async (t) => {
  let signal
  const cm = codeMode(t, {
    tools: { slow: { execute: (_i, ctx) => { signal = ctx.signal; return new Promise((r) => setTimeout(() => r('late'), 2000)) } } },
    limits: { timeoutMs: DEADLINE },
  })
  const { ms, value: r } = await timed(() => cm.run('return await tools.slow({})'))
  assertFailed(r, 'TIMEOUT')
  assertNearDeadline(ms)
  assert.equal(await waitAborted(signal), true)
})

test('a per-run timeoutMs overrides the instance timeout', async (t) => {
  const cm = codeMode(t, { limits: { timeoutMs: 20_000 } })
  const { ms, value: r } = await timed(() => cm.run('while (true) {}', { limits: { timeoutMs: 200 } }))
  assertFailed(r, 'TIMEOUT')
  assertNearDeadline(ms, 200)
})

test('the same instance runs normally after timeouts, including concurrent ones', async (t) => {
  const cm = codeMode(t, { limits: { timeoutMs: 250 } })
  const results = await Promise.all([
    cm.run('while (true) {}'),
    cm.run('await new Promise(() => {})'),
    cm.run('return "quick"'),
  ])
  assertFailed(results[0], 'TIMEOUT')
  assertFailed(results[1], 'TIMEOUT')
  assertValue(results[2], 'quick')
  assertValue(await cm.run('let s = 0; for (let i = 0; i < 1000; i++) s += i; return s'), 499500)
})

test('work that finishes just before the deadline succeeds', async (t) => {
  const cm = codeMode(t, { limits: { timeoutMs: 1000 } })
  const r = await cm.run('await new Promise((r) => setTimeout(r, 100)); return "in time"')
  assertValue(r, 'in time')
})

test('a guest that catches errors cannot swallow the timeout', async (t) => {
  const cm = codeMode(t, { limits: { timeoutMs: DEADLINE } })
  const { ms, value: r } = await timed(() =>
    cm.run('for (;;) { try { while (true) {} } catch (e) { } finally { continue } }'),
  )
  assertFailed(r, 'TIMEOUT')
  assertNearDeadline(ms)
})
