import { test } from 'node:test'
import assert from 'node:assert/strict'

import { CodeMode, codeMode, assertValue, assertFailed, misuse, timed } from './helpers.mjs'

function session(t, cm) {
  const s = cm.session()
  t.after(() => s.close())
  return s
}

test('a session keeps globals across runs', async (t) => {
  const cm = codeMode(t)
  const s = session(t, cm)
  assertValue(await s.run('globalThis.x = 1; return x'), 1)
  assertValue(await s.run('return x'), 1)
  assertValue(await s.run('return ++x'), 2)
  assertValue(await s.run('globalThis.list = []; list.push("a"); return list.length'), 1)
  assertValue(await s.run('list.push("b"); return list'), ['a', 'b'])
})

test('a session keeps functions and closures defined on globalThis', async (t) => {
  const cm = codeMode(t)
  const s = session(t, cm)
  await s.run('let n = 0; globalThis.counter = () => ++n')
  assertValue(await s.run('counter(); return counter()'), 2)
})

// An idle session's thread gives back the stack pages its runs touched (engine/idle_stack.rs):
// what the next run finds there must not matter, deep recursion included.
test('a session idle long enough to give back its stack runs deep code and keeps its globals', async (t) => {
  const cm = codeMode(t)
  const s = session(t, cm)
  const deep = 'const depth = (n) => (n === 0 ? 0 : 1 + depth(n - 1)); return depth(400) + kept.length'
  await s.run('globalThis.kept = Array.from({ length: 3 }, (_, i) => ({ i }))')
  assertValue(await s.run(deep), 403)
  for (let round = 0; round < 3; round++) {
    await new Promise((resolve) => setTimeout(resolve, 250))
    assertValue(await s.run(deep), 403)
    assertValue(await s.run('return kept.map((k) => k.i)'), [0, 1, 2])
  }
})

test('sessions are isolated from each other and from plain runs', async (t) => {
  const cm = codeMode(t)
  const a = session(t, cm)
  const b = session(t, cm)
  await a.run('globalThis.who = "a"')
  await b.run('globalThis.who = "b"')
  assertValue(await a.run('return who'), 'a')
  assertValue(await b.run('return who'), 'b')
  assertValue(await cm.run('return typeof who'), 'undefined')
})

test('session runs use tools and report them per run', async (t) => {
  const cm = codeMode(t, { tools: { add: { execute: ({ a, b }) => a + b } } })
  const s = session(t, cm)
  const r1 = await s.run('globalThis.total = await tools.add({ a: 1, b: 2 }); return total')
  assertValue(r1, 3)
  assert.equal(r1.toolCalls.length, 1)
  const r2 = await s.run('total = await tools.add({ a: total, b: 10 }); console.log("t", total); return total')
  assertValue(r2, 13)
  assert.equal(r2.toolCalls.length, 1, 'toolCalls are per run')
  assert.deepEqual(r2.logs.map((l) => l.message), ['t 13'])
  assert.equal(r2.stats.toolCalls, 1)
})

test('an uncaught error in a session run keeps the globals', async (t) => {
  const cm = codeMode(t)
  const s = session(t, cm)
  await s.run('globalThis.kept = "yes"')
  assertFailed(await s.run('throw new Error("oops")'), 'UNCAUGHT_EXCEPTION')
  const r = await s.run('return kept')
  assertValue(r, 'yes')
  assert.deepEqual(r.warnings, [])
})

test('after a timeout the session resets its globals and says so once in warnings', async (t) => {
  const cm = codeMode(t)
  const s = session(t, cm)
  assertValue(await s.run('globalThis.x = 41; return ++x'), 42)
  const { ms, value: timedOut } = await timed(() => s.run('while (true) {}', { limits: { timeoutMs: 200 } }))
  assertFailed(timedOut, 'TIMEOUT')
  assert.ok(ms < 1500, `timeout took ${ms} ms`)
  const next = await s.run('return typeof x')
  assertValue(next, 'undefined')
  assert.equal(next.warnings.length, 1)
  assert.match(next.warnings[0], /reset|fresh/i)
  const after = await s.run('globalThis.y = 1; return y')
  assertValue(after, 1)
  assert.deepEqual(after.warnings, [], 'the reset warning is given once')
  assertValue(await s.run('return y'), 1)
})

test('after a timeout while awaiting a tool the session resets too', async (t) => {
  const cm = codeMode(t, { tools: { hang: { execute: () => new Promise(() => {}) } } })
  const s = session(t, cm)
  await s.run('globalThis.x = 1')
  assertFailed(await s.run('await tools.hang({})', { limits: { timeoutMs: 200 } }), 'TIMEOUT')
  const r = await s.run('return typeof x')
  assertValue(r, 'undefined')
  assert.equal(r.warnings.length, 1)
})

test('after a memory or stack breach the session resets with a warning', async (t) => {
  const cm = codeMode(t)
  const s = session(t, cm)
  await s.run('globalThis.x = 1')
  assertFailed(
    await s.run('const a = []; while (true) a.push(new Array(1e5).fill(1))', { limits: { memoryLimitBytes: 16 << 20 } }),
    'MEMORY_LIMIT',
  )
  let r = await s.run('return typeof x')
  assertValue(r, 'undefined')
  assert.equal(r.warnings.length, 1)

  await s.run('globalThis.z = 1')
  assertFailed(await s.run('function f() { return f() } f()'), 'STACK_OVERFLOW')
  r = await s.run('return typeof z')
  assertValue(r, 'undefined')
  assert.equal(r.warnings.length, 1)
})

test('session runs queue one after another', async (t) => {
  const cm = codeMode(t)
  const s = session(t, cm)
  await s.run('globalThis.order = []')
  const runs = [
    s.run('await new Promise((r) => setTimeout(r, 60)); order.push(1); return 1'),
    s.run('order.push(2); return 2'),
    s.run('order.push(3); return order'),
  ]
  const results = await Promise.all(runs)
  assert.deepEqual(results.map((r) => r.value), [1, 2, [1, 2, 3]])
})

test('a closed session rejects further runs; the instance keeps working', async (t) => {
  const cm = codeMode(t)
  const s = cm.session()
  assertValue(await s.run('return 1'), 1)
  s.close()
  const err = await misuse(() => s.run('return 2'))
  assert.equal(err.code, 'ERR_SESSION_CLOSED')
  s.close() // closing twice is harmless
  assertValue(await cm.run('return 3'), 3)
})

test('closing a session lets its queued run finish', async (t) => {
  const cm = codeMode(t)
  const s = cm.session()
  const p = s.run('await new Promise((r) => setTimeout(r, 50)); return "finished"')
  s.close()
  assertValue(await p, 'finished')
})

test('sessions of a closed instance reject with ERR_CLOSED and session() throws ERR_CLOSED', async () => {
  const cm = new CodeMode()
  const s = cm.session()
  await cm.close()
  assert.equal((await misuse(() => s.run('return 1'))).code, 'ERR_CLOSED')
  assert.equal((await misuse(() => cm.session())).code, 'ERR_CLOSED')
})

test('many sessions can live at once', async (t) => {
  const cm = codeMode(t)
  const sessions = Array.from({ length: 20 }, () => session(t, cm))
  await Promise.all(sessions.map((s, i) => s.run(`globalThis.id = ${i}`)))
  const results = await Promise.all(sessions.map((s) => s.run('return id')))
  assert.deepEqual(results.map((r) => r.value), Array.from({ length: 20 }, (_, i) => i))
})
