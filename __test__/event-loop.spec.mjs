import { test } from 'node:test'
import assert from 'node:assert/strict'
import { monitorEventLoopDelay } from 'node:perf_hooks'

import { codeMode, assertValue, slowTool } from './helpers.mjs'

test('the host event loop keeps ticking while a guest busy-loops for 500 ms', async (t) => {
  const cm = codeMode(t)
  let ticks = 0
  const interval = setInterval(() => ticks++, 5)
  const start = performance.now()
  const r = await cm.run('const end = Date.now() + 500; let n = 0; while (Date.now() < end) { n++ } return n > 0')
  const ms = performance.now() - start
  clearInterval(interval)
  assertValue(r, true)
  t.diagnostic(`${ticks} ticks of a 5 ms interval during a ${ms.toFixed(0)} ms busy guest`)
  assert.ok(ms >= 490, `the guest really ran for 500 ms (${ms} ms)`)
  assert.ok(ticks >= 40, `only ${ticks} host ticks during the busy guest`)
})

test('the event loop stays responsive while several guests busy-loop at once', async (t) => {
  const cm = codeMode(t)
  const histogram = monitorEventLoopDelay({ resolution: 5 })
  histogram.enable()
  const results = await Promise.all(
    Array.from({ length: 4 }, () => cm.run('const end = Date.now() + 400; while (Date.now() < end) {} return 1')),
  )
  histogram.disable()
  for (const r of results) assertValue(r, 1)
  const maxMs = histogram.max / 1e6
  t.diagnostic(`max event-loop delay ${maxMs.toFixed(1)} ms`)
  assert.ok(maxMs < 200, `event loop was blocked for ${maxMs} ms`)
})

test('host tools keep being served while another guest busy-loops', async (t) => {
  const slow = slowTool()
  const cm = codeMode(t, { tools: [slow.def] })
  const busy = cm.run('const end = Date.now() + 600; while (Date.now() < end) {} return "busy done"')
  const start = performance.now()
  const r = await cm.run('let s = 0; for (let i = 0; i < 5; i++) s += await tools.slow({ ms: 10, value: i }); return s')
  const ms = performance.now() - start
  assertValue(r, 10)
  assert.ok(ms < 450, `tool-calling run took ${ms} ms next to a busy guest`)
  assertValue(await busy, 'busy done')
})

test('a timeout does not depend on the host event loop being idle', async (t) => {
  // The deadline interrupts the guest even when Node's main thread is itself busy.
  const cm = codeMode(t, { limits: { timeoutMs: 200 } })
  const start = performance.now()
  const p = cm.run('while (true) {}')
  const blockUntil = performance.now() + 400
  while (performance.now() < blockUntil) {} // block the host main thread past the deadline
  const r = await p
  const ms = performance.now() - start
  assert.equal(r.error?.code, 'TIMEOUT')
  assert.ok(ms < 1500, `took ${ms} ms`)
})
