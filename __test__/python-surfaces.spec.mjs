// Python through every surface: declarations and description as Python stubs, the CLI
// (`run --language python`, `.py` files), the HTTP API and its /runtimes, the MCP server and the
// AI SDK code tool.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import path from 'node:path'

import * as ai from 'ai'
import { MockLanguageModelV3 } from 'ai/test'
import { z } from 'zod'
import { createCodeTool } from 'quickjs-codemode/ai'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js'

import { codeMode } from './helpers.mjs'
import { CLI, cli, dirWith, startCli } from './cli-helpers.mjs'
import { codeCall, outputText, scriptedModel, toolResultIn } from './ai-sdk-scenarios.mjs'

const weather = {
  name: 'getWeather',
  namespace: 'weather',
  description: 'Current weather for a city',
  inputSchema: {
    type: 'object',
    properties: { city: { type: 'string', description: 'City name' }, days: { type: 'integer' } },
    required: ['city'],
  },
  outputSchema: {
    type: 'object',
    properties: { city: { type: 'string' }, tempC: { type: 'number', description: 'Celsius' } },
    required: ['city', 'tempC'],
  },
  execute: ({ city }) => ({ city, tempC: city.length * 3 }),
}

test('declarations({ language: "python" }) are stubs with the names a Python run uses', async (t) => {
  const cm = codeMode(t, { tools: [weather] })
  const stubs = cm.declarations({ language: 'python' })
  assert.match(stubs, /^from typing import/)
  assert.match(stubs, /class weather:\n {4}class GetWeatherOutput\(TypedDict\):\n {8}city: str\n {8}tempC: float {2}# Celsius\n {4}@staticmethod\n {4}async def get_weather/)
  assert.match(stubs, /async def get_weather\(\*, city: str, days: int \| None = None\) -> GetWeatherOutput:\n {8}"""Current weather for a city"""/)
  assert.match(cm.declarations(), /getWeather/) // TypeScript stays the default
  // Models read the stubs as Python: if python3 is here, they parse.
  const parsed = spawnSync('python3', ['-c', 'import ast, sys; ast.parse(sys.stdin.read())'], { input: stubs, encoding: 'utf8' })
  if (!parsed.error) assert.equal(parsed.status, 0, parsed.stderr)
  assert.throws(() => cm.declarations({ language: 'ruby' }), { code: 'ERR_INVALID_OPTIONS' })
  assert.throws(() => cm.declarations({ lang: 'python' }), { code: 'ERR_INVALID_OPTIONS' })
  // The stubs' names are the runtime's.
  const r = await cm.run('(await weather.get_weather(city="Oslo"))["tempC"]', { language: 'python' })
  assert.equal(r.value, 12)
})

test('description({ language: "python" }) explains awaitable tools and fits its budget', async (t) => {
  const many = Array.from({ length: 40 }, (_, i) => ({ ...weather, name: `getWeather${i}` }))
  const cm = codeMode(t, { tools: many })
  const full = cm.description({ language: 'python', maxChars: 100_000 })
  assert.match(full, /Every tool is an async function/)
  assert.match(full, /asyncio\.gather/)
  assert.match(full, /async def get_weather39/)
  for (const maxChars of [300, 1000, 4000]) {
    const text = cm.description({ language: 'python', maxChars })
    assert.ok(text.length <= maxChars, `${text.length} > ${maxChars}`)
  }
  const budgeted = cm.description({ language: 'python', maxChars: 4000 })
  assert.match(budgeted, /\d+ more tools, not shown above \(call them the same way\): weather\.get_weather\d+, /)
  // Every tool is named or counted.
  const named = [...budgeted.matchAll(/get_weather(\d+)/g)].map((m) => Number(m[1]))
  const counted = Number(budgeted.match(/and (\d+) more\./)?.[1] ?? 0)
  assert.equal(new Set(named).size + counted, 40)
})

const TOOLS = `export default [{
  name: 'add',
  description: 'Adds two numbers',
  inputSchema: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } }, required: ['a', 'b'] },
  execute: ({ a, b }) => a + b,
}]
`

test('CLI: run --language python and .py files; description --language python', async () => {
  const cwd = dirWith('python-cli', { 'tools.mjs': TOOLS })
  const r = await cli(['run', '-', '--language', 'python', '--tools', './tools.mjs', '--json'], {
    cwd,
    stdin: 'print("adding")\nawait add(a=40, b=2)\n',
  })
  assert.equal(r.status, 0, r.stderr)
  const result = JSON.parse(r.stdout)
  assert.equal(result.value, 42)
  assert.equal(result.logs[0].message, 'adding')
  writeFileSync(path.join(cwd, 'prog.py'), 'x = await add({"a": 1, "b": 1})\nreturn x * 10\n')
  const file = await cli(['run', 'prog.py', '--tools', './tools.mjs', '--json'], { cwd })
  assert.equal(JSON.parse(file.stdout).value, 20)
  const d = await cli(['description', '--language', 'python', '--tools', './tools.mjs'], { cwd })
  assert.match(d.stdout, /async def add\(\*, a: float, b: float\)/)
})

test('serve: /execute runs Python and /runtimes lists it', async (t) => {
  const cwd = dirWith('python-serve', { 'tools.mjs': TOOLS })
  const { url } = await startCli(t, ['serve', '--port', '0', '--tools', './tools.mjs'], { cwd })
  const res = await fetch(`${url}/execute`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: 'await add(a=2, b=3)', language: 'python' }),
  })
  assert.equal(res.status, 200)
  assert.equal((await res.json()).value, 5)
  const runtimes = await (await fetch(`${url}/runtimes`)).json()
  assert.ok(runtimes.languages.includes('python'))
})

test('mcp --language python: execute_code takes Python', async (t) => {
  const cwd = dirWith('python-mcp', { 'tools.mjs': TOOLS })
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, 'mcp', '--language', 'python', '--tools', './tools.mjs'],
    cwd,
    stderr: 'pipe',
  })
  const client = new Client({ name: 'python-spec', version: '1.0.0' })
  await client.connect(transport)
  t.after(() => client.close())
  const { tools } = await client.listTools()
  const execute = tools.find((x) => x.name === 'execute_code')
  assert.match(execute.description, /async def add/)
  assert.match(execute.inputSchema.properties.code.description, /Python program/)
  const r = await client.callTool({ name: 'execute_code', arguments: { code: 'await add(a=40, b=2)' } })
  assert.equal(r.isError, false)
  assert.equal(r.structuredContent.value, 42)
})

test('the AI SDK code tool with language: "python"', async () => {
  const tools = {
    getWeather: ai.tool({
      description: 'Current weather for a city',
      inputSchema: z.object({ city: z.string() }),
      execute: async ({ city }) => ({ city, tempC: city === 'Oslo' ? 4 : 21 }),
    }),
  }
  const code = createCodeTool({ tools, language: 'python' })
  assert.match(code.description, /async def get_weather\(\*, city: str\)/)
  assert.match(code.inputSchema.jsonSchema.properties.code.description, /Python program/)
  const program = 'import asyncio\nrs = await asyncio.gather(*[get_weather(city=c) for c in ["Oslo", "Lima"]])\n[r["tempC"] for r in rs]'
  const { model, calls } = scriptedModel(MockLanguageModelV3, [() => [codeCall(program)]])
  const result = await ai.generateText({ model, tools: { code }, stopWhen: ai.stepCountIs(3), prompt: 'Weather?' })
  assert.equal(result.text, 'done')
  assert.match(outputText(toolResultIn(calls[1].prompt, 'outer-1')), /4,\s*21/)
})
