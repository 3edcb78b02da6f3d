import { test } from 'node:test'
import assert from 'node:assert/strict'

import { CodeMode, codeMode, assertValue, assertFailed, hangingTool, sleep, timed, waitAborted } from './helpers.mjs'

function assertAbortError(err) {
  assert.ok(err instanceof DOMException, `expected a DOMException, got ${err?.constructor?.name}: ${err?.message}`)
  assert.equal(err.name, 'AbortError')
}

async function rejection(promise) {
  try {
    const r = await promise
    assert.fail(`expected a rejection, run resolved with ${JSON.stringify(r).slice(0, 300)}`)
  } catch (err) {
    if (err?.code === 'ERR_ASSERTION') throw err
    return err
  }
}

test('aborting mid-run rejects with AbortError and aborts the pending tool signal', async (t) => {
  const hang = hangingTool()
  const cm = codeMode(t, { tools: [hang.def] })
  const ac = new AbortController()
  const p = cm.run('const v = await tools.hang({}); return v', { signal: ac.signal })
  await sleep(100)
  assert.equal(hang.calls.length, 1)
  assert.equal(hang.calls[0].ctx.signal.aborted, false, 'not aborted before the run is')
  const abortedAt = performance.now()
  ac.abort()
  const { ms, value: err } = await timed(() => rejection(p))
  assertAbortError(err)
  assert.ok(ms < 1000, `rejected ${ms} ms after abort()`)
  assert.equal(await waitAborted(hang.calls[0].ctx.signal), true, "the tool's ctx.signal was aborted")
  assert.ok(hang.calls[0].abortedAt - abortedAt < 1000)
})

test('aborting a busy-looping guest rejects promptly with AbortError', async (t) => {
  const cm = codeMode(t, { limits: { timeoutMs: 20_000 } })
  const ac = new AbortController()
  setTimeout(() => ac.abort(), 100)
  const { ms, value: err } = await timed(() => rejection(cm.run('while (true) {}', { signal: ac.signal })))
  assertAbortError(err)
  assert.ok(ms < 1500, `took ${ms} ms to abort a 20 s run`)
})

test('aborting a guest waiting on a timer or a never-settling promise rejects with AbortError', async (t) => {
  const cm = codeMode(t, { limits: { timeoutMs: 20_000 } })
  for (const code of ['await new Promise((r) => setTimeout(r, 10_000))', 'await new Promise(() => {})']) {
    const ac = new AbortController()
    setTimeout(() => ac.abort(), 80)
    const { ms, value: err } = await timed(() => rejection(cm.run(code, { signal: ac.signal })))
    assertAbortError(err)
    assert.ok(ms < 1500, `${code}: took ${ms} ms`)
  }
})

test('aborting with a custom reason still rejects with an AbortError', async (t) => {
  const cm = codeMode(t, { limits: { timeoutMs: 20_000 } })
  const ac = new AbortController()
  setTimeout(() => ac.abort(new Error('user pressed stop')), 50)
  const err = await rejection(cm.run('await new Promise(() => {})', { signal: ac.signal }))
  assertAbortError(err)
})

test('an already-aborted signal rejects with AbortError and never runs the code', async (t) => {
  let called = false
  const cm = codeMode(t, { tools: { side: { execute: () => { called = true } } } })
  const err = await rejection(cm.run('await tools.side({}); return 1', { signal: AbortSignal.abort() }))
  assertAbortError(err)
  await sleep(50)
  assert.equal(called, false)
})

test('aborting all pending tool calls of a run: every ctx.signal aborts', async (t) => {
  const hang = hangingTool()
  const cm = codeMode(t, { tools: [hang.def] })
  const ac = new AbortController()
  const p = cm.run('return await Promise.all([tools.hang({ n: 1 }), tools.hang({ n: 2 }), tools.hang({ n: 3 })])', {
    signal: ac.signal,
  })
  await sleep(100)
  assert.equal(hang.calls.length, 3)
  ac.abort()
  assertAbortError(await rejection(p))
  assert.deepEqual(await Promise.all(hang.calls.map((c) => waitAborted(c.ctx.signal))), [true, true, true])
})

test('aborting one run leaves other runs of the same instance alone', async (t) => {
  const hang = hangingTool()
  const cm = codeMode(t, { tools: [hang.def, { name: 'slowOk', execute: async () => { await sleep(200); return 'ok' } }] })
  const ac = new AbortController()
  const aborted = cm.run('await tools.hang({})', { signal: ac.signal })
  const other = cm.run('return await tools.slowOk({})')
  await sleep(50)
  ac.abort()
  assertAbortError(await rejection(aborted))
  assertValue(await other, 'ok')
  assertValue(await cm.run('return "still usable"'), 'still usable')
})

test('aborting after the run finished changes nothing', async (t) => {
  const cm = codeMode(t)
  const ac = new AbortController()
  const r = await cm.run('return 5', { signal: ac.signal })
  ac.abort()
  assertValue(r, 5)
  assertValue(await cm.run('return 6'), 6)
})

test('close() stops in-flight runs: they resolve with ABORTED and tool signals abort', async () => {
  const hang = hangingTool()
  const cm = new CodeMode({ tools: [hang.def], limits: { timeoutMs: 20_000 } })
  const runs = [
    cm.run('await tools.hang({})'),
    cm.run('while (true) {}'),
    cm.run('await new Promise(() => {})'),
  ]
  await sleep(100)
  const { ms } = await timed(() => cm.close())
  assert.ok(ms < 2000, `close() took ${ms} ms`)
  const results = await Promise.all(runs)
  for (const r of results) assertFailed(r, 'ABORTED')
  assert.equal(await waitAborted(hang.calls[0].ctx.signal), true)
})

test('close() stops an in-flight session run too', async () => {
  const cm = new CodeMode({ limits: { timeoutMs: 20_000 } })
  const s = cm.session()
  const p = s.run('while (true) {}')
  await sleep(50)
  await cm.close()
  assertFailed(await p, 'ABORTED')
})

test('aborting a session run rejects with AbortError and the next run starts from fresh globals with a warning', async (t) => {
  const cm = codeMode(t, { limits: { timeoutMs: 20_000 } })
  const s = cm.session()
  t.after(() => s.close())
  assertValue(await s.run('globalThis.kept = 1; return kept'), 1)
  const ac = new AbortController()
  setTimeout(() => ac.abort(), 50)
  assertAbortError(await rejection(s.run('while (true) {}', { signal: ac.signal })))
  const r = await s.run('return typeof kept')
  assertValue(r, 'undefined')
  assert.equal(r.warnings.length, 1)
  assert.match(r.warnings[0], /reset|fresh/i)
})
