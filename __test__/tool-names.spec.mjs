// Issue 4: every tool reachable by its exact name and by a stable sanitised alias; discovery.
import { test } from 'node:test'
import assert from 'node:assert/strict'

import { codeMode } from './helpers.mjs'

const echo = (input, ctx) => ({ input, name: ctx.name, namespace: ctx.namespace })

test('tools with non-identifier names are reachable by exact name and by alias', async (t) => {
  const cm = codeMode(t, {
    tools: [
      { name: 'get-sum', execute: ({ a, b }) => a + b },
      { name: 'list.items', namespace: 'my-server', execute: () => [1] },
      { name: 'delete', namespace: 'my-server', execute: () => 'deleted' },
      { name: '2fa', execute: () => 'code' },
    ],
  })
  const r = await cm.run(`return [
    await tools['get-sum']({ a: 1, b: 2 }), await tools.get_sum({ a: 3, b: 4 }),
    await tools['my-server']['list.items'](), await tools.my_server.list_items(),
    await tools.my_server.delete(), await tools._2fa(),
    Object.keys(tools), Object.keys(tools.my_server), tools.get_sum === tools['get-sum']]`)
  assert.equal(r.ok, true, JSON.stringify(r.error))
  assert.deepEqual(r.value, [3, 7, [1], [1], 'deleted', 'code', ['get-sum', '2fa', 'my-server'], ['list.items', 'delete'], true])
})

test('the same alias mapping appears in the declarations', async (t) => {
  const cm = codeMode(t, { tools: [{ name: 'get-sum', namespace: 'my-math', execute: () => 1 }] })
  const dts = cm.declarations()
  assert.match(dts, /"my-math": \{/)
  assert.match(dts, /"get-sum"\(/)
  assert.match(dts, /get_sum: Tools\["my-math"\]\["get-sum"\]/)
  assert.match(dts, /my_math: Tools\["my-math"\]/)
})

test('ctx carries the exact name and namespace, whichever path the guest used', async (t) => {
  const cm = codeMode(t, { tools: [{ name: 'a-b', namespace: 'x-y', execute: echo }] })
  const r = await cm.run('return await tools.x_y.a_b({ v: 1 })')
  assert.deepEqual(r.value, { input: { v: 1 }, name: 'a-b', namespace: 'x-y' })
})

const catalog = [
  { name: 'createIssue', namespace: 'github', description: 'Open a new issue in a repository', inputSchema: { type: 'object', properties: { title: { type: 'string' } }, required: ['title'] }, execute: echo },
  { name: 'listPullRequests', namespace: 'github', description: 'List the pull requests of a repository', execute: echo },
  { name: 'getForecast', namespace: 'weather', description: 'Weather forecast for a city', execute: echo },
  { name: 'send-email', description: 'Send an email message', execute: echo },
]

test('codemode.searchTools ranks by name words, description words and typos', async (t) => {
  const cm = codeMode(t, { tools: catalog })
  const r = await cm.run(`return {
    issue: (await codemode.searchTools('create issue'))[0].path,
    typo: (await codemode.searchTools('forcast'))[0].path,
    desc: (await codemode.searchTools('pull requests', { limit: 1 })).map((x) => x.path),
    email: (await codemode.searchTools('email'))[0].path,
    scoped: (await codemode.searchTools('repository', { namespace: 'weather' })).length,
    none: (await codemode.searchTools('zzzzqqq')).length,
  }`)
  assert.equal(r.ok, true, JSON.stringify(r.error))
  assert.deepEqual(r.value, {
    issue: 'tools.github.createIssue',
    typo: 'tools.weather.getForecast',
    desc: ['tools.github.listPullRequests'],
    email: 'tools.send_email',
    scoped: 0,
    none: 0,
  })
})

test('discovery detail levels: name, description, full (with the TypeScript declaration)', async (t) => {
  const cm = codeMode(t, { tools: catalog })
  const r = await cm.run(`return {
    names: await codemode.listTools({ namespace: 'github', detail: 'name' }),
    described: (await codemode.listTools())[3],
    full: await codemode.describeTool('github.createIssue'),
    byPath: (await codemode.describeTool('tools.send_email')).name,
  }`)
  assert.equal(r.ok, true, JSON.stringify(r.error))
  assert.deepEqual(r.value.names, [
    { path: 'tools.github.createIssue', name: 'createIssue', namespace: 'github' },
    { path: 'tools.github.listPullRequests', name: 'listPullRequests', namespace: 'github' },
  ])
  assert.deepEqual(r.value.described, { path: 'tools.send_email', name: 'send-email', description: 'Send an email message' })
  assert.match(r.value.full.declaration, /createIssue\(input: \{ title: string \}\): Promise<unknown>;/)
  assert.deepEqual(r.value.full.inputSchema, catalog[0].inputSchema)
  assert.equal(r.value.byPath, 'send-email')
})

test('describeTool of an unknown path is a catchable TypeError pointing at searchTools', async (t) => {
  const cm = codeMode(t, { tools: catalog })
  const r = await cm.run(`try { await codemode.describeTool('github.nope') } catch (e) { return [e.name, e.message] }`)
  assert.equal(r.value[0], 'TypeError')
  assert.match(r.value[1], /searchTools/)
})

test('cm.description() lists declarations for a small tool set and a compact index past the budget', async (t) => {
  const small = codeMode(t, { tools: catalog })
  const text = small.description()
  assert.match(text, /Promise\.all/)
  assert.match(text, /```ts\n/)
  assert.match(text, /createIssue\(input: \{ title: string \}\)/)
  t.diagnostic(`description for ${catalog.length} tools: ${text.length} chars`)
  // Just past the budget: discovery, and the tools or at least their namespaces.
  const past = small.description({ maxChars: text.length - 1 })
  assert.ok(past.length < text.length)
  assert.doesNotMatch(past, /```ts/)
  assert.match(past, /codemode\.searchTools/)
  assert.match(past, /tools\.github/)
  assert.match(past, /tools\.weather/)
  // Declarations too long for the budget, a one-line index that fits.
  const wide = { type: 'object', properties: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`field${i}`, { type: 'string', description: `Field ${i}` }])) }
  const big = codeMode(t, { tools: catalog.map((tool) => ({ ...tool, inputSchema: wide })) })
  const compact = big.description({ maxChars: 1500 })
  assert.ok(compact.length <= 1500)
  assert.doesNotMatch(compact, /```ts/)
  assert.match(compact, /codemode\.searchTools/)
  assert.match(compact, /- tools\.github\.createIssue — Open a new issue in a repository/)
  assert.match(compact, /- tools\.send_email — Send an email message/)
})
