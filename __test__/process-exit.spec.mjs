import { test } from 'node:test'
import assert from 'node:assert/strict'

import { runChild, ENTRY } from './helpers.mjs'

// Each child must exit on its own (no process.exit, no cm.close()) within a few seconds.
const EXIT_WITHIN_MS = 5000

async function assertExitsByItself(t, body, expectedStdout) {
  const source = `import { CodeMode } from ${JSON.stringify(ENTRY)}\n${body}`
  const child = await runChild(source, { killAfterMs: EXIT_WITHIN_MS })
  t.diagnostic(`child exited after ${child.ms.toFixed(0)} ms (code ${child.code})`)
  assert.equal(child.timedOut, false, `child still alive after ${EXIT_WITHIN_MS} ms; stdout=${child.stdout} stderr=${child.stderr}`)
  assert.equal(child.code, 0, child.stderr)
  assert.equal(child.stdout.trim(), expectedStdout)
}

test('a process that creates a CodeMode with tools and runs once exits by itself', async (t) => {
  await assertExitsByItself(
    t,
    `const cm = new CodeMode({ tools: [{ name: 'add', execute: ({ a, b }) => a + b }] })
     const r = await cm.run('return await tools.add({ a: 2, b: 3 })')
     console.log(r.value)`,
    '5',
  )
})

test('an idle CodeMode (never run) lets the process exit', async (t) => {
  await assertExitsByItself(
    t,
    `const cm = new CodeMode({ tools: { add: { execute: ({ a, b }) => a + b } }, limits: { timeoutMs: 60000 } })
     console.log('idle', cm.toolCount)`,
    'idle 1',
  )
})

test('the process exits after a run that timed out on a tool that never answers', async (t) => {
  await assertExitsByItself(
    t,
    `const cm = new CodeMode({ tools: { hang: { execute: () => new Promise(() => {}) } }, limits: { timeoutMs: 200 } })
     const r = await cm.run('await tools.hang({})')
     console.log(r.error.code)`,
    'TIMEOUT',
  )
})

test('the process exits after a run left a pending tool call and a pending timer behind', async (t) => {
  await assertExitsByItself(
    t,
    `const cm = new CodeMode({ tools: { slow: { execute: () => new Promise((r) => setTimeout(r, 50)) } } })
     const r = await cm.run('tools.slow({}); setTimeout(() => {}, 60000); setInterval(() => {}, 10); return "returned"')
     console.log(r.value)`,
    'returned',
  )
})

test('the process exits with an open session and an onEvent listener used', async (t) => {
  await assertExitsByItself(
    t,
    `const cm = new CodeMode({ tools: { add: { execute: ({ a, b }) => a + b } } })
     const s = cm.session()
     const events = []
     await s.run('globalThis.y = await tools.add({ a: 1, b: 1 })', { onEvent: (e) => events.push(e.type) })
     const r = await s.run('return y')
     console.log(r.value, events.join(','))`,
    '2 tool-call,tool-result',
  )
})

test('the process exits after many parallel runs and an AbortSignal that was never aborted', async (t) => {
  await assertExitsByItself(
    t,
    `const cm = new CodeMode({ tools: { echo: { execute: (i) => i } } })
     const ac = new AbortController()
     const rs = await Promise.all(Array.from({ length: 20 }, (_, i) => cm.run('return await tools.echo(' + i + ')', { signal: ac.signal })))
     console.log(rs.reduce((a, r) => a + r.value, 0))`,
    '190',
  )
})

test('the process exits after a busy-loop timeout', async (t) => {
  await assertExitsByItself(
    t,
    `const cm = new CodeMode({ limits: { timeoutMs: 200 } })
     const r = await cm.run('while (true) {}')
     console.log(r.error.code)`,
    'TIMEOUT',
  )
})
