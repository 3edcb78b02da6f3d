// `quickjs-codemode mcp`: the official MCP TypeScript SDK client spawns the CLI over stdio with a
// downstream server-everything, lists the tools, runs a Promise.all program across two of its
// tools, searches, and gets progress; a tools module's stdout never reaches the JSON-RPC stream.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js'
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js'

import { ROOT } from './helpers.mjs'
import { EVERYTHING, TEST_SERVER, alive, childrenOf, waitGone } from './mcp-servers.mjs'

const CLI = path.join(ROOT, 'js', 'cli.js')

function everythingConfig() {
  const dir = mkdtempSync(path.join(tmpdir(), 'codemode-cli-mcp-'))
  const file = path.join(dir, 'mcp.json')
  writeFileSync(
    file,
    JSON.stringify({ mcpServers: { everything: { command: process.execPath, args: [EVERYTHING, 'stdio'] } } }),
  )
  return { dir, file }
}

async function connect(t, args) {
  const transport = new StdioClientTransport({ command: process.execPath, args: [CLI, 'mcp', ...args], stderr: 'pipe' })
  let stderr = ''
  transport.stderr?.setEncoding('utf8').on('data', (d) => (stderr += d))
  const client = new Client({ name: 'cli-mcp-spec', version: '1.0.0' })
  await client.connect(transport)
  t.after(() => client.close())
  return { client, transport, stderr: () => stderr }
}

const PARALLEL = `const [echo, sum] = await Promise.all([
  tools.everything.echo({ message: 'over mcp' }),
  tools.everything['get-sum']({ a: 20, b: 22 }),
])
return { echo, sum }`

test('an SDK client lists execute_code and search_tools and runs Promise.all across two downstream tools', async (t) => {
  const { file } = everythingConfig()
  const { client } = await connect(t, ['--mcp', file])
  assert.deepEqual(client.getServerCapabilities().tools, { listChanged: true })
  const { tools } = await client.listTools()
  assert.deepEqual(
    tools.map((x) => x.name),
    ['execute_code', 'search_tools'],
  )
  const execute = tools[0]
  assert.deepEqual(execute.inputSchema.required, ['code'])
  assert.match(execute.description, /everything/)

  const progress = []
  const r = await client.callTool({ name: 'execute_code', arguments: { code: PARALLEL } }, undefined, {
    onprogress: (p) => progress.push(p.message),
  })
  assert.equal(r.isError, false)
  assert.equal(r.structuredContent.ok, true)
  assert.equal(r.structuredContent.value.echo, 'Echo: over mcp')
  assert.match(JSON.stringify(r.structuredContent.value.sum), /42/)
  assert.deepEqual(r.structuredContent.toolCalls.map((c) => c.tool).sort(), ['echo', 'get-sum'])
  assert.match(r.content[0].text, /"echo": "Echo: over mcp"/)
  // Progress sent after the answer is dropped by the client, so only the first calls are sure to arrive.
  assert.ok(
    progress.some((m) => /^tools\.everything\.(echo|get-sum) called$/.test(m)),
    JSON.stringify(progress),
  )

  const found = await client.callTool({ name: 'search_tools', arguments: { query: 'add two numbers sum', limit: 3 } })
  assert.equal(found.structuredContent.tools[0].name, 'get-sum', found.content[0].text)
  assert.equal(found.structuredContent.tools[0].path, 'tools.everything.get_sum')
})

test('a failing program is isError with the formatted error and the RunResult', async (t) => {
  const { client } = await connect(t, [])
  const code = 'const user = {}\nreturn user.profile.name'
  const r = await client.callTool({ name: 'execute_code', arguments: { code } })
  assert.equal(r.isError, true)
  assert.equal(r.structuredContent.error.code, 'UNCAUGHT_EXCEPTION')
  assert.match(r.content[0].text, /> 2 \| return user\.profile\.name/)
})

test("a tools module's console.log goes to stderr, not into the JSON-RPC stream", async (t) => {
  const { dir } = everythingConfig()
  const tools = path.join(dir, 'noisy.mjs')
  writeFileSync(
    tools,
    `console.log('loading noisy tools')
process.stdout.write('raw write\\n')
export default [{ name: 'shout', execute: ({ text }) => { console.log('shouting', text); return text.toUpperCase() } }]
`,
  )
  const { client, stderr } = await connect(t, ['--tools', tools])
  const r = await client.callTool({ name: 'execute_code', arguments: { code: 'return tools.shout({ text: "hi" })' } })
  assert.equal(r.structuredContent.value, 'HI')
  assert.match(stderr(), /loading noisy tools/)
  assert.match(stderr(), /raw write/)
  assert.match(stderr(), /shouting hi/)
})

test("a downstream server's tools/list_changed reaches the client as list_changed with the new tool", async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'codemode-cli-mcp-'))
  const file = path.join(dir, 'mcp.json')
  writeFileSync(file, JSON.stringify({ mcpServers: { test: { command: process.execPath, args: [TEST_SERVER] } } }))
  const { client } = await connect(t, ['--mcp', file, '--max-chars', '20000'])
  const before = (await client.listTools()).tools[0].description
  assert.doesNotMatch(before, /fresh_tool/)
  let changes = 0
  client.setNotificationHandler(ToolListChangedNotificationSchema, () => (changes += 1))
  const r = await client.callTool({
    name: 'execute_code',
    arguments: { code: 'return tools.test["add-tool"]({ name: "fresh_tool" })' },
  })
  assert.equal(r.structuredContent.value, 'added fresh_tool')
  let description = before
  for (let i = 0; i < 100 && !/fresh_tool/.test(description); i++) {
    await new Promise((resolve) => setTimeout(resolve, 100))
    if (changes > 0) description = (await client.listTools()).tools[0].description
  }
  assert.ok(changes >= 1, 'a list_changed notification arrived')
  assert.match(description, /fresh_tool/)
})

test('when the client goes, the server closes its downstream servers and exits: no orphans', async (t) => {
  const { file } = everythingConfig()
  const { client, transport } = await connect(t, ['--mcp', file])
  const pid = transport.pid
  const downstream = childrenOf(pid)
  assert.ok(downstream.length >= 1, 'server-everything runs as a child')
  await client.close()
  assert.deepEqual(await waitGone([pid, ...downstream]), [])
  assert.equal(alive(pid), false)
})
