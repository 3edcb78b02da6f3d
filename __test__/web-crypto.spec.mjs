// crypto.getRandomValues and crypto.randomUUID in the guest behave like Node's (WebCrypto),
// with randomness from the OS.
import { test } from 'node:test'
import assert from 'node:assert/strict'

import { codeMode, both } from './helpers.mjs'

test('getRandomValues accepts integer typed arrays only and refuses more than 65536 bytes, like Node', async (t) => {
  const cm = codeMode(t)
  const probe = () => {
    const attempt = (make) => {
      let a
      try {
        a = make()
        const r = crypto.getRandomValues(a)
        return ['ok', r === a, a.length]
      } catch (e) {
        return [e.name, e instanceof DOMException, e.code ?? null]
      }
    }
    return [
      attempt(() => new Int8Array(8)),
      attempt(() => new Uint8Array(8)),
      attempt(() => new Uint8ClampedArray(8)),
      attempt(() => new Int16Array(8)),
      attempt(() => new Uint16Array(8)),
      attempt(() => new Int32Array(8)),
      attempt(() => new Uint32Array(8)),
      attempt(() => new BigInt64Array(8)),
      attempt(() => new BigUint64Array(8)),
      attempt(() => new Float32Array(8)),
      attempt(() => new Float64Array(8)),
      attempt(() => new Uint8Array(0)),
      attempt(() => new Uint8Array(65536)),
      attempt(() => new Uint8Array(65537)),
      attempt(() => new Uint32Array(16385)),
      attempt(() => new Uint8Array(new ArrayBuffer(70000), 100, 65536)),
      attempt(() => new DataView(new ArrayBuffer(8))),
    ]
  }
  const { guest, node } = await both(cm, probe)
  assert.deepEqual(guest, node)
  // Values that are not ArrayBufferViews fail WebIDL conversion with a TypeError, as in browsers
  // (Node 20 throws a TypeMismatchError DOMException for them).
  const r = await cm.run(`
    return [new ArrayBuffer(8), [1, 2, 3], { length: 4 }, null, undefined].map((v) => {
      try { crypto.getRandomValues(v); return 'no error' } catch (e) { return e.name }
    })
  `)
  assert.deepEqual(r.value, Array(5).fill('TypeError'))
})

test('getRandomValues fills only the view it was given, with varied bytes', async (t) => {
  const cm = codeMode(t)
  const r = await cm.run(`
    const buf = new Uint8Array(4096 + 8)
    crypto.getRandomValues(buf.subarray(4, 4100))
    const counts = new Array(256).fill(0)
    for (const b of buf.subarray(4, 4100)) counts[b]++
    const a = crypto.getRandomValues(new Uint32Array(4))
    const b = crypto.getRandomValues(new Uint32Array(4))
    return {
      edges: [...buf.subarray(0, 4), ...buf.subarray(4100)],
      distinct: counts.filter((c) => c > 0).length,
      maxCount: Math.max(...counts),
      differ: a.some((x, i) => x !== b[i]),
      big: crypto.getRandomValues(new BigUint64Array(2)).some((x) => x !== 0n),
    }
  `)
  assert.equal(r.ok, true, JSON.stringify(r.error))
  assert.deepEqual(r.value.edges, [0, 0, 0, 0, 0, 0, 0, 0])
  assert.ok(r.value.distinct > 240, `distinct byte values: ${r.value.distinct}`)
  assert.ok(r.value.maxCount < 64, `most frequent byte count: ${r.value.maxCount}`)
  assert.equal(r.value.differ, true)
  assert.equal(r.value.big, true)
})

test('randomUUID returns distinct RFC 9562 version 4 UUIDs, like Node', async (t) => {
  const cm = codeMode(t)
  const probe = () => {
    const uuids = Array.from({ length: 1000 }, () => crypto.randomUUID())
    const re = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
    return [uuids.every((u) => re.test(u)), new Set(uuids).size, typeof crypto.randomUUID()]
  }
  const { guest, node } = await both(cm, probe)
  assert.deepEqual(guest, node)
  assert.deepEqual(guest, [true, 1000, 'string'])
  // Every hex digit position that is random does vary.
  const r = await cm.run(`
    const seen = Array.from({ length: 36 }, () => new Set())
    for (let i = 0; i < 500; i++) [...crypto.randomUUID()].forEach((c, j) => seen[j].add(c))
    return seen.map((s) => s.size)
  `)
  const sizes = r.value
  for (const j of [8, 13, 18, 23]) assert.equal(sizes[j], 1, `dash at ${j}`)
  assert.equal(sizes[14], 1, 'version digit')
  assert.equal(sizes[19], 4, 'variant digit')
  for (let j = 0; j < 36; j++) if (![8, 13, 14, 18, 19, 23].includes(j)) assert.ok(sizes[j] >= 14, `digit ${j}: ${sizes[j]}`)
})

test('each run has its own randomness, and crypto is a frozen object', async (t) => {
  const cm = codeMode(t)
  const a = await cm.run('return crypto.randomUUID()')
  const b = await cm.run('return crypto.randomUUID()')
  assert.notEqual(a.value, b.value)
  const r = await cm.run(`
    'use strict'
    const out = [Object.prototype.toString.call(crypto), Object.isFrozen(crypto), typeof crypto.subtle]
    try { crypto.randomUUID = () => 'fixed'; out.push('replaced') } catch (e) { out.push(e.name) }
    const { getRandomValues, randomUUID } = crypto
    out.push(getRandomValues(new Uint8Array(2)).length, randomUUID().length)
    return out
  `)
  assert.deepEqual(r.value, ['[object Crypto]', true, 'undefined', 'TypeError', 2, 36])
})
