// RunResult.toolCalls[].input/output: large JSON (16 KiB or more) is parsed when first read,
// and then behaves as a plain data property; small JSON is a data property from the start.
import { test } from 'node:test'
import assert from 'node:assert/strict'

import { codeMode, assertValue } from './helpers.mjs'

const BIG = 'x'.repeat(100_000)
const tools = [
  { name: 'big', description: 'a 100 KB string', execute: () => BIG },
  { name: 'echo', description: 'its input', execute: (input) => input },
]

test('a large tool output is parsed on first read, then is a plain data property', async (t) => {
  const cm = codeMode(t, { tools })
  const r = await cm.run('const s = await tools.big({}); return s.length')
  assertValue(r, BIG.length)
  const call = r.toolCalls[0]
  const before = Object.getOwnPropertyDescriptor(call, 'output')
  assert.equal(typeof before.get, 'function', 'not parsed yet: an accessor')
  assert.equal(before.enumerable, true)
  assert.deepEqual(Object.keys(call), ['id', 'tool', 'ok', 'startMs', 'durationMs', 'input', 'output'])
  assert.equal(call.output, BIG)
  assert.deepEqual(Object.getOwnPropertyDescriptor(call, 'output'), {
    value: BIG,
    writable: true,
    enumerable: true,
    configurable: true,
  })
  assert.equal(call.output, BIG, 'reads after the first give the same value')
})

test('a large tool output serialises, clones and can be assigned before it was read', async (t) => {
  const cm = codeMode(t, { tools })
  const r = await cm.run('await tools.big({}); await tools.big({}); await tools.big({}); return 1')
  const [a, b, c] = r.toolCalls
  assert.equal(JSON.parse(JSON.stringify(a)).output, BIG)
  assert.equal(structuredClone(b).output, BIG)
  c.output = 'replaced'
  assert.equal(c.output, 'replaced')
  assert.equal(Object.getOwnPropertyDescriptor(c, 'output').writable, true)
})

test('large inputs are lazy too, small inputs and outputs are data properties at once', async (t) => {
  const cm = codeMode(t, { tools })
  const r = await cm.run("await tools.echo({ s: 'y'.repeat(50000) }); return (await tools.echo({ n: 1 })).n")
  assertValue(r, 1)
  const [large, small] = r.toolCalls
  assert.equal(typeof Object.getOwnPropertyDescriptor(large, 'input').get, 'function')
  assert.deepEqual(large.input, { s: 'y'.repeat(50000) })
  assert.deepEqual(large.output, { s: 'y'.repeat(50000) })
  assert.deepEqual(Object.getOwnPropertyDescriptor(small, 'output'), {
    value: { n: 1 },
    writable: true,
    enumerable: true,
    configurable: true,
  })
  assert.deepEqual(small.input, { n: 1 })
})

// The records cross to JS as one JSON text parsed once (api/tool_call_js.rs): every field must
// come out exactly, whatever characters the tool's names, inputs and errors hold.
test('toolCalls records keep every field exactly: namespaces, failures, escapes and non-ASCII text', async (t) => {
  const message = 'bad "quote"\n\ttab \\ backslash – ünïcödé 🚀 \u2028'
  const cm = codeMode(t, {
    tools: [
      { name: 'échö', namespace: 'ns-1', description: 'its input', execute: (input) => input },
      { name: 'fail', description: 'throws', execute: () => { throw new Error(message) } },
    ],
  })
  const r = await cm.run(`
    const a = await tools['ns-1']['échö']({ text: 'q"\\\\\\n🚀', n: -0.5, list: [1e21, null, true] })
    let failed
    try { await tools.fail({}) } catch (e) { failed = e.message }
    return [a, failed]
  `)
  assert.equal(r.ok, true, JSON.stringify(r.error))
  const input = { text: 'q"\\\n🚀', n: -0.5, list: [1e21, null, true] }
  assert.deepEqual(r.value, [input, message])
  const [echo, fail] = r.toolCalls
  assert.deepEqual(Object.keys(echo), ['id', 'tool', 'ok', 'startMs', 'durationMs', 'namespace', 'input', 'output'])
  assert.equal(echo.tool, 'échö')
  assert.equal(echo.namespace, 'ns-1')
  assert.deepEqual(echo.input, input)
  assert.deepEqual(echo.output, input)
  assert.equal(typeof echo.startMs, 'number')
  assert.ok(echo.durationMs >= 0)
  assert.deepEqual(Object.keys(fail), ['id', 'tool', 'ok', 'startMs', 'durationMs', 'input', 'error'])
  assert.equal(fail.ok, false)
  assert.equal(fail.error, message)
  assert.deepEqual(fail.input, {})
  assert.notEqual(echo.id, fail.id)
})
