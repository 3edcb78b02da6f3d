// Python: `run(code, { language: 'python' })` runs the program with monty in a worker process,
// every tool an awaitable function with a snake_case name.
import { test } from 'node:test'
import assert from 'node:assert/strict'

import { codeMode, assertFailed } from './helpers.mjs'
import { testServer } from './mcp-servers.mjs'

const weather = {
  name: 'getWeather',
  namespace: 'weather',
  description: 'Current weather for a city',
  inputSchema: {
    type: 'object',
    properties: { city: { type: 'string' }, days: { type: 'integer' } },
    required: ['city'],
  },
  execute: async ({ city, days }) => {
    await new Promise((r) => setTimeout(r, 20))
    return { city, tempC: city.length * 3, days: days ?? 1 }
  },
}
const broken = {
  name: 'broken',
  description: 'Always fails',
  execute: () => {
    throw new Error('the service is down')
  },
}
const tools = [weather, broken]

async function python(cm, code, options) {
  const r = await cm.run(code, { language: 'python', ...options })
  assert.equal(r.ok, true, `expected success, got ${JSON.stringify(r.error)}`)
  return r
}

test('asyncio.gather over a host tool and an MCP tool runs the calls in parallel', async (t) => {
  const cm = codeMode(t, { tools })
  await cm.connectMcp('test', testServer())
  const r = await python(
    cm,
    `import asyncio
a, b, c = await asyncio.gather(
    weather.get_weather(city="Oslo"),
    weather.get_weather(city="Lima"),
    test.echo(text="hi"),
)
[a["tempC"], b["tempC"], c]`,
  )
  assert.deepEqual(r.value.slice(0, 2), [12, 12])
  assert.match(JSON.stringify(r.value[2]), /hi/)
  assert.equal(r.toolCalls.length, 3)
  assert.deepEqual(
    r.toolCalls.map((c) => [c.namespace, c.tool, c.server ?? null]),
    [
      ['weather', 'getWeather', null],
      ['weather', 'getWeather', null],
      ['test', 'echo', 'test'],
    ],
  )
  // Started together: each call began before the first one ended.
  const firstEnd = Math.min(...r.toolCalls.map((c) => c.startMs + c.durationMs))
  assert.ok(r.toolCalls.every((c) => c.startMs < firstEnd), JSON.stringify(r.toolCalls))
})

test('a tool takes keyword arguments, one dict, or both', async (t) => {
  const cm = codeMode(t, { tools })
  const r = await python(
    cm,
    `a = await weather.get_weather(city="Oslo", days=2)
b = await weather.get_weather({"city": "Rome"})
c = await weather.get_weather({"city": "Bergen"}, days=3)
return [a, b, c]`,
  )
  assert.deepEqual(r.value, [
    { city: 'Oslo', tempC: 12, days: 2 },
    { city: 'Rome', tempC: 12, days: 1 },
    { city: 'Bergen', tempC: 18, days: 3 },
  ])
  assert.deepEqual(r.toolCalls[0].input, { city: 'Oslo', days: 2 })
})

test('a tool error and an invalid input are exceptions the program can catch', async (t) => {
  const cm = codeMode(t, { tools })
  const r = await python(
    cm,
    `caught = []
try:
    await broken()
except RuntimeError as e:
    caught.append(str(e))
try:
    await weather.get_weather(days=2)
except ValueError as e:
    caught.append(str(e))
caught`,
  )
  assert.match(r.value[0], /the service is down/)
  assert.match(r.value[1], /city/)
  assert.deepEqual(
    r.toolCalls.map((c) => c.ok),
    [false, false],
  )
})

test('an uncaught tool error fails the run with its Python type and line', async (t) => {
  const cm = codeMode(t, { tools })
  const r = await cm.run('x = 1\nawait broken()', { language: 'python' })
  assertFailed(r, 'UNCAUGHT_EXCEPTION')
  assert.equal(r.error.name, 'RuntimeError')
  assert.equal(r.error.line, 2)
  assert.match(r.error.message, /the service is down/)
})

test('print is captured as logs, in order, and streamed as events', async (t) => {
  const cm = codeMode(t, { tools })
  const events = []
  const r = await python(cm, 'print("hello", 42)\nfor i in range(2):\n    print(f"line {i}")\n"done"', {
    onEvent: (e) => events.push(e),
  })
  assert.equal(r.value, 'done')
  assert.deepEqual(
    r.logs.map((l) => [l.level, l.message]),
    [
      ['log', 'hello 42'],
      ['log', 'line 0'],
      ['log', 'line 1'],
    ],
  )
  assert.deepEqual(
    events.filter((e) => e.type === 'log').map((e) => e.message),
    ['hello 42', 'line 0', 'line 1'],
  )
})

test('a syntax error reports its line and column', async (t) => {
  const cm = codeMode(t, { tools })
  const r = await cm.run('x = 1\ndef f(:\n    pass', { language: 'python' })
  assertFailed(r, 'SYNTAX_ERROR')
  assert.equal(r.error.line, 2)
  assert.equal(r.error.column, 7)
})

test('the last expression is the result; a top-level return is accepted; None is no value', async (t) => {
  const cm = codeMode(t, { tools })
  assert.equal((await python(cm, 'x = 20\nx + 22')).value, 42)
  assert.deepEqual((await python(cm, 'x = {"a": (1, 2)}\nreturn x')).value, { a: [1, 2] })
  assert.equal((await python(cm, 'x = 1')).value, undefined)
})

test('no file system, environment or network: PermissionError', async (t) => {
  const cm = codeMode(t, { tools })
  for (const code of ['open("/etc/passwd").read()', 'import os\nos.getenv("HOME")', 'from pathlib import Path\nPath("/etc/hostname").read_text()']) {
    const r = await cm.run(code, { language: 'python' })
    assertFailed(r, 'UNCAUGHT_EXCEPTION')
    assert.equal(r.error.name, 'PermissionError', code)
  }
})

test('maxToolCalls ends the run', async (t) => {
  const cm = codeMode(t, { tools, limits: { maxToolCalls: 2 } })
  const r = await cm.run('for c in ["a", "b", "c"]:\n    await weather.get_weather(city=c)', { language: 'python' })
  assertFailed(r, 'TOOL_CALL_LIMIT')
  assert.equal(r.toolCalls.length, 2)
})

test('sessions keep their globals across runs', async (t) => {
  const cm = codeMode(t, { tools })
  const s = cm.session()
  t.after(() => s.close())
  await s.run('import asyncio\ncount = 1\ndef double(x):\n    return x * 2', { language: 'python' })
  const r = await s.run('count += 1\nw = await weather.get_weather(city="Oslo")\ndouble(count) + w["tempC"]', {
    language: 'python',
  })
  assert.equal(r.ok, true, JSON.stringify(r.error))
  assert.equal(r.value, 16)
  const again = await s.run('count', { language: 'python' })
  assert.equal(again.value, 2)
  // A one-shot run never sees a session's globals.
  assertFailed(await cm.run('count', { language: 'python' }), 'UNCAUGHT_EXCEPTION')
})

test('a session whose Python worker was killed at the deadline starts from fresh globals and says so', async (t) => {
  const cm = codeMode(t, { tools })
  const s = cm.session()
  t.after(() => s.close())
  await s.run('kept = 1', { language: 'python' })
  // One bigint multiply outlasts the interpreter's clock: the worker is killed.
  const stuck = await s.run('x = 3\nfor i in range(100):\n    x = x * x', { language: 'python', limits: { timeoutMs: 300 } })
  assertFailed(stuck, 'TIMEOUT')
  const next = await s.run('kept', { language: 'python' })
  assertFailed(next, 'UNCAUGHT_EXCEPTION')
  assert.equal(next.error.name, 'NameError')
  assert.match(next.warnings[0], /globals were reset/)
  const after = await s.run('1', { language: 'python' })
  assert.deepEqual(after.warnings, [])
})

test('a flood of print output stops at maxLogBytes with the truncation marker', async (t) => {
  const cm = codeMode(t, { tools, limits: { maxLogBytes: 2000 } })
  const r = await python(cm, 'for i in range(100_000):\n    print("line", i)\nprint("x" * 1_000_000)\n"done"')
  assert.equal(r.value, 'done')
  assert.ok(r.logs.length < 200, `${r.logs.length} log lines`)
  assert.match(r.logs.at(-1).message, /truncated/)
  assert.equal(r.logs[0].message, 'line 0')
})

test('a property that is not a Python identifier is a renamed keyword argument, sent under its own name', async (t) => {
  const odd = {
    name: 'search',
    inputSchema: {
      type: 'object',
      properties: { 'max-results': { type: 'integer' }, from: { type: 'string' } },
      required: ['max-results'],
    },
    execute: (input) => input,
  }
  const cm = codeMode(t, { tools: [odd] })
  assert.match(cm.declarations({ language: 'python' }), /async def search\(\*, max_results: int, from_: str \| None = None\)/)
  const r = await python(cm, 'await search(max_results=3, from_="2024")')
  assert.deepEqual(r.value, { 'max-results': 3, from: '2024' })
  // The property's own name in a dict works too.
  assert.deepEqual((await python(cm, 'await search({"max-results": 1})')).value, { 'max-results': 1 })
})
