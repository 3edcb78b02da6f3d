// Hostile schemas and options fed to every entry point that runs on Node's main thread
// (`new CodeMode`, `declarations()`, `description()`, `jsonSchemaToTypeScript`, `stripTypes`,
// `run`'s argument checks). Each case runs in a child process, so an abort or a stall would fail
// the case instead of the suite: the process must live, and each call must return or throw an
// Error with a message.
import { test } from 'node:test'
import assert from 'node:assert/strict'

import { ENTRY, runChild } from './helpers.mjs'

const deep = (depth, key) => `(() => { const root = {}; let cur = root; for (let i = 0; i < ${depth}; i++) { cur.${key} = {}; cur = cur.${key} } return root })()`

/** Schemas that have broken converters elsewhere: cycles, depth, size, junk types, comment breakers. */
const HOSTILE_SCHEMAS = {
  refCycle: `({ $ref: '#/definitions/a', definitions: { a: { $ref: '#/definitions/b' }, b: { $ref: '#/definitions/a' } } })`,
  selfRef: `({ type: 'object', properties: { next: { $ref: '#' } } })`,
  refNowhere: `({ $ref: '#/definitions/missing' })`,
  refDoubling: `(() => { const defs = { d0: { type: 'string' } }; for (let i = 1; i < 40; i++) defs['d' + i] = { type: 'object', properties: { a: { $ref: '#/definitions/d' + (i - 1) }, b: { $ref: '#/definitions/d' + (i - 1) } } }; return { $ref: '#/definitions/d39', definitions: defs } })()`,
  deepItems: deep(200, 'items'),
  deepNot: deep(200, 'not'),
  tooDeepForNapi: deep(5000, 'items'),
  bigEnum: `({ enum: Array.from({ length: 20000 }, (_, i) => 'v' + i) })`,
  emptyEnum: `({ enum: [] })`,
  junkTypes: `({ type: ['string', 5, null, { x: 1 }] })`,
  protoKeys: `({ type: 'object', properties: { __proto__: { type: 'string' }, constructor: { type: 'number' }, 'a*/b': { type: 'string' } } })`,
  commentBreakers: `({ type: 'object', description: 'ends */ here \\u2028 and \\u2029', properties: { x: { type: 'string', description: '*/ alert(1) /*' } } })`,
  hugeNumbers: `({ type: 'integer', minimum: -1e308, maximum: 1e308, multipleOf: 1e-300 })`,
  falseSchema: `false`,
  trueSchema: `true`,
  allOfChain: `({ allOf: Array.from({ length: 500 }, (_, i) => ({ type: 'object', properties: { ['p' + i]: { type: 'string' } } })) })`,
  manyProperties: `({ type: 'object', properties: Object.fromEntries(Array.from({ length: 5000 }, (_, i) => ['k' + i, { type: 'number' }])) })`,
}

/** Runs `body` in a child that loads the package; each `attempt(name, fn)` prints one JSON line. */
function child(body) {
  return `
    import pkg from ${JSON.stringify(ENTRY)}
    const { CodeMode, jsonSchemaToTypeScript, stripTypes } = pkg
    async function attempt(name, fn) {
      let line
      try {
        const out = await fn()
        line = { name, returned: typeof out, length: typeof out === 'string' ? out.length : undefined }
      } catch (e) {
        line = { name, threw: e instanceof Error, code: e?.code, message: String(e?.message ?? e).slice(0, 300) }
      }
      console.log(JSON.stringify(line))
    }
    ${body}
    console.log(JSON.stringify({ done: true }))
  `
}

async function runCases(body, killAfterMs = 60_000) {
  const r = await runChild(child(body), { killAfterMs })
  assert.equal(r.timedOut, false, `the child stalled; stderr: ${r.stderr.slice(0, 500)}`)
  assert.equal(r.signal, null, `the child died by signal ${r.signal}; stderr: ${r.stderr.slice(0, 500)}`)
  assert.equal(r.code, 0, `the child exited ${r.code}; stderr: ${r.stderr.slice(0, 500)}`)
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l))
  assert.deepEqual(lines.at(-1), { done: true })
  return new Map(lines.slice(0, -1).map((l) => [l.name, l]))
}

function assertReturnedOrThrew(line, name) {
  assert.ok(line, `case ${name} ran`)
  if (line.returned !== undefined) return
  assert.equal(line.threw, true, `${name} threw an Error, not ${JSON.stringify(line)}`)
  assert.ok(line.message.length > 0, `${name} says what was wrong`)
}

test('jsonSchemaToTypeScript survives hostile schemas', async () => {
  const body = Object.entries(HOSTILE_SCHEMAS)
    .map(([name, schema]) => `await attempt(${JSON.stringify(name)}, () => jsonSchemaToTypeScript(${schema}, { name: 'T' }))`)
    .join('\n')
  const lines = await runCases(body)
  for (const name of Object.keys(HOSTILE_SCHEMAS)) assertReturnedOrThrew(lines.get(name), name)
  assert.equal(lines.get('refCycle').returned, 'string')
  assert.equal(lines.get('bigEnum').returned, 'string')
  assert.equal(lines.get('commentBreakers').returned, 'string')
  assert.equal(lines.get('tooDeepForNapi').threw, true)
})

test('new CodeMode, declarations() and description() survive hostile tool schemas', async () => {
  const body = Object.entries(HOSTILE_SCHEMAS)
    .map(
      ([name, schema]) => `
        await attempt(${JSON.stringify('new:' + name)}, () => {
          const tool = { name: 'hostile', inputSchema: ${schema}, outputSchema: ${schema}, execute: () => 1 }
          globalThis.cm = new CodeMode({ tools: [tool] })
          return 'made'
        })
        if (globalThis.cm) {
          await attempt(${JSON.stringify('declarations:' + name)}, () => cm.declarations())
          await attempt(${JSON.stringify('description:' + name)}, () => cm.description({ maxChars: 2000 }))
          await attempt(${JSON.stringify('run:' + name)}, async () => (await cm.run('return 1')).value + '')
          await cm.close()
          globalThis.cm = undefined
        }`,
    )
    .join('\n')
  const lines = await runCases(body, 120_000)
  for (const name of Object.keys(HOSTILE_SCHEMAS)) {
    const made = lines.get('new:' + name)
    assertReturnedOrThrew(made, 'new:' + name)
    if (made.returned) {
      for (const step of ['declarations', 'description', 'run']) {
        assert.equal(lines.get(`${step}:${name}`)?.returned, 'string', `${step} of ${name}: ${JSON.stringify(lines.get(`${step}:${name}`))}`)
      }
    }
  }
})

test('hostile options and arguments become errors, not crashes', async () => {
  const lines = await runCases(`
    await attempt('throwing getter', () => new CodeMode({ get tools() { throw new Error('boom') } }))
    await attempt('proxy options', () => new CodeMode(new Proxy({}, { get() { throw new Error('trap') } })))
    await attempt('infinite timeout', () => new CodeMode({ limits: { timeoutMs: Infinity } }))
    await attempt('string limits', () => new CodeMode({ limits: 'fast' }))
    await attempt('symbol name', () => new CodeMode({ tools: [{ name: Symbol('x'), execute() {} }] }))
    await attempt('description NaN', () => new CodeMode().description({ maxChars: NaN }))
    await attempt('description huge', () => new CodeMode().description({ maxChars: 2 ** 40 }))
    await attempt('schema function', () => jsonSchemaToTypeScript(() => 1))
    await attempt('schema bigint', () => jsonSchemaToTypeScript({ minimum: 10n }))
    await attempt('strip deep', () => stripTypes('['.repeat(100000) + ']'.repeat(100000)))
    await attempt('strip deep generics', () => stripTypes('return ' + 'Array<'.repeat(20000) + '1'))
    await attempt('strip junk', () => stripTypes('\\u0000'.repeat(1000) + 'let x: = ;'))
    await attempt('run with getter options', async () => new CodeMode().run('return 1', { get limits() { throw new Error('boom') } }))
  `)
  for (const [name, line] of lines) assertReturnedOrThrew(line, name)
  assert.equal(lines.get('infinite timeout').code, 'ERR_INVALID_OPTIONS')
  assert.equal(lines.get('throwing getter').threw, true)
  // oxc parses nested type arguments in quadratic time: refused before parsing (found by fuzzing).
  assert.equal(lines.get('strip deep generics').code, 'ERR_SYNTAX')
  assert.match(lines.get('strip deep generics').message, /nested more than 100 levels/)
})
