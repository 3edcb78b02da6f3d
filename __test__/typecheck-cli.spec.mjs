// --typecheck on the command line (issue 17): `run`, the HTTP API (server default and per
// request) and the MCP server (its description says programs are checked).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'

import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js'

import { CLI, cli, dirWith, startCli } from './cli-helpers.mjs'


const TOOLS = `export default [{
  name: 'add',
  description: 'Adds two numbers',
  inputSchema: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } }, required: ['a', 'b'] },
  outputSchema: { type: 'number' },
  execute: ({ a, b }) => { console.error('add called'); return a + b },
}]
`
const WRONG = 'const sum = await tools.add({ a: 1, c: 2 })\nreturn sum'

const toolsDir = () => dirWith('typecheck-cli', { 'tools.mjs': TOOLS })


test('run --typecheck strict refuses a program with a type error before any tool runs', async () => {
  const cwd = toolsDir()
  const r = await cli(['run', '-', '--tools', './tools.mjs', '--typecheck', 'strict', '--json'], { stdin: WRONG, cwd })
  assert.equal(r.status, 1, r.stderr)
  const result = JSON.parse(r.stdout)
  assert.equal(result.error.code, 'TYPE_ERROR')
  assert.equal(result.error.diagnostics[0].line, 1)
  assert.match(result.error.message, /'c' does not exist in type '\{ a: number; b: number; \}'/)
  assert.doesNotMatch(r.stderr, /add called/)

  const human = await cli(['run', '-', '--tools', './tools.mjs', '--typecheck', 'strict'], { stdin: WRONG, cwd })
  assert.equal(human.status, 1)
  assert.match(human.stdout + human.stderr, /TYPE_ERROR|TypeCheckError/)

  const warned = await cli(['run', '-', '--tools', './tools.mjs', '--typecheck', 'warn', '--json'], {
    stdin: 'const sum: number = await tools.add({ a: 1, b: 2 })\nreturn sum.toFixed(1).lenght',
    cwd,
  })
  assert.equal(warned.status, 0, warned.stderr)
  assert.match(JSON.parse(warned.stdout).warnings[0], /Did you mean 'length'\?/)

  const bad = await cli(['run', '-', '--typecheck', 'loud'], { stdin: 'return 1', cwd })
  assert.equal(bad.status, 2)
  assert.match(bad.stderr, /--typecheck must be off, warn or strict; got loud/)
})

test('serve --typecheck strict: /execute refuses type errors; a request may set typecheck', async (t) => {
  const cwd = toolsDir()
  const { url } = await startCli(t, ['serve', '--tools', './tools.mjs', '--port', '0', '--typecheck', 'strict'], { cwd })
  const execute = async (body) =>
    (await fetch(`${url}/execute`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json()
  assert.equal((await execute({ code: WRONG })).error.code, 'TYPE_ERROR')
  const unchecked = await execute({ code: WRONG, typecheck: 'off' })
  // Unchecked, it runs: the tool's input validation refuses it at run time instead.
  assert.equal(unchecked.error.name, 'ToolInputError', JSON.stringify(unchecked.error))
  const bad = await fetch(`${url}/execute`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: '1', typecheck: 'yes' }) })
  assert.equal(bad.status, 400)
  assert.match((await bad.json()).message, /`typecheck` must be "off", "warn" or "strict"/)
  const openapi = await (await fetch(`${url}/openapi.json`)).json()
  assert.deepEqual(openapi.components.schemas.Execute.properties.typecheck.enum, ['off', 'warn', 'strict'])
})

test('mcp --typecheck strict: execute_code says so in its description and refuses type errors', async (t) => {
  const cwd = toolsDir()
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, 'mcp', '--tools', path.join(cwd, 'tools.mjs'), '--typecheck', 'strict'],
    stderr: 'pipe',
  })
  const client = new Client({ name: 'typecheck-cli-spec', version: '1.0.0' })
  await client.connect(transport)
  t.after(() => client.close())
  const { tools } = await client.listTools()
  const executeCode = tools.find((tool) => tool.name === 'execute_code')
  assert.match(executeCode.description, /type-checked .* before it runs/)
  const r = await client.callTool({ name: 'execute_code', arguments: { code: WRONG } })
  assert.equal(r.isError, true)
  assert.match(r.content[0].text, /'c' does not exist in type/)
  assert.equal(r.structuredContent.error.code, 'TYPE_ERROR')
})
