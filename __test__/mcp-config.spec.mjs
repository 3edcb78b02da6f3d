// connectMcpServers with Claude Desktop's config format, read from a file as the CLI will.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

import { codeMode } from './helpers.mjs'
import { EVERYTHING, MEMORY, testServer } from './mcp-servers.mjs'

test('a config file with two servers connects both, each as its own namespace', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'codemode-config-'))
  const file = path.join(dir, 'claude_desktop_config.json')
  writeFileSync(file, JSON.stringify({
    mcpServers: {
      everything: { command: process.execPath, args: [EVERYTHING, 'stdio'] },
      memory: { command: process.execPath, args: [MEMORY], env: { MEMORY_FILE_PATH: path.join(dir, 'memory.jsonl') } },
    },
  }))
  const cm = codeMode(t)
  const infos = await cm.connectMcpServers(JSON.parse(readFileSync(file, 'utf8')))
  assert.deepEqual(infos.map((s) => [s.name, s.state]), [['everything', 'connected'], ['memory', 'connected']])
  assert.deepEqual(cm.mcpServers().map((s) => s.name).sort(), ['everything', 'memory'])
  const r = await cm.run(`
    const [echo, graph] = await Promise.all([tools.everything.echo({ message: 'both' }), tools.memory.read_graph({})])
    return { echo, entities: graph.entities.length }`)
  assert.deepEqual(r.value, { echo: 'Echo: both', entities: 0 })
  assert.deepEqual(new Set(r.toolCalls.map((c) => c.server)), new Set(['everything', 'memory']))
})

test('if one server of a config fails, the call rejects naming it and connects none', async (t) => {
  const cm = codeMode(t)
  await assert.rejects(
    cm.connectMcpServers({ mcpServers: { good: testServer(), broken: testServer('--crash-on-start') } }),
    (e) => {
      assert.equal(e.code, 'ERR_MCP_CONNECT')
      assert.match(e.message, /MCP server "broken"/)
      assert.doesNotMatch(e.message, /"good"/)
      return true
    },
  )
  assert.deepEqual(cm.mcpServers(), [])
  assert.equal(cm.toolCount, 0)
})

test('a malformed config is ERR_INVALID_OPTIONS with what is wrong', async (t) => {
  const cm = codeMode(t)
  await assert.rejects(cm.connectMcpServers({ servers: {} }), { code: 'ERR_INVALID_OPTIONS', message: /`mcpServers`/ })
  await assert.rejects(cm.connectMcpServers({ mcpServers: { x: { args: [] } } }), {
    code: 'ERR_INVALID_OPTIONS',
    message: /MCP server "x": the config needs `command`/,
  })
})

test('a closed CodeMode refuses to connect', async (t) => {
  const cm = codeMode(t)
  await cm.close()
  await assert.rejects(cm.connectMcp('late', testServer()), { code: 'ERR_CLOSED' })
  assert.deepEqual(cm.mcpServers(), [])
})
