// A run's accounting and boundaries (issue 8): every tool call and log line counts, what the
// host keeps is bounded, a finished run never acts inside a later one, and the guest's stack and
// clock APIs disclose nothing of the host or the sandbox's internals.
import { test } from 'node:test'
import assert from 'node:assert/strict'

import { codeMode, assertFailed, assertValue, sleep } from './helpers.mjs'

test('tool calls made from toJSON while an input is serialised count against maxToolCalls', async (t) => {
  let hostCalls = 0
  const cm = codeMode(t, { tools: { noop: { execute: () => ++hostCalls } } })
  const r = await cm.run(
    `const o = { toJSON() { tools.noop({}); return 1 } }
     await tools.noop({ list: Array.from({ length: 20 }, () => o) })
     return 'not reached'`,
    { limits: { maxToolCalls: 3 } },
  )
  assertFailed(r, 'TOOL_CALL_LIMIT')
  await sleep(50)
  assert.ok(hostCalls <= 3, `the host was called ${hostCalls} times`)
})

test('console.log() with no arguments still counts against maxLogBytes', async (t) => {
  const cm = codeMode(t)
  const r = await cm.run('for (let i = 0; i < 100000; i++) console.log(); return 1', { limits: { maxLogBytes: 1024 } })
  assertValue(r, 1)
  assert.ok(r.logs.length <= 1024 / 16 + 1, `${r.logs.length} entries kept`)
  assert.match(r.logs.at(-1).message, /truncated/)
})

test('maxRecordedBytes bounds the inputs and outputs kept in toolCalls; 0 keeps none', async (t) => {
  const cm = codeMode(t, { tools: { echo: { execute: (input) => input } } })
  const code = `const big = 'x'.repeat(300000)
    for (let i = 0; i < 10; i++) await tools.echo({ big })
    return 'done'`
  const r = await cm.run(code, { limits: { maxRecordedBytes: 1 << 20 } })
  assertValue(r, 'done')
  const kept = r.toolCalls.flatMap((c) => [c.input, c.output]).filter((v) => typeof v === 'object')
  const markers = r.toolCalls.flatMap((c) => [c.input, c.output]).filter((v) => typeof v === 'string')
  assert.ok(kept.length >= 2 && kept.length <= 4, `${kept.length} kept whole`)
  assert.equal(kept.length + markers.length, 20)
  assert.match(markers[0], /not recorded: \d+ bytes of JSON past maxRecordedBytes/)

  const none = await cm.run(code, { limits: { maxRecordedBytes: 0 } })
  assertValue(none, 'done')
  assert.ok(none.toolCalls.every((c) => typeof c.input === 'string' && typeof c.output === 'string'))
})

test('a thrown error reaches the host with its message, hint and stack bounded', async (t) => {
  const cm = codeMode(t)
  const r = await cm.run(`const e = new Error('m'.repeat(4e6)); e.hint = 'h'.repeat(4e6); throw e`, {
    limits: { maxResultBytes: 1024 },
  })
  assertFailed(r, 'UNCAUGHT_EXCEPTION')
  assert.ok(r.error.message.length < 20_000, `message of ${r.error.message.length} chars`)
  assert.match(r.error.message, /more characters not shown/)
  assert.ok(r.error.hint.length < 20_000)
  assert.ok((r.error.stack ?? '').length < 20_000)
})

test("a finished session run's callbacks never run inside the next run", async (t) => {
  let noopCalls = 0
  const cm = codeMode(t, {
    tools: {
      hang: { execute: () => new Promise(() => {}) },
      noop: { execute: () => ++noopCalls },
    },
  })
  const s = cm.session()
  t.after(() => s.close())
  const first = await s.run(`tools.hang({}).catch(() => { console.log('ghost'); tools.noop({}) }); return 1`)
  assertValue(first, 1)
  const second = await s.run('await new Promise((r) => setTimeout(r, 50)); return 2')
  assertValue(second, 2)
  assert.deepEqual(second.logs, [])
  assert.deepEqual(second.toolCalls, [])
  assert.equal(noopCalls, 0)
})

test('Error.prepareStackTrace call sites never return functions', async (t) => {
  const cm = codeMode(t, { tools: { echo: { execute: (i) => i } } })
  const r = await cm.run(`
    const seen = []
    Error.prepareStackTrace = (e, sites) => { for (const s of sites) seen.push(typeof s.getFunction(), typeof s.getThis?.()); return 'x' }
    try { await tools.echo({}); null.x } catch (e) { e.stack }
    new URL('https://example.com').searchParams.forEach(() => { try { null.y } catch (e) { e.stack } })
    try { JSON.parse('{', () => 1) } catch (e) { e.stack }
    const proto = (() => { let p; Error.prepareStackTrace = (e, s) => { p = Object.getPrototypeOf(s[0]); return '' }; new Error().stack; return p })()
    Error.prepareStackTrace = undefined
    return { kinds: [...new Set(seen)], frozen: Object.isFrozen(proto) }`)
  assert.ok(r.ok, JSON.stringify(r.error))
  assert.deepEqual(r.value.kinds, ['undefined'])
  assert.equal(r.value.frozen, true)
})

test('performance.now() and timeOrigin are relative to the run', async (t) => {
  const cm = codeMode(t)
  const before = Date.now()
  const r = await cm.run('return [performance.now(), performance.timeOrigin]')
  assert.ok(r.value[0] >= 0 && r.value[0] < 1000, `now() = ${r.value[0]}`)
  assert.ok(Math.abs(r.value[1] - before) < 2000, `timeOrigin ${r.value[1]} vs Date.now() ${before}`)
  const s = cm.session()
  t.after(() => s.close())
  await s.run('await new Promise((r) => setTimeout(r, 100))')
  const again = await s.run('return performance.now()')
  assert.ok(again.value < 100, `a session's second run restarts the clock: ${again.value}`)
})

test('a tool with an object inputSchema called with no argument receives {}', async (t) => {
  let received = 'unset'
  const cm = codeMode(t, {
    tools: { list: { inputSchema: { type: 'object', properties: {} }, execute: (input) => ((received = input), 1) } },
  })
  assertValue(await cm.run('return await tools.list()'), 1)
  assert.deepEqual(received, {})
})

test('codemode.searchTools stays cheap for a huge query', async (t) => {
  const tools = Object.fromEntries(
    Array.from({ length: 200 }, (_, i) => [`tool${i}`, { description: `Does thing number ${i} with care`, execute: () => i }]),
  )
  const cm = codeMode(t, { tools })
  const r = await cm.run(`const q = 'abcdefgh '.repeat(2 ** 18); const found = await codemode.searchTools(q); return found.length`, {
    limits: { timeoutMs: 5000 },
  })
  assert.ok(r.ok, JSON.stringify(r.error))
  assert.ok(r.stats.durationMs < 3000, `took ${r.stats.durationMs} ms`)
})

test('no trusted function is reachable through caller, callee or source text', async (t) => {
  const cm = codeMode(t, { tools: { echo: { execute: (i) => i } } })
  const r = await cm.run(`
    const callerOf = (f) => { try { return typeof f.caller } catch (e) { return 'threw' } }
    function fromTimer() { return callerOf(fromTimer) }
    function fromThen() { return callerOf(fromThen) }
    function fromMap() { return callerOf(fromMap) }
    function viaArguments() { return typeof arguments.callee.caller }
    const timer = await new Promise((res) => setTimeout(() => res(fromTimer()), 0))
    const sources = [setTimeout, console.log, tools.echo, Object.getOwnPropertyDescriptor(globalThis, 'tools').get]
      .map((f) => String(f).includes('[native code]'))
    return [timer, await tools.echo({}).then(fromThen), [1].map(fromMap)[0], viaArguments(), ...sources]`)
  assert.ok(r.ok, JSON.stringify(r.error))
  for (const kind of r.value.slice(0, 4)) assert.ok(kind === 'undefined' || kind === 'threw', `caller was ${kind}`)
  assert.deepEqual(r.value.slice(4), [true, true, true, true])
})
