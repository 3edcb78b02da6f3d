// Issue 9: sessions are a REPL — top-level const/let/var/function/class of one session.run are
// visible in the next, may be declared again, and never leak into one-shot runs or other sessions.
import { test } from 'node:test'
import assert from 'node:assert/strict'

import { codeMode, assertValue, assertFailed } from './helpers.mjs'

function session(t, cm) {
  const s = cm.session()
  t.after(() => s.close())
  return s
}

test('const, let, var, function and class declared in one run are visible in the next', async (t) => {
  const s = session(t, codeMode(t))
  assertValue(
    await s.run(`const limit: number = 3
let seen = ['a']
var total = 10
function describe(x: string) { return x + '!' }
class Box { constructor(public v: number) {} double() { return this.v * 2 } }`),
    undefined,
  )
  assertValue(await s.run('[limit, seen, total, describe("b"), new Box(4).double()]'), [3, ['a'], 10, 'b!', 8])
  assertValue(await s.run('seen.push("b"); total += 5; [seen, total]'), [['a', 'b'], 15])
})

test('names may be declared again in a later run (no redeclaration SyntaxError)', async (t) => {
  const s = session(t, codeMode(t))
  await s.run('const x = 1\nlet y = "a"\nfunction f() { return "first" }\nclass C { static id = 1 }')
  assertValue(await s.run('const x = 2\nconst y = "b"\nfunction f() { return "second" }\nclass C { static id = 2 }\n[x, y, f(), C.id]'), [2, 'b', 'second', 2])
  assertValue(await s.run('let x = x * 10\nx'), 20, 'a re-declaration may read the value it replaces')
  assertValue(await s.run('let y\ny'), undefined, '`let y` without a value starts undefined again')
  assertValue(await s.run('var x\nx'), 20, '`var x` keeps the value, as a re-declared var does')
})

test('a const stays read-only (until declared again)', async (t) => {
  const s = session(t, codeMode(t))
  const r = await s.run('const k = 1\nk = 2')
  assertFailed(r, 'UNCAUGHT_EXCEPTION')
  assert.equal(r.error.name, 'TypeError')
  assert.equal(r.error.message, "Assignment to constant variable 'k'.")
  assert.equal(r.error.line, 2)
  assertFailed(await s.run('k++'), 'UNCAUGHT_EXCEPTION')
  assertValue(await s.run('k'), 1)
  assertValue(await s.run('let k = 5\nk++\nk'), 6)
})

test('functions and closures from run 1 keep working in run 3 and see later declarations', async (t) => {
  const s = session(t, codeMode(t))
  await s.run(`let count = 0
const step = 2
function next() { count += step; return count }
const label = () => prefix + count`)
  await s.run('next()\nconst prefix = "n="')
  assertValue(await s.run('next();\n[count, label()]'), [4, 'n=4'])
  assertValue(await s.run('const step = 10\nnext()'), 14, 'run 1 closures read the re-declared name')
})

test('destructuring declarations persist every name they bind', async (t) => {
  const tools = [{ name: 'profile', execute: () => ({ user: { name: 'Ada', tags: ['x', 'y', 'z'] }, id: 7, extra: true }) }]
  const s = session(t, codeMode(t, { tools }))
  assertValue(
    await s.run('const { user: { name, tags: [first, ...others] }, id = 0, missing = "default", ...rest } = await tools.profile({})'),
    undefined,
  )
  assertValue(await s.run('[name, first, others, id, missing, rest]'), ['Ada', 'x', ['y', 'z'], 7, 'default', { extra: true }])
  assertValue(await s.run('let [a, , c = 3] = [1, 2];\n[a, c]'), [1, 3])
})

test('a lone function declaration is kept for later runs, not called; one named main is called', async (t) => {
  let calls = 0
  const s = session(t, codeMode(t, { tools: [{ name: 'ping', execute: () => ++calls }] }))
  const kept = await s.run('async function report() { return await tools.ping({}) }')
  assertValue(kept, undefined)
  assert.equal(calls, 0)
  assertValue(await s.run('await report()'), 1)
  assertValue(await s.run('```ts\nasync function main(): Promise<string> {\n  return `main ${await report()}`\n}\n```'), 'main 2')
  assertValue(await s.run('main()'), 'main 3', 'main is kept too')
})

test('a one-shot run never sees a session’s declarations, and two sessions do not share', async (t) => {
  const cm = codeMode(t)
  const a = session(t, cm)
  const b = session(t, cm)
  await a.run('const who = "a"\nfunction hello() { return "hi from a" }')
  await b.run('const who = "b"')
  assertValue(await a.run('[who, hello()]'), ['a', 'hi from a'])
  assertValue(await b.run('[who, typeof hello]'), ['b', 'undefined'])
  assertValue(await cm.run('[typeof who, typeof hello]'), ['undefined', 'undefined'])
  // A one-shot run's own declarations do not leak either.
  await cm.run('const leaked = 1')
  assertValue(await cm.run('typeof leaked'), 'undefined')
  assertValue(await a.run('typeof leaked'), 'undefined')
})

test('declarations may shadow the sandbox globals; globalThis stays as it was', async (t) => {
  const s = session(t, codeMode(t))
  assertValue(await s.run('const URL = "https://example.com"\nconst console = { log: () => "mine" };\n[URL, console.log()]'), [
    'https://example.com',
    'mine',
  ])
  assertValue(await s.run('[URL, typeof globalThis.URL, typeof globalThis.console.log("x")]'), ['https://example.com', 'function', 'undefined'])
})

test('declarations inside blocks and functions stay local; top-level loops see the session names', async (t) => {
  const s = session(t, codeMode(t))
  await s.run('let sum = 0\nfor (let i = 0; i < 4; i++) { const sq = i * i; sum += sq }\n{ let inner = 1 }')
  assertValue(await s.run('[sum, typeof i, typeof sq, typeof inner]'), [14, 'undefined', 'undefined', 'undefined'])
})

test('errors in a session run point at the model lines, as in a one-shot run', async (t) => {
  const cm = codeMode(t)
  const s = session(t, cm)
  await s.run('const data = { items: [] }')
  const body = 'const n: number = data.items.length\nconst first = data.items[0]\nconst name: string = first.name'
  const r = await s.run('```ts\n' + body + '\n```')
  assertFailed(r, 'UNCAUGHT_EXCEPTION')
  assert.equal(r.error.line, 4)
  assert.equal(r.error.column, 22)
  const oneShot = await cm.run('```ts\nconst data = { items: [] }\n' + body + '\n```')
  assert.deepEqual([oneShot.error.line - 1, oneShot.error.column], [r.error.line, r.error.column])
  assertValue(await s.run('[n, typeof first]'), [0, 'undefined'])
})

test('after a reset the declarations are gone, with the warning', async (t) => {
  const s = session(t, codeMode(t))
  await s.run('const kept = 1')
  assertFailed(await s.run('while (true) {}', { limits: { timeoutMs: 100 } }), 'TIMEOUT')
  const r = await s.run('typeof kept')
  assertValue(r, 'undefined')
  assert.equal(r.warnings.length, 1)
  assertValue(await s.run('const kept = 2\nkept'), 2)
})

test('the example in the typings', async (t) => {
  const s = session(t, codeMode(t))
  await s.run('let count = 1; function bump() { return ++count }')
  assert.equal((await s.run('bump()')).value, 2)
})

test('a top-level for await loop runs in a session and fills a session name', async (t) => {
  const s = session(t, codeMode(t))
  await s.run('async function* pages() { yield "a"; yield "b" }\nconst seen = []\nfor await (const p of pages()) seen.push(p)')
  assertValue(await s.run('[seen, typeof p]'), [['a', 'b'], 'undefined'])
})
