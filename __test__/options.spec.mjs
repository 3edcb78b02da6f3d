import { test } from 'node:test'
import assert from 'node:assert/strict'

import { CodeMode, codeMode, assertValue, misuse } from './helpers.mjs'

function assertInvalidOptions(err, pattern) {
  assert.ok(err instanceof TypeError, `expected a TypeError, got ${err?.name}: ${err?.message}`)
  assert.equal(err.code, 'ERR_INVALID_OPTIONS', `code of: ${err?.message}`)
  if (pattern) assert.match(err.message, pattern)
}

const construct = (options) => misuse(() => new CodeMode(options))

test('constructor: a negative, zero, NaN or infinite timeout is ERR_INVALID_OPTIONS', async () => {
  for (const timeoutMs of [-1, 0, NaN, Infinity, 1.5]) {
    assertInvalidOptions(await construct({ limits: { timeoutMs } }), /timeoutMs/)
  }
})

test('constructor: other out-of-range limits are ERR_INVALID_OPTIONS naming the limit', async () => {
  const cases = {
    memoryLimitBytes: -1,
    maxStackBytes: 64 * 1024 * 1024,
    maxToolCalls: -5,
    maxConcurrentToolCalls: 0,
    maxSourceBytes: -1,
    maxLogBytes: -1,
    maxResultBytes: -1,
    maxToolOutputBytes: -1,
  }
  for (const [name, value] of Object.entries(cases)) {
    assertInvalidOptions(await construct({ limits: { [name]: value } }), new RegExp(name))
  }
})

test('constructor: a limit of the wrong type is ERR_INVALID_OPTIONS', async () => {
  assertInvalidOptions(await construct({ limits: { timeoutMs: '1000' } }), /timeoutMs/)
  assertInvalidOptions(await construct({ limits: { maxToolCalls: {} } }), /maxToolCalls/)
})

test('constructor: a tool without a name is ERR_INVALID_OPTIONS', async () => {
  assertInvalidOptions(await construct({ tools: [{ execute() {} }] }), /name/)
  assertInvalidOptions(await construct({ tools: [{ name: '', execute() {} }] }), /name/)
})

test('constructor: execute that is not a function is ERR_INVALID_OPTIONS', async () => {
  assertInvalidOptions(await construct({ tools: [{ name: 'a', execute: 1 }] }), /execute/)
  assertInvalidOptions(await construct({ tools: [{ name: 'a' }] }), /execute/)
  assertInvalidOptions(await construct({ tools: { a: { execute: 'not a function' } } }), /execute/)
})

test('constructor: tools that are not a list or record, or a null tool entry, are ERR_INVALID_OPTIONS', async () => {
  assertInvalidOptions(await construct({ tools: 5 }), /tools/)
  assertInvalidOptions(await construct({ tools: [null] }))
})

test('constructor: duplicate tool names are ERR_INVALID_OPTIONS', async () => {
  const fn = () => 1
  assertInvalidOptions(await construct({ tools: [{ name: 'a', execute: fn }, { name: 'a', execute: fn }] }), /"a"/)
  assertInvalidOptions(
    await construct({ tools: [{ name: 'a', namespace: 'n', execute: fn }, { name: 'a', namespace: 'n', execute: fn }] }),
    /a/,
  )
})

test('constructor: the same name in different namespaces is allowed', async () => {
  const cm = new CodeMode({
    tools: [
      { name: 'get', execute: () => 'top' },
      { name: 'get', namespace: 'a', execute: () => 'a' },
      { name: 'get', namespace: 'b', execute: () => 'b' },
    ],
  })
  assert.equal(cm.toolCount, 3)
  assertValue(await cm.run('return [await tools.get(), await tools.a.get(), await tools.b.get()]'), ['top', 'a', 'b'])
  await cm.close()
})

test('run: invalid per-run limits are ERR_INVALID_OPTIONS', async (t) => {
  const cm = codeMode(t)
  assertInvalidOptions(await misuse(() => cm.run('return 1', { limits: { timeoutMs: -5 } })), /timeoutMs/)
  assertInvalidOptions(await misuse(() => cm.run('return 1', { limits: { maxStackBytes: 1 } })), /maxStackBytes/)
  assertValue(await cm.run('return "still fine"'), 'still fine')
})

test('run: code that is not a string is ERR_INVALID_OPTIONS', async (t) => {
  const cm = codeMode(t)
  for (const code of [123, null, undefined, { code: 'return 1' }]) {
    assertInvalidOptions(await misuse(() => cm.run(code)))
  }
})

test('run: a signal that is not an AbortSignal, or an onEvent that is not a function, is ERR_INVALID_OPTIONS', async (t) => {
  const cm = codeMode(t)
  assertInvalidOptions(await misuse(() => cm.run('return 1', { signal: 5 })), /signal/)
  assertInvalidOptions(await misuse(() => cm.run('return 1', { signal: {} })), /signal/)
  assertInvalidOptions(await misuse(() => cm.run('return 1', { onEvent: 3 })), /onEvent/)
})

test('run reports host misuse by rejecting its promise, not by throwing synchronously', async (t) => {
  const cm = codeMode(t)
  let p
  assert.doesNotThrow(() => {
    p = cm.run('return 1', { limits: { timeoutMs: -5 } })
  }, 'run() threw synchronously')
  assert.ok(p instanceof Promise)
  await assert.rejects(p, (err) => err.code === 'ERR_INVALID_OPTIONS')
})

test('a closed instance rejects run with ERR_CLOSED (and session() throws it)', async () => {
  const cm = new CodeMode({ tools: { a: { execute: () => 1 } } })
  await cm.close()
  const err = await misuse(() => cm.run('return 1'))
  assert.equal(err.code, 'ERR_CLOSED')
  assert.match(err.message, /closed/i)
  assert.equal((await misuse(() => cm.session())).code, 'ERR_CLOSED')
})

test('run on a closed instance rejects its promise rather than throwing synchronously', async () => {
  const cm = new CodeMode()
  await cm.close()
  let p
  assert.doesNotThrow(() => {
    p = cm.run('return 1')
  }, 'run() threw synchronously')
  await assert.rejects(p, (err) => err.code === 'ERR_CLOSED')
})

test('a failed constructor call does not affect other instances', async (t) => {
  await construct({ tools: [{ name: 'x', execute: 1 }] })
  const cm = codeMode(t, { tools: { x: { execute: () => 'fine' } } })
  assertValue(await cm.run('return await tools.x()'), 'fine')
})
