import { test } from 'node:test'
import assert from 'node:assert/strict'

import { codeMode, assertValue, assertFailed } from './helpers.mjs'

test('host and platform globals are absent', async (t) => {
  const cm = codeMode(t)
  const names = [
    'process', 'require', 'fetch', 'Buffer', 'Deno', 'Bun', 'global', 'module', 'exports',
    '__dirname', '__filename', 'XMLHttpRequest', 'WebSocket', 'importScripts', 'std', 'os',
    'scriptArgs', 'print', 'WebAssembly', 'eval',
  ]
  const r = await cm.run(`return Object.fromEntries(${JSON.stringify(names)}.map((n) => [n, typeof globalThis[n]]))`)
  assertValue(r, Object.fromEntries(names.map((n) => [n, 'undefined'])))
  // and not reachable as bare identifiers either
  for (const n of ['process', 'require', 'fetch', 'Buffer', 'Deno']) {
    assertValue(await cm.run(`return typeof ${n}`), 'undefined')
    const r2 = await cm.run(`return ${n}.toString()`)
    assertFailed(r2, 'UNCAUGHT_EXCEPTION')
    assert.equal(r2.error.name, 'ReferenceError')
  }
})

test('eval is removed, directly and indirectly', async (t) => {
  const cm = codeMode(t)
  assertValue(await cm.run('return typeof eval'), 'undefined')
  assertValue(await cm.run('return typeof globalThis["ev" + "al"]'), 'undefined')
  assertValue(await cm.run('return "eval" in globalThis'), false)
  const r = await cm.run('return eval("1 + 1")')
  assertFailed(r, 'UNCAUGHT_EXCEPTION')
  const r2 = await cm.run('globalThis.pwned = false; try { (0, eval)("globalThis.pwned = true") } catch {} return pwned')
  assertValue(r2, false)
})

test('every string-to-code constructor path throws EvalError', async (t) => {
  const cm = codeMode(t, { tools: { obj: { execute: () => ({ a: 1 }) } } })
  const paths = {
    Function: 'Function("return 1")',
    newFunction: 'new Function("return 1")',
    FunctionPrototypeConstructor: 'Function.prototype.constructor("return 1")',
    arrowConstructor: '(() => {}).constructor("return 1")',
    reflectConstruct: 'Reflect.construct(Function, ["return 1"])',
    functionCall: 'Function.call(null, "return 1")',
    functionApply: 'Function.apply(null, ["return 1"])',
    AsyncFunction: '(async function () {}).constructor("return 1")',
    AsyncArrow: '(async () => {}).constructor("return 1")',
    AsyncFunctionViaProto: 'Object.getPrototypeOf(async function () {}).constructor("return 1")',
    GeneratorFunction: '(function* () {}).constructor("yield 1")',
    GeneratorFunctionViaProto: 'Object.getPrototypeOf(function* () {}).constructor("yield 1")',
    AsyncGeneratorFunction: '(async function* () {}).constructor("yield 1")',
    AsyncGeneratorViaProto: 'Object.getPrototypeOf(async function* () {}).constructor("yield 1")',
    toolFunctionConstructor: 'tools.obj.constructor("return 1")',
    consoleMethodConstructor: 'console.log.constructor("return 1")',
  }
  const code = `
    const out = {}
    ${Object.entries(paths)
      .map(([k, expr]) => `try { const f = ${expr}; out[${JSON.stringify(k)}] = 'created ' + typeof f } catch (e) { out[${JSON.stringify(k)}] = e.name }`)
      .join('\n')}
    return out
  `
  const r = await cm.run(code)
  assertValue(r, Object.fromEntries(Object.keys(paths).map((k) => [k, 'EvalError'])))
})

test('a host object returned by a tool gives no way to a host Function constructor', async (t) => {
  const cm = codeMode(t, { tools: { obj: { execute: () => ({ a: 1, list: [1] }) } } })
  const r = await cm.run(`
    const o = await tools.obj({})
    const attempts = [
      () => o.constructor.constructor('return typeof process')(),
      () => o.list.constructor.constructor('return typeof process')(),
      () => Object.getPrototypeOf(o).constructor.constructor('return 1')(),
    ]
    return attempts.map((f) => { try { return 'ran: ' + f() } catch (e) { return e.name } })
  `)
  assertValue(r, ['EvalError', 'EvalError', 'EvalError'])
})

test('setTimeout and setInterval refuse strings of code', async (t) => {
  const cm = codeMode(t)
  const r = await cm.run(`
    globalThis.pwned = false
    const out = []
    try { setTimeout('globalThis.pwned = true', 0); out.push('accepted') } catch (e) { out.push(e.name) }
    try { setInterval('globalThis.pwned = true', 5); out.push('accepted') } catch (e) { out.push(e.name) }
    await new Promise((r) => setTimeout(r, 30))
    out.push(globalThis.pwned)
    return out
  `)
  assertValue(r, ['TypeError', 'TypeError', false])
})

test('dynamic import cannot load host modules, files or data: URLs', async (t) => {
  const cm = codeMode(t)
  for (const spec of ['fs', 'node:fs', 'node:child_process', './index.js', '/etc/passwd', 'data:text/javascript,export default 1']) {
    const r = await cm.run(`const m = await import(${JSON.stringify(spec)}); return typeof m`)
    assertFailed(r, 'UNCAUGHT_EXCEPTION')
  }
  const caught = await cm.run('try { await import("fs"); return "loaded" } catch (e) { return "refused" }')
  assertValue(caught, 'refused')
})

test('static import of host modules is refused', async (t) => {
  const cm = codeMode(t)
  const r = await cm.run('import fs from "fs"\nreturn typeof fs')
  assert.equal(r.ok, false)
  assert.ok(['SYNTAX_ERROR', 'UNCAUGHT_EXCEPTION'].includes(r.error.code), r.error.code)
})

test('built-in intrinsics are frozen', async (t) => {
  const cm = codeMode(t)
  const names = [
    'Object', 'Object.prototype', 'Array.prototype', 'Function.prototype', 'Promise', 'Promise.prototype',
    'JSON', 'Error.prototype', 'String.prototype', 'Symbol', 'Map.prototype', 'Reflect', 'Math',
  ]
  const r = await cm.run(`return [${names.map((n) => `Object.isFrozen(${n})`).join(', ')}]`)
  assertValue(r, names.map(() => true))
})

// QuickJS creates built-in methods on first use; freezing keeps them lazy (patch 0007). Each
// method below is read for the first time after the freeze: it must come out read-only, fixed
// and the pristine built-in, whatever the guest did before reading it.
test('built-in methods first used after the freeze are read-only and pristine', async (t) => {
  const cm = codeMode(t)
  const r = await cm.run(`
    'use strict'
    const methods = [
      [Array.prototype, 'copyWithin'], [String.prototype, 'normalize'], [Math, 'hypot'],
      [Reflect, 'ownKeys'], [Object, 'fromEntries'], [Promise, 'allSettled'], [JSON, 'rawJSON'],
    ]
    const results = []
    for (const [owner, key] of methods) {
      let assigned, redefined, deleted
      try { owner[key] = () => 'patched'; assigned = 'no throw' } catch (e) { assigned = e.constructor.name }
      try { Object.defineProperty(owner, key, { value: 1 }); redefined = 'no throw' } catch (e) { redefined = e.constructor.name }
      try { deleted = delete owner[key] } catch (e) { deleted = e.constructor.name }
      const d = Object.getOwnPropertyDescriptor(owner, key)
      results.push([key, assigned, redefined, deleted, d.writable, d.configurable, typeof d.value, d.value.name])
    }
    results.push(['works', [1, 2, 3, 4].copyWithin(0, 2).join(), Math.hypot(3, 4), 'e\\u0301'.normalize().length])
    return results
  `)
  const expected = (key) => [key, 'TypeError', 'TypeError', 'TypeError', false, false, 'function', key]
  assertValue(r, [
    ...['copyWithin', 'normalize', 'hypot', 'ownKeys', 'fromEntries', 'allSettled', 'rawJSON'].map(expected),
    ['works', '3,4,3,4', 5, 1],
  ])
})

// Frozen prototypes would make `this.name = ...` throw (an inherited read-only property);
// QuickJS patch 0008 lets other objects shadow their members by assignment instead.
test('objects shadow members of frozen built-in prototypes by assignment; the prototypes stay read-only', async (t) => {
  const cm = codeMode(t)
  const r = await cm.run(`
    'use strict'
    const attempt = (f) => { try { f(); return 'ok' } catch (e) { return e.constructor.name } }
    class MyError extends Error { constructor(m) { super(m); this.name = 'MyError' } }
    const e = new MyError('bad')
    const o = {}
    o.toString = () => 'mine'
    o.hasOwnProperty = () => 'shadowed'
    const list = [3, 1]
    list.map = () => 'mapped'
    const viaReflect = {}
    const reflected = Reflect.set(Object.prototype, 'valueOf', () => 7, viaReflect)
    const fn = function f() {}
    const frozen = Object.freeze({})
    const d = Object.getOwnPropertyDescriptor(o, 'toString')
    const p = Object.getOwnPropertyDescriptor(Object.prototype, 'toString')
    return {
      error: [e.name, String(e), Object.keys(e).includes('name'), Object.getPrototypeOf(e).name, Error.prototype.name],
      object: [String(o), o.hasOwnProperty(), d.writable, d.enumerable, d.configurable],
      array: [list.map(), [1, 2].map((x) => x * 2).join()],
      reflect: [reflected, viaReflect.valueOf()],
      fnName: [attempt(() => { fn.call = 1 }), fn.call],
      protoItself: [
        attempt(() => { Object.prototype.toString = () => 'x' }),
        attempt(() => { Error.prototype.name = 'x' }),
        attempt(() => { Array.prototype.map = () => 1 }),
        typeof p.value, p.writable, p.configurable, 'get' in p,
      ],
      notExtensible: attempt(() => { frozen.toString = () => 'x' }),
      otherProtos: attempt(() => { const m = new Map(); m.get = () => 1 }),
      pristine: [({}).toString(), [1].map((x) => x + 1)[0]],
    }
  `)
  assertValue(r, {
    error: ['MyError', 'MyError: bad', true, 'Error', 'Error'],
    object: ['mine', 'shadowed', true, true, true],
    array: ['mapped', '2,4'],
    reflect: [true, 7],
    fnName: ['ok', 1],
    protoItself: ['TypeError', 'TypeError', 'TypeError', 'function', false, false, false],
    notExtensible: 'TypeError',
    otherProtos: 'TypeError',
    pristine: ['[object Object]', 2],
  })
})

test('patching JSON fails (silently in sloppy code, TypeError in strict code) and never breaks tool calls', async (t) => {
  const cm = codeMode(t, { tools: { echo: { execute: (i) => i } } })
  assertValue(
    await cm.run('try { JSON.parse = () => "hacked"; JSON.stringify = () => "{}" } catch {} return [JSON.parse("2"), JSON.stringify({ a: 1 })]'),
    [2, '{"a":1}'],
  )
  assertValue(await cm.run('"use strict"; try { JSON.parse = () => 1; return "assigned" } catch (e) { return e.name }'), 'TypeError')
  assertValue(
    await cm.run('try { JSON.stringify = () => "{}"; JSON.parse = () => ({}) } catch {} return await tools.echo({ k: [1, 2] })'),
    { k: [1, 2] },
  )
  assertValue(
    await cm.run('globalThis.JSON = { stringify() { return "{}" }, parse() { return 9 } }; return await tools.echo({ k: 1 })'),
    { k: 1 },
  )
  assertValue(await cm.run('try { delete globalThis.JSON } catch {} return await tools.echo({ k: 2 })'), { k: 2 })
})

test('patching Promise and prototypes never breaks tool calls', async (t) => {
  const cm = codeMode(t, { tools: { echo: { execute: (i) => i }, fail: { execute: () => { throw new Error('host says no') } } } })
  const attacks = [
    'try { Promise.prototype.then = function () { return "hijacked" } } catch {}',
    'try { Object.defineProperty(Promise.prototype, "then", { value: () => 1 }) } catch {}',
    'try { Object.defineProperty(Object.prototype, "then", { get() { return (r) => r("hijacked") } }) } catch {}',
    'try { Object.prototype.toJSON = () => "hacked" } catch {}',
    'try { Array.prototype.push = null; Array.prototype.map = null } catch {}',
    'try { Array.prototype[Symbol.iterator] = function* () { yield "evil" } } catch {}',
    'try { Object.defineProperty(Object.prototype, "x", { get() { throw 1 } }) } catch {}',
    'globalThis.Promise = function () { throw new Error("fake Promise") }',
    'globalThis.ToolError = class extends Error {}',
    'globalThis.Error = function () { return { name: "fake" } }',
  ]
  for (const attack of attacks) {
    const r = await cm.run(`${attack}
      const v = await tools.echo({ a: [1, 2], s: 'x' })
      let failure
      try { await tools.fail({}) } catch (e) { failure = [e.name, e.code, e.message] }
      return { v, failure }`)
    assert.equal(r.ok, true, `${attack}: ${JSON.stringify(r.error)}`)
    assert.deepEqual(r.value.v, { a: [1, 2], s: 'x' }, attack)
    assert.equal(r.value.failure[0], 'ToolError', attack)
    assert.equal(r.value.failure[1], 'TOOL_FAILED', attack)
    assert.match(r.value.failure[2], /host says no/, attack)
  }
})

test('patching console cannot break log capture', async (t) => {
  const cm = codeMode(t)
  const r = await cm.run('const log = console.log; try { console.log = () => {} } catch {} log("still captured"); console.log("second")')
  assert.deepEqual(r.logs.map((l) => l.message), ['still captured', 'second'])
})

test('a __proto__ key in tool input or output does not pollute prototypes on either side', async (t) => {
  let hostSaw
  const cm = codeMode(t, {
    tools: {
      echo: { execute: (i) => { hostSaw = i; return i } },
      evil: { execute: () => JSON.parse('{"__proto__": {"pollutedFromHost": true}}') },
    },
  })
  const r = await cm.run(`
    await tools.echo(JSON.parse('{"__proto__": {"pollutedFromGuest": true}}'))
    const out = await tools.evil({})
    return [typeof ({}).pollutedFromHost, typeof ({}).pollutedFromGuest, Object.getPrototypeOf(out) === Object.prototype]
  `)
  assertValue(r, ['undefined', 'undefined', true])
  assert.equal({}.pollutedFromGuest, undefined)
  assert.equal({}.pollutedFromHost, undefined)
  assert.equal(Object.getPrototypeOf(hostSaw), Object.prototype)
})

test('Atomics.wait cannot block the engine thread past the deadline', async (t) => {
  const cm = codeMode(t, { limits: { timeoutMs: 300 } })
  const start = performance.now()
  const r = await cm.run('const ia = new Int32Array(new SharedArrayBuffer(4)); return Atomics.wait(ia, 0, 0)')
  const ms = performance.now() - start
  assert.equal(r.ok, false)
  assert.ok(ms < 1500, `took ${ms} ms`)
})

test('globals set by a guest never appear on the host', async (t) => {
  const cm = codeMode(t)
  await cm.run('globalThis.guestMarker = 1; Object.prototype.alsoMarker = 1')
  assert.equal(globalThis.guestMarker, undefined)
  assert.equal({}.alsoMarker, undefined)
})
