// URL and URLSearchParams in the guest behave like Node's (WHATWG URL Standard): each probe
// runs in the sandbox and in Node, and the results are compared value by value.
import { test } from 'node:test'
import assert from 'node:assert/strict'

import { codeMode, both, sameEach } from './helpers.mjs'

function describeUrls(cases) {
  const props = ['href', 'origin', 'protocol', 'username', 'password', 'host', 'hostname', 'port', 'pathname', 'search', 'hash']
  return cases.map(([input, base]) => {
    let u
    try {
      u = base === undefined ? new URL(input) : new URL(input, base)
    } catch (e) {
      return { error: e.name, canParse: URL.canParse(input, base) }
    }
    const out = { canParse: URL.canParse(input, base), json: u.toJSON(), string: String(u) }
    for (const p of props) out[p] = u[p]
    out.params = [...u.searchParams]
    return out
  })
}

const PARSE_CASES = [
  ['https://user:pass@example.com:8080/p/a/t/h?query=string#hash'],
  ['http://EXAMPLE.com'],
  ['HTTP://example.COM/./a/../b/./c'],
  ['https://example.com:443/'],
  ['http://example.com:80/x'],
  ['https://example.com:0443/'],
  ['ftp://example.com:21/x'],
  ['ws://h:81/chat'],
  ['wss://h/'],
  ['file:///etc/passwd'],
  ['file://host/share/x'],
  ['mailto:someone@example.com?subject=hi'],
  ['data:text/plain,hi%20there'],
  ['javascript:alert(1)'],
  ['urn:isbn:0451450523'],
  ['blob:https://example.com/550e8400-e29b-41d4-a716-446655440000'],
  ['http://[::1]:3000/x'],
  ['http://[2001:db8::7]/'],
  ['http://192.168.0.1/'],
  ['http://0x7f.1/'],
  ['http://example.com./'],
  ['https://münchen.de/straße?ä=ö#ü'],
  ['https://xn--mnchen-3ya.de/'],
  ['http://example.com/a b/c?d e#f g'],
  ['http://example.com/%zz?%zz#%zz'],
  ['  https://example.com/trimmed  '],
  ['https://example.com\\back\\slash'],
  ['http://example.com/\u{1F600}?\u{1F600}#\u{1F600}'],
  ['https://example.com/?q=a+b&r=%2B&s=%20&t'],
  ['https://example.com/path;params?x=1'],
  ['https://example.com/"quotes"<>`{}|^'],
  ['non-special://host/path?q#f'],
  ['sc://host:99/p'],
  ['http://a/b/c/d;p?q'],
  ['../g', 'http://a/b/c/d;p?q'],
  ['./g', 'http://a/b/c/d;p?q'],
  ['g;x?y#s', 'http://a/b/c/d;p?q'],
  ['//other.host/x', 'https://a/b'],
  ['?x=1', 'https://a/b?y#z'],
  ['#frag', 'https://a/b?y'],
  ['', 'https://a/b?y#z'],
  ['/abs/path', 'https://a/b/c'],
  ['https://other/', 'https://a/b'],
  ['x', 'file:///dir/file'],
  ['not a url'],
  ['http://'],
  ['https://exa mple.com'],
  ['http://[::1'],
  ['//x'],
  ['/relative'],
  ['http://example.com:99999/'],
  ['x', 'not a base'],
  [''],
  ['https://a/b', 'https://base/'],
]

test('new URL parses like Node: every component of valid and invalid URLs', async (t) => {
  const cm = codeMode(t)
  const { guest, node } = await both(cm, describeUrls, PARSE_CASES)
  sameEach(guest, node, PARSE_CASES)
})

function runSetters(steps) {
  'use strict'
  return steps.map(([start, prop, value]) => {
    const u = new URL(start)
    try {
      u[prop] = value
    } catch (e) {
      return { error: e.name, href: u.href }
    }
    return { href: u.href, [prop]: u[prop], params: [...u.searchParams] }
  })
}

const SETTER_CASES = [
  ['http://example.com/', 'protocol', 'https'],
  ['http://example.com/', 'protocol', 'https:'],
  ['http://example.com/', 'protocol', 'ftp://ignored'],
  ['http://example.com/', 'protocol', 'foo'],
  ['foo://example.com/', 'protocol', 'http'],
  ['http://u@example.com/', 'protocol', 'file'],
  ['http://example.com/', 'protocol', ''],
  ['http://example.com/', 'username', 'user name'],
  ['http://example.com/', 'password', 'p@ss:w/rd'],
  ['file:///x', 'username', 'nope'],
  ['http://example.com/', 'host', 'example.org:9000'],
  ['http://example.com/', 'host', 'example.org:80'],
  ['http://example.com/', 'host', ''],
  ['http://example.com:1/', 'hostname', 'x.y'],
  ['http://example.com/', 'hostname', 'bad host'],
  ['http://example.com/', 'port', '8080'],
  ['http://example.com:8080/', 'port', ''],
  ['http://example.com/', 'port', '80'],
  ['http://example.com/', 'port', 'abc'],
  ['http://example.com/', 'port', '12ab'],
  ['http://example.com/', 'port', '70000'],
  ['http://example.com/', 'pathname', 'a b/c?d#e'],
  ['http://example.com/', 'pathname', ''],
  ['mailto:x@y', 'pathname', 'other'],
  ['http://example.com/', 'search', 'x=1 2&y'],
  ['http://example.com/?a=1', 'search', ''],
  ['http://example.com/?a=1', 'search', '?'],
  ['http://example.com/?a=1', 'search', '??b=2'],
  ['http://example.com/', 'hash', 'h h'],
  ['http://example.com/#h', 'hash', ''],
  ['http://example.com/#h', 'hash', '#'],
  ['http://example.com/', 'href', 'https://other.example/?z=9#top'],
  ['http://example.com/', 'href', 'not a url'],
  ['http://example.com/', 'origin', 'http://ignored/'],
]

test('URL setters follow the URL Standard like Node, and `href` rejects invalid URLs', async (t) => {
  const cm = codeMode(t)
  const { guest, node } = await both(cm, runSetters, SETTER_CASES)
  sameEach(guest, node, SETTER_CASES)
})

test('url.searchParams is the same live object as url.search, in both directions', async (t) => {
  const cm = codeMode(t)
  const probe = () => {
    const u = new URL('https://example.com/p?a=1&b=2#frag')
    const p = u.searchParams
    const log = []
    log.push(p === u.searchParams)
    p.append('c', 'x y')
    log.push(u.href)
    p.set('a', 'é&=')
    log.push(u.search)
    p.delete('b')
    log.push(u.href)
    u.search = '?z=%20q&z=2'
    log.push([...p], p.size)
    u.href = 'https://other.example/?k=v'
    log.push([...p])
    p.delete('k')
    log.push(u.href, u.search)
    p.sort()
    log.push(u.href)
    u.hash = 'h'
    p.append('after', 'hash')
    log.push(u.href)
    const opaque = new URL('mailto:x@y?q=1')
    opaque.searchParams.delete('q')
    log.push(opaque.href)
    return log
  }
  const { guest, node } = await both(cm, probe)
  assert.deepEqual(guest, node)
})

test('URL.canParse, URL.parse, toString and toJSON', async (t) => {
  const cm = codeMode(t)
  const probe = () => [
    URL.canParse('https://a'),
    URL.canParse('/x'),
    URL.canParse('/x', 'https://a'),
    URL.canParse('/x', 'bad base'),
    JSON.stringify({ u: new URL('https://a/b?c#d') }),
    `${new URL('https://a/b')}`,
    new URL('https://a/b') + '',
    String(new URL(new URL('https://a/from-url-object'))),
    String(new URL({ toString: () => 'https://a/from-to-string' })),
    Object.prototype.toString.call(new URL('https://a')),
  ]
  const { guest, node } = await both(cm, probe)
  assert.deepEqual(guest, node)
  // URL.parse is newer than Node 20; it returns null instead of throwing.
  const r = await cm.run(`return [URL.parse('https://a/b', undefined)?.href, URL.parse('nope'), URL.parse('c', 'https://a/b/').href]`)
  assert.deepEqual(r.value, ['https://a/b', null, 'https://a/b/c'])
})

test('invalid URLs throw a catchable TypeError that says what was wrong', async (t) => {
  const cm = codeMode(t)
  const r = await cm.run(`
    const out = []
    for (const args of [['nope'], ['x', 'bad base'], []]) {
      try { new URL(...args); out.push('no error') } catch (e) { out.push([e instanceof TypeError, e.name, e.message, e.code ?? null]) }
    }
    try { URL() } catch (e) { out.push(e.name) }
    return out
  `)
  assert.equal(r.ok, true)
  assert.deepEqual(r.value[0], [true, 'TypeError', 'Invalid URL: nope', 'ERR_INVALID_URL'])
  assert.deepEqual(r.value[1], [true, 'TypeError', 'Invalid URL: x (base: bad base)', 'ERR_INVALID_URL'])
  assert.equal(r.value[2][1], 'TypeError')
  assert.equal(r.value[3], 'TypeError')
  // Uncaught, it is an UNCAUGHT_EXCEPTION pointing at the model's own line.
  const u = await cm.run('const a = 1\nconst u = new URL("::")\nreturn u')
  assert.equal(u.ok, false)
  assert.equal(u.error.code, 'UNCAUGHT_EXCEPTION')
  assert.equal(u.error.name, 'TypeError')
  assert.equal(u.error.line, 2)
  assert.doesNotMatch(u.error.stack ?? '', /codemode:/)
})

function describeParams(inits) {
  return inits.map((init) => {
    let p
    try {
      p = new URLSearchParams(init)
    } catch (e) {
      return { error: e.name }
    }
    return { entries: [...p], string: p.toString(), size: p.size }
  })
}

test('new URLSearchParams from strings like Node: form-urlencoded parsing', async (t) => {
  const cm = codeMode(t)
  const inits = [
    'a=1&b=2&a=3',
    '?a=1',
    '??a=1',
    '',
    'a',
    '=b',
    'a=b=c',
    '&&a=1&&b&',
    '+%20+=+',
    '%zz=%z&%=%%',
    '%E2%82=%E2%82%AC',
    '%F0%9F%98%80=%ED%A0%80',
    '%C3%A9=%c3%a9',
    'a%26b=c%3Dd',
    'ä=ö&€=😀',
    'a=%2B%2b+%25',
    'x=%00&y=%0A',
    'lone=\uD800',
  ]
  const { guest, node } = await both(cm, describeParams, inits)
  sameEach(guest, node, inits)
})

test('new URLSearchParams from records, pairs, maps and other URLSearchParams like Node', async (t) => {
  const cm = codeMode(t)
  const probe = () => {
    const inits = [
      { a: '1', b: 2, c: null, d: undefined, 'e f': 'g h' },
      [
        ['a', '1'],
        ['a', '2'],
        ['b', 3],
      ],
      new Map([
        ['x', 'y'],
        ['z', 'w'],
      ]),
      new URLSearchParams('q=1&q=2'),
      [['only one']],
      [['one', 'two', 'three']],
      [1, 2],
      [],
      {},
      Object.create({ inherited: 'no' }),
      Object.defineProperty({ shown: 'yes' }, 'hidden', { value: 'no', enumerable: false }),
      { toString: 'not a function' },
      new String('s=1'),
      { '\uD800': 'lone', '\uFFFD': 'replacement', after: 'x' },
      undefined,
      123,
      true,
    ]
    return inits.map((init) => {
      try {
        const p = new URLSearchParams(init)
        return [...p]
      } catch (e) {
        return e.name
      }
    })
  }
  const { guest, node } = await both(cm, probe)
  assert.deepEqual(guest, node)
  // null converts to the string "null" (WebIDL union rules, as browsers do); Node 20 gives [].
  const r = await cm.run('return [...new URLSearchParams(null)]')
  assert.deepEqual(r.value, [['null', '']])
})

test('URLSearchParams serializes with the WHATWG form encoding: spaces as +', async (t) => {
  const cm = codeMode(t)
  const probe = () => {
    const ascii = Array.from({ length: 128 }, (_, i) => String.fromCharCode(i)).join('')
    const samples = [ascii, 'é€😀', 'a b+c', "!'()*~-._", '\uD800', 'x\uDC00y', '']
    return samples.map((s) => {
      const p = new URLSearchParams()
      p.append(s, s)
      return p.toString()
    })
  }
  const { guest, node } = await both(cm, probe)
  assert.deepEqual(guest, node)
})

test('URLSearchParams methods like Node: get/getAll/has/set/delete (with value), sort, size', async (t) => {
  const cm = codeMode(t)
  const probe = () => {
    const log = []
    const p = new URLSearchParams('a=1&b=2&a=3&c=&a=1')
    log.push(p.get('a'), p.get('missing'), p.getAll('a'), p.getAll('missing'), p.size)
    log.push(p.has('a'), p.has('a', '3'), p.has('a', '4'), p.has('c', ''), p.has('missing'))
    p.delete('a', '1')
    log.push(p.toString())
    p.delete('a')
    log.push(p.toString())
    p.set('b', 'new')
    p.set('d', 'added')
    log.push(p.toString(), p.size)
    p.append('b', 'again')
    p.set('b', 'once')
    log.push(p.toString())
    const s = new URLSearchParams('z=1&a=2&é=3&a=1&😀=4&ﬃ=5&A=6&b=7&a=0')
    s.sort()
    log.push(s.toString())
    p.append(1, 2)
    p.set(null, undefined)
    log.push(p.toString(), p.get(1), p.get('null'))
    log.push(p.has('b', undefined), String(p.delete('zzz')))
    return log
  }
  const { guest, node } = await both(cm, probe)
  assert.deepEqual(guest, node)
})

test('URLSearchParams iterates like Node: live iterators, forEach, keys/values/entries', async (t) => {
  const cm = codeMode(t)
  const probe = () => {
    const log = []
    const p = new URLSearchParams('a=1&b=2&c=3')
    log.push([...p.keys()], [...p.values()], [...p.entries()], Array.from(p))
    const seen = []
    p.forEach(function (value, key, params) {
      seen.push([key, value, params === p, this && this.tag])
    }, { tag: 'this' })
    log.push(seen)
    const live = []
    for (const [k] of p) {
      live.push(k)
      if (k === 'a') p.delete('b')
      if (k === 'c') p.append('d', '4')
    }
    log.push(live)
    const it = p.keys()
    log.push(it.next(), Object.prototype.toString.call(it), typeof it[Symbol.iterator], it[Symbol.iterator]() === it)
    log.push([...it], it.next())
    const grow = []
    p.forEach((v, k) => {
      grow.push(k)
      if (grow.length < 3) p.append('g' + grow.length, v)
    })
    log.push(grow)
    log.push(Object.fromEntries(new URLSearchParams('x=1&y=2')))
    return log
  }
  const { guest, node } = await both(cm, probe)
  assert.deepEqual(guest, node)
})

test('URLSearchParams argument errors are TypeErrors, as in Node', async (t) => {
  const cm = codeMode(t)
  const probe = () => {
    const p = new URLSearchParams()
    const calls = [
      () => p.append('a'),
      () => p.set('a'),
      () => p.get(),
      () => p.getAll(),
      () => p.has(),
      () => p.delete(),
      () => p.forEach(),
      () => p.forEach(1),
      () => new URLSearchParams([['a']]),
      () => new URLSearchParams({ [Symbol('s')]: 1 }),
      () => p.append(Symbol('s'), 'x'),
      () => URLSearchParams.prototype.get.call({}, 'a'),
    ]
    return calls.map((f) => {
      try {
        f()
        return 'no error'
      } catch (e) {
        return e.name
      }
    })
  }
  const { guest, node } = await both(cm, probe)
  assert.deepEqual(guest, node)
})

test('URL and URLSearchParams are frozen, read-only built-ins like the others', async (t) => {
  const cm = codeMode(t)
  const r = await cm.run(`
    'use strict'
    const out = []
    for (const f of [
      () => { URL.prototype.toString = () => 'x' },
      () => { URLSearchParams.prototype.extra = 1 },
      () => { URL.canParse = () => true },
      () => { globalThis.URL = null },
      () => { delete globalThis.URLSearchParams },
    ]) {
      try { f(); out.push('allowed') } catch (e) { out.push(e.name) }
    }
    out.push(String(new URL('https://a/')), typeof URL, Object.isFrozen(URL.prototype))
    return out
  `)
  assert.equal(r.ok, true, JSON.stringify(r.error))
  assert.deepEqual(r.value, ['TypeError', 'TypeError', 'TypeError', 'TypeError', 'TypeError', 'https://a/', 'function', true])
})
