import { test } from 'node:test'
import assert from 'node:assert/strict'

import { codeMode, assertValue, assertFailed, sleep, runChild, ENTRY } from './helpers.mjs'

const tools = {
  echo: { execute: (i) => i },
  fail: { execute: () => { throw new Error('tool broke') } },
  lookup: { namespace: 'db', execute: async ({ id }) => { await sleep(10); return { id, found: true } } },
}

test('onEvent streams log, tool-call, tool-result and tool-error events in order', async (t) => {
  const cm = codeMode(t, { tools })
  const events = []
  const r = await cm.run(
    `console.log('start')
     const x = await tools.echo({ q: 1 })
     console.info('middle')
     try { await tools.fail({ bad: true }) } catch {}
     console.warn('end')
     return x`,
    { onEvent: (e) => events.push(e) },
  )
  assertValue(r, { q: 1 })
  await sleep(20) // any straggling event would arrive now
  assert.deepEqual(
    events.map((e) => e.type),
    ['log', 'tool-call', 'tool-result', 'log', 'tool-call', 'tool-error', 'log'],
  )
  const [log1, call1, result1, log2, call2, error2, log3] = events
  assert.deepEqual([log1.level, log1.message], ['log', 'start'])
  assert.equal(typeof log1.timeMs, 'number')
  assert.equal(call1.tool, 'echo')
  assert.deepEqual(call1.input, { q: 1 })
  assert.equal(call1.id, r.toolCalls[0].id)
  assert.equal(typeof call1.timeMs, 'number')
  assert.equal(result1.id, call1.id)
  assert.deepEqual(result1.output, { q: 1 })
  assert.equal(typeof result1.durationMs, 'number')
  assert.deepEqual([log2.level, log2.message], ['info', 'middle'])
  assert.equal(call2.tool, 'fail')
  assert.deepEqual(call2.input, { bad: true })
  assert.equal(error2.id, call2.id)
  assert.match(error2.error, /tool broke/)
  assert.deepEqual([log3.level, log3.message], ['warn', 'end'])
})

test('log events match result.logs', async (t) => {
  const cm = codeMode(t)
  const events = []
  const r = await cm.run('for (let i = 0; i < 5; i++) console.log("line", i, { i })', { onEvent: (e) => events.push(e) })
  assert.deepEqual(
    events.map((e) => [e.level, e.message]),
    r.logs.map((l) => [l.level, l.message]),
  )
})

test('events are delivered while the run is still in flight', async (t) => {
  const cm = codeMode(t, { tools: { wait: { execute: () => sleep(300) } } })
  const events = []
  let settled = false
  const p = cm.run('console.log("before wait"); await tools.wait({}); return 1', { onEvent: (e) => events.push(e) })
  p.then(() => { settled = true })
  await sleep(150)
  assert.equal(settled, false)
  assert.deepEqual(events.map((e) => e.type), ['log', 'tool-call'], 'log and tool-call arrived before the run ended')
  assertValue(await p, 1)
})

test('namespaced tool events carry the tool name and namespace', async (t) => {
  const cm = codeMode(t, { tools })
  const events = []
  await cm.run('return await tools.db.lookup({ id: 7 })', { onEvent: (e) => events.push(e) })
  const call = events.find((e) => e.type === 'tool-call')
  const result = events.find((e) => e.type === 'tool-result')
  assert.ok(call && result)
  assert.match(call.tool, /lookup/)
  const ns = call.namespace ?? call.tool.split('.')[0]
  assert.equal(ns, 'db')
  assert.deepEqual(result.output, { id: 7, found: true })
})

test('concurrent tool calls each get a call and a result event with matching ids', async (t) => {
  const cm = codeMode(t, { tools })
  const events = []
  const r = await cm.run('return await Promise.all([1, 2, 3].map((id) => tools.db.lookup({ id })))', {
    onEvent: (e) => events.push(e),
  })
  assert.equal(r.ok, true)
  const calls = events.filter((e) => e.type === 'tool-call')
  const results = events.filter((e) => e.type === 'tool-result')
  assert.equal(calls.length, 3)
  assert.equal(results.length, 3)
  assert.deepEqual(new Set(calls.map((e) => e.id)), new Set(results.map((e) => e.id)))
  for (const res of results) {
    const callIndex = events.findIndex((e) => e.type === 'tool-call' && e.id === res.id)
    assert.ok(callIndex < events.indexOf(res), 'a result never precedes its call')
  }
})

test('a timed-out tool call produces a tool-error event', async (t) => {
  const cm = codeMode(t, { tools: { hang: { execute: () => new Promise(() => {}) } } })
  const events = []
  const r = await cm.run('await tools.hang({})', { limits: { timeoutMs: 200 }, onEvent: (e) => events.push(e) })
  assertFailed(r, 'TIMEOUT')
  await sleep(50)
  assert.deepEqual(events.map((e) => e.type), ['tool-call', 'tool-error'])
})

test('a throwing onEvent listener does not crash the host or the run', async (t) => {
  const uncaught = []
  const onUncaught = (err) => uncaught.push(err)
  process.on('uncaughtException', onUncaught)
  t.after(() => process.off('uncaughtException', onUncaught))
  const cm = codeMode(t, { tools })
  const seen = []
  const r = await cm.run(
    'console.log("a"); const v = await tools.echo(5); try { await tools.fail({}) } catch {} console.log("b"); return v',
    {
      onEvent: (e) => {
        seen.push(e.type)
        throw new Error('listener exploded')
      },
    },
  )
  await sleep(50)
  assertValue(r, 5)
  assert.deepEqual(seen, ['log', 'tool-call', 'tool-result', 'tool-call', 'tool-error', 'log'], 'every event was still delivered')
  assert.equal(r.logs.length, 2)
  assert.deepEqual(uncaught, [], 'no uncaught exception reached the host')
  // and the instance keeps working
  assertValue(await cm.run('return "ok"'), 'ok')
})

test('an async onEvent listener that rejects does not crash the host process', async () => {
  // Under Node's default --unhandled-rejections=throw, a rejection nobody handles kills the
  // process; "errors thrown by the listener are ignored" should hold for async listeners too.
  const child = await runChild(`
    import { CodeMode } from ${JSON.stringify(ENTRY)}
    const cm = new CodeMode()
    const r = await cm.run('console.log("x"); return 1', { onEvent: async () => { throw new Error('async listener') } })
    await new Promise((resolve) => setTimeout(resolve, 100))
    await cm.close()
    process.stdout.write('survived ' + r.value)
  `)
  assert.equal(child.code, 0, `child exited with ${child.code}: ${child.stderr.slice(0, 500)}`)
  assert.equal(child.stdout, 'survived 1')
})

test('without onEvent nothing is streamed and results are identical', async (t) => {
  const cm = codeMode(t, { tools })
  const code = 'console.log("a"); return await tools.echo({ z: 1 })'
  const withEvents = await cm.run(code, { onEvent: () => {} })
  const without = await cm.run(code)
  assert.deepEqual(withEvents.value, without.value)
  assert.deepEqual(withEvents.logs.map((l) => l.message), without.logs.map((l) => l.message))
})
