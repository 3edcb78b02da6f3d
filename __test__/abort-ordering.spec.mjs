import { test } from 'node:test'
import assert from 'node:assert/strict'

import { codeMode, hangingTool, sleep } from './helpers.mjs'

// When run() settles, every tool call it cancelled must already see ctx.signal.aborted: a host
// that cleans up after `await cm.run(...)` (closing connections, releasing locks) relies on it.
// The ordering is racy by nature, so each case is repeated and must hold every time.
const REPEAT = 20

function setup(t) {
  const hang = hangingTool()
  const cm = codeMode(t, { tools: [hang.def, { name: 'quick', execute: () => 1 }] })
  return { hang, cm }
}

test('a call cancelled because the program returned is aborted before run() resolves', async (t) => {
  const { hang, cm } = setup(t)
  const late = []
  for (let i = 0; i < REPEAT; i++) {
    const r = await cm.run('tools.hang({}); await tools.quick({}); return 1')
    assert.equal(r.value, 1)
    if (!hang.calls.at(-1).ctx.signal.aborted) late.push(i)
  }
  assert.deepEqual(late, [], `signal still not aborted when run() resolved in ${late.length}/${REPEAT} runs`)
})

test('a call cancelled by the timeout is aborted before run() resolves', async (t) => {
  const { hang, cm } = setup(t)
  const late = []
  for (let i = 0; i < REPEAT; i++) {
    const r = await cm.run('await tools.hang({})', { limits: { timeoutMs: 30 } })
    assert.equal(r.error?.code, 'TIMEOUT')
    if (!hang.calls.at(-1).ctx.signal.aborted) late.push(i)
  }
  assert.deepEqual(late, [], `signal still not aborted when run() resolved in ${late.length}/${REPEAT} runs`)
})

test('a call cancelled by an AbortSignal is aborted before run() rejects', async (t) => {
  const { hang, cm } = setup(t)
  const late = []
  for (let i = 0; i < REPEAT; i++) {
    const ac = new AbortController()
    const p = cm.run('await tools.hang({})', { signal: ac.signal })
    while (hang.calls.length <= i) await sleep(2)
    ac.abort()
    await assert.rejects(p, { name: 'AbortError' })
    if (!hang.calls.at(-1).ctx.signal.aborted) late.push(i)
  }
  assert.deepEqual(late, [], `signal still not aborted when run() rejected in ${late.length}/${REPEAT} runs`)
})
