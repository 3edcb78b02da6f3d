import { test } from 'node:test'
import assert from 'node:assert/strict'
import v8 from 'node:v8'
import vm from 'node:vm'

import { codeMode } from './helpers.mjs'

v8.setFlagsFromString('--expose-gc')
const gc = vm.runInNewContext('gc')

const MB = 1024 * 1024
const RUNS = 10_000
const BATCH = 50
const RSS_GROWTH_LIMIT = 60 * MB

async function settle() {
  for (let i = 0; i < 3; i++) {
    gc()
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

async function runMany(cm, total, makeCode, check) {
  for (let i = 0; i < total; i += BATCH) {
    const batch = []
    for (let k = i; k < Math.min(total, i + BATCH); k++) batch.push(cm.run(makeCode(k)).then((r) => check(r, k)))
    await Promise.all(batch)
  }
}

test(`${RUNS} runs with a tool call each keep RSS within ${RSS_GROWTH_LIMIT / MB} MB of the warmed-up baseline`, async (t) => {
  const cm = codeMode(t, {
    tools: {
      lookup: { execute: async ({ id }) => ({ id, name: `item-${id}`, tags: ['a', 'b'], payload: 'p'.repeat(200) }) },
    },
  })
  const code = (k) => `
    const item = await tools.lookup({ id: ${k} })
    console.log('got', item.name)
    const big = Array.from({ length: 200 }, (_, i) => ({ i, s: 'x'.repeat(20) }))
    return { id: item.id, n: big.length }`
  let failures = 0
  const check = (r, k) => {
    if (!r.ok || r.value.id !== k || r.value.n !== 200 || r.toolCalls.length !== 1 || r.logs.length !== 1) failures++
  }

  // warm-up: thread pool, allocator arenas, JIT of the host side
  await runMany(cm, 1000, code, check)
  await settle()
  const before = process.memoryUsage()

  const start = performance.now()
  await runMany(cm, RUNS, code, check)
  const ms = performance.now() - start
  await settle()
  const after = process.memoryUsage()

  const growth = after.rss - before.rss
  t.diagnostic(`${RUNS} runs in ${(ms / 1000).toFixed(1)} s (${((RUNS / ms) * 1000).toFixed(0)} runs/s)`)
  t.diagnostic(`RSS baseline ${(before.rss / MB).toFixed(1)} MB -> ${(after.rss / MB).toFixed(1)} MB (growth ${(growth / MB).toFixed(1)} MB)`)
  t.diagnostic(`heapUsed ${(before.heapUsed / MB).toFixed(1)} -> ${(after.heapUsed / MB).toFixed(1)} MB, external ${(before.external / MB).toFixed(1)} -> ${(after.external / MB).toFixed(1)} MB`)
  assert.equal(failures, 0, `${failures} runs returned a wrong result`)
  assert.ok(growth < RSS_GROWTH_LIMIT, `RSS grew by ${(growth / MB).toFixed(1)} MB over ${RUNS} runs`)
})

test('failing runs (syntax errors, exceptions, breaches, timeouts, cancellations) do not leak either', async (t) => {
  const cm = codeMode(t, {
    tools: {
      fail: { execute: () => { throw new Error('nope') } },
      hang: { execute: () => new Promise(() => {}) },
      echo: { execute: (i) => i },
    },
  })
  const shapes = [
    ['const = 1', {}],
    ['throw new Error("x".repeat(1000))', {}],
    ['await tools.fail({})', {}],
    ['function f() { return f() } f()', {}],
    ['const a = []; while (true) a.push(new Array(1e4).fill(1))', { memoryLimitBytes: 4 << 20 }],
    ['tools.hang({}); await tools.echo(1); return 1', {}],
    ['return "x".repeat(5000)', { maxResultBytes: 100 }],
    ['await tools.hang({})', { timeoutMs: 20 }],
  ]
  let malformed = 0
  const round = async (n) => {
    for (let i = 0; i < n; i += BATCH) {
      const batch = []
      for (let k = i; k < Math.min(n, i + BATCH); k++) {
        const [code, limits] = shapes[k % shapes.length]
        batch.push(cm.run(code, { limits }).then((r) => { if (typeof r.ok !== 'boolean') malformed++ }))
      }
      await Promise.all(batch)
    }
  }
  // Memory breaches make glibc's per-thread arenas grow once and stay grown (fragmentation, not a
  // leak), and V8's own heap grows in steps. So native memory (RSS minus the V8 heap) is sampled
  // after each of four equal rounds: a leak grows it in every round, noise does not, so the
  // smallest per-round growth must stay under what ~6 KB per run would give.
  const native = () => {
    const m = process.memoryUsage()
    return m.rss - m.heapTotal
  }
  await round(1000)
  await settle()
  const growths = []
  let prev = native()
  for (let r = 0; r < 4; r++) {
    await round(1000)
    await settle()
    const now = native()
    growths.push(now - prev)
    prev = now
  }
  t.diagnostic(`native memory growth per 1000 failing runs: ${growths.map((g) => (g / MB).toFixed(1)).join(', ')} MB`)
  assert.equal(malformed, 0)
  const least = Math.min(...growths)
  assert.ok(least < 6 * MB, `native memory grew in every round, at least ${(least / MB).toFixed(1)} MB per 1000 runs`)
})

test('creating and closing many sessions and instances does not leak', async (t) => {
  const cycle = async (n) => {
    for (let i = 0; i < n; i++) {
      const cm = (await import('../index.js')).CodeMode
      const inst = new cm({ tools: { echo: { execute: (x) => x } } })
      const s = inst.session()
      await s.run('globalThis.x = await tools.echo(1)')
      const r = await s.run('return x')
      assert.equal(r.value, 1)
      s.close()
      await inst.close()
    }
  }
  await cycle(200)
  await settle()
  const before = process.memoryUsage().rss
  await cycle(1000)
  await settle()
  const growth = process.memoryUsage().rss - before
  t.diagnostic(`RSS growth over 1000 instance+session cycles: ${(growth / MB).toFixed(1)} MB`)
  assert.ok(growth < 40 * MB, `RSS grew by ${(growth / MB).toFixed(1)} MB`)
})
