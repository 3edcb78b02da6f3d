import { test } from 'node:test'
import assert from 'node:assert/strict'

import { codeMode, assertValue, assertFailed, runChild, ENTRY } from './helpers.mjs'

const messages = (r) => r.logs.map((l) => l.message)

test('console.log/info/warn/error/debug are captured with their levels, in order', async (t) => {
  const cm = codeMode(t)
  const r = await cm.run('console.log("l"); console.info("i"); console.warn("w"); console.error("e"); console.debug("d"); return 1')
  assertValue(r, 1)
  assert.deepEqual(
    r.logs.map((l) => [l.level, l.message]),
    [['log', 'l'], ['info', 'i'], ['warn', 'w'], ['error', 'e'], ['debug', 'd']],
  )
  let prev = 0
  for (const l of r.logs) {
    assert.ok(l.timeMs >= prev, 'timeMs never goes backwards')
    prev = l.timeMs
  }
  assert.ok(prev < r.stats.durationMs + 1)
})

test('timeMs reflects when a line was logged', async (t) => {
  const cm = codeMode(t)
  const r = await cm.run('console.log("a"); await new Promise((r) => setTimeout(r, 100)); console.log("b")')
  const [a, b] = r.logs
  assert.ok(b.timeMs - a.timeMs >= 80, `b logged ${b.timeMs - a.timeMs} ms after a`)
})

test('guest console output is never printed on the host', async () => {
  const source = `
    import { CodeMode } from ${JSON.stringify(ENTRY)}
    const cm = new CodeMode()
    const r = await cm.run(\`
      for (const level of ['log', 'info', 'warn', 'error', 'debug']) console[level]('GUEST_' + level.toUpperCase() + '_MARKER')
      console.log({ nested: 'GUEST_OBJECT_MARKER' })
    \`)
    await cm.close()
    process.stdout.write('HOST_DONE ' + r.logs.length)
  `
  const child = await runChild(source)
  assert.equal(child.code, 0, child.stderr)
  assert.equal(child.stdout, 'HOST_DONE 6')
  assert.doesNotMatch(child.stdout + child.stderr, /GUEST_/)
})

test('strings print raw at top level; primitives print like console.log', async (t) => {
  const cm = codeMode(t)
  const r = await cm.run('console.log("str", 42, true, null, undefined, 1.5, NaN); console.log(); console.log("multi\\nline")')
  assert.deepEqual(messages(r), ['str 42 true null undefined 1.5 NaN', '', 'multi\nline'])
})

test('objects and arrays are formatted inspect-style, not as [object Object]', async (t) => {
  const cm = codeMode(t)
  const r = await cm.run(`
    console.log({ a: 1, b: 'two', c: [1, { d: null }] })
    console.log([1, 'a', [2, [3]]])
    console.log({})
    console.log([])
  `)
  assert.deepEqual(messages(r), [
    "{ a: 1, b: 'two', c: [ 1, { d: null } ] }",
    "[ 1, 'a', [ 2, [ 3 ] ] ]",
    '{}',
    '[]',
  ])
})

test('Maps, Sets, functions, symbols, BigInts, Dates and class instances are readable', async (t) => {
  const cm = codeMode(t)
  const r = await cm.run(`
    console.log(new Map([[1, 'a']]), new Set([1, 2]))
    console.log(function foo() {}, Symbol('s'), 10n)
    console.log(new Date(0))
    class Point { constructor() { this.x = 1 } }
    console.log(new Point())
  `)
  const [maps, misc, date, point] = messages(r)
  assert.match(maps, /Map.*1 => 'a'/)
  assert.match(maps, /Set.*\{ 1, 2 \}/)
  assert.match(misc, /\[Function: foo\]/)
  assert.match(misc, /Symbol\(s\)/)
  assert.match(misc, /10n/)
  assert.equal(date, '1970-01-01T00:00:00.000Z')
  assert.match(point, /Point \{ x: 1 \}/)
})

test('Errors print their name and message (and a stack), including custom classes', async (t) => {
  const cm = codeMode(t)
  const r = await cm.run(`
    console.error(new TypeError('bad thing'))
    class MyErr extends Error { constructor(m) { super(m); this.name = 'MyErr' } }
    console.log(new MyErr('custom'))
    console.log({ inner: new RangeError('inside') })
  `)
  const [a, b, c] = messages(r)
  assert.equal(r.logs[0].level, 'error')
  assert.match(a, /^TypeError: bad thing/)
  assert.match(b, /^MyErr: custom/)
  assert.match(c, /RangeError: inside/)
  assert.doesNotMatch(a + b + c, /\[object Object\]|\{\}/)
})

test("an Error's stack in the logs points at the model's own lines, without internal frames", async (t) => {
  const cm = codeMode(t)
  const r = await cm.run('const x = 1\nconsole.log(new Error("where"))\nreturn x')
  assertValue(r, 1)
  const msg = r.logs[0].message
  assert.match(msg, /^Error: where/)
  assert.match(msg, /code\.js:2:/, `stack should name line 2 of the model's code: ${JSON.stringify(msg)}`)
  assert.doesNotMatch(msg, /bootstrap|runMain/, `internal frames leak into the logs: ${JSON.stringify(msg)}`)
})

test('cyclic objects are printed with a [Circular] marker instead of failing', async (t) => {
  const cm = codeMode(t)
  const r = await cm.run(`
    const o = { name: 'o' }; o.self = o; o.list = [o]
    console.log(o)
    const a = [1]; a.push(a)
    console.log(a)
    return 'ok'
  `)
  assertValue(r, 'ok')
  const [o, a] = messages(r)
  assert.match(o, /name: 'o'/)
  assert.match(o, /self: \[Circular/)
  assert.match(a, /^\[ 1, \[Circular/)
})

test('deeply nested values and long arrays are abbreviated, not dumped in full', async (t) => {
  const cm = codeMode(t)
  const r = await cm.run(`
    let v = 0; for (let i = 0; i < 5000; i++) v = [v]
    console.log(v)
    console.log(new Array(1000).fill(7))
    return 'ok'
  `)
  assertValue(r, 'ok')
  const [deep, long] = messages(r)
  assert.ok(deep.length < 500, `nested value printed as ${deep.length} chars`)
  assert.match(deep, /\[Array\]/)
  assert.ok(long.length < 2000, `1000-item array printed as ${long.length} chars`)
  assert.match(long, /more items/)
})

test('hostile values (throwing getters, proxies, toString) are logged without crashing the run', async (t) => {
  const cm = codeMode(t)
  const r = await cm.run(`
    console.log({ get x() { throw new Error('g') } })
    console.log(new Proxy({}, { ownKeys() { throw new Error('trap') }, get() { throw new Error('get') } }))
    console.log({ toString() { throw 1 } }, 'after')
    console.log(Object.create(null))
    return 'survived'
  `)
  assertValue(r, 'survived')
  assert.equal(r.logs.length, 4)
  assert.match(r.logs[2].message, /after$/)
  for (const l of r.logs) assert.equal(typeof l.message, 'string')
})

test('logs written before an uncaught error or a timeout are kept', async (t) => {
  const cm = codeMode(t)
  const r = await cm.run('console.log("before"); throw new Error("x")')
  assertFailed(r, 'UNCAUGHT_EXCEPTION')
  assert.deepEqual(messages(r), ['before'])
  const r2 = await cm.run('console.warn("before loop"); while (true) {}', { limits: { timeoutMs: 200 } })
  assertFailed(r2, 'TIMEOUT')
  assert.deepEqual(r2.logs.map((l) => [l.level, l.message]), [['warn', 'before loop']])
})

test('logs are per run, even for runs in parallel', async (t) => {
  const cm = codeMode(t)
  const results = await Promise.all(
    Array.from({ length: 10 }, (_, i) => cm.run(`for (let k = 0; k < 3; k++) { console.log('run ${i} line ' + k); await null }`)),
  )
  results.forEach((r, i) => assert.deepEqual(messages(r), [0, 1, 2].map((k) => `run ${i} line ${k}`)))
})
