// MCP servers that misbehave, with the small SDK server of mcp-test-server.mjs: exiting or
// hanging mid-call, changing their tool list, paginating, sending progress; connect failures
// that name the server and the cause; an old protocol version.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createServer } from 'node:http'

import { codeMode, sleep } from './helpers.mjs'
import { testServer, freePort } from './mcp-servers.mjs'

test('tools/list is followed through every page, and a broken schema costs only that tool its validation', async (t) => {
  const cm = codeMode(t)
  const info = await cm.connectMcp('test', testServer())
  assert.equal(info.toolCount, 8, 'eight tools over four pages of two')
  assert.equal(info.serverName, 'test-server')
  assert.equal(info.warnings.length, 1)
  assert.match(info.warnings[0], /test\.broken .*without input validation/)
  const r = await cm.run(`return await tools.test.broken({ x: 'anything' })`)
  assert.equal(r.value, 'called broken')
  assert.match(cm.description(), /Server test says: Call echo before anything else\./)
})

test('a server that exits mid-call fails that call at once, is reported, and restarts on the next call', async (t) => {
  const cm = codeMode(t, { limits: { timeoutMs: 20_000 } })
  const { pid } = await cm.connectMcp('test', testServer())
  const r = await cm.run(`try { await tools.test["exit-now"]({}) } catch (e) { return { name: e.name, code: e.code, message: e.message } }`)
  assert.ok(r.stats.durationMs < 3000, `the call failed after ${r.stats.durationMs} ms, not at the run's timeout`)
  assert.equal(r.value.name, 'ToolError')
  assert.equal(r.value.code, 'TOOL_FAILED')
  assert.match(r.value.message, /MCP server "test" disconnected during the call to exit-now/)
  assert.match(r.value.message, /exiting mid-call on purpose/, 'with the stderr tail')
  const [status] = cm.mcpServers()
  assert.equal(status.state, 'disconnected')
  assert.match(status.error, /exited/)

  const events = []
  const again = await cm.run(`return await tools.test.echo({ text: 'back' })`, { onEvent: (e) => events.push(e) })
  assert.equal(again.value, 'echo: back')
  assert.deepEqual(events.filter((e) => e.type === 'mcp-server').map((e) => [e.server, e.state]), [
    ['test', 'restarting'],
    ['test', 'connected'],
  ])
  const restarted = cm.mcpServers()[0]
  assert.equal(restarted.state, 'connected')
  assert.notEqual(restarted.pid, pid)
})

test('a server that hangs mid-call fails the call at its timeoutMs and receives the cancellation', async (t) => {
  const cm = codeMode(t, { limits: { timeoutMs: 20_000 } })
  // timeoutMs bounds the handshake too: long enough for a node process to start on a busy machine.
  await cm.connectMcp('test', { ...testServer(), timeoutMs: 3000 })
  const r = await cm.run(`try { await tools.test.hang({}) } catch (e) { return e.message }`)
  assert.ok(r.stats.durationMs >= 2900 && r.stats.durationMs < 6000, `${r.stats.durationMs} ms`)
  assert.match(r.value, /MCP server "test" did not answer the call to hang within 3000 ms .*cancelled/)
  const seen = await cm.run(`return await tools.test.cancellations({})`)
  assert.equal(seen.value.count, 1, 'the server got notifications/cancelled')
  assert.equal(cm.mcpServers()[0].state, 'connected', 'a slow call does not disconnect the server')
})

test('aborting a run and the end of a run send the server a cancellation', async (t) => {
  const cm = codeMode(t)
  await cm.connectMcp('test', testServer())
  const controller = new AbortController()
  const pending = cm.run(`await tools.test.hang({})`, { signal: controller.signal })
  setTimeout(() => controller.abort(), 200)
  await assert.rejects(pending, { name: 'AbortError' })
  const ended = await cm.run(`tools.test.hang({}); await new Promise((r) => setTimeout(r, 100)); return 'left it pending'`)
  assert.equal(ended.value, 'left it pending')
  let count = 0
  for (let i = 0; i < 40 && count < 2; i++) {
    await sleep(50)
    count = (await cm.run(`return await tools.test.cancellations({})`)).value.count
  }
  assert.equal(count, 2)
})

test('tools/list_changed refreshes the namespace for the next run; a run in flight keeps its tools', async (t) => {
  const cm = codeMode(t)
  await cm.connectMcp('test', testServer())
  const r = await cm.run(`const before = typeof tools.test.fresh
    await tools.test["add-tool"]({ name: 'fresh' })
    await new Promise((resolve) => setTimeout(resolve, 300))
    return { before, after: typeof tools.test.fresh }`)
  assert.deepEqual(r.value, { before: 'undefined', after: 'undefined' })
  let count = 0
  for (let i = 0; i < 50 && count !== 9; i++) {
    count = cm.mcpServers()[0].toolCount
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  assert.equal(count, 9)
  const next = await cm.run(`return await tools.test.fresh({})`)
  assert.equal(next.value, 'called fresh')
  assert.match(cm.declarations(), /fresh\(/)
})

test('connect failures reject with the server name and the cause', async (t) => {
  const cm = codeMode(t)
  await assert.rejects(cm.connectMcp('nope', { command: 'no-such-command-xyz' }), {
    code: 'ERR_MCP_CONNECT',
    message: /MCP server "nope": could not start `no-such-command-xyz`: command not found/,
  })
  await assert.rejects(cm.connectMcp('crashy', testServer('--crash-on-start')), (e) => {
    assert.equal(e.code, 'ERR_MCP_CONNECT')
    assert.match(e.message, /MCP server "crashy"/)
    assert.match(e.message, /missing API key, giving up/, 'the stderr tail')
    return true
  })
  await assert.rejects(cm.connectMcp('silent', { command: process.execPath, args: ['-e', 'setInterval(() => {}, 1000)'], timeoutMs: 300 }), {
    message: /MCP server "silent" .*did not complete the MCP handshake within 300 ms/,
  })
  const port = await freePort()
  await assert.rejects(cm.connectMcp('down', { url: `http://127.0.0.1:${port}/mcp`, timeoutMs: 3000 }), (e) => {
    assert.equal(e.code, 'ERR_MCP_CONNECT')
    assert.ok(e.message.startsWith(`MCP server "down" (http://127.0.0.1:${port}/mcp): could not connect: `), e.message)
    assert.doesNotMatch(e.message, /rmcp::/, 'no Rust type names')
    return true
  })
  await assert.rejects(cm.connectMcp('bad', { url: 'not a url' }), { code: 'ERR_INVALID_OPTIONS', message: /MCP server "bad": `url` is not a valid URL/ })
  await assert.rejects(cm.connectMcp('both', { command: 'x', url: 'http://a' }), { code: 'ERR_INVALID_OPTIONS' })
  assert.deepEqual(cm.mcpServers(), [])
  assert.equal(cm.toolCount, 0)
})

test('an HTTP 401 rejects the connect with a message that says so', async (t) => {
  const server = createServer((req, res) => {
    res.writeHead(401, { 'www-authenticate': 'Bearer realm="test"', 'content-type': 'application/json' })
    res.end(JSON.stringify({ error: 'unauthorized' }))
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.after(() => server.close())
  const cm = codeMode(t)
  const url = `http://127.0.0.1:${server.address().port}/mcp`
  await assert.rejects(cm.connectMcp('secured', { url, headers: { Authorization: 'Bearer wrong' } }), (e) => {
    assert.equal(e.code, 'ERR_MCP_CONNECT')
    assert.match(e.message, /MCP server "secured"/)
    assert.match(e.message, /the server answered 401 Unauthorized; give the credentials it needs in `headers`/)
    return true
  })
})

test('a server that speaks protocol 2024-11-05 works through version negotiation', async (t) => {
  const cm = codeMode(t)
  const info = await cm.connectMcp('old', testServer('--raw-2024'))
  assert.equal(info.protocolVersion, '2024-11-05')
  const r = await cm.run(`return await tools.old.echo({ text: 'hello' })`)
  assert.equal(r.value, 'old echo: hello')
})

test('progress notifications of the server become tool-progress events', async (t) => {
  const cm = codeMode(t)
  await cm.connectMcp('test', testServer())
  const events = []
  const r = await cm.run(`return await tools.test.slow({ ms: 10 })`, { onEvent: (e) => events.push(e) })
  assert.equal(r.value, 'done')
  const progress = events.filter((e) => e.type === 'tool-progress')
  assert.deepEqual(progress.map((e) => [e.progress, e.total, e.message]), [[1, 3, 'step 1'], [2, 3, 'step 2'], [3, 3, 'step 3']])
  assert.ok(progress.every((e) => e.server === 'test' && e.tool === 'slow' && e.id === r.toolCalls[0].id))
})

test('an isError result is a catchable ToolError carrying the server text', async (t) => {
  const cm = codeMode(t)
  await cm.connectMcp('test', testServer())
  const r = await cm.run(`try { await tools.test.fail({ why: 'disk full' }) } catch (e) {
    return { name: e.name, code: e.code, tool: e.tool, message: e.message } }`)
  assert.deepEqual(r.value, { name: 'ToolError', code: 'TOOL_FAILED', tool: 'test.fail', message: 'it went wrong: disk full' })
  assert.equal(r.toolCalls[0].ok, false)
  assert.equal(r.toolCalls[0].error, 'it went wrong: disk full')
})
