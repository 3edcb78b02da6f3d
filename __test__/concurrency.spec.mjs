import { test } from 'node:test'
import assert from 'node:assert/strict'

import { codeMode, assertValue, slowTool, sleep, timed } from './helpers.mjs'

test('100 concurrent tool calls from one run all reach the host at once and succeed', async (t) => {
  const slow = slowTool()
  const cm = codeMode(t, { tools: [slow.def], limits: { maxConcurrentToolCalls: 100 } })
  const r = await cm.run(`
    const outs = await Promise.all(Array.from({ length: 100 }, (_, i) => tools.slow({ ms: 100, value: i })))
    return outs.reduce((a, b) => a + b, 0)
  `)
  assertValue(r, 4950)
  assert.equal(r.toolCalls.length, 100)
  assert.ok(r.toolCalls.every((c) => c.ok))
  assert.equal(slow.stats.started, 100)
  assert.equal(slow.stats.maxActive, 100, 'all 100 calls were in flight on the host together')
})

test('100 concurrent tool calls with the default concurrency limit (32) all succeed', async (t) => {
  const slow = slowTool()
  const cm = codeMode(t, { tools: [slow.def] })
  const r = await cm.run(`
    const outs = await Promise.all(Array.from({ length: 100 }, (_, i) => tools.slow({ ms: 20, value: i })))
    return outs
  `)
  assertValue(r, Array.from({ length: 100 }, (_, i) => i))
  assert.equal(slow.stats.maxActive, 32)
})

test('Promise.all of five 200 ms tools runs them concurrently (well under 1 s)', async (t) => {
  const slow = slowTool()
  const cm = codeMode(t, { tools: [slow.def] })
  const { ms, value: r } = await timed(() =>
    cm.run('return await Promise.all([1, 2, 3, 4, 5].map((v) => tools.slow({ ms: 200, value: v })))'),
  )
  assertValue(r, [1, 2, 3, 4, 5])
  t.diagnostic(`5 x 200 ms tools under Promise.all took ${ms.toFixed(0)} ms`)
  assert.ok(ms >= 190, `took ${ms} ms; the tools really waited`)
  assert.ok(ms < 700, `took ${ms} ms; expected concurrent execution (< 700 ms)`)
  assert.equal(slow.stats.maxActive, 5)
})

test('maxConcurrentToolCalls queues further calls instead of failing them', async (t) => {
  const slow = slowTool()
  const cm = codeMode(t, { tools: [slow.def] })
  const { ms, value: r } = await timed(() =>
    cm.run('return await Promise.all([1, 2, 3, 4, 5, 6].map((v) => tools.slow({ ms: 100, value: v })))', {
      limits: { maxConcurrentToolCalls: 2 },
    }),
  )
  assertValue(r, [1, 2, 3, 4, 5, 6])
  assert.equal(slow.stats.started, 6)
  assert.equal(slow.stats.maxActive, 2, 'never more than 2 calls in flight on the host')
  assert.ok(r.toolCalls.every((c) => c.ok))
  t.diagnostic(`6 x 100 ms with limit 2 took ${ms.toFixed(0)} ms`)
  assert.ok(ms >= 280, `took ${ms} ms; 3 waves of 100 ms expected`)
})

test('an instance-level maxConcurrentToolCalls applies to every run', async (t) => {
  const slow = slowTool()
  const cm = codeMode(t, { tools: [slow.def], limits: { maxConcurrentToolCalls: 1 } })
  const r = await cm.run('return await Promise.all([1, 2, 3].map((v) => tools.slow({ ms: 30, value: v })))')
  assertValue(r, [1, 2, 3])
  assert.equal(slow.stats.maxActive, 1)
})

test('50 runs in parallel all return their own correct results', async (t) => {
  const cm = codeMode(t, {
    tools: { echo: { execute: async (i) => { await sleep(5); return i } } },
  })
  const results = await Promise.all(
    Array.from({ length: 50 }, (_, i) =>
      cm.run(`const { n } = await tools.echo({ n: ${i} }); globalThis.mine = n; await null; return { n: mine * 2, calls: 1 }`),
    ),
  )
  results.forEach((r, i) => {
    assertValue(r, { n: i * 2, calls: 1 })
    assert.equal(r.toolCalls.length, 1)
    assert.deepEqual(r.toolCalls[0].input, { n: i })
  })
})

test('parallel runs on different instances do not interfere', async (t) => {
  const instances = Array.from({ length: 4 }, (_, k) =>
    codeMode(t, { tools: { id: { execute: () => k } } }),
  )
  const results = await Promise.all(
    instances.flatMap((cm, k) => Array.from({ length: 5 }, () => cm.run('return await tools.id()').then((r) => [k, r]))),
  )
  for (const [k, r] of results) assertValue(r, k)
})

test('a long-running guest does not delay a short run started after it', async (t) => {
  const cm = codeMode(t)
  const long = cm.run('const end = Date.now() + 600; while (Date.now() < end) {} return "long"')
  await sleep(20)
  const { ms, value: short } = await timed(() => cm.run('return "short"'))
  assertValue(short, 'short')
  assert.ok(ms < 500, `short run took ${ms} ms while a busy run was in flight`)
  assertValue(await long, 'long')
})

test('a tool call reaches the host while the guest keeps computing (before its first await)', async (t) => {
  // Calls are meant to run concurrently with guest code; the host must not have to wait for the
  // guest to yield before it even sees the call.
  let calledAfterMs = null
  let start = 0
  const cm = codeMode(t, {
    tools: {
      fetchData: {
        execute: async () => {
          calledAfterMs = performance.now() - start
          await sleep(200)
          return 'data'
        },
      },
    },
  })
  start = performance.now()
  const { ms, value: r } = await timed(() =>
    cm.run(`
      const pending = tools.fetchData({})
      const end = Date.now() + 300
      while (Date.now() < end) {}   // CPU work while the tool runs on the host
      return await pending
    `),
  )
  assertValue(r, 'data')
  t.diagnostic(`host execute called after ${calledAfterMs?.toFixed(0)} ms, run took ${ms.toFixed(0)} ms`)
  assert.ok(calledAfterMs < 150, `host execute started ${calledAfterMs} ms into the run, after the guest's busy loop`)
  assert.ok(ms < 450, `run took ${ms} ms; tool (200 ms) and computation (300 ms) should overlap`)
})
