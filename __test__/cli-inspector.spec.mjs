// The MCP Inspector's CLI (`@modelcontextprotocol/inspector-cli`), a second real MCP client beside
// the SDK's, drives `quickjs-codemode mcp` over stdio and over streamable HTTP: it lists the tools
// and calls execute_code with a Promise.all program across two tools of a downstream
// server-everything.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'

import { CLI, startCli } from './cli-helpers.mjs'
import { ROOT } from './helpers.mjs'
import { everythingStdio } from './mcp-servers.mjs'

const require = createRequire(import.meta.url)
const INSPECTOR = path.join(
  path.dirname(require.resolve('@modelcontextprotocol/inspector-cli/package.json')),
  'build',
  'index.js',
)

const PARALLEL = `const [echo, sum] = await Promise.all([
  tools.everything.echo({ message: 'from the inspector' }),
  tools.everything['get-sum']({ a: 40, b: 2 }),
])
return { echo, sum }`

function config() {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'codemode-inspector-')), 'mcp.json')
  writeFileSync(file, JSON.stringify({ mcpServers: { everything: everythingStdio() } }))
  return file
}

/**
 * Runs the inspector's CLI and parses the JSON it prints. Its 1.0.3 build looks for its own
 * package.json with a path relative to the working directory but imports it relative to itself,
 * so it runs from a folder whose parent has a package.json (`__test__/`, below the repository).
 */
async function inspector(args) {
  const { stdout } = await promisify(execFile)(process.execPath, [INSPECTOR, ...args], {
    cwd: path.join(ROOT, '__test__'),
    timeout: 60_000,
    maxBuffer: 16 * 1024 * 1024,
  })
  return JSON.parse(stdout)
}

const callArgs = ['--method', 'tools/call', '--tool-name', 'execute_code', '--tool-arg', `code=${PARALLEL}`]

function assertParallelRun(r) {
  assert.equal(r.isError, false, JSON.stringify(r))
  assert.equal(r.structuredContent.ok, true)
  assert.equal(r.structuredContent.value.echo, 'Echo: from the inspector')
  assert.match(JSON.stringify(r.structuredContent.value.sum), /42/)
  assert.deepEqual(r.structuredContent.toolCalls.map((c) => c.tool).sort(), ['echo', 'get-sum'])
  assert.match(r.content[0].text, /"echo": "Echo: from the inspector"/)
}

test('the inspector CLI lists the tools and runs Promise.all across two downstream tools over stdio', async () => {
  const file = config()
  const server = [process.execPath, CLI, 'mcp', '--mcp', file]
  const listed = await inspector([...server, '--method', 'tools/list'])
  assert.deepEqual(
    listed.tools.map((x) => x.name),
    ['execute_code', 'search_tools'],
  )
  assert.match(listed.tools[0].description, /everything/)
  assertParallelRun(await inspector([...server, ...callArgs]))
})

test('the inspector CLI does the same over streamable HTTP', async (t) => {
  const { url } = await startCli(t, ['mcp', '--http', '127.0.0.1:0', '--mcp', config()])
  const endpoint = url.endsWith('/mcp') ? url : `${url}/mcp`
  const listed = await inspector([endpoint, '--transport', 'http', '--method', 'tools/list'])
  assert.deepEqual(
    listed.tools.map((x) => x.name),
    ['execute_code', 'search_tools'],
  )
  assertParallelRun(await inspector([endpoint, '--transport', 'http', ...callArgs]))
})
