import { test } from 'node:test'
import assert from 'node:assert/strict'

import { codeMode, assertValue, assertFailed, timed } from './helpers.mjs'

const MiB = 1024 * 1024

// ---------------------------------------------------------------- memory

test('memoryLimitBytes: large allocations end with MEMORY_LIMIT, then the instance runs healthy code', async (t) => {
  const cm = codeMode(t, { limits: { memoryLimitBytes: 16 * MiB } })
  const r = await cm.run('const a = []; while (true) a.push(new Array(1e5).fill(1))')
  assertFailed(r, 'MEMORY_LIMIT')
  assert.ok(r.error.hint.length > 0)
  assertValue(await cm.run('return [1, 2, 3].map((x) => x * 2)'), [2, 4, 6])
})

test('memoryLimitBytes: many small allocations end with MEMORY_LIMIT (not an uncaught null)', async (t) => {
  const cm = codeMode(t, { limits: { memoryLimitBytes: 8 * MiB } })
  for (const code of [
    'const a = []; while (true) a.push({})',
    'const m = new Map(); let i = 0; while (true) m.set(i++, { i })',
    'const o = {}; let i = 0; while (true) o["k" + i++] = i',
  ]) {
    const r = await cm.run(code)
    assertFailed(r, 'MEMORY_LIMIT')
  }
  assertValue(await cm.run('return "healthy"'), 'healthy')
})

test('memoryLimitBytes: typed-array allocations hit the limit; a smaller per-run limit overrides the instance', async (t) => {
  const cm = codeMode(t, { limits: { memoryLimitBytes: 64 * MiB } })
  const code = 'const keep = []; for (let i = 0; i < 24; i++) keep.push(new Uint8Array(1 << 20)); return keep.length'
  assertValue(await cm.run(code), 24)
  assertFailed(await cm.run(code, { limits: { memoryLimitBytes: 8 * MiB } }), 'MEMORY_LIMIT')
  assertValue(await cm.run(code), 24)
})

test('a memory breach in one run does not disturb a concurrent run', async (t) => {
  const cm = codeMode(t, { tools: { echo: { execute: (i) => i } } })
  const [bad, good] = await Promise.all([
    cm.run('const a = []; while (true) a.push(new Array(1e5).fill(1))', { limits: { memoryLimitBytes: 8 * MiB } }),
    cm.run('let s = 0; for (let i = 0; i < 20; i++) s += await tools.echo(i); return s'),
  ])
  assertFailed(bad, 'MEMORY_LIMIT')
  assertValue(good, 190)
})

// ---------------------------------------------------------------- stack

test('maxStackBytes: unbounded recursion ends with STACK_OVERFLOW, then the instance runs healthy code', async (t) => {
  const cm = codeMode(t)
  const r = await cm.run('function f() { return f() + 1 }\nreturn f()')
  assertFailed(r, 'STACK_OVERFLOW')
  assert.equal(r.error.line, 1)
  assert.ok(r.error.hint.length > 0)
  assertValue(await cm.run('function g(n) { return n === 0 ? 0 : 1 + g(n - 1) } return g(100)'), 100)
})

test('maxStackBytes: a small limit stops recursion that the default allows', async (t) => {
  const cm = codeMode(t)
  const code = 'function g(n) { return n === 0 ? 0 : 1 + g(n - 1) } return g(400)'
  assertValue(await cm.run(code), 400)
  assertFailed(await cm.run(code, { limits: { maxStackBytes: 32 * 1024 } }), 'STACK_OVERFLOW')
  assertValue(await cm.run(code), 400)
})

test('stack overflow inside a tool callback chain and mutual recursion are reported too', async (t) => {
  const cm = codeMode(t, { tools: { echo: { execute: (i) => i } } })
  const r = await cm.run('const a = (n) => b(n + 1); const b = (n) => a(n + 1); await tools.echo(1); return a(0)')
  assertFailed(r, 'STACK_OVERFLOW')
  assertValue(await cm.run('return await tools.echo("fine")'), 'fine')
})

// ---------------------------------------------------------------- tool calls

test('maxToolCalls: exceeding it ends the run with TOOL_CALL_LIMIT even if the guest catches', async (t) => {
  let hostCalls = 0
  const cm = codeMode(t, { tools: { tick: { execute: (i) => { hostCalls++; return i } } } })
  const r = await cm.run(
    `let caught = 0
     for (let i = 0; i < 10; i++) { try { await tools.tick(i) } catch (e) { caught++ } }
     return { caught }`,
    { limits: { maxToolCalls: 3 } },
  )
  assertFailed(r, 'TOOL_CALL_LIMIT')
  assert.match(r.error.message, /3/)
  assert.ok(r.error.hint.length > 0)
  assert.equal(hostCalls, 3, 'the host never sees calls beyond the limit')
  assert.equal(r.toolCalls.length, 3)
  assert.equal(r.stats.toolCalls, 3)
})

test('maxToolCalls: a run that stays within the limit is fine; Promise.all over the limit fails', async (t) => {
  const cm = codeMode(t, { tools: { tick: { execute: (i) => i } }, limits: { maxToolCalls: 5 } })
  assertValue(await cm.run('for (let i = 0; i < 5; i++) await tools.tick(i); return "ok"'), 'ok')
  const r = await cm.run('return await Promise.allSettled(Array.from({ length: 8 }, (_, i) => tools.tick(i)))')
  assertFailed(r, 'TOOL_CALL_LIMIT')
})

test('maxToolCalls: 0 forbids tool calls entirely', async (t) => {
  let hostCalls = 0
  const cm = codeMode(t, { tools: { tick: { execute: () => { hostCalls++ } } } })
  const r = await cm.run('try { await tools.tick() } catch {} return 1', { limits: { maxToolCalls: 0 } })
  assertFailed(r, 'TOOL_CALL_LIMIT')
  assert.equal(hostCalls, 0)
})

test('maxToolCalls: the default limit is 1000', async (t) => {
  const cm = codeMode(t, { tools: { tick: { execute: (i) => i } } })
  assertValue(await cm.run('for (let i = 0; i < 1000; i++) await tools.tick(i); return "1000 ok"'), '1000 ok')
  const r = await cm.run('for (let i = 0; i < 1001; i++) await tools.tick(i); return "too many"')
  assertFailed(r, 'TOOL_CALL_LIMIT')
  assert.equal(r.toolCalls.length, 1000)
})

// ---------------------------------------------------------------- logs

test('maxLogBytes: console output is truncated with a marker entry', async (t) => {
  const cm = codeMode(t)
  const r = await cm.run('for (let i = 0; i < 1000; i++) console.log("line " + i + " " + "y".repeat(50)); return "done"', {
    limits: { maxLogBytes: 1000 },
  })
  assertValue(r, 'done')
  assert.ok(r.logs.length > 2 && r.logs.length < 100, `${r.logs.length} log entries kept`)
  assert.equal(r.logs[0].message, 'line 0 ' + 'y'.repeat(50))
  const marker = r.logs.at(-1)
  assert.match(marker.message, /truncated/i)
  const kept = r.logs.slice(0, -1)
  assert.ok(kept.every((l) => !/truncated/i.test(l.message)), 'only one marker')
  const keptBytes = kept.reduce((n, l) => n + Buffer.byteLength(l.message), 0)
  assert.ok(keptBytes <= 1000, `kept ${keptBytes} bytes of logs for a 1000-byte limit`)
  // logs are kept in order
  kept.forEach((l, i) => assert.ok(l.message.startsWith(`line ${i} `)))
})

test('maxLogBytes: a single line over the limit still produces the marker and the run succeeds', async (t) => {
  const cm = codeMode(t)
  const r = await cm.run('console.log("x".repeat(5000)); console.log("after"); return 1', { limits: { maxLogBytes: 1000 } })
  assertValue(r, 1)
  const total = r.logs.reduce((n, l) => n + Buffer.byteLength(l.message), 0)
  assert.ok(total <= 1000 + 200, `${total} bytes of logs kept`)
  assert.match(r.logs.at(-1).message, /truncated/i)
})

test('maxLogBytes: the default keeps about 64 KiB', async (t) => {
  const cm = codeMode(t)
  const r = await cm.run('for (let i = 0; i < 200; i++) console.log("z".repeat(1000))')
  assert.equal(r.ok, true)
  const kept = r.logs.filter((l) => !/truncated/i.test(l.message))
  const bytes = kept.reduce((n, l) => n + Buffer.byteLength(l.message), 0)
  assert.ok(bytes <= 64 * 1024 && bytes > 60 * 1024, `${bytes} bytes kept`)
  assert.match(r.logs.at(-1).message, /truncated/i)
})

test('logs under the limit are not truncated', async (t) => {
  const cm = codeMode(t)
  const r = await cm.run('for (let i = 0; i < 10; i++) console.log(i)', { limits: { maxLogBytes: 1000 } })
  assert.deepEqual(r.logs.map((l) => l.message), ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'])
})

// ---------------------------------------------------------------- result size

test('maxResultBytes: a result over the limit fails with RESULT_TOO_LARGE; at the limit it passes', async (t) => {
  const cm = codeMode(t)
  const limits = { maxResultBytes: 1000 }
  // JSON of a 998-char string is 1000 bytes
  assertValue(await cm.run('return "x".repeat(998)', { limits }), 'x'.repeat(998))
  const r = await cm.run('return "x".repeat(999)', { limits })
  assertFailed(r, 'RESULT_TOO_LARGE')
  assert.match(r.error.message, /1000/)
  assert.ok(r.error.hint.length > 0)
  assertFailed(await cm.run('return Array.from({ length: 500 }, (_, i) => ({ i }))', { limits }), 'RESULT_TOO_LARGE')
})

test('maxResultBytes: the default is 1 MiB', async (t) => {
  const cm = codeMode(t)
  assert.equal((await cm.run('return "x".repeat(1000 * 1000)')).ok, true)
  assertFailed(await cm.run('return "x".repeat(1024 * 1024)'), 'RESULT_TOO_LARGE')
})

// ---------------------------------------------------------------- tool output size

test('maxToolOutputBytes: an oversized tool output is a catchable ToolError OUTPUT_TOO_LARGE', async (t) => {
  const cm = codeMode(t, { tools: { big: { execute: ({ n }) => 'x'.repeat(n) } } })
  const limits = { maxToolOutputBytes: 1000 }
  assertValue(await cm.run('return (await tools.big({ n: 998 })).length', { limits }), 998)
  const r = await cm.run(
    `try { await tools.big({ n: 5000 }); return 'no error' }
     catch (e) { return { name: e.name, code: e.code, tool: e.tool, message: e.message, isToolError: e instanceof ToolError } }`,
    { limits },
  )
  assert.equal(r.ok, true)
  assert.equal(r.value.name, 'ToolError')
  assert.equal(r.value.code, 'OUTPUT_TOO_LARGE')
  assert.equal(r.value.tool, 'big')
  assert.equal(r.value.isToolError, true)
  assert.match(r.value.message, /1000/)
  assert.equal(r.toolCalls.at(-1).ok, false)
})

test('maxToolOutputBytes: uncaught, it fails the run as a ToolError', async (t) => {
  const cm = codeMode(t, { tools: { big: { execute: () => ({ data: 'x'.repeat(5000) }) } } })
  const r = await cm.run('return await tools.big({})', { limits: { maxToolOutputBytes: 1000 } })
  assertFailed(r, 'UNCAUGHT_EXCEPTION')
  assert.equal(r.error.name, 'ToolError')
})

test('maxToolOutputBytes: the default is 4 MiB', async (t) => {
  const cm = codeMode(t, { tools: { big: { execute: ({ n }) => 'x'.repeat(n) } } })
  assertValue(await cm.run('return (await tools.big({ n: 4_000_000 })).length'), 4_000_000)
  const r = await cm.run('try { await tools.big({ n: 4_200_000 }) } catch (e) { return e.code }')
  assertValue(r, 'OUTPUT_TOO_LARGE')
})

// ---------------------------------------------------------------- source size

test('maxSourceBytes: code over the limit fails with SOURCE_TOO_LARGE before running', async (t) => {
  let called = false
  const cm = codeMode(t, { tools: { side: { execute: () => { called = true } } } })
  const limits = { maxSourceBytes: 1000 }
  assertValue(await cm.run('return 1//'.padEnd(1000, 'x'), { limits }), 1)
  const r = await cm.run('await tools.side(); return 1 //'.padEnd(1001, 'x'), { limits })
  assertFailed(r, 'SOURCE_TOO_LARGE')
  assert.match(r.error.message, /1000/)
  assert.ok(r.error.hint.length > 0)
  assert.equal(called, false, 'the program did not run')
})

test('maxSourceBytes counts UTF-8 bytes, not characters', async (t) => {
  const cm = codeMode(t)
  // 600 characters, 1200 bytes
  assertFailed(await cm.run('return "' + 'é'.repeat(600) + '"', { limits: { maxSourceBytes: 1000 } }), 'SOURCE_TOO_LARGE')
})

test('maxSourceBytes: the default is 256 KiB', async (t) => {
  const cm = codeMode(t)
  assertValue(await cm.run('return 1 //' + 'x'.repeat(200 * 1024)), 1)
  assertFailed(await cm.run('return 1 //' + 'x'.repeat(257 * 1024)), 'SOURCE_TOO_LARGE')
})

// ---------------------------------------------------------------- limits are per run

test('limit breaches are per run: several breaches in parallel, each with its own code', async (t) => {
  const cm = codeMode(t, { tools: { tick: { execute: () => 1 } } })
  const { ms, value: results } = await timed(() =>
    Promise.all([
      cm.run('while (true) {}', { limits: { timeoutMs: 300 } }),
      cm.run('function f() { return f() } f()'),
      cm.run('for (;;) await tools.tick()', { limits: { maxToolCalls: 2 } }),
      cm.run('return "x".repeat(100)', { limits: { maxResultBytes: 10 } }),
      cm.run('return 1', { limits: { maxSourceBytes: 3 } }),
      cm.run('return "fine"'),
    ]),
  )
  assert.deepEqual(
    results.map((r) => r.error?.code ?? r.value),
    ['TIMEOUT', 'STACK_OVERFLOW', 'TOOL_CALL_LIMIT', 'RESULT_TOO_LARGE', 'SOURCE_TOO_LARGE', 'fine'],
  )
  assert.ok(ms < 3000, `took ${ms} ms`)
})
