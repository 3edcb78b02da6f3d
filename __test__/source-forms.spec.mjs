// Issue 3: model code as models write it — TypeScript, every common form, exact error positions.
import { test } from 'node:test'
import assert from 'node:assert/strict'

import { stripTypes } from '../index.js'
import { codeMode } from './helpers.mjs'

const forms = [
  ['script body with top-level await and return', 'const x = await Promise.resolve(20)\nreturn x + 1', 21],
  ['last expression statement is the result', 'const a = 2\nconst b = 3\na * b', 6],
  ['a lone expression', '40 + 2', 42],
  ['no result without return or expression', 'const a = 1', undefined],
  ['a return inside a branch stops the last-expression rule', 'if (true) { return "early" }\n"late"', 'early'],
  ['a lone async arrow is called', 'async () => { const v = await Promise.resolve(7); return v * 6 }', 42],
  ['a lone arrow with an expression body is called', '() => [1, 2, 3].map((n) => n * 2)', [2, 4, 6]],
  ['a lone async function expression is called', '(async function main() { return "main" })', 'main'],
  ['export default of a value', 'const total = 5\nexport default { total }', { total: 5 }],
  ['export default of an async function is called', 'export default async function () { return "ran" }', 'ran'],
  ['named exports stay local', 'export const a = 1\nexport function f() { return a + 1 }\nf()', 2],
  ['a ```ts fence is removed', '```ts\nconst n: number = 4\nn * 2\n```', 8],
  ['a ```js fence is removed', '```js\nreturn "js"\n```', 'js'],
  ['a ```typescript fence is removed', '```typescript\nreturn 1 as number\n```', 1],
  ['a bare ``` fence is removed', '```\nreturn "bare"\n```', 'bare'],
  ['a lone async function declaration is called', 'async function main() { return await Promise.resolve("main") }', 'main'],
  ['a lone function declaration named anything is called', 'async function fetchReport(): Promise<number> { return 42 }', 42],
  ['a fenced lone function declaration is called', '```ts\nasync function run() {\n  return [1, 2]\n}\n```', [1, 2]],
  ['helpers and constants, then `main`: main is called', 'const base = 10\nfunction twice(n: number) { return n * 2 }\nasync function main() { return twice(base) }', 20],
  ['helpers, then a trailing async arrow: the arrow is called', 'function twice(n) { return n * 2 }\nconst base = 4\nasync () => twice(base)', 8],
  ['a top-level for await loop', 'async function* pages() { yield 1; yield 2 }\nconst seen = []\nfor await (const p of pages()) seen.push(p)\nreturn seen', [1, 2]],
  ['two functions and no `main`: nothing is called', 'function a() { return 1 }\nfunction b() { return 2 }', undefined],
]

for (const [name, code, expected] of forms) {
  test(`form: ${name}`, async (t) => {
    const r = await codeMode(t).run(code)
    assert.equal(r.ok, true, JSON.stringify(r.error))
    assert.deepEqual(r.value, expected)
  })
}

test('TypeScript: interfaces, type aliases, generics, as, satisfies, non-null, type-only imports', async (t) => {
  const code = `
import type { Something } from 'elsewhere'
interface Item { id: number; tags?: string[] }
type Pair<A, B> = [A, B]
function first<T>(xs: T[]): T | undefined { return xs[0] }
const items: Item[] = [{ id: 1, tags: ['a'] }, { id: 2 }]
const pair: Pair<string, number> = ['x', 1]
const cfg = { retries: 3 } satisfies Record<string, number>
const tags = first(items)!.tags as string[]
const n = <number>(cfg.retries)
return { pair, tags, n, id: first<Item>(items)?.id }`
  const r = await codeMode(t).run(code)
  assert.equal(r.ok, true, JSON.stringify(r.error))
  assert.deepEqual(r.value, { pair: ['x', 1], tags: ['a'], n: 3, id: 1 })
})

test('TypeScript: enums (numeric, string, reverse mapping) and parameter properties', async (t) => {
  const code = `
enum Color { Red, Green = 5, Blue }
enum Mode { Fast = 'fast', Safe = 'safe' }
class Point { constructor(public x: number, private readonly y: number) {} sum() { return this.x + this.y } }
return [Color.Red, Color.Green, Color.Blue, Color[5], Mode.Safe, new Point(2, 3).sum(), new Point(4, 0).x]`
  const r = await codeMode(t).run(code)
  assert.equal(r.ok, true, JSON.stringify(r.error))
  assert.deepEqual(r.value, [0, 5, 6, 'Green', 'safe', 5, 4])
})

test('a syntax error below type declarations points at the model line and column, with a code frame', async (t) => {
  const code = 'interface A {\n  a: number\n}\ntype B = A[]\n\nconst list: B = [\n  { a: 1 },\n  { a: 2 ]\n'
  const r = await codeMode(t).run(code)
  assert.equal(r.ok, false)
  assert.equal(r.error.code, 'SYNTAX_ERROR')
  assert.equal(r.error.line, 8)
  assert.equal(r.error.column, 10)
  assert.match(r.error.message, /> 8 \|   \{ a: 2 \]/)
  assert.match(r.error.message, /\n\s+\|\s+\^/)
})

test('a runtime error below type declarations points at the model line and column', async (t) => {
  const code = [
    'interface User {',
    '  name: string',
    '  address?: { city: string }',
    '}',
    'type Users = User[]',
    'const users: Users = [{ name: "a" }]',
    'const city: string = users[0].address!.city',
  ].join('\n')
  const r = await codeMode(t).run(code)
  assert.equal(r.ok, false)
  assert.equal(r.error.code, 'UNCAUGHT_EXCEPTION')
  assert.equal(r.error.name, 'TypeError')
  assert.equal(r.error.line, 7)
  assert.equal(r.error.column, 22)
  assert.match(r.error.stack, /code\.js:7:22/)
})

test('positions inside a fence count the fence line', async (t) => {
  const r = await codeMode(t).run('```ts\nconst a: number = 1\nconst o: any = null\no.x\n```')
  assert.equal(r.error.code, 'UNCAUGHT_EXCEPTION')
  assert.equal(r.error.line, 4)
})

test('import of a module is a syntax error naming the tools object; unused type imports are fine', async (t) => {
  const cm = codeMode(t)
  const r = await cm.run("import fs from 'fs'\nreturn fs.readFileSync('/etc/passwd')")
  assert.equal(r.error.code, 'SYNTAX_ERROR')
  assert.match(r.error.message, /tools/)
  assert.equal(r.error.line, 1)
})

test('stripTypes returns plain JavaScript and throws SyntaxError with a position', () => {
  const out = stripTypes('const n: number = f<string>(x as any)!\ninterface I { a: 1 }\nexport default n')
  assert.equal(out.trim(), 'const n = f(x);\nexport default n;')
  assert.throws(() => stripTypes('const = 1'), (e) => e.name === 'SyntaxError' && e.code === 'ERR_SYNTAX' && e.line === 1 && e.column === 7)
})

test('a very deeply nested program is a SYNTAX_ERROR, never a crash', async (t) => {
  const r = await codeMode(t, { limits: { maxSourceBytes: 1 << 20 } }).run('return ' + '('.repeat(50_000))
  assert.equal(r.ok, false)
  assert.equal(r.error.code, 'SYNTAX_ERROR')
  assert.throws(() => stripTypes('[' .repeat(50_000)), (e) => e.name === 'SyntaxError')
})

test('an error inside a lone function declaration points at the model line', async (t) => {
  const r = await codeMode(t).run('```ts\nasync function main() {\n  const user: any = null\n  return user.name\n}\n```')
  assert.equal(r.error.code, 'UNCAUGHT_EXCEPTION')
  assert.equal(r.error.line, 4)
  assert.equal(r.error.column, 10)
})
