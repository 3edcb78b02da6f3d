// Mistakes models make, made loud (issue 9, "Mistakes must be loud"): exact tool error messages,
// Node's console substitutions, positional tool arguments, unknown discovery namespaces.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { format } from 'node:util'

import { codeMode, assertFailed, assertValue } from './helpers.mjs'

test("a tool's error message reaches the guest exactly, its path in a field of its own", async (t) => {
  const cm = codeMode(t, {
    tools: {
      quota: { namespace: 'gh', execute: () => { throw new Error('quota exceeded') } },
      typed: { execute: async () => { throw new RangeError('too far') } },
      named: { execute: () => { throw new Error('') } },
    },
  })
  const r = await cm.run(`const out = []
    for (const call of [() => tools.gh.quota({}), () => tools.typed({}), () => tools.named({})]) {
      try { await call() } catch (e) { out.push([e.message, e.tool, e.code]) }
    }
    return out`)
  assertValue(r, [
    ['quota exceeded', 'gh.quota', 'TOOL_FAILED'],
    ['too far', 'typed', 'TOOL_FAILED'],
    ['Error', 'named', 'TOOL_FAILED'],
  ])
  const uncaught = await cm.run('await tools.gh.quota({})')
  assertFailed(uncaught, 'UNCAUGHT_EXCEPTION')
  assert.equal(uncaught.error.message, 'quota exceeded')
  assert.equal(uncaught.toolCalls[0].error, 'quota exceeded')
})

test('an uncaught tool error names the tool and the line of the call, not a bootstrap frame', async (t) => {
  const cm = codeMode(t, { tools: { quota: { namespace: 'gh', execute: () => { throw new Error('quota exceeded') } } } })
  const r = await cm.run('const a = 1\nasync function go() {\n  return await tools.gh.quota({})\n}\nawait go()')
  assertFailed(r, 'UNCAUGHT_EXCEPTION')
  assert.equal(r.error.name, 'ToolError')
  assert.equal(r.error.message, 'quota exceeded')
  assert.equal(r.error.tool, 'gh.quota')
  assert.equal(r.error.line, 3)
  assert.equal(r.error.column, 25) // QuickJS points at the called name
  assert.doesNotMatch(r.error.stack, /codemode:/)
  assert.match(r.error.stack, /code\.js:5:/)
})

test('console substitutions format like Node (%s %d %i %f %j %c %%)', async (t) => {
  const cm = codeMode(t)
  const cases = [
    ['%s has %d items', 'cart', 3],
    ['%i and %f', 4.7, '1.5'],
    ['%d of %d', 10n, 2],
    ['json %j!', { a: [1, 'x'] }],
    ['100%% sure, %s', 'yes'],
    ['%c styled', 'color: red'],
    ['%s', 'extra', 'args', 42],
    ['no specifiers', 'then', 7],
    ['%s and %s', 'only one'],
  ]
  const r = await cm.run(`const cases = ${JSON.stringify(cases, (k, v) => (typeof v === 'bigint' ? `${v}n` : v))}
    .map((c) => c.map((v) => (typeof v === 'string' && /^\\d+n$/.test(v) ? BigInt(v.slice(0, -1)) : v)))
    for (const c of cases) console.log(...c)`)
  assert.ok(r.ok, JSON.stringify(r.error))
  assert.deepEqual(
    r.logs.map((l) => l.message),
    cases.map((c) => format(...c)),
  )
})

test('a second positional argument to a tool is an error that shows the calling convention', async (t) => {
  let called = 0
  const cm = codeMode(t, {
    tools: {
      greet: {
        inputSchema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
        execute: () => ++called,
      },
    },
  })
  const r = await cm.run('return await tools.greet("Ada", "Lovelace")')
  assertFailed(r, 'UNCAUGHT_EXCEPTION')
  assert.equal(r.error.name, 'TypeError')
  assert.match(r.error.message, /tools\.greet takes one argument, an object of named fields/)
  assert.match(r.error.message, /got 2 arguments/)
  assert.match(r.error.message, /name: string/, 'the declaration is shown')
  assert.equal(called, 0)
})

test('codemode.listTools and searchTools name the namespaces that exist', async (t) => {
  const cm = codeMode(t, {
    tools: [
      { name: 'a', namespace: 'github', execute: () => 1 },
      { name: 'b', namespace: 'slack', execute: () => 1 },
    ],
  })
  for (const call of ['codemode.listTools({ namespace: "nope" })', 'codemode.searchTools("x", { namespace: "nope" })']) {
    const r = await cm.run(`return await ${call}`)
    assertFailed(r, 'UNCAUGHT_EXCEPTION')
    assert.match(r.error.message, /there is no namespace "nope"; the namespaces are: github, slack\./)
  }
  const listed = await cm.run('return (await codemode.listTools({ namespace: "slack" })).map((t) => t.path)')
  assertValue(listed, ['tools.slack.b'])
})

test('a forgotten await is an error, not an empty object', async (t) => {
  let received = 'unset'
  const cm = codeMode(t, {
    tools: {
      get: { execute: () => ({ rows: [1, 2] }) },
      save: { execute: (input) => ((received = input), 'saved') },
    },
  })
  const result = await cm.run('const data = tools.get({}); return { data, note: {} }')
  assertFailed(result, 'UNSERIALIZABLE_RESULT')
  assert.match(result.error.message, /Promise under the key "data".*did you forget `await`/)
  assert.match(result.error.hint, /await/)

  const input = await cm.run('const data = tools.get({}); return await tools.save({ data })')
  assertFailed(input, 'UNCAUGHT_EXCEPTION')
  assert.match(input.error.message, /The input of tools\.save holds a Promise under the key "data"/)
  assert.equal(received, 'unset')

  // Empty objects that are really empty still pass.
  assertValue(await cm.run('return { a: {}, b: [{}] }'), { a: {}, b: [{}] })
})

test('an unknown global gets a hint naming what exists', async (t) => {
  const cm = codeMode(t, { tools: [{ name: 'list', namespace: 'github', execute: () => [] }] })
  const r = await cm.run('return host.readFile("notes.txt")')
  assertFailed(r, 'UNCAUGHT_EXCEPTION')
  assert.equal(r.error.name, 'ReferenceError')
  assert.match(r.error.hint, /`host` does not exist in this sandbox/)
  assert.match(r.error.hint, /namespaces: github/)
  assert.match(r.error.hint, /codemode/)
})

test('timers still pending when the program returns are named in warnings', async (t) => {
  const cm = codeMode(t)
  const r = await cm.run('let ran = false; setTimeout(() => { ran = true }, 5000); setInterval(() => {}, 10); return 1')
  assertValue(r, 1)
  assert.ok(r.stats.durationMs < 2000, 'a stray interval does not stretch the run')
  assert.match(r.warnings.join('\n'), /2 timer\(s\) were still pending when the program returned/)
  const clean = await cm.run('await new Promise((r) => setTimeout(r, 5)); return 2')
  assert.deepEqual(clean.warnings, [])
})

test('reading a field a tool result does not have hints at the fields it had', async (t) => {
  const cm = codeMode(t, {
    tools: { list: { namespace: 'shop', execute: () => ({ items: [{ id: 1, title: 'x' }], total: 1 }) } },
  })
  const cases = [
    ['const r = await tools.shop.list({})\nreturn r.data.length', '`data` is undefined: the result of tools.shop.list has no field `data`; its fields are items, total.'],
    ['const { results } = await tools.shop.list({})\nreturn results.map((x) => x.id)', '`results` is undefined: the result of tools.shop.list has no field `results`; its fields are items, total.'],
    ['const r = await tools.shop.list({})\nreturn r.items[0].owner.name', '`owner` is undefined: the result of tools.shop.list at `.items[0]` has no field `owner`; its fields are id, title.'],
  ]
  for (const [code, hint] of cases) {
    const r = await cm.run(code)
    assertFailed(r, 'UNCAUGHT_EXCEPTION')
    assert.equal(r.error.line, 2)
    assert.ok(r.error.hint.startsWith(hint), `${code}\n${r.error.hint}`)
  }
  // A variable that did not come from a tool gets the generic hint, never a tool's fields.
  const local = await cm.run('await tools.shop.list({})\nconst cfg = {}\nreturn cfg.data.length')
  assertFailed(local, 'UNCAUGHT_EXCEPTION')
  assert.doesNotMatch(local.error.hint, /tools\.shop\.list/)
})
