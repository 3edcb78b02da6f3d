// typecheck: 'off' | 'warn' | 'strict' (issue 17): the model's program is checked against the
// tools' declarations by the real TypeScript compiler before it runs.
import { test } from 'node:test'
import assert from 'node:assert/strict'

import { codeMode, CodeMode } from './helpers.mjs'
import binding from '../index.js'

/** A weather tool with input and output schemas, a search tool without an output schema, and a call log. */
function weatherTools() {
  const calls = []
  const tools = {
    getWeather: {
      namespace: 'weather',
      description: 'Current weather for a city',
      inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
      outputSchema: { type: 'object', properties: { tempC: { type: 'number' } }, required: ['tempC'] },
      execute: async ({ city }) => {
        calls.push(city)
        return { tempC: 21 }
      },
    },
    search: {
      description: 'Search, without an output schema',
      inputSchema: { type: 'object', properties: { q: { type: 'string' } } },
      execute: async () => {
        calls.push('search')
        return { hits: [{ title: 'a' }] }
      },
    },
  }
  return { tools, calls }
}

function assertTypeError(r, expected) {
  assert.equal(r.ok, false, JSON.stringify(r))
  assert.equal(r.error.code, 'TYPE_ERROR', JSON.stringify(r.error))
  const [d] = r.error.diagnostics
  assert.equal(d.line, expected.line, JSON.stringify(d))
  assert.equal(d.column, expected.column, JSON.stringify(d))
  assert.match(d.message, expected.message)
  assert.equal(d.code, expected.code)
  if (expected.hint) assert.match(d.hint, expected.hint)
  assert.equal(r.error.line, expected.line)
  assert.equal(r.error.column, expected.column)
  assert.equal(r.toolCalls.length, 0)
  return d
}

test("'strict' catches each common mistake before any tool runs, at the model's line and column", async (t) => {
  const { tools, calls } = weatherTools()
  const cm = codeMode(t, { tools, typecheck: 'strict' })
  // The first call runs before the mistake: in a run without the check it would have happened.
  const first = 'await tools.search({ q: "first" })\n'

  const misspelled = await cm.run(`${first}const w = await tools.weather.getWether({ city: 'Oslo' })\nreturn w.tempC`)
  const d = assertTypeError(misspelled, {
    line: 2,
    column: 31,
    code: 'TS2551',
    message: /Property 'getWether' does not exist .*Did you mean 'getWeather'\?/,
    hint: /Did you mean 'getWeather'\?/,
  })
  assert.equal(d.sourceLine, "const w = await tools.weather.getWether({ city: 'Oslo' })")

  assertTypeError(await cm.run(`${first}const w = await tools.weather.getWeather({ town: 'Oslo' })\nreturn w.tempC`), {
    line: 2,
    column: 44,
    code: 'TS2353',
    message: /'town' does not exist in type '\{ city: string; \}'/,
    hint: /input fields/,
  })

  assertTypeError(await cm.run(`${first}const w = tools.weather.getWeather({ city: 'Oslo' })\nreturn w.tempC`), {
    line: 3,
    column: 10,
    code: 'TS2339',
    message: /Property 'tempC' does not exist on type 'Promise<\{ tempC: number; \}>'/,
    hint: /forget to use 'await'/,
  })

  assertTypeError(await cm.run(`${first}const w = await tools.weather.getWeather({ city: 'Oslo' })\nreturn w.temp`), {
    line: 3,
    column: 10,
    code: 'TS2551',
    message: /Property 'temp' does not exist .*Did you mean 'tempC'\?/,
    hint: /Did you mean 'tempC'\?/,
  })
  assert.deepEqual(calls, [], 'no tool ran for a program with a type error')

  const ok = await cm.run(`${first}const w = await tools.weather.getWeather({ city: 'Oslo' })\nreturn w.tempC`)
  assert.equal(ok.value, 21)
  assert.deepEqual(calls, ['search', 'Oslo'])
})

test('TYPE_ERROR lists every diagnostic, for the model, in formatResult too', async (t) => {
  const { tools } = weatherTools()
  const cm = codeMode(t, { tools, typecheck: 'strict' })
  const code = `const a = await tools.weather.getWeather({ town: 'x' })\nconst b = await tools.serch({})\nreturn [a.temp, b]`
  const r = await cm.run(code)
  assert.equal(r.error.code, 'TYPE_ERROR')
  assert.equal(r.error.name, 'TypeCheckError')
  assert.deepEqual(
    r.error.diagnostics.map((d) => [d.line, d.code]),
    [
      [1, 'TS2353'],
      [2, 'TS2551'],
      [3, 'TS2551'],
    ],
  )
  assert.match(r.error.message, /^3 type errors/)
  assert.match(r.error.message, /\nAlso at line 2, column 23: Property 'serch' does not exist/)
  assert.match(r.error.hint, /Nothing ran\.$/)
  const text = binding.formatResult(r, { code })
  assert.match(text, /TYPE_ERROR|TypeCheckError/)
  assert.match(text, /Did you mean 'search'\?/)
  assert.match(text, /Did you mean 'tempC'\?/)
})

test("'warn' runs the program and reports the diagnostics in warnings", async (t) => {
  const { tools, calls } = weatherTools()
  const cm = codeMode(t, { tools, typecheck: 'warn' })
  const r = await cm.run(`const w = await tools.weather.getWeather({ city: 'Oslo' })\nreturn (w as any).temp ?? w.tempc`)
  assert.equal(r.ok, true)
  assert.deepEqual(calls, ['Oslo'])
  assert.equal(r.warnings.length, 1)
  assert.match(r.warnings[0], /^Type error at line 2, column 29: Property 'tempc' does not exist .*Did you mean 'tempC'\? \(TS2551\)$/)
})

test('the mode is per instance, per run and per session; off runs the native path unchanged', async (t) => {
  const { tools, calls } = weatherTools()
  const cm = codeMode(t, { tools })
  const wrong = `return await tools.weather.getWether({ city: 'Oslo' })`
  assert.equal((await cm.run(wrong)).error.code, 'UNCAUGHT_EXCEPTION')
  assert.equal((await cm.run(wrong, { typecheck: 'strict' })).error.code, 'TYPE_ERROR')
  const strict = codeMode(t, { tools, typecheck: 'strict' })
  assert.equal((await strict.run(wrong, { typecheck: 'off' })).error.code, 'UNCAUGHT_EXCEPTION')
  const session = strict.session({ typecheck: 'warn' })
  t.after(() => session.close())
  const warned = await session.run(wrong)
  assert.equal(warned.error.code, 'UNCAUGHT_EXCEPTION')
  assert.match(warned.warnings[0], /getWether/)
  assert.deepEqual(calls, [])
  await assert.rejects(cm.run('1', { typecheck: 'yes' }), { code: 'ERR_INVALID_OPTIONS', name: 'TypeError', message: /typecheck must be 'off', 'warn' or 'strict'; got 'yes'/ })
  assert.throws(() => new CodeMode({ typecheck: true }), { code: 'ERR_INVALID_OPTIONS', message: /got boolean/ })
  assert.throws(() => cm.session({ typecheck: 'loud' }), { code: 'ERR_INVALID_OPTIONS' })
})

test('plain JavaScript is checked too, without noImplicitAny', async (t) => {
  const { tools, calls } = weatherTools()
  const cm = codeMode(t, { tools, typecheck: 'strict' })
  const js = `function twice(x) { return x * 2 }\nconst w = await tools.weather.getWether({ city: 'Oslo' })\nreturn twice(w.tempC)`
  const r = await cm.run(js)
  assertTypeError(r, { line: 2, column: 31, code: 'TS2551', message: /Did you mean 'getWeather'\?/ })
  assert.equal(r.error.diagnostics.length, 1, 'no implicit-any error for `x` in JavaScript')
  const fixed = await cm.run(js.replace('getWether', 'getWeather'))
  assert.equal(fixed.value, 42)
  // The same function in a program with TypeScript syntax is TypeScript, implicit any included.
  const ts = await cm.run(`function twice(x) { return x * 2 }\nconst n: number = twice(2)\nreturn n`)
  assertTypeError(ts, { line: 1, column: 16, code: 'TS7006', message: /Parameter 'x' implicitly has an 'any' type/ })
  assert.deepEqual(calls, ['Oslo'])
})

test('in JavaScript an inferred type that does not fit is no error; a tool input that does not fit is', async (t) => {
  const { tools, calls } = weatherTools()
  const cm = codeMode(t, { tools, typecheck: 'strict' })
  // Correct JavaScript that TypeScript's inference rejects (found by the audit of the spec suite).
  const valid = {
    'a variable that changes type': 'let v = 0\nv = [v]\nreturn v',
    'push onto an inferred array': "const a = 'x'\nconst list = [1]\nlist.push(a)\nreturn list.length",
    'a Map of mixed values': "const m = new Map([['a', 1], ['b', { c: 2 }]])\nreturn m.size",
    'a number a web global coerces': "const p = new URLSearchParams()\np.append('page', 2)\nreturn p.toString()",
    "asking whether Node's globals are there": "return [typeof process, typeof require, typeof Buffer, typeof missing]",
    'a changing variable inside a callback of a call': "const out = []\n;[1].forEach(() => { let v = 0; v = [v]; out.push(v) })\nreturn out.length",
  }
  for (const [what, code] of Object.entries(valid)) {
    const r = await cm.run(code)
    assert.equal(r.ok, true, `${what}: ${JSON.stringify(r.error)}`)
  }
  const wrongInput = await cm.run("const w = await tools.weather.getWeather({ city: 5 })\nreturn w.tempC")
  assertTypeError(wrongInput, { line: 1, column: 44, code: 'TS2322', message: /'number' is not assignable to type 'string'/ })
  const missing = await cm.run('return await tools.weather.getWeather({})')
  assert.equal(missing.error?.code, 'TYPE_ERROR', JSON.stringify(missing))
  assert.deepEqual(calls, [])
})

test('what a guest may do type-checks: program forms, fences, globals, discovery, errors, untyped outputs', async (t) => {
  const { tools } = weatherTools()
  const cm = codeMode(t, { tools, typecheck: 'strict' })
  const valid = {
    'top-level await and return': `const w = await tools.weather.getWeather({ city: 'Oslo' }); if (w.tempC > 100) return 'hot'; return w.tempC`,
    'the last expression': `const w = await tools.weather.getWeather({ city: 'Oslo' })\nw.tempC`,
    'an async arrow': `async () => { const w = await tools.weather.getWeather({ city: 'Oslo' }); return w.tempC }`,
    'an async function called main': `async function main() { return (await tools.weather.getWeather({ city: 'Oslo' })).tempC }`,
    'export default': `export default async function () { return (await tools.weather.getWeather({ city: 'Oslo' })).tempC }`,
    'export default value': `const w = await tools.weather.getWeather({ city: 'Oslo' })\nexport default w.tempC`,
    'a fence': "```ts\nconst w = await tools.weather.getWeather({ city: 'Oslo' })\nreturn w.tempC\n```",
    'imports of the tool modules': `import { getWeather } from './servers/weather'\nconst w = await getWeather({ city: 'Oslo' })\nreturn w.tempC`,
    'a tool without an output schema is any': `const r = await tools.search({ q: 'x' }); return [r.hits.length, r.whatever === undefined, r.hits[0].title.toUpperCase()]`,
    'console, timers and microtasks': `console.log('a', 1); console.info({}); console.warn('w'); console.error(new Error('e')); console.debug([1])\nconst id = setTimeout(() => {}, 1); clearTimeout(id); const iv = setInterval(() => {}, 5); clearInterval(iv)\nqueueMicrotask(() => {}); await new Promise((r) => setTimeout(r, 1)); return 1`,
    'web globals': `const u = new URL('https://x.example/p?a=1'); u.searchParams.append('b', '2')\nconst p = new URLSearchParams({ c: '3' }); const bytes = new TextEncoder().encode('hé')\nconst back = new TextDecoder().decode(bytes); const id = crypto.randomUUID(); crypto.getRandomValues(new Uint8Array(4))\nconst c = new AbortController(); c.abort(); const s = AbortSignal.timeout(10); const any = AbortSignal.any([c.signal, s])\nconst e = new Event('x'); const target = new EventTarget(); target.addEventListener('x', () => {}); target.dispatchEvent(e)\nreturn [u.href, p.get('c'), back, id.length, btoa(atob('eA==')), structuredClone({ a: 1 }).a, performance.now() >= 0, any.aborted, new DOMException('m', 'AbortError').name]`,
    'discovery': `const found = await codemode.searchTools('weather', { limit: 3, detail: 'full' }); const all = await codemode.listTools({ namespace: 'weather' }); const one = await codemode.describeTool('weather.getWeather'); return [found[0].path, all.length, one.name, found[0].declaration?.length ?? 0]`,
    'error classes': `try { await tools.weather.getWeather({ city: 'x' }) } catch (e) { if (e instanceof ToolInputError) return e.issues.map((i) => i.path); if (e instanceof ToolError) return [e.code, e.tool, e.hint]; return e.message }\nreturn 'fine'`,
    'globals set on globalThis, typeof of a name that may not exist': `globalThis.seen = 1\nreturn [seen + 1, typeof notDefinedAnywhere, typeof (alsoMissing)]`,
    'typeof probes a tool that may not exist': `return [typeof tools.weather.getForecast, typeof tools['search'], typeof tools.maybe?.deeper]`,
    'a type-only import from elsewhere disappears with the types': `import type { Thing } from 'elsewhere'\nconst t: Thing | undefined = undefined\nreturn t ?? 1`,
    'resolve() without a value, this in a handler, possibly-null values in JavaScript': `let n = 0\nawait new Promise((resolve) => { const id = setInterval(() => { if (++n === 2) { clearInterval(id); resolve() } }, 1) })\nconst c = new AbortController(); let self\nc.signal.addEventListener('abort', function () { self = this })\nc.abort()\nreturn [n, URL.parse('https://a/b').href, self === c.signal]`,
    'resolve() without a value in TypeScript': `const ms: number = 1\nawait new Promise((resolve) => setTimeout(() => resolve(), ms))\nreturn ms`,
    'catch variables are usable': `try { JSON.parse('{') } catch (e) { return e.message }`,
    'TypeScript annotations': `interface Row { city: string; t: number }\nconst cities: string[] = ['Oslo', 'Rome']\nconst rows: Row[] = await Promise.all(cities.map(async (city) => ({ city, t: (await tools.weather.getWeather({ city })).tempC })))\nreturn rows.filter((r): r is Row => r.t > 0).map((r) => r.city as string)`,
    'a web type narrower than the guest object, a type guard from the library': `const c = new AbortController(); let reason\nc.signal.addEventListener('abort', (e) => { reason = e.target.reason })\nc.abort('stop')\nconst v = new Uint8Array(3)\nconst n = ArrayBuffer.isView(v) ? v.length : 0\nreturn [reason, n]`,
    'a dynamic import that is refused and caught': `try { await import('fs'); return 'imported' } catch (e) { return 'refused' }`,
    'modern built-ins': `const m = Map.groupBy([1, 2, 3], (n) => n % 2); const it = [1, 2].values().map((n) => n * 2).toArray(); return [m.size, it, Object.hasOwn({ a: 1 }, 'a'), [3, 1].toSorted(), 'abc'.at(-1)]`,
  }
  for (const [name, code] of Object.entries(valid)) {
    const r = await cm.run(code)
    assert.notEqual(r.error?.code, 'TYPE_ERROR', `${name}: ${JSON.stringify(r.error?.diagnostics ?? r.error)}`)
    assert.equal(r.ok, true, `${name}: ${JSON.stringify(r.error)}`)
  }
})

test('in a session the checker knows the declarations of earlier runs, even unchecked ones', async (t) => {
  const { tools } = weatherTools()
  const cm = codeMode(t, { tools })
  const session = cm.session()
  t.after(() => session.close())
  assert.equal((await session.run('let count = 1\nfunction bump(by: number) { return (count += by) }\ninterface Note { text: string }\nconst notes: Note[] = []')).ok, true)
  assert.equal((await session.run('const w = await tools.weather.getWeather({ city: "Oslo" }); var lastTemp = w.tempC', { typecheck: 'strict' })).ok, true)
  const ok = await session.run('notes.push({ text: String(lastTemp) }); const n: Note = notes[0]; return bump(2) + n.text.length', { typecheck: 'strict' })
  assert.equal(ok.value, 5)
  const wrong = await session.run('return bump("2") + lastTemp.toUpperCase()', { typecheck: 'strict' })
  assert.equal(wrong.error.code, 'TYPE_ERROR')
  assert.deepEqual(
    wrong.error.diagnostics.map((d) => d.code),
    ['TS2345', 'TS2339'],
  )
  // A session may declare a name again from its old value, and use in a function a name a later run declares.
  assert.equal((await session.run('let count = count * 10\nconst label = () => prefix + count', { typecheck: 'strict' })).ok, true)
  assert.equal((await session.run('const prefix = "n="\nreturn label()', { typecheck: 'strict' })).value, 'n=30')
  assert.match((await session.run('return missingAtTopLevel + 1', { typecheck: 'strict' })).error.message, /Cannot find name 'missingAtTopLevel'/)
  // A refused program declared nothing.
  assert.equal((await session.run('const later = 1; return later.foo', { typecheck: 'strict' })).error.code, 'TYPE_ERROR')
  assert.match((await session.run('return later + 1', { typecheck: 'strict' })).error.message, /Cannot find name 'later'/)
})

test('imports of tool modules have their tools\' types, in every form the source step binds', async (t) => {
  const tool = (name, namespace) => ({
    name,
    namespace,
    inputSchema: { type: 'object', properties: { a: { type: 'number' } }, required: ['a'] },
    outputSchema: { type: 'object', properties: { sum: { type: 'number' } }, required: ['sum'] },
    execute: async ({ a }) => ({ sum: a }),
  })
  const cm = codeMode(t, { tools: [tool('add', 'math'), tool('get-sum', 'math'), tool('getDocument', 'google-drive'), tool('echo')], typecheck: 'strict' })
  const valid = [
    [`import * as gdrive from './servers/google-drive'\nreturn (await gdrive.getDocument({ a: 1 })).sum`, 1],
    [`import * as m from './servers/math/index.ts'\nreturn (await m.add({ a: 1 })).sum`, 1],
    [`import m from '@codemode/servers/math'\nreturn (await m.add({ a: 2 })).sum`, 2],
    [`import { add, getSum as s } from './servers/math'\nreturn [(await add({ a: 1 })).sum, (await s({ a: 2 })).sum]`, [1, 2]],
    [`import { getSum } from './servers/math/get-sum.ts'\nreturn (await getSum({ a: 3 })).sum`, 3],
    [`import { getDocument } from './servers/google_drive/getDocument'\nreturn (await getDocument({ a: 4 })).sum`, 4],
    [`import run from './servers/math/add.js'\nreturn (await run({ a: 5 })).sum`, 5],
    [`import * as add from './servers/math/add'\nreturn (await add.default({ a: 1 })).sum + (await add.add({ a: 1 })).sum`, 2],
    [`import { echo } from './servers/echo'\nreturn (await echo({ a: 6 })).sum`, 6],
    [`import { math } from './servers'\nreturn (await math.add({ a: 7 })).sum`, 7],
    [`import { searchTools } from '@codemode/discovery'\nreturn (await searchTools('add')).length > 0`, true],
    [`import { ToolError, ToolCallError } from '@codemode/errors'\ntry { await tools.math.add({ a: 'x' as any }) } catch (e: unknown) { if (e instanceof ToolCallError) { const t: ToolCallError = e; return t instanceof ToolError && t.code } }`, 'INVALID_INPUT'],
  ]
  for (const [code, value] of valid) {
    const r = await cm.run(code)
    assert.equal(r.ok, true, `${code}: ${JSON.stringify(r.error)}`)
    assert.deepEqual(r.value, value, code)
  }
  assertTypeError(await cm.run(`import { add } from './servers/math'\nreturn (await add({ b: 1 })).sum`), { code: 'TS2353', line: 2, column: 21, message: /'b' does not exist/ })
  assertTypeError(await cm.run(`import m from '@codemode/servers/math'\nreturn (await m.add({ a: 2 })).summ`), { code: 'TS2551', line: 2, column: 32, message: /Did you mean 'sum'/ })
  assertTypeError(await cm.run(`import { getSum } from './servers/math'\nconst r = getSum({ a: 1 })\nreturn r.sum`), { code: 'TS2339', line: 3, column: 10, message: /on type 'Promise</, hint: /forget to use 'await'/ })
  // In a session, an imported tool keeps its type in later runs.
  const session = cm.session()
  t.after(() => session.close())
  assert.equal((await session.run(`import { add } from './servers/math'\n1`)).ok, true)
  assertTypeError(await session.run('return (await add({ a: "1" })).sum'), { code: 'TS2322', line: 1, column: 21, message: /'string' is not assignable to type 'number'/ })
})

test('a tool-set change rebuilds the checker: a newly connected MCP namespace type-checks', async (t) => {
  const { testServer } = await import('./mcp-servers.mjs')
  const cm = codeMode(t, { typecheck: 'strict' })
  const code = 'return await tools.test.echo({ text: "hi" })'
  const before = await cm.run(code)
  assert.equal(before.error.code, 'TYPE_ERROR')
  assert.match(before.error.message, /Property 'test' does not exist/)
  await cm.connectMcp('test', testServer())
  const after = await cm.run(code)
  assert.notEqual(after.error?.code, 'TYPE_ERROR', JSON.stringify(after.error))
  // A tool the server adds later (tools/list_changed) type-checks once it is listed.
  const fresh = 'return await tools.test.fresh({})'
  assert.equal((await cm.run(fresh)).error.code, 'TYPE_ERROR')
  await cm.run('await tools.test["add-tool"]({ name: "fresh" })')
  for (let i = 0; i < 100 && !cm.declarations().includes('fresh('); i++) await new Promise((r) => setTimeout(r, 20))
  const added = await cm.run(fresh)
  assert.equal(added.value, 'called fresh', JSON.stringify(added.error))
})

test('the description says when code is type-checked, within its budget', async (t) => {
  const { tools } = weatherTools()
  assert.doesNotMatch(codeMode(t, { tools }).description(), /type-checked/)
  const strict = codeMode(t, { tools, typecheck: 'strict' })
  assert.match(strict.description(), /type-checked .* before it runs: with a type error nothing runs \(TYPE_ERROR\)/)
  assert.ok(strict.description({ maxChars: 600 }).length <= 600)
  assert.match(codeMode(t, { tools, typecheck: 'warn' }).description(), /type errors come back as warnings/)
})

test('instances check against their own tools, side by side in one worker', async (t) => {
  const make = (name) => ({
    [name]: { inputSchema: { type: 'object' }, outputSchema: { type: 'number' }, execute: async () => 7 },
  })
  const a = codeMode(t, { tools: make('alpha'), typecheck: 'strict' })
  const b = codeMode(t, { tools: make('beta'), typecheck: 'strict' })
  const results = await Promise.all([
    a.run('return await tools.alpha({})'),
    b.run('return await tools.alpha({})'),
    a.run('return await tools.beta({})'),
    b.run('return await tools.beta({})'),
  ])
  assert.deepEqual(
    results.map((r) => r.value ?? r.error.code),
    [7, 'TYPE_ERROR', 'TYPE_ERROR', 7],
  )
})
