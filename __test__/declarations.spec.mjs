// Issue 4: the declarations the model reads compile with the real TypeScript compiler, accept
// valid programs and reject wrong ones.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import path from 'node:path'

import { CodeMode, jsonSchemaToTypeScript } from '../index.js'
import { ROOT, compileTs as compile, tsProgram as program } from './helpers.mjs'

const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc')

const TOOLS = [
  {
    name: 'getWeather',
    namespace: 'weather',
    description: 'Current weather for a city. Uses */ in text to test escaping.',
    annotations: { readOnlyHint: true },
    inputSchema: {
      type: 'object',
      properties: { city: { type: 'string', minLength: 1 }, units: { enum: ['c', 'f'], default: 'c' } },
      required: ['city'],
    },
    outputSchema: {
      type: 'object',
      properties: { tempC: { type: 'number' }, conditions: { type: 'string' } },
      required: ['tempC'],
    },
    execute: () => ({ tempC: 1 }),
  },
  {
    name: 'create-issue',
    namespace: 'git-hub',
    description: 'Open an issue',
    annotations: { destructiveHint: false },
    inputSchema: {
      type: 'object',
      properties: {
        repo: { type: 'string', pattern: '^[\\w-]+/[\\w-]+$' },
        title: { type: 'string' },
        labels: { type: 'array', items: { type: 'string' } },
        assignee: { type: ['string', 'null'] },
      },
      required: ['repo', 'title'],
      additionalProperties: false,
    },
    execute: () => ({ number: 1 }),
  },
  {
    name: 'tree',
    description: 'A recursive structure',
    inputSchema: {
      $defs: { node: { type: 'object', properties: { value: { type: 'number' }, children: { type: 'array', items: { $ref: '#/$defs/node' } } }, required: ['value'] } },
      type: 'object',
      properties: { root: { $ref: '#/$defs/node' } },
      required: ['root'],
    },
    execute: () => 0,
  },
  { name: 'ping', execute: () => 'pong' },
]



test('cm.declarations() compiles with tsc --strict together with valid model programs', (t) => {
  const cm = new CodeMode({ tools: TOOLS })
  t.after(() => cm.close())
  const dts = cm.declarations()
  assert.match(dts, /declare const tools: /)
  assert.match(dts, /declare const codemode: /)
  assert.match(dts, /declare class ToolInputError extends ToolError/)
  assert.match(dts, /\*\\\//, 'a "*/" inside a description is escaped')
  const valid = program(`
  const w = await tools.weather.getWeather({ city: 'Oslo' })
  const t: number = w.tempC
  const issue = await tools['git-hub']['create-issue']({ repo: 'a/b', title: 'x', labels: ['bug'], assignee: null })
  const same = await tools.git_hub.create_issue({ repo: 'a/b', title: 'y' })
  await tools.tree({ root: { value: 1, children: [{ value: 2, children: [] }] } })
  const p = await tools.ping()
  const found = await codemode.searchTools('weather', { detail: 'full', limit: 3 })
  const first: string = found[0].path
  try { await tools.ping() } catch (e) { if (e instanceof ToolInputError) console.log(e.issues[0].path) }
  return [t, issue, same, p, first]`)
  const r = compile(t, { 'tools.d.ts': dts, 'console.d.ts': 'declare const console: { log(...a: unknown[]): void }', 'main.ts': valid })
  assert.equal(r.ok, true, r.output)
})

const wrong = {
  'a wrong input type': `await tools.weather.getWeather({ city: 42 })`,
  'a missing required field': `await tools.weather.getWeather({ units: 'c' })`,
  'an unknown tool': `await tools.weather.getWether({ city: 'x' })`,
  'a field the output type lacks': `const w = await tools.weather.getWeather({ city: 'x' }); const n: number = w.humidity`,
  'an extra property where additionalProperties is false': `await tools.git_hub.create_issue({ repo: 'a/b', title: 't', priority: 1 })`,
  'a value outside an enum': `await tools.weather.getWeather({ city: 'x', units: 'k' })`,
  'using an output typed unknown without narrowing': `const p = await tools.ping(); p.toUpperCase()`,
}

for (const [what, body] of Object.entries(wrong)) {
  test(`a program with ${what} does not compile`, (t) => {
    const cm = new CodeMode({ tools: TOOLS })
    t.after(() => cm.close())
    const r = compile(t, { 'tools.d.ts': cm.declarations(), 'main.ts': program(body) })
    assert.equal(r.ok, false, 'tsc accepted it')
    assert.match(r.output, /main\.ts\(\d+,\d+\): error TS/)
  })
}

test('jsonSchemaToTypeScript output compiles and keeps constraints as JSDoc', (t) => {
  const ts = jsonSchemaToTypeScript(
    { type: 'object', description: 'Search', properties: { q: { type: 'string', maxLength: 100 }, page: { type: 'integer', minimum: 1 } }, required: ['q'] },
    { name: 'SearchInput' },
  )
  assert.match(ts, /type SearchInput = /)
  assert.match(ts, /@maxLength 100/)
  assert.match(ts, /@minimum 1/)
  const r = compile(t, { 'types.ts': `${ts}\nexport const x: SearchInput = { q: 'a' }\n` })
  assert.equal(r.ok, true, r.output)
})
