import { test } from 'node:test'
import assert from 'node:assert/strict'

import { CodeMode, codeMode, assertValue, assertWellFormedResult } from './helpers.mjs'

test('the package exports CodeMode and Session classes', async () => {
  const mod = await import('../index.js')
  assert.equal(typeof mod.CodeMode, 'function')
  assert.equal(typeof mod.Session, 'function')
  assert.equal(typeof (mod.default ?? mod).CodeMode, 'function')
})

test('a run returns the value of `return` as a well-formed RunResult', async (t) => {
  const cm = codeMode(t)
  const r = await cm.run('return 1 + 1')
  assertWellFormedResult(r)
  assert.equal(r.ok, true)
  assert.equal(r.value, 2)
  assert.deepEqual(r.logs, [])
  assert.deepEqual(r.toolCalls, [])
  assert.deepEqual(r.warnings, [])
  assert.equal(r.stats.toolCalls, 0)
  assert.ok(r.stats.durationMs >= 0)
  assert.ok(r.stats.memoryUsedBytes > 0, 'memoryUsedBytes reports the QuickJS heap')
})

test('new CodeMode() works without options, and with an empty options object', async () => {
  for (const cm of [new CodeMode(), new CodeMode({}), new CodeMode(null), new CodeMode(undefined)]) {
    assert.equal(cm.toolCount, 0)
    assertValue(await cm.run('return "hi"'), 'hi')
    await cm.close()
  }
})

test('code runs as an async function body: top-level await and return work', async (t) => {
  const cm = codeMode(t)
  assertValue(await cm.run('const x = await Promise.resolve(20); return x + 1'), 21)
  assertValue(
    await cm.run('await new Promise(r => setTimeout(r, 10)); return "after timer"'),
    'after timer',
  )
  assertValue(await cm.run('for (const i of [1, 2, 3]) { if (i === 2) return i * 10 }'), 20)
})

test('JSON-compatible values come back as equal data', async (t) => {
  const cm = codeMode(t)
  const cases = [
    ['return 42', 42],
    ['return -0.5', -0.5],
    ['return "ünïcødé 🎉"', 'ünïcødé 🎉'],
    ['return true', true],
    ['return null', null],
    ['return [1, "a", null, [2]]', [1, 'a', null, [2]]],
    ['return { a: { b: [1, { c: "d" }] }, e: false }', { a: { b: [1, { c: 'd' }] }, e: false }],
    ['return { "key with spaces": 1, "": 2 }', { 'key with spaces': 1, '': 2 }],
    ['return Number.MAX_SAFE_INTEGER', Number.MAX_SAFE_INTEGER],
  ]
  for (const [code, expected] of cases) assertValue(await cm.run(code), expected)
})

test('tools are callable as tools.name(input) and tools.namespace.name(input)', async (t) => {
  const cm = codeMode(t, {
    tools: [
      { name: 'add', description: 'Adds', execute: ({ a, b }) => a + b },
      {
        name: 'getWeather',
        namespace: 'weather',
        inputSchema: { type: 'object', properties: { city: { type: 'string' } } },
        execute: async ({ city }) => ({ city, tempC: 21 }),
      },
    ],
  })
  assert.equal(cm.toolCount, 2)
  const r = await cm.run(`
    const sum = await tools.add({ a: 2, b: 3 })
    const w = await tools.weather.getWeather({ city: 'Oslo' })
    return { sum, w }
  `)
  assertValue(r, { sum: 5, w: { city: 'Oslo', tempC: 21 } })
  assert.equal(r.stats.toolCalls, 2)
  assert.equal(r.toolCalls.length, 2)
  assert.equal(r.toolCalls[0].tool, 'add')
  assert.equal(r.toolCalls[0].namespace, undefined)
  assert.deepEqual(r.toolCalls[0].input, { a: 2, b: 3 })
  assert.equal(r.toolCalls[0].output, 5)
  assert.equal(r.toolCalls[0].ok, true)
  assert.equal(r.toolCalls[1].tool, 'getWeather')
  assert.equal(r.toolCalls[1].namespace, 'weather')
  assert.deepEqual(r.toolCalls[1].output, { city: 'Oslo', tempC: 21 })
})

test('tools may be given as a record keyed by name', async (t) => {
  const cm = codeMode(t, {
    tools: {
      double: { execute: (n) => n * 2 },
      greet: { namespace: 'people', execute: ({ name }) => `hello ${name}` },
    },
  })
  assert.equal(cm.toolCount, 2)
  assertValue(
    await cm.run('return [await tools.double(21), await tools.people.greet({ name: "Ada" })]'),
    [42, 'hello Ada'],
  )
})

test('execute receives the input and a ctx with signal, toolCallId, name and namespace', async (t) => {
  const seen = []
  const cm = codeMode(t, {
    tools: [
      { name: 'probe', execute: (input, ctx) => { seen.push({ input, ctx }); return 'ok' } },
      { name: 'probe2', namespace: 'ns', execute: (input, ctx) => { seen.push({ input, ctx }); return 'ok' } },
    ],
  })
  const r = await cm.run('await tools.probe({ x: [1, 2] }); await tools.ns.probe2("str"); return 1')
  assertValue(r, 1)
  assert.equal(seen.length, 2)
  assert.deepEqual(seen[0].input, { x: [1, 2] })
  assert.ok(seen[0].ctx.signal instanceof AbortSignal)
  assert.equal(seen[0].ctx.signal.aborted, false)
  assert.equal(seen[0].ctx.name, 'probe')
  assert.equal(typeof seen[0].ctx.toolCallId, 'string')
  assert.equal(seen[0].ctx.toolCallId, r.toolCalls[0].id)
  assert.equal(seen[1].input, 'str')
  assert.equal(seen[1].ctx.name, 'probe2')
  assert.equal(seen[1].ctx.namespace, 'ns')
  assert.equal(seen[1].ctx.toolCallId, r.toolCalls[1].id)
  assert.notEqual(seen[0].ctx.toolCallId, seen[1].ctx.toolCallId)
})

test('ctx.namespace is undefined (not null) for a tool without a namespace, as typed', async (t) => {
  let ctxSeen
  const cm = codeMode(t, { tools: [{ name: 'plain', execute: (_i, ctx) => { ctxSeen = ctx; return 1 } }] })
  assertValue(await cm.run('return await tools.plain({})'), 1)
  assert.equal(ctxSeen.name, 'plain')
  // ToolContext.namespace is `namespace?: string`; RunResult.toolCalls[].namespace is absent too
  assert.equal(ctxSeen.namespace, undefined)
})

test('tool call ids are unique across runs of one instance', async (t) => {
  const cm = codeMode(t, { tools: { echo: { execute: (i) => i } } })
  const ids = new Set()
  for (let i = 0; i < 5; i++) {
    const r = await cm.run('await tools.echo(1); await tools.echo(2); return 0')
    for (const c of r.toolCalls) ids.add(c.id)
  }
  assert.equal(ids.size, 10)
})

test('each run gets a fresh context: globals do not leak between runs', async (t) => {
  const cm = codeMode(t)
  assertValue(await cm.run('globalThis.leak = 123; var alsoLeak = 1; return leak'), 123)
  assertValue(await cm.run('return [typeof leak, typeof alsoLeak]'), ['undefined', 'undefined'])
})

test('instance limits apply to every run and per-run limits override them', async (t) => {
  const cm = codeMode(t, { limits: { maxResultBytes: 100 } })
  const big = 'return "x".repeat(500)'
  assert.equal((await cm.run(big)).error?.code, 'RESULT_TOO_LARGE')
  assertValue(await cm.run(big, { limits: { maxResultBytes: 10_000 } }), 'x'.repeat(500))
  // the override applied to that run only
  assert.equal((await cm.run(big)).error?.code, 'RESULT_TOO_LARGE')
})

test('close() resolves, is idempotent, and toolCount stays readable', async () => {
  const cm = new CodeMode({ tools: { a: { execute: () => 1 } } })
  assertValue(await cm.run('return await tools.a()'), 1)
  await cm.close()
  await cm.close()
  assert.equal(cm.toolCount, 1)
})
