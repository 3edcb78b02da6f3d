// TextEncoder and TextDecoder in the guest behave like Node's (WHATWG Encoding Standard,
// UTF-8): each probe runs in the sandbox and in Node, and the results are compared.
import { test } from 'node:test'
import assert from 'node:assert/strict'

import { codeMode, both, sameEach } from './helpers.mjs'

const STRINGS = [
  '',
  'hello',
  'héllo wörld',
  '€ and 😀 and 𝄞',
  '\u0000\u007f\u0080\u07ff\u0800\uffff',
  '\uD800',
  'a\uDC00b',
  '\uDBFF\uDFFF',
  '\uD83D\uD83D\uDE00',
  'x'.repeat(1000) + '😀',
]

test('TextEncoder.encode gives the same UTF-8 bytes as Node, lone surrogates as U+FFFD', async (t) => {
  const cm = codeMode(t)
  const probe = (strings) => {
    const enc = new TextEncoder()
    const out = strings.map((s) => Array.from(enc.encode(s)))
    out.push(enc.encoding, Array.from(enc.encode()), Array.from(enc.encode(undefined)), Array.from(enc.encode(123)))
    out.push(Object.prototype.toString.call(enc.encode('a')), enc.encode('abc').buffer.byteLength)
    return out
  }
  const { guest, node } = await both(cm, probe, STRINGS)
  sameEach(guest, node, [...STRINGS, 'encoding', 'no argument', 'undefined', 'number', 'type', 'buffer'])
})

test('TextEncoder.encodeInto fills what fits, never splitting a character, like Node', async (t) => {
  const cm = codeMode(t)
  const probe = (strings) => {
    const enc = new TextEncoder()
    const out = []
    for (const s of strings.slice(0, 9)) {
      for (const size of [0, 1, 2, 3, 4, 5, 8, 64]) {
        const buf = new Uint8Array(size + 4).fill(0xaa)
        const view = buf.subarray(2, 2 + size)
        const r = enc.encodeInto(s, view)
        out.push([s.length, size, r.read, r.written, Array.from(buf)])
      }
    }
    for (const bad of [new Uint16Array(4), new ArrayBuffer(4), [0, 0], null]) {
      try {
        enc.encodeInto('a', bad)
        out.push('no error')
      } catch (e) {
        out.push(e.name)
      }
    }
    return out
  }
  const { guest, node } = await both(cm, probe, STRINGS)
  assert.deepEqual(guest, node)
})

const BYTE_CASES = [
  [],
  [0x68, 0x69],
  [0xc3, 0xa9],
  [0xe2, 0x82, 0xac],
  [0xf0, 0x9f, 0x98, 0x80],
  [0xef, 0xbb, 0xbf, 0x61],
  [0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf, 0x61],
  [0xef, 0xbb],
  [0xff],
  [0x80],
  [0xc0, 0x80],
  [0xc1, 0xbf],
  [0xc2],
  [0xe0, 0x80, 0x80],
  [0xe0, 0xa0],
  [0xed, 0xa0, 0x80],
  [0xed, 0x9f, 0xbf],
  [0xf4, 0x90, 0x80, 0x80],
  [0xf5, 0x80, 0x80, 0x80],
  [0xf0, 0x9f, 0x98],
  [0xf0, 0x9f, 0x98, 0x41],
  [0x61, 0xf0, 0x80, 0x80, 0x80, 0x62],
  [0xe2, 0x28, 0xa1],
  [0xfe, 0xfe, 0xff, 0xff],
]

test('TextDecoder.decode replaces invalid UTF-8 with U+FFFD exactly like Node', async (t) => {
  const cm = codeMode(t)
  const probe = (cases) => {
    const out = []
    for (const bytes of cases) {
      const u8 = new Uint8Array(bytes)
      out.push([
        new TextDecoder().decode(u8),
        new TextDecoder('utf-8', { ignoreBOM: true }).decode(u8),
        (() => {
          try {
            return new TextDecoder('utf-8', { fatal: true }).decode(u8)
          } catch (e) {
            return e.name
          }
        })(),
      ])
    }
    return out
  }
  const { guest, node } = await both(cm, probe, BYTE_CASES)
  sameEach(guest, node, BYTE_CASES)
})

test('TextDecoder accepts ArrayBuffer and every ArrayBufferView, and its options like Node', async (t) => {
  const cm = codeMode(t)
  const probe = () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, 0x68, 0xc3, 0xa9, 0x21, 0x00])
    const d = new TextDecoder()
    const out = [
      d.decode(bytes.buffer),
      d.decode(bytes.subarray(3, 6)),
      d.decode(new DataView(bytes.buffer, 3, 3)),
      d.decode(new Uint16Array(bytes.buffer, 4, 2)),
      d.decode(new Uint8ClampedArray(bytes.buffer)),
      d.decode(new Int32Array(bytes.buffer)),
      d.decode(new Float64Array(bytes.buffer)),
      d.decode(),
      d.decode(undefined),
      [d.encoding, d.fatal, d.ignoreBOM],
    ]
    const f = new TextDecoder('UTF8', { fatal: 1, ignoreBOM: 'yes' })
    out.push([f.encoding, f.fatal, f.ignoreBOM])
    for (const label of [' utf-8 ', 'Unicode-1-1-UTF-8', 'x-unicode20utf8', 'unicode11utf8']) {
      out.push(new TextDecoder(label).encoding)
    }
    for (const bad of ['no-such-encoding', '']) {
      try {
        new TextDecoder(bad)
        out.push('no error')
      } catch (e) {
        out.push(e.name)
      }
    }
    for (const input of ['string', 123, {}, [1, 2], null]) {
      try {
        d.decode(input)
        out.push('no error')
      } catch (e) {
        out.push(e.name)
      }
    }
    out.push(Object.prototype.toString.call(d), Object.prototype.toString.call(new TextEncoder()))
    return out
  }
  const { guest, node } = await both(cm, probe)
  assert.deepEqual(guest, node)
})

test('TextDecoder streaming: any split of the bytes decodes like Node, then flushes', async (t) => {
  const cm = codeMode(t)
  const probe = () => {
    const text = '\uFEFFa€😀é\u0800z'
    const bytes = new TextEncoder().encode(text)
    const withBad = new Uint8Array([...bytes.subarray(0, 6), 0xf0, 0x9f, 0x41, ...bytes.subarray(6), 0xe2, 0x82])
    const out = []
    for (const input of [bytes, withBad]) {
      for (let split = 0; split <= input.length; split++) {
        for (const ignoreBOM of [false, true]) {
          const d = new TextDecoder('utf-8', { ignoreBOM })
          const parts = [
            d.decode(input.subarray(0, split), { stream: true }),
            d.decode(input.subarray(split), { stream: true }),
            d.decode(),
          ]
          out.push(parts)
        }
      }
    }
    // Byte by byte, then a second stream on the same decoder (the BOM is handled again).
    const d = new TextDecoder()
    const one = []
    for (const b of bytes) one.push(d.decode(new Uint8Array([b]), { stream: true }))
    one.push(d.decode())
    one.push(d.decode(bytes))
    out.push(one)
    // A fatal decoder throws at the end of a stream with an incomplete character.
    const fatal = new TextDecoder('utf-8', { fatal: true })
    const f = [fatal.decode(new Uint8Array([0xe2, 0x82]), { stream: true })]
    try {
      f.push(fatal.decode())
    } catch (e) {
      f.push(e.name)
    }
    f.push(fatal.decode(new Uint8Array([0x61])))
    out.push(f)
    return out
  }
  const { guest, node } = await both(cm, probe)
  assert.deepEqual(guest, node)
})

test('large texts round-trip through TextEncoder/TextDecoder', async (t) => {
  const cm = codeMode(t)
  const r = await cm.run(`
    const s = 'aé€😀'.repeat(100000)
    const bytes = new TextEncoder().encode(s)
    const back = new TextDecoder().decode(bytes)
    return [bytes.length, back === s]
  `)
  assert.deepEqual(r.value, [1000000, true])
})

test('detached and out-of-bounds views read as empty, like Node', async (t) => {
  const cm = codeMode(t)
  const probe = () => {
    const b = new ArrayBuffer(8)
    const u = new Uint8Array(b)
    structuredClone(b, { transfer: [b] })
    const rb = new ArrayBuffer(8, { maxByteLength: 16 })
    const oob = new Uint8Array(rb, 4, 4)
    rb.resize(2)
    const out = [new TextDecoder().decode(u), new TextEncoder().encodeInto('abc', u), new TextDecoder().decode(oob)]
    out.push(new TextEncoder().encodeInto('abc', oob), new TextDecoder().decode(new Uint8Array(0)))
    return out
  }
  const { guest, node } = await both(cm, probe)
  assert.deepEqual(guest, node)
  // Nothing is left pending: the next operations work normally.
  const r = await cm.run(`
    const b = new ArrayBuffer(4); const u = new Uint8Array(b); structuredClone(b, { transfer: [b] })
    new TextDecoder().decode(u); crypto.getRandomValues(u)
    return [JSON.parse('{"ok":1}').ok, new TextDecoder().decode(new TextEncoder().encode('fine'))]
  `)
  assert.deepEqual(r.value, [1, 'fine'])
})
