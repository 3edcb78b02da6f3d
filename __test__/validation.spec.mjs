// Issue 4: tool inputs are validated against their JSON Schema before the host sees them.
import { test } from 'node:test'
import assert from 'node:assert/strict'

import { CodeMode, codeMode } from './helpers.mjs'

const schema = {
  type: 'object',
  properties: {
    city: { type: 'string', minLength: 1 },
    days: { type: 'integer', minimum: 1, maximum: 14 },
    units: { enum: ['c', 'f'] },
    tags: { type: 'array', items: { type: 'string' } },
  },
  required: ['city', 'units'],
  additionalProperties: false,
}

test('an invalid input is a ToolInputError listing every violation with its path; the host is not called', async (t) => {
  let calls = 0
  const cm = codeMode(t, { tools: [{ name: 'forecast', inputSchema: schema, execute: () => ++calls }] })
  const r = await cm.run(`try {
    await tools.forecast({ city: '', days: 0, tags: ['a', 2], extra: true })
  } catch (e) {
    return { name: e.name, isToolError: e instanceof ToolError, code: e.code, tool: e.tool, issues: e.issues, example: e.example, message: e.message, hint: e.hint }
  }`)
  assert.equal(r.ok, true, JSON.stringify(r.error))
  const v = r.value
  assert.equal(calls, 0)
  assert.equal(v.name, 'ToolInputError')
  assert.equal(v.isToolError, true)
  assert.equal(v.code, 'INVALID_INPUT')
  assert.equal(v.tool, 'forecast')
  const paths = v.issues.map((i) => i.path).sort()
  assert.deepEqual(paths, ['input', 'input', 'input.city', 'input.days', 'input.tags[1]'].sort())
  assert.ok(v.issues.some((i) => /units/.test(i.message)), JSON.stringify(v.issues))
  assert.ok(v.issues.some((i) => /extra/.test(i.message)), JSON.stringify(v.issues))
  assert.deepEqual(v.example, { city: 'text', units: 'c' })
  assert.match(v.message, /5 problems/)
  assert.match(v.message, /Example of a valid input: \{"city":"text","units":"c"\}/)
  assert.ok(v.hint.length > 0)
  // the call is recorded as failed
  const rec = (await cm.run('try { await tools.forecast({}) } catch {}')).toolCalls[0]
  assert.equal(rec.ok, false)
  assert.match(rec.error, /Invalid input/)
})

test('a valid input reaches the host unchanged; a tool without a schema accepts anything', async (t) => {
  const seen = []
  const cm = codeMode(t, {
    tools: [
      { name: 'forecast', inputSchema: schema, execute: (i) => seen.push(i) },
      { name: 'free', execute: (i) => seen.push(i ?? null) },
    ],
  })
  const r = await cm.run(`await tools.forecast({ city: 'Oslo', units: 'c', days: 3 }); await tools.free(5); await tools.free(); return 'ok'`)
  assert.equal(r.value, 'ok')
  assert.deepEqual(seen, [{ city: 'Oslo', units: 'c', days: 3 }, 5, null])
})

test('uncaught, an invalid input fails the run with the ToolInputError', async (t) => {
  const cm = codeMode(t, { tools: [{ name: 'forecast', inputSchema: schema, execute: () => 1 }] })
  const r = await cm.run(`await tools.forecast({ city: 'x' })`)
  assert.equal(r.error.code, 'UNCAUGHT_EXCEPTION')
  assert.equal(r.error.name, 'ToolInputError')
  assert.match(r.error.message, /input: "units" is a required property/)
})

test('an input schema that is not valid JSON Schema is rejected when the CodeMode is created', () => {
  assert.throws(
    () => new CodeMode({ tools: [{ name: 'bad', inputSchema: { type: 'not-a-type' }, execute: () => 1 }] }),
    (e) => e.code === 'ERR_INVALID_OPTIONS' && /inputSchema of tool "bad"/.test(e.message),
  )
})
