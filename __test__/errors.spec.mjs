import { test } from 'node:test'
import assert from 'node:assert/strict'

import binding from '../index.js'
import { codeMode, assertValue, assertFailed, assertWellFormedResult } from './helpers.mjs'

// ---------------------------------------------------------------- syntax errors

test('a syntax error reports SYNTAX_ERROR with the line and column in the model code', async (t) => {
  const cm = codeMode(t)
  const r = await cm.run('const a = 1\nconst b = ;\nreturn a')
  assertWellFormedResult(r)
  assertFailed(r, 'SYNTAX_ERROR')
  assert.equal(r.error.name, 'SyntaxError')
  assert.equal(r.error.line, 2)
  assert.equal(r.error.column, 11)
  assert.ok(r.error.message.length > 0)
  assert.match(r.error.hint, /syntax/i)
})

test('syntax errors on other lines and of other kinds carry their positions', async (t) => {
  const cm = codeMode(t)
  const cases = [
    ['const x = 1\n\nconst s = "unterminated\nreturn s', 3, 11],
    ['let x = 1\nlet x = 2', 2, 7],
    ['const x = ;', 1, 11],
  ]
  for (const [code, line, column] of cases) {
    const r = await cm.run(code)
    assertFailed(r, 'SYNTAX_ERROR')
    assert.deepEqual([r.error.line, r.error.column], [line, column], JSON.stringify(code))
  }
})

test('a syntax error at the end of the input (unclosed brace, bracket, expression) is SYNTAX_ERROR with a line in the model code', async (t) => {
  const cm = codeMode(t)
  const cases = [
    'function f() {\n  return 1\n',
    'return 1 +',
    'const o = {\n  a: 1,\n',
    '[1, 2',
    'if (true) {',
  ]
  for (const code of cases) {
    const r = await cm.run(code)
    assertFailed(r, 'SYNTAX_ERROR')
    assert.equal(r.error.name, 'SyntaxError')
    const lines = code.split('\n').length
    assert.ok(
      Number.isInteger(r.error.line) && r.error.line >= 1 && r.error.line <= lines,
      `${JSON.stringify(code)}: line ${r.error.line} is not in the model's ${lines} line(s)`,
    )
  }
})

test('unbalanced closing braces cannot escape the program wrapper', async (t) => {
  const cm = codeMode(t)
  // A program that closes more than it opens is a syntax error; it must never run as
  // something else or silently lose its result.
  for (const code of ['return 1 })(); (async () => {', 'return 1 }); globalThis.escaped = 1; (async () => {', '}\nreturn 1']) {
    const r = await cm.run(code)
    assertFailed(r, 'SYNTAX_ERROR')
  }
})

test('a syntax error stops everything: no tool call, no log', async (t) => {
  let called = false
  const cm = codeMode(t, { tools: { side: { execute: () => { called = true } } } })
  const r = await cm.run('console.log("x"); await tools.side({});\nconst = 5')
  assertFailed(r, 'SYNTAX_ERROR')
  assert.equal(r.error.line, 2)
  assert.deepEqual(r.logs, [])
  assert.equal(called, false)
})

// ---------------------------------------------------------------- runtime errors

test('a runtime error reports UNCAUGHT_EXCEPTION with name, message, line and column', async (t) => {
  const cm = codeMode(t)
  // (Property access on the literal `null` is constant-folded by QuickJS without a position, so
  // the receiver is a variable here, as it is in real programs.)
  const r = await cm.run('const o = null\n  o.foo')
  assertWellFormedResult(r)
  assertFailed(r, 'UNCAUGHT_EXCEPTION')
  assert.equal(r.error.name, 'TypeError')
  assert.match(r.error.message, /foo/)
  assert.equal(r.error.line, 2)
  assert.equal(r.error.column, 3)
  assert.ok(r.error.hint.length > 0)
})

test('runtime errors after awaits and in nested functions map to the model lines, with a stack', async (t) => {
  const cm = codeMode(t, { tools: { echo: { execute: (i) => i } } })
  const r = await cm.run('  await tools.echo(1)\n  const o = null\n  return o.prop')
  assertFailed(r, 'UNCAUGHT_EXCEPTION')
  assert.deepEqual([r.error.line, r.error.column], [3, 10])

  const r2 = await cm.run('function inner() {\n  throw new RangeError("deep")\n}\nfunction outer() { return inner() }\nouter()')
  assertFailed(r2, 'UNCAUGHT_EXCEPTION')
  assert.equal(r2.error.name, 'RangeError')
  assert.equal(r2.error.message, 'deep')
  assert.deepEqual([r2.error.line, r2.error.column], [2, 13])
  assert.match(r2.error.stack, /inner \(code\.js:2:13\)/)
  assert.match(r2.error.stack, /outer \(code\.js:4:\d+\)/)
  assert.match(r2.error.stack, /code\.js:5:1/)
  assert.doesNotMatch(r2.error.stack, /bootstrap|runMain/)

  const r3 = await cm.run('await null\n\n\n    undefinedVariable + 1')
  assertFailed(r3, 'UNCAUGHT_EXCEPTION')
  assert.equal(r3.error.name, 'ReferenceError')
  assert.deepEqual([r3.error.line, r3.error.column], [4, 5])
})

test('columns count characters, not UTF-8 bytes, when the line has non-ASCII text', async (t) => {
  const cm = codeMode(t)
  // "null" starts at character 18 (é, ü, 中 are one UTF-16 unit each)
  const r = await cm.run('const s = "éü中"; o.x')
  assertFailed(r, 'UNCAUGHT_EXCEPTION')
  assert.deepEqual([r.error.line, r.error.column], [1, 18])
  // the ";" is character 28
  const r2 = await cm.run('const s = "éü中"; const b = ;')
  assertFailed(r2, 'SYNTAX_ERROR')
  assert.deepEqual([r2.error.line, r2.error.column], [1, 28])
})

test('a rejected await is reported like a throw', async (t) => {
  const cm = codeMode(t)
  const r = await cm.run('await Promise.reject(new RangeError("r"))')
  assertFailed(r, 'UNCAUGHT_EXCEPTION')
  assert.equal(r.error.name, 'RangeError')
  assert.equal(r.error.message, 'r')
  assert.equal(r.error.line, 1)
})

test('a custom Error subclass keeps its name', async (t) => {
  const cm = codeMode(t)
  const viaCtor = await cm.run('class MyErr extends Error { constructor(m) { super(m); this.name = "MyErr" } }\nthrow new MyErr("bad")')
  assertFailed(viaCtor, 'UNCAUGHT_EXCEPTION')
  assert.equal(viaCtor.error.name, 'MyErr')
  assert.equal(viaCtor.error.message, 'bad')
  assert.equal(viaCtor.error.line, 1)

  const viaField = await cm.run('class ValidationError extends Error { name = "ValidationError" }\nthrow new ValidationError("v")')
  assert.equal(viaField.error.name, 'ValidationError')
  assert.equal(viaField.error.message, 'v')

  const viaProto = await cm.run('class HttpError extends Error {}\nHttpError.prototype.name = "HttpError"\nthrow new HttpError("404")')
  assert.equal(viaProto.error.name, 'HttpError')

  const viaAssign = await cm.run('const e = new Error("x"); e.name = "Custom"; throw e')
  assert.equal(viaAssign.error.name, 'Custom')
})

test('a thrown string is reported readably', async (t) => {
  const cm = codeMode(t)
  const r = await cm.run('throw "boom"')
  assertFailed(r, 'UNCAUGHT_EXCEPTION')
  assert.match(r.error.message, /boom/)
  assert.ok(r.error.name.length > 0)
  assert.match(r.error.hint, /Error/)
})

test('thrown null, undefined, numbers and objects are reported readably', async (t) => {
  const cm = codeMode(t)
  const cases = [
    ['throw null', /null/],
    ['throw undefined', /undefined/],
    ['throw 42', /42/],
    ['throw { code: 7, reason: "quota" }', /quota/],
    ['throw [1, 2]', /1.*2/],
    ['throw true', /true/],
    ['const o = {}; o.o = o; throw o', /./],
  ]
  for (const [code, pattern] of cases) {
    const r = await cm.run(code)
    assertWellFormedResult(r, code)
    assertFailed(r, 'UNCAUGHT_EXCEPTION')
    assert.match(r.error.message, pattern, code)
    assert.doesNotMatch(r.error.message, /\[object Object\]/, code)
  }
})

test('thrown BigInt and Symbol values show the value itself', async (t) => {
  const cm = codeMode(t)
  const big = await cm.run('throw 12345n')
  assertFailed(big, 'UNCAUGHT_EXCEPTION')
  assert.match(big.error.message, /12345/)
  const sym = await cm.run('throw Symbol("mySymbolDescription")')
  assertFailed(sym, 'UNCAUGHT_EXCEPTION')
  assert.match(sym.error.message, /mySymbolDescription/)
})

test('an Error with a hostile message or name getter is still reported', async (t) => {
  const cm = codeMode(t)
  const r = await cm.run(`
    const e = new Error('x')
    Object.defineProperty(e, 'message', { get() { throw new Error('getter') } })
    Object.defineProperty(e, 'name', { get() { throw new Error('getter') } })
    throw e`)
  assertWellFormedResult(r)
  assertFailed(r, 'UNCAUGHT_EXCEPTION')
  assert.equal(r.error.line, 2) // where the Error was created
})

test('every failure carries a one-line hint for the model', async (t) => {
  const cm = codeMode(t, { tools: { t: { execute: () => 'x'.repeat(100) } } })
  const failing = [
    ['const = 1', {}],
    ['throw new Error("x")', {}],
    ['while (true) {}', { timeoutMs: 200 }],
    ['const a = []; while (true) a.push(new Array(1e5).fill(1))', { memoryLimitBytes: 8 << 20 }],
    ['function f() { return f() } f()', {}],
    ['for (;;) await tools.t()', { maxToolCalls: 1 }],
    ['return "x".repeat(100)', { maxResultBytes: 10 }],
    ['return 1', { maxSourceBytes: 2 }],
    ['const a = {}; a.a = a; return a', {}],
    ['Promise.reject(new Error("x")); await new Promise((r) => setTimeout(r, 5))', {}],
  ]
  const codes = new Set()
  for (const [code, limits] of failing) {
    const r = await cm.run(code, { limits })
    assertWellFormedResult(r, code)
    assert.equal(r.ok, false, code)
    assert.ok(r.error.hint && !r.error.hint.includes('\n'), `${code}: hint ${JSON.stringify(r.error.hint)}`)
    codes.add(r.error.code)
  }
  assert.equal(codes.size, 10, [...codes].join(','))
})

test('an error is catchable in the guest and the run then succeeds', async (t) => {
  const cm = codeMode(t)
  assertValue(await cm.run('try { null.x } catch (e) { return e instanceof TypeError }'), true)
  assertValue(await cm.run('try { JSON.parse("{") } catch (e) { return e.name }'), 'SyntaxError')
})

test('ERROR_CODES lists every stable code once, frozen, each mapped to itself', () => {
  const codes = binding.ERROR_CODES
  assert.ok(Object.isFrozen(codes))
  assert.deepEqual(Object.keys(codes), Object.values(codes))
  for (const code of ['SYNTAX_ERROR', 'TIMEOUT', 'MEMORY_LIMIT', 'ABORTED', 'INTERNAL_ERROR']) {
    assert.equal(codes[code], code)
  }
  assert.throws(() => {
    'use strict'
    codes.NEW_CODE = 'NEW_CODE'
  }, TypeError)
})
