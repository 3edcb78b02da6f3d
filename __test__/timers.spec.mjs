// Issue 3: timers have real delays, are bounded by the run's deadline, and never outlive their run.
import { test } from 'node:test'
import assert from 'node:assert/strict'

import { codeMode } from './helpers.mjs'

test('setTimeout waits its real delay and passes extra arguments', async (t) => {
  const r = await codeMode(t).run(`
    const start = Date.now()
    const got = await new Promise((resolve) => setTimeout((a, b) => resolve([a, b]), 150, 'x', 2))
    return { got, waited: Date.now() - start }`)
  assert.equal(r.ok, true, JSON.stringify(r.error))
  assert.deepEqual(r.value.got, ['x', 2])
  assert.ok(r.value.waited >= 145, `waited ${r.value.waited} ms`)
})

test('timers fire in delay order, and clearTimeout cancels', async (t) => {
  const r = await codeMode(t).run(`
    const order = []
    setTimeout(() => order.push('b'), 60)
    setTimeout(() => order.push('a'), 20)
    const c = setTimeout(() => order.push('cancelled'), 40)
    clearTimeout(c)
    await new Promise((r) => setTimeout(r, 120))
    return order`)
  assert.deepEqual(r.value, ['a', 'b'])
})

test('setInterval repeats until cleared', async (t) => {
  const r = await codeMode(t).run(`
    let n = 0
    await new Promise((resolve) => { const id = setInterval(() => { if (++n === 4) { clearInterval(id); resolve() } }, 10) })
    return n`)
  assert.equal(r.value, 4)
})

test('a timer longer than the deadline ends the run with TIMEOUT at the deadline', async (t) => {
  const start = performance.now()
  const r = await codeMode(t, { limits: { timeoutMs: 200 } }).run('await new Promise((r) => setTimeout(r, 5000)); return 1')
  const ms = performance.now() - start
  assert.equal(r.error.code, 'TIMEOUT')
  assert.ok(ms < 1500, `took ${ms} ms`)
})

test('a timer still pending when the program returns never fires later (nor in a session)', async (t) => {
  const cm = codeMode(t)
  const s = cm.session()
  t.after(() => s.close())
  await s.run('globalThis.fired = 0; setTimeout(() => { globalThis.fired++ }, 30); return 1')
  await new Promise((r) => setTimeout(r, 80))
  const r = await s.run('await new Promise((r) => setTimeout(r, 60)); return fired')
  assert.equal(r.value, 0)
})

test('setTimeout with a string of code is refused', async (t) => {
  const r = await codeMode(t).run('setTimeout("globalThis.x = 1", 1)')
  assert.equal(r.error.code, 'UNCAUGHT_EXCEPTION')
  assert.equal(r.error.name, 'TypeError')
})

test('a throw inside a timer callback is logged as an error, and the run goes on', async (t) => {
  const r = await codeMode(t).run(`
    setTimeout(() => { throw new Error('in timer') }, 5)
    await new Promise((r) => setTimeout(r, 40))
    return 'after'`)
  assert.equal(r.value, 'after')
  assert.ok(r.logs.some((l) => l.level === 'error' && /in timer/.test(l.message)), JSON.stringify(r.logs))
})

test('an un-awaited tool call is cancelled, named in warnings, and its host signal aborts', async (t) => {
  let signal
  const cm = codeMode(t, {
    tools: { slowThing: { execute: (_, ctx) => new Promise((resolve) => { signal = ctx.signal; setTimeout(resolve, 1000) }) } },
  })
  const r = await cm.run('tools.slowThing({})\nreturn "done"')
  assert.equal(r.value, 'done')
  assert.equal(r.warnings.length, 1)
  assert.match(r.warnings[0], /tools\.slowThing/)
  assert.match(r.warnings[0], /await/)
  assert.equal(signal?.aborted, true)
})
