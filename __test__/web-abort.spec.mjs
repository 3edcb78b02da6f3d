// AbortController, AbortSignal, EventTarget and Event in the guest behave like Node's (DOM
// Standard): each probe runs in the sandbox and in Node, and the results are compared.
import { test } from 'node:test'
import assert from 'node:assert/strict'

import { both, codeMode } from './helpers.mjs'

test('AbortController.abort fires listeners and onabort once, in order, with the reason', async (t) => {
  const cm = codeMode(t)
  const probe = async () => {
    const log = []
    const c = new AbortController()
    const s = c.signal
    log.push(s.aborted, s.reason === undefined, s.onabort, typeof s.throwIfAborted())
    s.addEventListener('abort', function (e) {
      log.push(['first', e.type, e.isTrusted, e.target === s, e.currentTarget === s, this === s, e.eventPhase, s.aborted])
    })
    s.onabort = (e) => log.push(['onabort', e.type])
    s.addEventListener('abort', { handleEvent: (e) => log.push(['object listener', e.type]) })
    s.addEventListener('abort', () => log.push('once'), { once: true })
    const removed = () => log.push('removed listener ran')
    s.addEventListener('abort', removed)
    s.removeEventListener('abort', removed)
    const dup = () => log.push('dup')
    s.addEventListener('abort', dup)
    s.addEventListener('abort', dup)
    c.abort()
    c.abort('again')
    log.push(s.aborted, s.reason.name, s.reason.message, s.reason instanceof DOMException, s.reason.code)
    try {
      s.throwIfAborted()
    } catch (e) {
      log.push(['thrown', e === s.reason])
    }
    const c2 = new AbortController()
    c2.abort({ custom: 1 })
    log.push(c2.signal.reason)
    const c3 = new AbortController()
    c3.abort(null)
    log.push(c3.signal.reason)
    const c4 = new AbortController()
    c4.abort(undefined)
    log.push(c4.signal.reason.name)
    return log
  }
  const { guest, node } = await both(cm, probe)
  assert.deepEqual(guest, node)
})

test('onabort: replacing keeps its place; null or a non-function removes it (HTML event handlers)', async (t) => {
  // Node 20 keeps the handler's first position after `onabort = null` and stores non-functions;
  // the HTML Standard (and browsers) deactivate the handler, so a later one is added last.
  const cm = codeMode(t)
  const r = await cm.run(`
    const log = []
    const c = new AbortController()
    const s = c.signal
    s.onabort = () => log.push('handler 1')
    s.addEventListener('abort', () => log.push('listener'))
    s.onabort = () => log.push('handler 2')
    log.push(typeof s.onabort)
    s.onabort = null
    log.push(s.onabort)
    s.onabort = 'not a function'
    log.push(s.onabort)
    s.onabort = function () {
      log.push(['handler 3', this === s])
      return false
    }
    c.abort()
    const c2 = new AbortController()
    c2.signal.addEventListener('abort', () => log.push('c2 listener'))
    c2.signal.onabort = () => log.push('c2 handler 1')
    c2.signal.onabort = () => log.push('c2 handler 2')
    c2.abort()
    return log
  `)
  assert.equal(r.ok, true, JSON.stringify(r.error))
  assert.deepEqual(r.value, ['function', null, null, 'listener', ['handler 3', true], 'c2 listener', 'c2 handler 2'])
})

test('AbortSignal.abort, AbortSignal.any and already-aborted signals', async (t) => {
  const cm = codeMode(t)
  const probe = async () => {
    const log = []
    const a = AbortSignal.abort()
    log.push(a.aborted, a.reason.name, a.reason.message)
    log.push(AbortSignal.abort('why').reason)
    const c1 = new AbortController()
    const c2 = new AbortController()
    const any = AbortSignal.any([c1.signal, c2.signal])
    const nested = AbortSignal.any([any, c2.signal])
    any.addEventListener('abort', () => log.push(['any', any.reason, c2.signal.aborted]))
    nested.addEventListener('abort', () => log.push(['nested', nested.reason]))
    c2.signal.addEventListener('abort', () => log.push(['c2', any.reason, nested.reason]))
    log.push(any.aborted, nested.aborted)
    c2.abort('second')
    c1.abort('first')
    log.push(any.reason, nested.reason, c1.signal.reason)
    const pre = AbortSignal.any([new AbortController().signal, AbortSignal.abort('pre'), AbortSignal.abort('later')])
    log.push(pre.aborted, pre.reason)
    const empty = AbortSignal.any([])
    log.push(empty.aborted)
    // A dependent signal referenced only by its listener still fires.
    const c3 = new AbortController()
    AbortSignal.any([c3.signal]).addEventListener('abort', (e) => log.push(['unreferenced any', e.target.reason]))
    c3.abort('gc-safe')
    for (const bad of [[1], ['x'], null, 5]) {
      try {
        AbortSignal.any(bad)
        log.push('no error')
      } catch (e) {
        log.push(e.name)
      }
    }
    return log
  }
  const { guest, node } = await both(cm, probe)
  // The one difference is deliberate: by the current DOM Standard, a source signal's dependents
  // get their reason before the source's own listeners run (Node 20 sets it after).
  const i = node.findIndex((x) => Array.isArray(x) && x[0] === 'c2')
  assert.deepEqual(node[i], ['c2', null, null])
  assert.deepEqual(guest[i], ['c2', 'second', 'second'])
  guest[i] = node[i]
  assert.deepEqual(guest, node)
})

test('AbortSignal.timeout aborts with a TimeoutError after a real delay', async (t) => {
  const cm = codeMode(t)
  const probe = async () => {
    const start = performance.now()
    const s = AbortSignal.timeout(50)
    const before = s.aborted
    const event = await new Promise((resolve) => s.addEventListener('abort', resolve))
    const waited = performance.now() - start
    const log = [before, s.aborted, event.type, s.reason.name, s.reason.message, s.reason instanceof DOMException]
    log.push(s.reason.code, waited >= 45 && waited < 1000)
    const z = AbortSignal.timeout(0)
    await new Promise((r) => setTimeout(r, 20))
    log.push(z.aborted)
    return log
  }
  const { guest, node } = await both(cm, probe)
  assert.deepEqual(guest, node)
  assert.equal(guest[7], true, 'waited about 50 ms')
  // WebIDL [EnforceRange] unsigned long long: delays up to 2^53 - 1 are allowed (Node 20 refuses
  // more than 2^32 - 1; they never fire here), and out-of-range ones are TypeErrors (Node 20
  // throws RangeErrors).
  const r = await cm.run(`
    const out = [AbortSignal.timeout(2 ** 40).aborted]
    for (const bad of [-1, NaN, Infinity, 'abc', 2 ** 53]) {
      try { AbortSignal.timeout(bad); out.push('no error') } catch (e) { out.push(e.name) }
    }
    try { AbortSignal.timeout() } catch (e) { out.push(e.name) }
    return out
  `)
  assert.deepEqual(r.value, [false, 'TypeError', 'TypeError', 'TypeError', 'TypeError', 'TypeError', 'TypeError'])
})

test('an exception in an abort listener is reported to console.error and the others still run', async (t) => {
  const cm = codeMode(t)
  const r = await cm.run(`
    const c = new AbortController()
    const seen = []
    c.signal.addEventListener('abort', () => { throw new Error('listener broke') })
    c.signal.addEventListener('abort', () => seen.push('second ran'))
    c.abort()
    return seen
  `)
  assert.equal(r.ok, true, JSON.stringify(r.error))
  assert.deepEqual(r.value, ['second ran'])
  assert.equal(r.logs.length, 1)
  assert.equal(r.logs[0].level, 'error')
  assert.match(r.logs[0].message, /Uncaught exception in 'abort' event listener: Error: listener broke/)
})

test('EventTarget and Event: custom events, once, signal, stopImmediatePropagation, preventDefault', async (t) => {
  const cm = codeMode(t)
  const probe = async () => {
    const log = []
    const target = new EventTarget()
    const e = new Event('ping', { cancelable: true })
    log.push([e.type, e.bubbles, e.cancelable, e.composed, e.defaultPrevented, e.isTrusted, e.eventPhase, e.target])
    log.push(typeof e.timeStamp, Event.AT_TARGET)
    const ctl = new AbortController()
    target.addEventListener('ping', (ev) => log.push(['signal listener', ev.eventPhase]), { signal: ctl.signal })
    target.addEventListener('ping', (ev) => {
      log.push(['first', ev.target === target])
      ev.preventDefault()
    })
    target.addEventListener('ping', () => log.push('once'), { once: true })
    target.addEventListener('ping', (ev) => {
      log.push('stopper')
      ev.stopImmediatePropagation()
    })
    target.addEventListener('ping', () => log.push('never'))
    target.addEventListener('pong', () => log.push('pong'))
    log.push(target.dispatchEvent(e), e.defaultPrevented, e.eventPhase, e.currentTarget, e.composedPath().length)
    ctl.abort()
    log.push(target.dispatchEvent(new Event('ping')))
    target.addEventListener('ping', () => log.push('after abort'), { signal: ctl.signal })
    target.dispatchEvent(new Event('ping'))
    const notCancelable = new Event('n')
    target.addEventListener('n', (ev) => ev.preventDefault())
    log.push(target.dispatchEvent(notCancelable), notCancelable.defaultPrevented)
    class Custom extends EventTarget {
      constructor() {
        super()
        this.count = 0
      }
    }
    const custom = new Custom()
    custom.addEventListener('tick', function () {
      this.count++
    })
    custom.dispatchEvent(new Event('tick'))
    custom.dispatchEvent(new Event('tick'))
    log.push(custom.count, custom instanceof EventTarget)
    for (const bad of [() => target.dispatchEvent({ type: 'ping' }), () => new Event(), () => target.addEventListener('x')]) {
      try {
        bad()
        log.push('no error')
      } catch (err) {
        log.push(err.name)
      }
    }
    return log
  }
  const { guest, node } = await both(cm, probe)
  assert.deepEqual(guest, node)
  // Where Node 20 departs from the DOM Standard: the phase constants on instances,
  // currentTarget/composedPath during dispatch, and preventDefault in passive listeners.
  const r = await cm.run(`
    const target = new EventTarget()
    const e = new Event('x', { cancelable: true })
    const seen = [e.NONE, e.AT_TARGET]
    target.addEventListener('x', (ev) => {
      seen.push(ev.currentTarget === target, ev.composedPath()[0] === target)
      ev.preventDefault()
    }, { passive: true })
    seen.push(target.dispatchEvent(e), e.defaultPrevented, e.currentTarget, e.composedPath().length)
    return seen
  `)
  assert.deepEqual(r.value, [0, 2, true, true, true, false, null, 0])
})

test('AbortSignal cannot be constructed directly; the classes are frozen globals', async (t) => {
  const cm = codeMode(t)
  const r = await cm.run(`
    'use strict'
    const out = []
    try { new AbortSignal(); out.push('constructed') } catch (e) { out.push(e.name) }
    try { AbortSignal.prototype.throwIfAborted = () => {}; out.push('patched') } catch (e) { out.push(e.name) }
    try { AbortController.prototype.abort.call({}) } catch (e) { out.push(e.name) }
    out.push(new AbortController().signal instanceof EventTarget, Object.prototype.toString.call(new AbortController().signal))
    out.push(Object.isFrozen(EventTarget.prototype), Object.isFrozen(Event))
    return out
  `)
  assert.equal(r.ok, true, JSON.stringify(r.error))
  assert.deepEqual(r.value, ['TypeError', 'TypeError', 'TypeError', true, '[object AbortSignal]', true, true])
})
