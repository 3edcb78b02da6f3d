// Issue 9, "The description": what the model reads about its tools is small (three small tools
// under 1,000 characters, output types included) and never longer than `maxChars`, whatever the
// number of tools; past the budget it always says how to search.
import { test } from 'node:test'
import assert from 'node:assert/strict'

import { codeMode } from './helpers.mjs'
import { connectEverything, toolDefinitions } from './mcp-everything.mjs'

/** Three small tools with input and output schemas (the set README compares with `@ai-sdk/code-mode`). */
const THREE_TOOLS = [
  {
    name: 'getWeather',
    namespace: 'weather',
    description: 'Current weather for a city.',
    annotations: { readOnlyHint: true },
    inputSchema: {
      type: 'object',
      properties: { city: { type: 'string' }, units: { enum: ['c', 'f'], default: 'c' } },
      required: ['city'],
    },
    outputSchema: {
      type: 'object',
      properties: { tempC: { type: 'number' }, conditions: { type: 'string' } },
      required: ['tempC', 'conditions'],
    },
    execute: () => ({ tempC: 21, conditions: 'sunny' }),
  },
  {
    name: 'search',
    namespace: 'docs',
    description: 'Search the documentation.',
    inputSchema: {
      type: 'object',
      properties: { query: { type: 'string' }, limit: { type: 'integer', minimum: 1, maximum: 50, default: 10 } },
      required: ['query'],
    },
    outputSchema: {
      type: 'object',
      properties: {
        results: {
          type: 'array',
          items: { type: 'object', properties: { title: { type: 'string' }, url: { type: 'string' } }, required: ['title', 'url'] },
        },
      },
      required: ['results'],
    },
    execute: () => ({ results: [] }),
  },
  {
    name: 'send',
    namespace: 'email',
    description: 'Send an email.',
    inputSchema: {
      type: 'object',
      properties: { to: { type: 'string', format: 'email' }, subject: { type: 'string' }, body: { type: 'string' } },
      required: ['to', 'subject', 'body'],
    },
    outputSchema: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
    execute: () => ({ id: 'm1' }),
  },
]

const VERBS = ['get', 'list', 'create', 'update', 'delete', 'search', 'archive']
const NOUNS = ['Issue', 'User', 'File', 'Repo', 'Comment', 'Label', 'Team', 'Page']

/** `n` tools over `namespaces` namespaces, each with schemas and a description. */
function synthetic(n, namespaces = 10) {
  return Array.from({ length: n }, (_, i) => ({
    name: `${VERBS[i % VERBS.length]}${NOUNS[Math.floor(i / 3) % NOUNS.length]}${i}`,
    namespace: `service${i % namespaces}`,
    description: `Does thing number ${i} to a record. Longer explanation follows here.`,
    inputSchema: {
      type: 'object',
      properties: { id: { type: 'string', description: "The record's id" }, limit: { type: 'integer', minimum: 1, maximum: 100, default: 10 } },
      required: ['id'],
    },
    outputSchema: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] },
    execute: () => ({ ok: true }),
  }))
}

const BUDGETS = [0, 1, 2, 50, 100, 500, 1000, 2000, 4000, 8000, 100_000, 2 ** 40, Infinity]

function assertBudgets(cm, label) {
  for (const maxChars of BUDGETS) {
    const text = cm.description({ maxChars })
    assert.equal(typeof text, 'string')
    assert.ok(text.length <= maxChars, `${label}, maxChars ${maxChars}: ${text.length} chars`)
    if (maxChars >= 60 && !text.includes('```ts')) assert.match(text, /codemode\.searchTools/, `${label}, maxChars ${maxChars}`)
  }
}

test('three small tools: under 1,000 characters, output types shown, no discovery', (t) => {
  const cm = codeMode(t, { tools: THREE_TOOLS })
  const text = cm.description()
  t.diagnostic(`3 tools: ${text.length} chars\n${text}`)
  assert.ok(text.length <= 1000, `${text.length} chars`)
  assert.match(text, /```ts\n/)
  for (const path of ['tools.weather.getWeather(', 'tools.docs.search(', 'tools.email.send(']) assert.ok(text.includes(path), path)
  assert.ok(text.includes('Promise<{ tempC: number; conditions: string }>'), 'output type of getWeather')
  assert.ok(text.includes('Promise<{ results: { title: string; url: string }[] }>'), 'output type of search')
  assert.ok(text.includes('/** integer, 1–50, default 10 */ limit?: number'), 'constraints on one line')
  assert.ok(text.includes('A failing tool throws `ToolError` with `.message`; a bad input throws `ToolInputError` with `.issues`.'))
  assert.doesNotMatch(text, /codemode/, 'discovery only past the budget')
  assert.doesNotMatch(cm.declarations(), /integer, 1–50/, 'declarations() keeps its full JSDoc tags')
  assert.match(cm.declarations(), /@maximum 50/)
  assertBudgets(cm, '3 tools')
})

test('100 and 1,000 synthetic tools stay within the budget and say how to search', (t) => {
  for (const n of [100, 1000]) {
    const cm = codeMode(t, { tools: synthetic(n) })
    const text = cm.description()
    const unbounded = cm.description({ maxChars: Infinity })
    t.diagnostic(`${n} tools: ${text.length} chars at the default budget (${unbounded.length} unbounded)`)
    assert.ok(text.length <= 4000, `${n} tools: ${text.length} chars`)
    assert.match(text, /codemode\.searchTools/)
    assert.ok(text.includes(`${n} tools`), 'the count is given')
    assert.ok(text.includes('tools.service0'), 'namespaces are named')
    assert.ok(unbounded.includes('tools.service9.'), 'an unbounded budget shows every tool')
    assertBudgets(cm, `${n} tools`)
  }
})

test('server-everything tools, listed through the MCP SDK, within the budget', async (t) => {
  const client = await connectEverything(t)
  const { tools } = await client.listTools()
  const cm = codeMode(t, { tools: toolDefinitions(client, tools) })
  const text = cm.description()
  const unbounded = cm.description({ maxChars: Infinity })
  t.diagnostic(`server-everything (${tools.length} tools): ${text.length} chars at the default budget (${text.includes('```ts') ? 'declarations' : 'past the budget'}); ${unbounded.length} unbounded; declarations() ${cm.declarations().length}`)
  assert.ok(text.length <= 4000, `${text.length} chars`)
  // Named by their guest path: `get-sum` is `tools.everything.get_sum`.
  for (const tool of tools) assert.ok(text.includes(`tools.everything.${tool.name.replace(/[^\w$]/g, '_')}`), `${tool.name} is named`)
  if (!text.includes('```ts')) assert.match(text, /codemode\.searchTools/)
  assertBudgets(cm, 'server-everything')
})

test('no tools, and absurd budgets', (t) => {
  const cm = codeMode(t, {})
  assert.match(cm.description(), /no tools/)
  assert.equal(cm.description({ maxChars: 0 }), '')
  assert.equal(cm.description({ maxChars: 2 ** 40 }), cm.description({ maxChars: Infinity }))
  for (const maxChars of [NaN, -1]) {
    assert.throws(() => cm.description({ maxChars }), { name: 'TypeError', code: 'ERR_INVALID_OPTIONS', message: /maxChars/ })
  }
})
