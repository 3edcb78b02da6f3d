// A rejection nothing handles fails the run with UNHANDLED_REJECTION (as Node does since v15),
// naming the call and its line; a rejection handled before the job queue drains is fine.
import { test } from 'node:test'
import assert from 'node:assert/strict'

import { codeMode, assertFailed, assertValue } from './helpers.mjs'

const tools = {
  fail: { namespace: 'db', execute: () => { throw new Error('quota exceeded') } },
  // Fails well after a run that does not wait for it has ended.
  failLater: { namespace: 'db', execute: () => new Promise((_, reject) => setTimeout(() => reject(new Error('late')), 200)) },
  ok: { execute: () => 'fine' },
}
const pause = (ms) => `await new Promise((r) => setTimeout(r, ${ms}))`

test('a failing tool call nobody awaited fails the run, naming the tool and the line of the call', async (t) => {
  const cm = codeMode(t, { tools })
  // The pause only bounds a slow machine: the rejection ends the run as soon as it happens.
  const r = await cm.run(`const x = await tools.ok({})\ntools.db.fail({ id: 1 })\n${pause(3000)}\nreturn x`, { limits: { timeoutMs: 10_000 } })
  assertFailed(r, 'UNHANDLED_REJECTION')
  assert.equal(r.error.name, 'ToolError')
  assert.equal(r.error.tool, 'db.fail')
  assert.match(r.error.message, /^quota exceeded \(a call to tools\.db\.fail that nothing awaited\)$/)
  assert.equal(r.error.line, 2)
  assert.match(r.error.hint, /`await` every tool call/)
  assert.equal(r.toolCalls[1].error, 'quota exceeded')
})

test('an unhandled rejection ends the run at once instead of waiting for the program', async (t) => {
  const cm = codeMode(t, { tools })
  // Without the prompt failure this would return 1 after 2.5 s.
  const r = await cm.run(`tools.db.fail({})\n${pause(2500)}\nreturn 1`, { limits: { timeoutMs: 5000 } })
  assertFailed(r, 'UNHANDLED_REJECTION')
  assert.ok(r.stats.durationMs < 2500, `ended after ${r.stats.durationMs} ms`)
})

test('a rejection still unhandled when the program returns replaces its value', async (t) => {
  const cm = codeMode(t)
  for (const [code, message] of [
    ['Promise.reject(new TypeError("lost")); return 1', 'lost'],
    ['Promise.reject("just a string"); return 1', /just a string/],
  ]) {
    const r = await cm.run(code)
    assertFailed(r, 'UNHANDLED_REJECTION')
    if (typeof message === 'string') assert.equal(r.error.message, message)
    else assert.match(r.error.message, message)
  }
  const located = await cm.run('const a = 1\nPromise.reject(new Error("where"))\nreturn a')
  assert.equal(located.error.line, 2)
})

test('rejections handled before the job queue drains, or by combinators, are fine', async (t) => {
  const cm = codeMode(t, { tools })
  const cases = [
    ['const p = Promise.reject(new Error("x")); await null; await null; try { await p } catch (e) { return e.message }', 'x'],
    ['const p = tools.db.fail({}); try { await p } catch (e) { return e.message }', 'quota exceeded'],
    ['const r = await Promise.allSettled([tools.db.fail({}), tools.ok({})]); return r.map((x) => x.status)', ['rejected', 'fulfilled']],
    ['try { await Promise.all([tools.db.fail({}), tools.db.fail({})]) } catch (e) { return e.tool }', 'db.fail'],
    ['return await tools.db.fail({}).catch((e) => "caught " + e.message)', 'caught quota exceeded'],
    ['const p = tools.db.fail({}); p.catch(() => {}); ' + pause(10) + '; return "ok"', 'ok'],
  ]
  for (const [code, value] of cases) assertValue(await cm.run(code), value)
})

test('a handler attached only after a later macrotask is too late, as in Node', async (t) => {
  const cm = codeMode(t)
  const r = await cm.run(`const p = Promise.reject(new Error("late"))\n${pause(10)}\ntry { await p } catch { return "handled" }`)
  assertFailed(r, 'UNHANDLED_REJECTION')
  assert.equal(r.error.message, 'late')
})

test("a session run's unhandled rejection does not leak into the next run", async (t) => {
  const cm = codeMode(t, { tools })
  const s = cm.session()
  t.after(() => s.close())
  const first = await s.run('tools.db.failLater({}); return 1')
  assert.equal(first.ok, true, JSON.stringify(first.error))
  assert.match(first.warnings.join('\n'), /still pending/)
  assertValue(await s.run(`${pause(300)}; return 2`), 2)
  const second = await s.run(`tools.db.fail({}); ${pause(3000)}; return 3`)
  assertFailed(second, 'UNHANDLED_REJECTION')
  assertValue(await s.run('return 4'), 4)
})
