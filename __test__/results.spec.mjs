import { test } from 'node:test'
import assert from 'node:assert/strict'

import { codeMode, assertValue, assertFailed, assertWellFormedResult } from './helpers.mjs'

test('a toJSON that returns a BigInt gets the BigInt converted like any other (result-conversions.spec)', async (t) => {
  const cm = codeMode(t)
  const r = await cm.run('return { toJSON() { return 1n } }')
  assertValue(r, '1')
  assert.match(r.warnings[0], /BigInt became a string/)
})

test('a cyclic result is UNSERIALIZABLE_RESULT', async (t) => {
  const cm = codeMode(t)
  for (const code of ['const a = {}; a.a = a; return a', 'const l = [1]; l.push({ l }); return l']) {
    const r = await cm.run(code)
    assertFailed(r, 'UNSERIALIZABLE_RESULT')
    assert.match(r.error.message, /circular|cycl/i)
  }
})

test('a function or symbol result is UNSERIALIZABLE_RESULT', async (t) => {
  const cm = codeMode(t)
  for (const [code, word] of [
    ['return () => 1', /function/],
    ['return function named() {}', /function|constructor/],
    ['return class K {}', /function|constructor/],
    ['return Symbol("x")', /symbol/],
  ]) {
    const r = await cm.run(code)
    assertFailed(r, 'UNSERIALIZABLE_RESULT')
    assert.match(r.error.message, word, code)
  }
})

test('a result whose serialization throws (getter, toJSON, proxy trap) is UNSERIALIZABLE_RESULT', async (t) => {
  const cm = codeMode(t)
  for (const code of [
    'return { get x() { throw new Error("getter") } }',
    'return { toJSON() { throw new Error("tj") } }',
    'return new Proxy({}, { ownKeys() { throw new Error("trap") } })',
  ]) {
    const r = await cm.run(code)
    assertFailed(r, 'UNSERIALIZABLE_RESULT')
  }
})

test('a result nested too deeply to serialize is UNSERIALIZABLE_RESULT, not a crash', async (t) => {
  const cm = codeMode(t)
  const r = await cm.run('let v = 0; for (let i = 0; i < 100000; i++) v = [v]; return v')
  assertFailed(r, 'UNSERIALIZABLE_RESULT')
})

test('a result nested 200 levels deep arrives intact (not silently dropped)', async (t) => {
  const cm = codeMode(t)
  for (const [code, step] of [
    ['let v = 0; for (let i = 0; i < 200; i++) v = [v]; return v', (x) => (Array.isArray(x) ? x[0] : undefined)],
    ['let v = 0; for (let i = 0; i < 200; i++) v = { v }; return v', (x) => (x && typeof x === 'object' ? x.v : undefined)],
  ]) {
    const r = await cm.run(code)
    assert.equal(r.ok, true, code)
    assert.notEqual(r.value, undefined, `${code}: ok:true but the value is missing`)
    let depth = 0
    for (let x = r.value; step(x) !== undefined; x = step(x)) depth++
    assert.equal(depth, 200, code)
  }
})

test('a Date becomes its ISO string; an invalid Date becomes null', async (t) => {
  const cm = codeMode(t)
  assertValue(await cm.run('return new Date(0)'), '1970-01-01T00:00:00.000Z')
  assertValue(await cm.run('return { at: new Date(Date.UTC(2024, 1, 29, 12, 30)) }'), { at: '2024-02-29T12:30:00.000Z' })
  assertValue(await cm.run('return new Date(NaN)'), null)
})

test('undefined (or no return) gives value undefined', async (t) => {
  const cm = codeMode(t)
  for (const code of ['return undefined', 'return', 'const x = 1', '']) {
    const r = await cm.run(code)
    assertWellFormedResult(r, code)
    assert.equal(r.ok, true, code)
    assert.equal(r.value, undefined, code)
  }
})

test('NaN and ±Infinity become null; -0 becomes 0', async (t) => {
  const cm = codeMode(t)
  assertValue(await cm.run('return NaN'), null)
  assertValue(await cm.run('return Infinity'), null)
  assertValue(await cm.run('return [NaN, -Infinity, -0]'), [null, null, 0])
})

test('nested undefined, functions and symbols follow JSON.stringify (dropped or null)', async (t) => {
  const cm = codeMode(t)
  assertValue(
    await cm.run('return { u: undefined, f() {}, s: Symbol("x"), keep: 1, list: [undefined, () => 1, Symbol("y"), 2] }'),
    { keep: 1, list: [null, null, null, 2] },
  )
})

test('toJSON, class instances, holes and shared references convert like JSON.stringify', async (t) => {
  const cm = codeMode(t)
  assertValue(await cm.run('return { toJSON() { return { custom: true } } }'), { custom: true })
  assertValue(await cm.run('class P { constructor() { this.x = 1 } get y() { return 2 } } return new P()'), { x: 1 })
  assertValue(await cm.run('return [ , 1]'), [null, 1])
  assertValue(await cm.run('const shared = [1]; return [shared, shared]'), [[1], [1]])
})

test('a returned promise or thenable is awaited', async (t) => {
  const cm = codeMode(t)
  assertValue(await cm.run('return Promise.resolve(5)'), 5)
  assertValue(await cm.run('return new Promise((r) => setTimeout(() => r("later"), 20))'), 'later')
  assertValue(await cm.run('return { then(resolve) { resolve(7) } }'), 7)
  const r = await cm.run('return Promise.reject(new Error("rejected"))')
  assertFailed(r, 'UNCAUGHT_EXCEPTION')
  assert.equal(r.error.message, 'rejected')
})

test('object key order and unicode strings survive', async (t) => {
  const cm = codeMode(t)
  const r = await cm.run('return { zeta: 1, alpha: 2, "🎉": "ünï\\u0000cødé", nested: { b: 1, a: 2 } }')
  assertValue(r, { zeta: 1, alpha: 2, '🎉': 'ünï\u0000cødé', nested: { b: 1, a: 2 } })
  assert.deepEqual(Object.keys(r.value), ['zeta', 'alpha', '🎉', 'nested'])
})

test('a string with a lone surrogate is never silently lost from the result', async (t) => {
  const cm = codeMode(t)
  for (const [code, expected] of [
    ['return "\\ud800"', (v) => v === '\ud800' || v === '\ufffd'],
    ['return { k: "a\\udc00b" }', (v) => v?.k === 'a\udc00b' || v?.k === 'a\ufffdb'],
  ]) {
    const r = await cm.run(code)
    assertWellFormedResult(r, code)
    if (r.ok) assert.ok(expected(r.value), `${code}: ok result with value ${JSON.stringify(r.value)}`)
    else assert.equal(r.error.code, 'UNSERIALIZABLE_RESULT')
  }
})

test('a large result under the limit arrives intact', async (t) => {
  const cm = codeMode(t)
  const r = await cm.run('return Array.from({ length: 10000 }, (_, i) => ({ i, s: "v" + i }))')
  assert.equal(r.ok, true)
  assert.equal(r.value.length, 10000)
  assert.deepEqual(r.value[9999], { i: 9999, s: 'v9999' })
})

test('the result is a fresh host object (mutating it does not affect later runs)', async (t) => {
  const cm = codeMode(t)
  const a = await cm.run('return { list: [1] }')
  a.value.list.push(2)
  assertValue(await cm.run('return { list: [1] }'), { list: [1] })
})
