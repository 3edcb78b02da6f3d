// Values JSON would mangle: in results they get a JSON form, each kind named once in warnings;
// in tool inputs they are an error that names the fix, never a silent `{}`.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { codeMode, assertValue, assertFailed } from './helpers.mjs'

const conversions = [
  ['return new Map([["a", 1], ["b", { c: 2 }]])', { a: 1, b: { c: 2 } }, /a Map became an object/],
  ['return new Map([[1, "one"], [2, "two"]])', [[1, 'one'], [2, 'two']], /a Map with non-string keys became an array of \[key, value\] pairs/],
  ['return new Set(["x", "y"])', ['x', 'y'], /a Set became an array/],
  ['return new Uint8Array([1, 2, 255])', [1, 2, 255], /a Uint8Array became an array of numbers/],
  ['return new Float64Array(0)', [], /a Float64Array became an array/],
  ['return 12345678901234567890n', '12345678901234567890', /a BigInt became a string/],
  ['return new RangeError("too far")', { name: 'RangeError', message: 'too far' }, /an Error became \{ name, message \}/],
]

test('Map, Set, typed arrays, BigInt and Error results get a JSON form and a warning naming it', async (t) => {
  const cm = codeMode(t)
  for (const [code, value, warning] of conversions) {
    const r = await cm.run(code)
    assertValue(r, value)
    assert.equal(r.warnings.length, 1, `${code}: ${JSON.stringify(r.warnings)}`)
    assert.match(r.warnings[0], warning, code)
    assert.match(r.warnings[0], /^In the result, /, code)
  }
})

test('nested conversions name their key, and each kind is named once', async (t) => {
  const cm = codeMode(t)
  const r = await cm.run(
    'return { byId: new Map([["u1", { tags: new Set(["a"]) }]]), more: new Map([["k", 2n]]), big: [1n, 2n] }',
  )
  assertValue(r, { byId: { u1: { tags: ['a'] } }, more: { k: '2' }, big: ['1', '2'] })
  assert.equal(r.warnings.length, 3, JSON.stringify(r.warnings))
  assert.match(r.warnings[0], /under the key "byId", a Map became an object/)
  assert.match(r.warnings[1], /under the key "tags", a Set became an array/)
  assert.match(r.warnings[2], /under the key "k", a BigInt became a string/)
})

test('a caught ToolError in the result keeps its message, code and tool', async (t) => {
  const cm = codeMode(t, {
    tools: { fail: { execute: () => { throw new Error('quota exceeded') } } },
  })
  const r = await cm.run('try { await tools.fail({}) } catch (e) { return { error: e } }')
  assertValue(r, { error: { name: 'ToolError', message: 'quota exceeded', code: 'TOOL_FAILED', tool: 'fail' } })
  assert.match(r.warnings[0], /under the key "error", an Error became/)
})

test('a Map key named __proto__ stays data, and plain data gets no warning', async (t) => {
  const cm = codeMode(t)
  const r = await cm.run('return new Map([["__proto__", 1]])')
  assert.equal(r.ok, true)
  assert.deepEqual(Object.keys(r.value), ['__proto__'])
  assert.equal(r.value.__proto__, 1)
  const plain = await cm.run('return { a: {}, b: [], c: { "0": 1 } }')
  assertValue(plain, { a: {}, b: [], c: { 0: 1 } })
  assert.deepEqual(plain.warnings, [])
})

test('a Promise in the result is still an error, not a conversion', async (t) => {
  const cm = codeMode(t)
  const r = await cm.run('return { later: new Promise(() => {}), m: new Map() }')
  assertFailed(r, 'UNSERIALIZABLE_RESULT')
  assert.match(r.error.message, /holds a Promise under the key "later".*forget `await`/)
})

test('cycles still fail, even through a Map', async (t) => {
  const cm = codeMode(t)
  const r = await cm.run('const m = new Map(); m.set("self", m); return m')
  assertFailed(r, 'UNSERIALIZABLE_RESULT')
  assert.match(r.error.message, /circular|cycl/i)
})

test('a guest object posing as a Map is left as JSON sees it', async (t) => {
  const cm = codeMode(t)
  const r = await cm.run('return Object.create(Map.prototype)')
  assertValue(r, {})
  assert.deepEqual(r.warnings, [])
})

test('a tool input holding a Map, Set, typed array, BigInt or Error is an error naming the fix; the host is not called', async (t) => {
  let calls = 0
  const cm = codeMode(t, { tools: { save: { execute: () => ++calls } } })
  for (const [value, fix] of [
    ['new Map([["a", 1]])', /holds a Map under the key "v".*Object\.fromEntries\(map\)/],
    ['new Set([1])', /holds a Set under the key "v".*\[\.\.\.set\]/],
    ['new Int32Array(2)', /holds an Int32Array under the key "v".*Array\.from/],
    ['5n', /holds a BigInt under the key "v".*String\(n\)/],
    ['new Error("x")', /holds an Error under the key "v"/],
  ]) {
    const r = await cm.run(`await tools.save({ v: ${value} })`)
    assertFailed(r, 'UNCAUGHT_EXCEPTION')
    assert.equal(r.error.name, 'TypeError')
    assert.match(r.error.message, /^The input of tools\.save /)
    assert.match(r.error.message, fix, value)
  }
  assert.equal(calls, 0)
})
