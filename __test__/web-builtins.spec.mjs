// The web globals QuickJS itself provides (atob, btoa, performance, DOMException,
// queueMicrotask) behave like Node's; and the web globals as a set: present, lazy, read-only.
import { test } from 'node:test'
import assert from 'node:assert/strict'

import { both, codeMode } from './helpers.mjs'

test('atob and btoa match Node, including the errors for invalid input', async (t) => {
  const cm = codeMode(t)
  const probe = () => {
    const attempt = (f) => {
      try {
        return f()
      } catch (e) {
        return [e.name, e instanceof DOMException, e.code]
      }
    }
    const decodeCases = ['', 'aGVsbG8=', 'aGVsbG8', ' aG Vs\nbG8= ', 'YQ==', 'YQ', 'YQ=', 'Y', 'YQ===', 'a*b=', '////', '_-', 'ÿ', '€', 'aGVsbG8=x', 12, null]
    const encodeCases = ['', 'hello', '\u0000\u00ff', 'é', '€', '😀', 123, undefined, null]
    return [
      decodeCases.map((s) => attempt(() => atob(s))),
      encodeCases.map((s) => attempt(() => btoa(s))),
      attempt(() => atob(btoa(String.fromCharCode(...Array.from({ length: 256 }, (_, i) => i))))),
    ]
  }
  const { guest, node } = await both(cm, probe)
  assert.deepEqual(guest, node)
})

test('performance.now is a monotonic millisecond clock, as in Node', async (t) => {
  const cm = codeMode(t)
  const probe = async () => {
    const a = performance.now()
    await new Promise((r) => setTimeout(r, 30))
    const b = performance.now()
    return [typeof a, a >= 0, b - a >= 25 && b - a < 1000, typeof performance.timeOrigin]
  }
  const { guest, node } = await both(cm, probe)
  assert.deepEqual(guest, node)
  // As on the web, timeOrigin is Unix time in milliseconds: the run's start (never the host's
  // clock, which would disclose its uptime), and now() counts from it.
  const r = await cm.run('return [Math.abs(performance.timeOrigin + performance.now() - Date.now()) < 50, performance.now() < 1000]')
  assert.deepEqual(r.value, [true, true])
})

test('DOMException matches Node: names, codes, messages, Error inheritance', async (t) => {
  const cm = codeMode(t)
  const probe = () => {
    const names = ['AbortError', 'TimeoutError', 'DataCloneError', 'QuotaExceededError', 'InvalidCharacterError', 'SyntaxError', 'NotFoundError', 'Custom', undefined]
    const out = names.map((n) => {
      const e = n === undefined ? new DOMException('msg') : new DOMException('msg', n)
      return [e.name, e.message, e.code, e instanceof Error, e instanceof DOMException, String(e), Object.prototype.toString.call(e)]
    })
    const empty = new DOMException()
    out.push([empty.name, empty.message, empty.code], [DOMException.ABORT_ERR, DOMException.DATA_CLONE_ERR])
    try {
      DOMException('no new')
      out.push('no error')
    } catch (e) {
      out.push(e.name)
    }
    return out
  }
  const { guest, node } = await both(cm, probe)
  assert.deepEqual(guest, node)
})

test('queueMicrotask runs callbacks in order with promise jobs, as in Node', async (t) => {
  const cm = codeMode(t)
  const probe = async () => {
    const log = []
    queueMicrotask(() => log.push('micro 1'))
    Promise.resolve().then(() => log.push('promise 1'))
    queueMicrotask(() => {
      log.push('micro 2')
      queueMicrotask(() => log.push('nested micro'))
    })
    setTimeout(() => log.push('timeout'), 0)
    log.push('sync')
    await new Promise((r) => setTimeout(r, 20))
    try {
      queueMicrotask('not a function')
    } catch (e) {
      log.push(e.name)
    }
    return log
  }
  const { guest, node } = await both(cm, probe)
  assert.deepEqual(guest, node)
})

test('the web globals exist, are non-enumerable and read-only, and load on first use only', async (t) => {
  const cm = codeMode(t)
  const names = ['URL', 'URLSearchParams', 'TextEncoder', 'TextDecoder', 'structuredClone', 'crypto', 'AbortController', 'AbortSignal', 'EventTarget', 'Event', 'atob', 'btoa', 'DOMException', 'queueMicrotask', 'performance']
  const r = await cm.run(`
    'use strict'
    const names = ${JSON.stringify(names)}
    const before = names.map((n) => n in globalThis)
    const lazy = names.slice(0, 10).map((n) => 'get' in Object.getOwnPropertyDescriptor(globalThis, n))
    const types = names.map((n) => typeof globalThis[n])
    const after = names.map((n) => {
      const d = Object.getOwnPropertyDescriptor(globalThis, n)
      return [d.enumerable, d.writable, d.configurable, 'value' in d]
    })
    const assign = names.slice(0, 10).map((n) => { try { globalThis[n] = 1; return 'assigned' } catch (e) { return e.name } })
    // (QuickJS defines performance as an enumerable global.)
    return { before, lazy, types, after, assign, keys: Object.keys(globalThis).filter((k) => names.includes(k) && k !== 'performance') }
  `)
  assert.equal(r.ok, true, JSON.stringify(r.error))
  assert.ok(r.value.before.every(Boolean))
  assert.deepEqual(r.value.lazy, Array(10).fill(true), 'not loaded before first use')
  assert.deepEqual(r.value.types.slice(0, 10), ['function', 'function', 'function', 'function', 'function', 'object', 'function', 'function', 'function', 'function'])
  for (const [i, d] of r.value.after.slice(0, 10).entries()) assert.deepEqual(d, [false, false, false, true], names[i])
  assert.deepEqual(r.value.assign, Array(10).fill('TypeError'))
  assert.deepEqual(r.value.keys, [])
})

test('a global the guest replaced before first use stays replaced; the others still load', async (t) => {
  const cm = codeMode(t)
  const r = await cm.run(`
    Object.defineProperty(globalThis, 'URL', { value: 'mine', configurable: false, writable: false })
    const p = new URLSearchParams('a=1')
    return [URL, p.get('a')]
  `)
  assert.equal(r.ok, true, JSON.stringify(r.error))
  assert.deepEqual(r.value, ['mine', '1'])
})

test('the web classes work across runs of a session and keep their state', async (t) => {
  const cm = codeMode(t)
  const session = cm.session()
  t.after(() => session.close())
  await session.run('globalThis.c = new AbortController(); globalThis.u = new URL("https://a/?x=1")')
  const r = await session.run('c.abort("later"); u.searchParams.append("y", "2"); return [c.signal.reason, u.href, new TextEncoder().encode("é").length]')
  assert.equal(r.ok, true, JSON.stringify(r.error))
  assert.deepEqual(r.value, ['later', 'https://a/?x=1&y=2', 2])
})

test('errors thrown by the web classes read well in the logs, without sandbox frames', async (t) => {
  const cm = codeMode(t)
  const r = await cm.run(`
    try { new URL('::') } catch (e) { console.log(e) }
    try { structuredClone(() => 1) } catch (e) { console.log(e.name, e.message) }
    return 1
  `)
  assert.equal(r.ok, true, JSON.stringify(r.error))
  assert.match(r.logs[0].message, /^TypeError: Invalid URL: ::/)
  assert.doesNotMatch(r.logs[0].message, /codemode:/)
  assert.equal(r.logs[1].message, 'DataCloneError an anonymous function could not be cloned.')
})
