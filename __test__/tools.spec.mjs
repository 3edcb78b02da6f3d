import { test } from 'node:test'
import assert from 'node:assert/strict'

import { codeMode, assertValue, assertFailed, hangingTool, slowTool, sleep, waitAborted } from './helpers.mjs'

// Catches the tool error in the guest and returns its observable fields.
const catchInGuest = (call) => `
  try { await ${call}; return 'no error' }
  catch (e) {
    return { name: e.name, code: e.code, tool: e.tool, message: e.message,
             isError: e instanceof Error, isToolError: e instanceof ToolError,
             hasHint: typeof e.hint === 'string' && e.hint.length > 0 }
  }`

test('a host tool that throws synchronously gives a catchable ToolError with its message', async (t) => {
  const cm = codeMode(t, {
    tools: { boom: { execute: () => { throw new Error('sync boom from host') } } },
  })
  const r = await cm.run(catchInGuest('tools.boom({})'))
  assert.equal(r.ok, true)
  assert.equal(r.value.name, 'ToolError')
  assert.equal(r.value.code, 'TOOL_FAILED')
  assert.equal(r.value.tool, 'boom')
  assert.match(r.value.message, /sync boom from host/)
  assert.equal(r.value.isError, true)
  assert.equal(r.value.isToolError, true)
  assert.equal(r.value.hasHint, true)
  assert.equal(r.toolCalls.length, 1)
  assert.equal(r.toolCalls[0].ok, false)
  assert.match(r.toolCalls[0].error, /sync boom from host/)
})

test('a host tool that rejects with an Error gives a ToolError with its message', async (t) => {
  const cm = codeMode(t, {
    tools: { bad: { execute: async () => { await sleep(5); throw new TypeError('async nope') } } },
  })
  const r = await cm.run(catchInGuest('tools.bad({})'))
  assert.equal(r.value.name, 'ToolError')
  assert.equal(r.value.code, 'TOOL_FAILED')
  assert.match(r.value.message, /async nope/)
})

test('a host tool rejecting with a string gives a ToolError carrying that string', async (t) => {
  const cm = codeMode(t, { tools: { s: { execute: () => Promise.reject('plain string reason') } } })
  const r = await cm.run(catchInGuest('tools.s({})'))
  assert.equal(r.value.name, 'ToolError')
  assert.equal(r.value.code, 'TOOL_FAILED')
  assert.equal(r.value.tool, 's')
  assert.match(r.value.message, /plain string reason/)
})

test('a host tool rejecting with null gives a readable ToolError', async (t) => {
  const cm = codeMode(t, { tools: { n: { execute: () => Promise.reject(null) } } })
  const r = await cm.run(catchInGuest('tools.n({})'))
  assert.equal(r.value.name, 'ToolError')
  assert.equal(r.value.code, 'TOOL_FAILED')
  assert.match(r.value.message, /null/)
})

test('a host tool rejecting with undefined gives a ToolError', async (t) => {
  const cm = codeMode(t, { tools: { u: { execute: () => Promise.reject(undefined) } } })
  const r = await cm.run(catchInGuest('tools.u({})'))
  assert.equal(r.value.name, 'ToolError')
  assert.equal(r.value.code, 'TOOL_FAILED')
  assert.ok(r.value.message.length > 0)
})

test('a host tool rejecting with a plain object gives a ToolError showing the object', async (t) => {
  const cm = codeMode(t, {
    tools: { o: { execute: () => Promise.reject({ status: 404, detail: 'not found here' }) } },
  })
  const r = await cm.run(catchInGuest('tools.o({})'))
  assert.equal(r.value.name, 'ToolError')
  assert.equal(r.value.code, 'TOOL_FAILED')
  assert.match(r.value.message, /404/)
  assert.match(r.value.message, /not found here/)
})

test('a host tool throwing a non-Error value synchronously (number) gives a ToolError', async (t) => {
  const cm = codeMode(t, { tools: { num: { execute: () => { throw 418 } } } })
  const r = await cm.run(catchInGuest('tools.num({})'))
  assert.equal(r.value.name, 'ToolError')
  assert.match(r.value.message, /418/)
})

test('a host tool returning undefined (sync or async) gives the guest undefined', async (t) => {
  const cm = codeMode(t, {
    tools: {
      nothing: { execute: () => undefined },
      nothingAsync: { execute: async () => {} },
    },
  })
  const r = await cm.run(`
    const a = await tools.nothing({})
    const b = await tools.nothingAsync({})
    return [a === undefined, b === undefined, typeof a, typeof b]
  `)
  assertValue(r, [true, true, 'undefined', 'undefined'])
  assert.equal(r.toolCalls.every((c) => c.ok), true)
})

test('a host tool returning null gives the guest null', async (t) => {
  const cm = codeMode(t, { tools: { nul: { execute: () => null } } })
  assertValue(await cm.run('const v = await tools.nul({}); return v === null'), true)
})

test('tool output crosses with JSON.stringify semantics', async (t) => {
  const cm = codeMode(t, {
    tools: {
      data: {
        execute: () => ({
          date: new Date(0),
          undef: undefined,
          nan: NaN,
          nested: { arr: [1, undefined, () => 1] },
          withToJSON: { toJSON: () => 'custom' },
        }),
      },
    },
  })
  assertValue(await cm.run('return await tools.data({})'), {
    date: '1970-01-01T00:00:00.000Z',
    nan: null,
    nested: { arr: [1, null, null] },
    withToJSON: 'custom',
  })
})

test('tool input is a JSON copy: guest-side mutation after the call does not reach the host', async (t) => {
  let received
  const cm = codeMode(t, {
    tools: { keep: { execute: async (input) => { await sleep(20); received = input; return 1 } } },
  })
  const r = await cm.run(`
    const input = { list: [1, 2], when: new Date(0), skip: undefined }
    const p = tools.keep(input)
    input.list.push(3)
    await p
    return 'ok'
  `)
  assertValue(r, 'ok')
  assert.deepEqual(received, { list: [1, 2], when: '1970-01-01T00:00:00.000Z' })
})

test('an uncaught ToolError fails the run with its name and the host message', async (t) => {
  const cm = codeMode(t, { tools: { fail: { execute: () => { throw new Error('database is down') } } } })
  const r = await cm.run('const x = await tools.fail({}); return x')
  assertFailed(r, 'UNCAUGHT_EXCEPTION')
  assert.equal(r.error.name, 'ToolError')
  assert.match(r.error.message, /database is down/)
  assert.ok(r.error.hint.length > 0)
})

test('calling an unknown tool hints the closest tool name', async (t) => {
  const cm = codeMode(t, {
    tools: [
      { name: 'add', execute: () => 1 },
      { name: 'createIssue', namespace: 'github', execute: () => 1 },
    ],
  })
  const r = await cm.run('return await tools.addd({ a: 1 })')
  assertFailed(r, 'UNCAUGHT_EXCEPTION')
  assert.match(r.error.message, /addd/)
  assert.match(r.error.hint, /tools\.add\b/)
  assert.equal(r.toolCalls.length, 0)

  const r2 = await cm.run('return await tools.github.createissue({})')
  assertFailed(r2, 'UNCAUGHT_EXCEPTION')
  assert.match(r2.error.hint, /tools\.github\.createIssue/)
})

test('an unknown tool is a catchable error in the guest', async (t) => {
  const cm = codeMode(t, { tools: { add: { execute: () => 1 } } })
  const r = await cm.run('try { await tools.nope({}) } catch (e) { return "caught " + e.name }')
  assert.equal(r.ok, true)
  assert.match(r.value, /^caught \w+Error$/)
})

test('the guest cannot replace or add tools on the tools object', async (t) => {
  const cm = codeMode(t, { tools: { real: { execute: () => 'real' } } })
  const r = await cm.run(`
    try { tools.real = async () => 'fake' } catch {}
    try { tools.extra = async () => 'x' } catch {}
    try { delete tools.real } catch {}
    return [await tools.real({}), typeof tools.extra]
  `)
  assertValue(r, ['real', 'undefined'])
})

test('un-awaited tool calls pending at return are cancelled, their signals abort, and a warning names them', async (t) => {
  const hang = hangingTool('neverEnds')
  const cm = codeMode(t, { tools: [hang.def, { name: 'quick', execute: () => 1 }] })
  const r = await cm.run('tools.neverEnds({}); await tools.quick({}); return "returned"')
  assertValue(r, 'returned')
  assert.equal(hang.calls.length, 1, 'the host tool was called')
  assert.equal(r.warnings.length, 1)
  assert.match(r.warnings[0], /neverEnds/)
  const pending = r.toolCalls.find((c) => c.tool === 'neverEnds')
  assert.equal(pending.ok, false)
  assert.match(pending.error, /cancel/i)
  // (whether it is aborted *before* run() resolves is checked in abort-ordering.spec.mjs)
  assert.equal(await waitAborted(hang.calls[0].ctx.signal), true, 'its signal was aborted')
})

test('a pending call that finishes before return produces no warning', async (t) => {
  const slow = slowTool()
  const cm = codeMode(t, { tools: [slow.def] })
  const r = await cm.run('const p = tools.slow({ ms: 10, value: 1 }); return await p')
  assertValue(r, 1)
  assert.deepEqual(r.warnings, [])
  assert.equal(slow.stats.signals[0].aborted, false)
})

test('toolCalls records input, output, timing and errors for each call in order', async (t) => {
  const cm = codeMode(t, {
    tools: {
      wait: { execute: async ({ ms }) => { await sleep(ms); return { waited: ms } } },
      fail: { execute: () => { throw new Error('failure text') } },
    },
  })
  const r = await cm.run(`
    await tools.wait({ ms: 30 })
    try { await tools.fail({ why: 'test' }) } catch {}
    return 'done'
  `)
  assertValue(r, 'done')
  assert.equal(r.toolCalls.length, 2)
  const [a, b] = r.toolCalls
  assert.equal(a.tool, 'wait')
  assert.deepEqual(a.input, { ms: 30 })
  assert.deepEqual(a.output, { waited: 30 })
  assert.equal(a.ok, true)
  assert.ok(a.durationMs >= 20, `durationMs ${a.durationMs} reflects the 30 ms wait`)
  assert.equal(b.tool, 'fail')
  assert.deepEqual(b.input, { why: 'test' })
  assert.equal(b.ok, false)
  assert.match(b.error, /failure text/)
  assert.ok(b.startMs >= a.startMs + a.durationMs - 1, 'second call started after the first ended')
  assert.equal(r.stats.toolCalls, 2)
})

test('tools are independent across CodeMode instances', async (t) => {
  const a = codeMode(t, { tools: { who: { execute: () => 'a' } } })
  const b = codeMode(t, { tools: { who: { execute: () => 'b' } } })
  const [ra, rb] = await Promise.all([a.run('return await tools.who()'), b.run('return await tools.who()')])
  assertValue(ra, 'a')
  assertValue(rb, 'b')
})

test('a tool output of a million small values (under maxToolOutputBytes) is delivered, and run() does not reject', async (t) => {
  const cm = codeMode(t, { tools: { many: { execute: () => new Array(1_000_000).fill(1) } } })
  // about 2 MB of JSON, well under the 4 MiB default
  let r
  try {
    r = await cm.run('const v = await tools.many({}); return v.length')
  } catch (err) {
    assert.fail(`run() rejected (${err.code}: ${err.message}) for a legal tool output`)
  }
  assertValue(r, 1_000_000)
})

test('a result of a million small values (under a raised maxResultBytes) does not make run() reject', async (t) => {
  const cm = codeMode(t)
  let r
  try {
    r = await cm.run('return new Array(1_000_000).fill(0)', { limits: { maxResultBytes: 16 << 20 } })
  } catch (err) {
    assert.fail(`run() rejected (${err.code}: ${err.message})`)
  }
  assert.equal(r.ok, true)
  assert.equal(r.value.length, 1_000_000)
})

test('toolCalls keeps input and output of values nested 200 levels deep', async (t) => {
  let hostDepth = 0
  const cm = codeMode(t, {
    tools: { echo: { execute: (i) => { for (let x = i; Array.isArray(x); x = x[0]) hostDepth++; return i } } },
  })
  const r = await cm.run('let v = 0; for (let i = 0; i < 200; i++) v = [v]; const o = await tools.echo(v); let d = 0; for (let x = o; Array.isArray(x); x = x[0]) d++; return d')
  assertValue(r, 200)
  assert.equal(hostDepth, 200)
  const call = r.toolCalls[0]
  assert.ok(call.ok)
  assert.notEqual(call.input, undefined, 'toolCalls[0].input was dropped')
  assert.notEqual(call.output, undefined, 'toolCalls[0].output was dropped')
})
