// The checks run against @modelcontextprotocol/server-everything over each transport
// (mcp-stdio.spec.mjs, mcp-http.spec.mjs): listing, calls by every kind of name, result
// unwrapping, input validation, concurrency with host tools, progress and events.
import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'

import { CodeMode, sleep } from './helpers.mjs'

/** Registers the suite; `connect(t)` resolves with the config for `connectMcp`. */
export function everythingSuite(transport, config) {
  describe(`server-everything over ${transport}`, () => {
    let cm
    let info
    before(async () => {
      cm = new CodeMode({
        tools: [{ name: 'wait', namespace: 'host', execute: async ({ ms }) => (await sleep(ms), `waited ${ms}`) }],
      })
      info = await cm.connectMcp('everything', await config())
    })
    after(() => cm.close())

    test('connecting lists its tools and what the server said about itself', () => {
      assert.equal(info.state, 'connected')
      assert.equal(info.transport, transport)
      assert.equal(info.serverName, 'mcp-servers/everything')
      assert.ok(info.toolCount >= 10, `toolCount ${info.toolCount}`)
      assert.equal(cm.toolCount, info.toolCount + 1)
      assert.match(info.protocolVersion, /^\d{4}-\d\d-\d\d$/)
      assert.deepEqual(cm.mcpServers().map((s) => [s.name, s.state]), [['everything', 'connected']])
      const dts = cm.declarations()
      assert.match(dts, /everything: \{/)
      assert.match(dts, /get_sum: Tools\["everything"\]\["get-sum"\]/, "get-sum has an identifier alias")
      assert.match(dts, /"get-sum"/)
      // get-structured-content's outputSchema types its result.
      assert.match(dts, /temperature: number/)
      assert.match(cm.description({ maxChars: 100_000 }), /Server everything says: # Everything Server/)
    })

    test('echo answers with its text', async () => {
      const r = await cm.run(`return await tools.everything.echo({ message: 'hi from ${transport}' })`)
      assert.equal(r.ok, true, JSON.stringify(r.error))
      assert.equal(r.value, `Echo: hi from ${transport}`)
      assert.equal(r.toolCalls[0].server, 'everything')
      assert.equal(r.toolCalls[0].namespace, 'everything')
    })

    test('get-sum is reachable by its own name and by its alias', async () => {
      const r = await cm.run(`return [await tools.everything["get-sum"]({ a: 2, b: 3 }), await tools.everything.get_sum({ a: 4, b: 5 })]`)
      assert.deepEqual(r.value, ['The sum of 2 and 3 is 5.', 'The sum of 4 and 5 is 9.'])
    })

    test('structured content arrives as typed data', async () => {
      const r = await cm.run(`const w = await tools.everything["get-structured-content"]({ location: 'Chicago' })
        return { t: typeof w.temperature, c: typeof w.conditions, h: typeof w.humidity }`)
      assert.deepEqual(r.value, { t: 'number', c: 'string', h: 'number' })
    })

    test('an image result keeps its content blocks as data', async () => {
      const r = await cm.run(`return await tools.everything.get_tiny_image({})`)
      assert.equal(r.ok, true, JSON.stringify(r.error))
      const image = r.value.find((b) => b.type === 'image')
      assert.equal(image.mimeType, 'image/png')
      assert.ok(Buffer.from(image.data, 'base64').subarray(1, 4).toString() === 'PNG')
    })

    test('invalid arguments are a ToolInputError before the server is called', async () => {
      const r = await cm.run(`try { await tools.everything.get_sum({ a: 'two' }) } catch (e) {
        return { name: e.name, code: e.code, paths: e.issues.map((i) => i.path) } }`)
      assert.deepEqual(r.value, { name: 'ToolInputError', code: 'INVALID_INPUT', paths: ['input', 'input.a'] })
    })

    test('an MCP call and a host call run at the same time under Promise.all, with progress events', async () => {
      const events = []
      const r = await cm.run(
        `const [op, waited] = await Promise.all([
           tools.everything["trigger-long-running-operation"]({ duration: 0.6, steps: 3 }),
           tools.host.wait({ ms: 600 }),
         ])
         return { op: typeof op, waited }`,
        { onEvent: (e) => events.push(e) },
      )
      assert.equal(r.ok, true, JSON.stringify(r.error))
      assert.equal(r.value.waited, 'waited 600')
      const [mcp, host] = r.toolCalls
      assert.ok(mcp.startMs < host.startMs + host.durationMs && host.startMs < mcp.startMs + mcp.durationMs, 'the calls overlap')
      assert.ok(r.stats.durationMs < 1100, `both took ${r.stats.durationMs} ms, not one after the other`)
      const progress = events.filter((e) => e.type === 'tool-progress')
      // The last notification can race the call's answer on a loaded machine (seen once with a
      // load average of 9): the first two must arrive, in order; the third if it beat the answer.
      const expected = [1, 2, 3].map((n) => ['everything', 'trigger-long-running-operation', n, 3])
      const seen = progress.map((e) => [e.server, e.tool, e.progress, e.total])
      assert.ok(seen.length >= 2, JSON.stringify(seen))
      assert.deepEqual(seen, expected.slice(0, seen.length))
      assert.ok(progress.every((e) => e.id === mcp.id))
      const mcpEvents = events.filter((e) => e.type.startsWith('tool-') && e.namespace === 'everything')
      assert.ok(mcpEvents.length >= 2 + seen.length && mcpEvents.every((e) => e.server === 'everything'), JSON.stringify(mcpEvents))
      assert.equal(events.find((e) => e.type === 'tool-call' && e.namespace === 'host').server, undefined)
    })
  })
}
