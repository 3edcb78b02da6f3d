// Issue 9, "Search that finds the tool": codemode.searchTools on real MCP tool lists, and the
// discovery API's contract (namespace aliases, limits and details that are wrong say so).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import path from 'node:path'

import { codeMode, ROOT } from './helpers.mjs'

const EVAL = path.join(ROOT, 'benchmark', 'search-eval')
/** 205 tools listed from 16 public MCP servers (benchmark/search-eval/collect.mjs). */
const catalog = JSON.parse(readFileSync(path.join(EVAL, 'catalog.json'), 'utf8'))
const queries = JSON.parse(readFileSync(path.join(EVAL, 'queries.json'), 'utf8'))

function catalogCodeMode(t) {
  return codeMode(t, {
    tools: catalog.map((tool) => ({
      name: tool.name,
      namespace: tool.server,
      description: tool.description,
      inputSchema: tool.inputSchema,
      execute: () => null,
    })),
  })
}

/** `[namespace.name, ...]` of the top `limit` tools for each query, from inside the guest. */
async function topTools(cm, list, limit = 3) {
  const r = await cm.run(`
    const out = []
    for (const q of ${JSON.stringify(list)}) {
      out.push((await codemode.searchTools(q, { limit: ${limit}, detail: 'name' })).map((t) => t.namespace + '.' + t.name))
    }
    return out`)
  assert.equal(r.ok, true, JSON.stringify(r.error))
  return r.value
}

test('the search eval: top-3 at least 90% on the tuned and on the held-out queries', async (t) => {
  const cm = catalogCodeMode(t)
  const found = await topTools(cm, queries.map((q) => q.query))
  for (const heldOut of [false, true]) {
    const half = queries.map((q, i) => ({ q, got: found[i] })).filter(({ q }) => q.heldOut === heldOut)
    const hits = half.filter(({ q, got }) => got.some((id) => q.expect.includes(id))).length
    t.diagnostic(`${heldOut ? 'held-out' : 'tuned'}: top-3 ${hits} of ${half.length}`)
    assert.ok(hits / half.length >= 0.9, `${heldOut ? 'held-out' : 'tuned'} top-3 ${hits}/${half.length}`)
  }
})

test('stop words and short words do not match: the causes seen in issue 9', async (t) => {
  const cm = catalogCodeMode(t)
  const [channel, is, pr, popup, typo] = await topTools(cm, [
    'send a message to a channel',
    'is',
    'open a PR',
    'accept the popup',
    'screnshot',
  ])
  assert.equal(channel[0], 'slack.slack_post_message', "Notion's API-retrieve-a-block no longer wins")
  assert.deepEqual(is, [], '"is" is a stop word, not the start of "issue"')
  assert.ok(pr.includes('github.create_pull_request'), `PR means pull request: ${pr}`)
  assert.ok(!pr.some((id) => id.includes('profile')), `"pr" does not prefix-match profile: ${pr}`)
  assert.equal(popup[0], 'playwright.browser_handle_dialog')
  assert.ok(typo.includes('playwright.browser_take_screenshot') && typo.includes('puppeteer.puppeteer_screenshot'), `${typo}`)
})

test('a query naming a tool exactly finds it first', async (t) => {
  const cm = catalogCodeMode(t)
  const found = await topTools(cm, ['get_file_contents', 'github.get_file_contents', 'tools.google_maps.maps_geocode'], 2)
  assert.deepEqual(found[0].sort(), ['github.get_file_contents', 'gitlab.get_file_contents'], 'the name is in two servers')
  assert.equal(found[1][0], 'github.get_file_contents')
  assert.equal(found[2][0], 'google-maps.maps_geocode')
})

const aliased = [
  { name: 'createIssue', namespace: 'my-server', description: 'Open a new issue', execute: () => 1 },
  { name: 'listIssues', namespace: 'github', description: 'List issues', execute: () => 1 },
]

test('namespace accepts the alias the guest sees as well as the exact name', async (t) => {
  const cm = codeMode(t, { tools: aliased })
  const r = await cm.run(`return [
    (await codemode.searchTools('issue', { namespace: 'my_server' })).map((t) => t.path),
    (await codemode.searchTools('issue', { namespace: 'my-server' })).map((t) => t.path),
    (await codemode.listTools({ namespace: 'my_server', detail: 'name' })).map((t) => t.path),
  ]`)
  assert.equal(r.ok, true, JSON.stringify(r.error))
  assert.deepEqual(r.value, [['tools.my_server.createIssue'], ['tools.my_server.createIssue'], ['tools.my_server.createIssue']])
})

test('an unknown namespace names the namespaces that exist, with their aliases', async (t) => {
  const cm = codeMode(t, { tools: aliased })
  const r = await cm.run(`try { await codemode.listTools({ namespace: 'nope' }) } catch (e) { return [e.name, e.message] }`)
  assert.deepEqual(r.value, [
    'TypeError',
    'codemode.listTools: there is no namespace "nope"; the namespaces are: my-server (tools.my_server), github.',
  ])
})

test('wrong limits and details are errors that say what is allowed', async (t) => {
  const cm = codeMode(t, { tools: aliased })
  const calls = [
    'codemode.searchTools("issue", { limit: 0 })',
    'codemode.searchTools("issue", { limit: -1 })',
    'codemode.searchTools("issue", { limit: 2.5 })',
    'codemode.searchTools("issue", { limit: "3" })',
    'codemode.searchTools("issue", { limit: 1000 })',
    'codemode.searchTools("issue", { detail: "short" })',
    'codemode.listTools({ detail: "everything" })',
    'codemode.listTools({ namespace: 42 })',
  ]
  const r = await cm.run(`
    const out = []
    for (const call of [${calls.map((c) => `() => ${c}`).join(', ')}]) {
      try { await call(); out.push('no error') } catch (e) { out.push([e.name, e.message]) }
    }
    return out`)
  assert.equal(r.ok, true, JSON.stringify(r.error))
  const limit = 'codemode.searchTools: limit must be a whole number from 1 to 100'
  assert.deepEqual(r.value, [
    ['RangeError', `${limit}; got 0.`],
    ['RangeError', `${limit}; got -1.`],
    ['RangeError', `${limit}; got 2.5.`],
    ['TypeError', `${limit}; got the string "3".`],
    ['RangeError', `${limit}; got 1000. To see every tool, use codemode.listTools().`],
    ['TypeError', 'codemode.searchTools: detail must be "name", "description" or "full"; got the string "short".'],
    ['TypeError', 'codemode.listTools: detail must be "name", "description" or "full"; got the string "everything".'],
    ['TypeError', 'codemode.listTools: namespace must be a string; got 42.'],
  ])
})

test('valid limits and details still work, and limit caps the answer', async (t) => {
  const cm = codeMode(t, { tools: aliased })
  const r = await cm.run(`return [
    (await codemode.searchTools('issue', { limit: 1 })).length,
    (await codemode.searchTools('issue', { limit: 100, detail: 'full' })).map((t) => typeof t.declaration),
    (await codemode.searchTools('issue', { limit: null, detail: 'description' })).length,
  ]`)
  assert.equal(r.ok, true, JSON.stringify(r.error))
  assert.deepEqual(r.value, [1, ['string', 'string'], 2])
})
