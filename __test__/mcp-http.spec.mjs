// @modelcontextprotocol/server-everything over streamable HTTP (`node dist/index.js
// streamableHttp` on a free port), through rmcp's reqwest client (see mcp-everything-suite.mjs).
import { before, test } from 'node:test'
import assert from 'node:assert/strict'

import { CodeMode } from './helpers.mjs'

import { everythingSuite } from './mcp-everything-suite.mjs'
import { startEverythingHttp } from './mcp-servers.mjs'

let url
before(async (t) => {
  ;({ url } = await startEverythingHttp(t))
})

everythingSuite('http', async () => ({ url }))

test('an HTTP server that goes away fails the next call at once and is reconnected when it is back', async (t) => {
  const first = await startEverythingHttp(t)
  const cm = new CodeMode({ limits: { timeoutMs: 20_000 } })
  t.after(() => cm.close())
  await cm.connectMcp('everything', { url: first.url })
  first.child.kill('SIGKILL')
  await new Promise((resolve) => first.child.once('exit', resolve))
  const r = await cm.run(`try { await tools.everything.echo({ message: 'x' }) } catch (e) { return e.message }`)
  assert.ok(r.stats.durationMs < 5000, `failed after ${r.stats.durationMs} ms`)
  assert.match(r.value, /MCP server "everything"/)
  assert.equal(cm.mcpServers()[0].state, 'disconnected')

  await startEverythingHttp(t, Number(new URL(first.url).port))
  const events = []
  const again = await cm.run(`return await tools.everything.echo({ message: 'back' })`, { onEvent: (e) => events.push(e) })
  assert.equal(again.value, 'Echo: back', JSON.stringify(again.error))
  assert.deepEqual(events.filter((e) => e.type === 'mcp-server').map((e) => e.state), ['restarting', 'connected'])
  assert.equal(cm.mcpServers()[0].state, 'connected')
})
