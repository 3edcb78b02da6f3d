// Issue 9, "Output types learned from real results": a tool without an outputSchema gets the
// shape of its results (types only, never values) as its return type once it has returned.
import { test } from 'node:test'
import assert from 'node:assert/strict'

import { codeMode, CodeMode, compileTs as compile, tsProgram as program } from './helpers.mjs'


/** A tool that returns the next of `results` on each call (the last one repeats). */
function replaying(name, results, extra = {}) {
  let i = 0
  return { name, execute: () => results[Math.min(i++, results.length - 1)], ...extra }
}

/** Calls `tools.<name>()` `times` times in one run; fails the test if the run fails. */
async function callTimes(cm, name, times) {
  const r = await cm.run(`for (let i = 0; i < ${times}; i++) await tools.${name}(); return 'done'`)
  assert.equal(r.ok, true, JSON.stringify(r.error))
}

/** The declared return type of `name` in `declarations()` (the text inside `Promise<...>`). */
function returnType(dts, name) {
  const at = dts.indexOf(`  ${name}(`)
  assert.notEqual(at, -1, `no method ${name} in\n${dts}`)
  const start = dts.indexOf('Promise<', at) + 'Promise<'.length
  let depth = 1
  let i = start
  for (; depth > 0; i++) {
    if (dts[i] === '<') depth++
    if (dts[i] === '>') depth--
  }
  // One line, as a short type prints: multi-line members lose their line breaks and last `;`.
  return dts.slice(start, i - 1).replace(/\s+/g, ' ').replace(/; \}/g, ' }')
}

test('before any result the output is unknown; after one it is the observed shape, marked as observed', async (t) => {
  const cm = codeMode(t, { tools: [replaying('getUser', [{ name: 'Ada', age: 36, admin: false }])] })
  assert.equal(returnType(cm.declarations(), 'getUser'), 'unknown')
  assert.doesNotMatch(cm.declarations(), /observed/)
  await callTimes(cm, 'getUser', 1)
  const dts = cm.declarations()
  assert.equal(returnType(dts, 'getUser'), '{ name: string; age: number; admin: boolean }')
  assert.match(dts, /@returns Output type observed in earlier results, not declared by the tool/)
})

test('results merge across calls: a field missing from some becomes optional, kinds make unions, null adds | null', async (t) => {
  const cm = codeMode(t, {
    tools: [
      replaying('getIssue', [
        { id: 1, title: 'a', assignee: 'x', labels: ['bug'] },
        { id: 2, title: 'b', assignee: null },
        { id: '3', title: 'c', assignee: null, closedAt: '2024-01-01' },
      ]),
    ],
  })
  await callTimes(cm, 'getIssue', 3)
  assert.equal(
    returnType(cm.declarations(), 'getIssue'),
    '{ id: number | string; title: string; assignee: string | null; labels?: string[]; closedAt?: string }',
  )
})

test('results merge across runs and sessions of one instance', async (t) => {
  const cm = codeMode(t, { tools: [replaying('poll', [{ state: 'a' }, { state: 'b', progress: 0.5 }])] })
  await callTimes(cm, 'poll', 1)
  const s = cm.session()
  t.after(() => s.close())
  const r = await s.run('await tools.poll(); return 1')
  assert.equal(r.ok, true)
  assert.equal(returnType(cm.declarations(), 'poll'), '{ state: string; progress?: number }')
})

test('arrays of objects merge their elements into one element type', async (t) => {
  const cm = codeMode(t, {
    tools: [
      replaying('search', [
        { hits: [{ url: 'u', score: 1 }, { url: 'v', score: 2, snippet: 's' }], total: 2 },
        { hits: [], total: 0 },
      ]),
    ],
  })
  await callTimes(cm, 'search', 2)
  assert.equal(returnType(cm.declarations(), 'search'), '{ hits: { url: string; score: number; snippet?: string }[]; total: number }')
})

test('objects keyed by data (emails, dates, ids, names under one shape) become index signatures', async (t) => {
  const cm = codeMode(t, {
    tools: [
      replaying('usage', [
        {
          byEmail: { 'ada@example.com': { calls: 3 }, 'bob@example.com': { calls: 4 } },
          byDay: { '2024-05-01': 12, '2024-05-02': null },
          byUser: { alice: { age: 1, team: 't' }, bob: { age: 2, team: 't' }, carol: { age: 3, team: 'u' } },
        },
      ]),
      replaying('scores', [{ alice: 3, bob: 5 }, { carol: 1, dave: 2 }, { erin: 7 }]),
    ],
  })
  await callTimes(cm, 'usage', 1)
  await callTimes(cm, 'scores', 3)
  const dts = cm.declarations()
  assert.equal(
    returnType(dts, 'usage'),
    '{ byEmail: { [key: string]: { calls: number } }; byDay: { [key: string]: number | null }; byUser: { [key: string]: { age: number; team: string } } }',
  )
  assert.equal(returnType(dts, 'scores'), '{ [key: string]: number }', 'keys that vary between calls are data')
})

test('no value of a result ever appears in declarations, description or describeTool', async (t) => {
  const planted = {
    token: 'sk-PLANTED-7f3a9c',
    amount: 48151623,
    ratio: 0.7071067,
    when: '1999-12-31T23:59:59Z',
    nested: [{ note: 'Zanzibar-Quokka', code: 'ERR_PLANTED_CODE' }],
    'plantedkey@example.org': { v: 1 },
    users: { u_99887766: { n: 'x' } },
    enumish: 'ONLY_VALUE_EVER',
  }
  const cm = codeMode(t, { tools: [replaying('leaky', [planted, { ...planted, enumish: 'ONLY_VALUE_EVER' }])] })
  const r = await cm.run(`
    await tools.leaky(); await tools.leaky()
    return (await codemode.describeTool('leaky')).declaration`)
  assert.equal(r.ok, true, JSON.stringify(r.error))
  const texts = { declarations: cm.declarations(), description: cm.description({ maxChars: 100_000 }), describeTool: r.value }
  assert.match(texts.declarations, /token: string/, 'the shape itself is there')
  assert.match(texts.describeTool, /token: string/)
  assert.match(texts.description, /token: string/)
  const needles = ['PLANTED', '7f3a9c', '48151623', '0.7071067', '1999', 'Zanzibar', 'Quokka', 'plantedkey', 'example.org', '99887766', 'ONLY_VALUE_EVER']
  for (const [where, text] of Object.entries(texts)) {
    for (const needle of needles) assert.equal(text.includes(needle), false, `${needle} leaked into ${where}`)
  }
})

test('description() shows the observed type and keeps its budget', async (t) => {
  const wide = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`field${i}`, { a: 'x', b: [1], c: { d: true } }]))
  const cm = codeMode(t, { tools: [replaying('small', [{ ok: true }]), replaying('wide', [wide])] })
  await callTimes(cm, 'small', 1)
  const text = cm.description()
  assert.match(text, /tools\.small\(input\?: unknown\): Promise<\{ ok: boolean \}>/)
  assert.match(text, /Output type observed, not declared\./)
  await callTimes(cm, 'wide', 1)
  for (const maxChars of [300, 1000, 4000]) assert.ok(cm.description({ maxChars }).length <= maxChars)
})

test('inferOutputTypes: false keeps Promise<unknown>', async (t) => {
  const cm = codeMode(t, { inferOutputTypes: false, tools: [replaying('getUser', [{ name: 'Ada' }])] })
  await callTimes(cm, 'getUser', 2)
  assert.equal(returnType(cm.declarations(), 'getUser'), 'unknown')
  assert.doesNotMatch(cm.description(), /observed/)
})

test('inferOutputTypes must be a boolean', () => {
  assert.throws(() => new CodeMode({ inferOutputTypes: 'yes' }), { code: 'ERR_INVALID_OPTIONS' })
})

test('a tool with an outputSchema keeps its declared type whatever it returns', async (t) => {
  const cm = codeMode(t, {
    tools: [
      replaying('typed', [{ declared: 'x', surprise: 1 }], {
        outputSchema: { type: 'object', properties: { declared: { type: 'string' } }, required: ['declared'] },
      }),
    ],
  })
  await callTimes(cm, 'typed', 2)
  const dts = cm.declarations()
  assert.equal(returnType(dts, 'typed'), '{ declared: string }')
  assert.doesNotMatch(dts, /surprise|observed/)
})

test('failed calls and undefined results teach nothing', async (t) => {
  const cm = codeMode(t, {
    tools: [
      { name: 'fails', execute: () => { throw new Error('nope') } },
      { name: 'nothing', execute: () => undefined },
    ],
  })
  const r = await cm.run(`try { await tools.fails() } catch {} await tools.nothing(); return 1`)
  assert.equal(r.ok, true)
  const dts = cm.declarations()
  assert.equal(returnType(dts, 'fails'), 'unknown')
  assert.equal(returnType(dts, 'nothing'), 'unknown')
})



test('declarations with observed types compile with tsc --strict, and type-check programs against them', async (t) => {
  const cm = codeMode(t, {
    tools: [
      replaying('getContact', [
        { name: 'Ada', emails: ['a@x'], address: { city: 'London', zip: null }, 'x-meta': 1 },
        { name: 'Bob', emails: [], address: { city: 'Paris', zip: '75001' }, tags: { vip: true, early: false, beta: true } },
      ], { namespace: 'crm' }),
      replaying('weird key names', [{ class: 1, constructor: 'c', __proto__x: null, $ref: 'r', default: [[]] }]),
      replaying('deep', [{ a: { b: { c: { d: { e: { f: { g: 1 } } } } } }, list: [[1, 'a'], [true]] }]),
    ],
  })
  const r = await cm.run(`await tools.crm.getContact(); await tools.crm.getContact(); await tools['weird key names'](); await tools.deep(); return 1`)
  assert.equal(r.ok, true, JSON.stringify(r.error))
  const dts = cm.declarations()
  const ok = compile(t, {
    'tools.d.ts': dts,
    'main.ts': program(`
      const c = await tools.crm.getContact()
      const city: string = c.address.city
      const zip: string | null = c.address.zip
      const first: string | undefined = c.emails[0]
      const w = await tools.weird_key_names()
      const cls: number = w.class
      const d = await tools.deep()
      return [city, zip, first, cls, d.a.b.c]`),
  })
  assert.equal(ok.ok, true, `${ok.output}\n${dts}`)
  const wrong = compile(t, {
    'tools.d.ts': dts,
    'main.ts': program(`const c = await tools.crm.getContact(); const n: number = c.name`),
  })
  assert.equal(wrong.ok, false, 'a wrong use of an observed type is a type error')
  assert.match(wrong.output, /main\.ts\(\d+,\d+\): error TS/)
})
