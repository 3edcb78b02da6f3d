// structuredClone in the guest behaves like Node's (HTML structured serialization): each probe
// runs in the sandbox and in Node, and the clones are described and compared value by value.
import { test } from 'node:test'
import assert from 'node:assert/strict'

import { codeMode, both } from './helpers.mjs'

/** Clones each sample and describes the copy (types, contents, identities) as JSON data. */
function cloneSamples() {
  const describe = (v, seen = new Map()) => {
    if (typeof v === 'bigint') return { bigint: String(v) }
    if (typeof v === 'number') return Object.is(v, -0) ? { number: '-0' } : Number.isNaN(v) ? { number: 'NaN' } : v
    if (typeof v === 'undefined') return { undefined: true }
    if (v === null || typeof v !== 'object') return v
    if (seen.has(v)) return { ref: seen.get(v) }
    seen.set(v, seen.size)
    const tag = Object.prototype.toString.call(v)
    const proto = Object.getPrototypeOf(v)
    const out = { tag, proto: proto === null ? null : proto.constructor && proto.constructor.name }
    if (v instanceof Date) out.time = describe(v.getTime())
    else if (v instanceof RegExp) out.re = [v.source, v.flags, v.lastIndex]
    else if (v instanceof Map) out.entries = [...v].map(([k, x]) => [describe(k, seen), describe(x, seen)])
    else if (v instanceof Set) out.values = [...v].map((x) => describe(x, seen))
    else if (v instanceof ArrayBuffer) out.buffer = [v.byteLength, v.resizable, v.maxByteLength, Array.from(new Uint8Array(v))]
    else if (ArrayBuffer.isView(v)) {
      out.view = [v.byteOffset, v.byteLength, v.length ?? null, describe(v.buffer, seen)]
      if (!(v instanceof DataView)) out.items = Array.from(v, (x) => describe(x))
    } else if (v instanceof Error) {
      out.error = [v.name, v.message, Object.getOwnPropertyNames(v).sort(), 'cause' in v ? describe(v.cause, seen) : null]
    } else if (tag === '[object Number]' || tag === '[object String]' || tag === '[object Boolean]' || tag === '[object BigInt]') {
      out.boxed = describe(v.valueOf())
    }
    const keys = Object.keys(v)
    if (!(v instanceof Error) && !ArrayBuffer.isView(v)) {
      out.keys = keys
      out.props = keys.map((k) => describe(v[k], seen))
    }
    if (Array.isArray(v)) out.length = v.length
    return out
  }
  const shared = { shared: true }
  const cyclic = { name: 'root' }
  cyclic.self = cyclic
  cyclic.list = [cyclic, shared, shared]
  const sparse = [1, , 3]
  sparse.extra = 'prop'
  sparse[10] = 'far'
  const buf = new ArrayBuffer(16)
  new Uint8Array(buf).set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16])
  const resizable = new ArrayBuffer(4, { maxByteLength: 32 })
  const typeErr = new TypeError('bad type', { cause: { code: 42 } })
  typeErr.extra = 'dropped'
  const renamed = new Error('renamed')
  renamed.name = 'RangeError'
  const custom = new Error('custom name')
  custom.name = 'MyError'
  class MyErr extends Error {
    constructor(m) {
      super(m)
      this.name = 'MyErr'
      this.code = 7
    }
  }
  class Point {
    constructor() {
      this.x = 1
      this.y = 2
    }
    norm() {
      return 0
    }
  }
  const samples = [
    1,
    -0,
    NaN,
    Infinity,
    'str',
    true,
    null,
    undefined,
    10n ** 30n,
    { a: 1, b: 'two', c: [3, { d: 4 }], e: null, f: undefined },
    Object.create(null),
    Object.assign(Object.create({ inherited: 1 }), { own: 2 }),
    Object.defineProperty({ visible: 1 }, 'hidden', { value: 2, enumerable: false }),
    { [Symbol('s')]: 1, kept: 2 },
    { get computed() { return 'getter ran' } },
    JSON.parse('{"__proto__": {"polluted": true}, "x": 1}'),
    cyclic,
    sparse,
    new Date(1700000000000),
    new Date(NaN),
    /ab+c/gimsuy,
    Object.assign(/x/g, { lastIndex: 3 }),
    new Map([[{ k: 1 }, new Set([1, 'a'])], [NaN, 'nan'], ['s', shared]]),
    new Set([shared, shared, 1, '1']),
    buf,
    resizable,
    new Uint8Array(buf, 4, 8),
    [new Uint16Array(buf, 2, 3), new DataView(buf, 1, 5), buf],
    new Float64Array([1.5, -0, NaN]),
    new BigInt64Array([1n, -2n]),
    new Uint8ClampedArray([300, -5]),
    typeErr,
    renamed,
    custom,
    new MyErr('subclass'),
    new RangeError(),
    new EvalError('e'),
    new Error('with cause', { cause: new Error('inner') }),
    new Point(),
    [new Number(3), new String('s'), new Boolean(false), Object(5n)],
    [[[[[[[[[[['deep']]]]]]]]]]],
  ]
  return samples.map((s) => {
    try {
      return describe(structuredClone(s))
    } catch (e) {
      return { threw: e.name }
    }
  })
}

test('structuredClone copies every cloneable kind like Node, keeping cycles and sharing', async (t) => {
  const cm = codeMode(t)
  const { guest, node } = await both(cm, cloneSamples)
  assert.equal(guest.length, node.length)
  for (let i = 0; i < node.length; i++) assert.deepEqual(guest[i], node[i], `sample #${i}`)
})

test('structuredClone returns new objects and keeps identities among them', async (t) => {
  const cm = codeMode(t)
  const probe = () => {
    const inner = { v: 1 }
    const buf = new ArrayBuffer(8)
    const src = { a: inner, b: inner, m: new Map([[inner, inner]]), u8: new Uint8Array(buf), dv: new DataView(buf) }
    src.self = src
    const c = structuredClone(src)
    return [
      c !== src,
      c.a !== inner,
      c.a === c.b,
      c.self === c,
      [...c.m.keys()][0] === c.a,
      c.m.get(c.a) === c.a,
      c.u8.buffer === c.dv.buffer,
      c.u8.buffer !== buf,
      structuredClone(inner) !== inner,
    ]
  }
  const { guest, node } = await both(cm, probe)
  assert.deepEqual(guest, node)
  assert.ok(guest.every((x) => x === true))
})

test('values that cannot be cloned throw a DataCloneError DOMException, like Node', async (t) => {
  const cm = codeMode(t)
  const probe = () => {
    const cases = [
      () => structuredClone(() => {}),
      () => structuredClone(function named() {}),
      () => structuredClone(class A {}),
      () => structuredClone(Symbol('s')),
      () => structuredClone({ nested: { fn() {} } }),
      () => structuredClone([1, Symbol.iterator]),
      () => structuredClone(new Map([[1, () => {}]])),
      () => structuredClone(new WeakMap()),
      () => structuredClone(new WeakSet()),
      () => structuredClone(new WeakRef({})),
      () => structuredClone(Promise.resolve(1)),
      () => structuredClone(new Proxy({}, {})),
      () => structuredClone(new Proxy([], {})),
      () => structuredClone((function* () {})()),
      () => structuredClone(Object(Symbol('boxed'))),
      () => structuredClone(),
    ]
    return cases.map((f) => {
      try {
        f()
        return 'no error'
      } catch (e) {
        return [e.name, e instanceof DOMException, e.constructor.name]
      }
    })
  }
  const { guest, node } = await both(cm, probe)
  assert.deepEqual(guest, node)
})

test('structuredClone with { transfer } detaches the transferred ArrayBuffers, like Node', async (t) => {
  const cm = codeMode(t)
  const probe = () => {
    const out = []
    const b = new ArrayBuffer(8)
    new Uint8Array(b)[0] = 7
    const c = structuredClone({ b, v: new Uint8Array(b, 2) }, { transfer: [b] })
    out.push(b.byteLength, c.b.byteLength, new Uint8Array(c.b)[0], c.v.buffer === c.b, c.v.byteOffset)
    const unreferenced = new ArrayBuffer(4)
    structuredClone(1, { transfer: [unreferenced] })
    out.push(unreferenced.byteLength)
    const kept = new ArrayBuffer(4)
    try {
      structuredClone({ kept, f() {} }, { transfer: [kept] })
    } catch (e) {
      out.push(e.name)
    }
    out.push(kept.byteLength)
    for (const transfer of [[kept, kept], [{}]]) {
      try {
        structuredClone(1, { transfer })
        out.push('no error')
      } catch (e) {
        out.push(e.name)
      }
    }
    out.push(structuredClone('x', {}), structuredClone('y', undefined), structuredClone('z', { transfer: [] }))
    return out
  }
  const { guest, node } = await both(cm, probe)
  assert.deepEqual(guest, node)
  // An already detached buffer cannot be transferred again (HTML Standard; Node 20 allows it).
  const r = await cm.run(`const b = new ArrayBuffer(1); structuredClone(0, { transfer: [b] })
    try { structuredClone(0, { transfer: [b] }); return 'no error' } catch (e) { return e.name }`)
  assert.equal(r.value, 'DataCloneError')
})

test('the platform objects of the sandbox are not cloneable (as on the web); DOMException is', async (t) => {
  // Node 20 clones URL, AbortController, ... into empty objects and DOMException into {}; the
  // HTML Standard (and browsers) throw for non-serializable platform objects and clone DOMException.
  const cm = codeMode(t)
  const r = await cm.run(`
    const out = []
    for (const make of [
      () => new URL('https://a/'),
      () => new URLSearchParams('a=1'),
      () => new AbortController(),
      () => AbortSignal.abort(),
      () => new EventTarget(),
      () => new Event('x'),
      () => new TextEncoder(),
      () => new TextDecoder(),
      () => new URLSearchParams('a=1').keys(),
      () => { class Mine extends EventTarget {}; return new Mine() },
    ]) {
      try { structuredClone(make()); out.push('cloned') } catch (e) { out.push(e.name) }
    }
    const d = structuredClone(new DOMException('gone', 'AbortError'))
    out.push([d instanceof DOMException, d.name, d.message, d.code])
    return out
  `)
  assert.equal(r.ok, true, JSON.stringify(r.error))
  assert.deepEqual(r.value.slice(0, 10), Array(10).fill('DataCloneError'))
  assert.deepEqual(r.value[10], [true, 'AbortError', 'gone', 20])
})

test('structuredClone handles deep and large structures without a stack overflow', async (t) => {
  const cm = codeMode(t)
  const r = await cm.run(`
    let deep = null
    for (let i = 0; i < 30000; i++) deep = { next: deep, i }
    const copy = structuredClone(deep)
    let n = 0
    for (let p = copy; p; p = p.next) n++
    const wide = Array.from({ length: 30000 }, (_, i) => ({ i, s: 'v' + i }))
    const w = structuredClone(wide)
    return [n, copy.i, w.length, w[29999].s]
  `)
  assert.equal(r.ok, true, JSON.stringify(r.error))
  assert.deepEqual(r.value, [30000, 29999, 30000, 'v29999'])
})
