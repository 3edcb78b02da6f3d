// `quickjs-codemode serve`, started by the tests and talked to with fetch: every endpoint, SSE
// parsed event by event, bad requests, Host/Origin/token rejections, the body limit, 429 under a
// bounded burst, SIGTERM with a run in flight; and the MCP endpoint with the official SDK client.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import path from 'node:path'

import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'

import { CLI, dirWith, startCli } from './cli-helpers.mjs'
import { EVERYTHING, childrenOf, waitGone } from './mcp-servers.mjs'

const TOOLS = `export default [{
  name: 'add',
  description: 'Adds two numbers',
  inputSchema: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } }, required: ['a', 'b'] },
  execute: ({ a, b }) => a + b,
}]
`

const tempDir = () => dirWith('serve')

/** Starts the CLI with `args` in a folder holding tools.mjs; resolves `{ url, child, exited, stderr }`. */
const start = (t, args, { env } = {}) => startCli(t, args, { cwd: dirWith('serve', { 'tools.mjs': TOOLS }), env })

const post = (url, body, headers = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })

/** The events of an SSE response, parsed one by one as they arrive. */
async function* sseEvents(response) {
  const decoder = new TextDecoder()
  let buffer = ''
  for await (const chunk of response.body) {
    buffer += decoder.decode(chunk, { stream: true })
    let end
    while ((end = buffer.indexOf('\n\n')) !== -1) {
      const block = buffer.slice(0, end)
      buffer = buffer.slice(end + 2)
      const type = /^event: (.*)$/m.exec(block)?.[1]
      const data = /^data: (.*)$/m.exec(block)?.[1]
      yield { type, data: JSON.parse(data) }
    }
  }
}

test('every endpoint answers: health, runtimes, openapi, introspect, execute, execute/stream (SSE)', async (t) => {
  const { url } = await start(t, ['serve', '--port', '0', '--tools', './tools.mjs'])
  const health = await (await fetch(`${url}/health`)).json()
  assert.equal(health.ok, true)
  const runtimes = await (await fetch(`${url}/runtimes`)).json()
  assert.deepEqual(runtimes.languages, ['typescript', 'javascript', 'bash', 'python'])
  const openapi = await (await fetch(`${url}/openapi.json`)).json()
  assert.equal(openapi.openapi, '3.1.0')
  assert.ok(openapi.paths['/execute'].post)
  const introspect = await (await fetch(`${url}/introspect`)).json()
  assert.match(introspect.declarations, /add\(input: \{ a: number; b: number \}\)/)
  assert.match(introspect.description, /add/)
  assert.deepEqual(
    introspect.tools.map((x) => x.path),
    ['tools.add'],
  )

  const response = await post(`${url}/execute`, {
    code: 'const n: number = await tools.add({ a: 2, b: 3 }); return n * 2',
  })
  assert.equal(response.status, 200)
  const result = await response.json()
  assert.equal(result.ok, true)
  assert.equal(result.value, 10)
  assert.equal(result.toolCalls[0].tool, 'add')
  const failed = await (await post(`${url}/execute`, { code: 'throw new Error("nope")' })).json()
  assert.equal(failed.ok, false)
  assert.equal(failed.error.code, 'UNCAUGHT_EXCEPTION')

  const stream = await post(`${url}/execute/stream`, {
    code: 'console.log("first"); const s = await tools.add({ a: 1, b: 1 }); return s',
  })
  assert.equal(stream.headers.get('content-type'), 'text/event-stream')
  const events = []
  for await (const event of sseEvents(stream)) events.push(event)
  assert.deepEqual(
    events.map((e) => e.type),
    ['log', 'tool-call', 'tool-result', 'result'],
  )
  assert.equal(events[0].data.message, 'first')
  assert.deepEqual(events[1].data.input, { a: 1, b: 1 })
  assert.equal(events[2].data.output, 2)
  assert.equal(events[3].data.result.value, 2)
  assert.match(events[3].data.text, /^Result: 2/)
})

test('bad requests are 400 with a JSON error that says what is wrong; a per-request limit is capped', async (t) => {
  const { url } = await start(t, ['serve', '--port', '0', '--timeout', '300'])
  const cases = [
    ['{not json', /not valid JSON/],
    [{ program: 'x' }, /`code` must be a string/],
    [{ code: '1', extra: true }, /Unknown field `extra`/],
    [{ code: '1', limits: { maxStackBytes: 1 } }, /`limits\.maxStackBytes` cannot be set per request/],
    [{ code: '1', limits: { timeoutMs: 'soon' } }, /`limits\.timeoutMs` must be a non-negative number/],
  ]
  for (const [body, message] of cases) {
    const response = await post(`${url}/execute`, body)
    assert.equal(response.status, 400, JSON.stringify(body))
    const error = await response.json()
    assert.ok(['BAD_REQUEST', 'BAD_JSON'].includes(error.error))
    assert.match(error.message, message)
  }
  assert.equal((await fetch(`${url}/nowhere`)).status, 404)
  // The server's 300 ms caps a request asking for a minute.
  const capped = await (await post(`${url}/execute`, { code: 'while (true) {}', limits: { timeoutMs: 60_000 } })).json()
  assert.equal(capped.error.code, 'TIMEOUT')
  assert.ok(capped.stats.durationMs < 5_000, String(capped.stats.durationMs))
})

test('a token is required when set, and binding beyond loopback without one is refused', async (t) => {
  const refused = spawn(process.execPath, [CLI, 'serve', '--host', '0.0.0.0', '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let text = ''
  refused.stderr.setEncoding('utf8').on('data', (d) => (text += d))
  const code = await new Promise((resolve) => refused.on('exit', resolve))
  assert.equal(code, 2)
  assert.match(text, /needs --token/)

  const { url } = await start(t, ['serve', '--port', '0'], { env: { QUICKJS_CODEMODE_TOKEN: 's3cret' } })
  assert.equal((await fetch(`${url}/health`)).status, 401)
  const wrong = await fetch(`${url}/health`, { headers: { authorization: 'Bearer guess' } })
  assert.equal(wrong.status, 401)
  assert.equal((await wrong.json()).error, 'UNAUTHORIZED')
  assert.equal((await fetch(`${url}/health`, { headers: { authorization: 'Bearer s3cret' } })).status, 200)
})

test('Host and Origin are checked; --cors allows one origin', async (t) => {
  const { url } = await start(t, ['serve', '--port', '0', '--cors', 'https://app.example'])
  const { port } = new URL(url)
  const rebinding = await new Promise((resolve, reject) => {
    // fetch cannot set Host; a raw request can, as a DNS-rebinding page's request would look.
    import('node:http').then(({ request }) => {
      const req = request(
        { host: '127.0.0.1', port, path: '/health', headers: { host: `evil.example:${port}` } },
        (res) => {
          res.resume()
          resolve(res.statusCode)
        },
      )
      req.on('error', reject)
      req.end()
    })
  })
  assert.equal(rebinding, 403)
  const foreign = await fetch(`${url}/health`, { headers: { origin: 'https://evil.example' } })
  assert.equal(foreign.status, 403)
  assert.match((await foreign.json()).message, /Origin https:\/\/evil\.example is not allowed/)
  const allowed = await fetch(`${url}/health`, { headers: { origin: 'https://app.example' } })
  assert.equal(allowed.status, 200)
  assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://app.example')
})

test('a body over the limit is 413', async (t) => {
  const { url } = await start(t, ['serve', '--port', '0', '--max-body-bytes', '1000'])
  const response = await post(`${url}/execute`, { code: `return ${JSON.stringify('x'.repeat(2000))}.length` })
  assert.equal(response.status, 413)
  assert.equal((await response.json()).error, 'BODY_TOO_LARGE')
  assert.equal((await post(`${url}/execute`, { code: 'return 1' })).status, 200)
})

test('past --max-concurrent runs in flight, a request is 429 with Retry-After', async (t) => {
  const { url } = await start(t, ['serve', '--port', '0', '--max-concurrent', '2'])
  const slow = { code: 'await new Promise((r) => setTimeout(r, 1500)); return "done"' }
  const first = [post(`${url}/execute`, slow), post(`${url}/execute`, slow)]
  // Wait until both are in flight.
  for (let i = 0; i < 100 && (await (await fetch(`${url}/health`)).json()).runsInFlight < 2; i++) {
    await new Promise((r) => setTimeout(r, 20))
  }
  const burst = await Promise.all(Array.from({ length: 4 }, () => post(`${url}/execute`, { code: 'return 1' })))
  for (const response of burst) {
    assert.equal(response.status, 429)
    assert.equal(response.headers.get('retry-after'), '1')
    assert.equal((await response.json()).error, 'TOO_MANY_RUNS')
  }
  for (const response of await Promise.all(first)) assert.equal((await response.json()).value, 'done')
  assert.equal((await post(`${url}/execute`, { code: 'return 1' })).status, 200)
})

test('a client that goes away aborts its run', async (t) => {
  const { url } = await start(t, ['serve', '--port', '0'])
  const inFlight = async () => (await (await fetch(`${url}/health`)).json()).runsInFlight
  for (const endpoint of ['/execute', '/execute/stream']) {
    const controller = new AbortController()
    const request = fetch(`${url}${endpoint}`, {
      method: 'POST',
      body: JSON.stringify({ code: 'await new Promise(() => {})' }),
      signal: controller.signal,
    }).then(
      (r) => r.text(),
      () => 'aborted',
    )
    for (let i = 0; i < 100 && (await inFlight()) < 1; i++) await new Promise((r) => setTimeout(r, 20))
    assert.equal(await inFlight(), 1)
    controller.abort()
    await Promise.race([request, new Promise((r) => setTimeout(r, 200))])
    for (let i = 0; i < 100 && (await inFlight()) > 0; i++) await new Promise((r) => setTimeout(r, 20))
    assert.equal(await inFlight(), 0, `${endpoint}: the run ended with its client`)
  }
})

test('SIGTERM with a run in flight: the run finishes, downstream servers close, the process exits 0', async (t) => {
  const dir = tempDir()
  const config = path.join(dir, 'mcp.json')
  writeFileSync(
    config,
    JSON.stringify({ mcpServers: { everything: { command: process.execPath, args: [EVERYTHING, 'stdio'] } } }),
  )
  const { url, child, exited } = await start(t, ['serve', '--port', '0', '--mcp', config])
  const downstream = childrenOf(child.pid)
  assert.ok(downstream.length >= 1, 'server-everything runs as a child')
  const inFlight = post(`${url}/execute`, {
    code: 'await new Promise((r) => setTimeout(r, 800)); return await tools.everything.echo({ message: "late" })',
  })
  for (let i = 0; i < 100 && (await (await fetch(`${url}/health`)).json()).runsInFlight < 1; i++) {
    await new Promise((r) => setTimeout(r, 20))
  }
  child.kill('SIGTERM')
  const result = await (await inFlight).json()
  assert.equal(result.value, 'Echo: late')
  assert.deepEqual(await exited, { code: 0, signal: null })
  assert.deepEqual(await waitGone(downstream), [], 'no orphaned downstream server')
})

test('the MCP endpoint: the SDK client over streamable HTTP runs Promise.all across two downstream tools', async (t) => {
  const dir = tempDir()
  const config = path.join(dir, 'mcp.json')
  writeFileSync(
    config,
    JSON.stringify({ mcpServers: { everything: { command: process.execPath, args: [EVERYTHING, 'stdio'] } } }),
  )
  for (const args of [
    ['serve', '--port', '0'],
    ['mcp', '--http', '127.0.0.1:0'],
  ]) {
    const { url } = await start(t, [...args, '--mcp', config])
    const endpoint = new URL(url.endsWith('/mcp') ? url : `${url}/mcp`)
    const client = new Client({ name: 'cli-serve-spec', version: '1.0.0' })
    await client.connect(new StreamableHTTPClientTransport(endpoint))
    t.after(() => client.close())
    const { tools } = await client.listTools()
    assert.deepEqual(
      tools.map((x) => x.name),
      ['execute_code', 'search_tools'],
    )
    const r = await client.callTool({
      name: 'execute_code',
      arguments: {
        code: `const [echo, sum] = await Promise.all([tools.everything.echo({ message: 'http' }), tools.everything['get-sum']({ a: 1, b: 2 })])
return { echo, sum }`,
      },
    })
    assert.equal(r.isError, false, r.content[0].text)
    assert.equal(r.structuredContent.value.echo, 'Echo: http')
    assert.match(JSON.stringify(r.structuredContent.value.sum), /3/)
  }
})

test('MCP runs over HTTP count against --max-concurrent', async (t) => {
  const { url } = await start(t, ['serve', '--port', '0', '--max-concurrent', '1'])
  const client = new Client({ name: 'cli-serve-spec', version: '1.0.0' })
  await client.connect(new StreamableHTTPClientTransport(new URL(`${url}/mcp`)))
  t.after(() => client.close())
  const slow = client.callTool({
    name: 'execute_code',
    arguments: { code: 'await new Promise((r) => setTimeout(r, 1000)); return "slow"' },
  })
  for (let i = 0; i < 100 && (await (await fetch(`${url}/health`)).json()).runsInFlight < 1; i++) {
    await new Promise((r) => setTimeout(r, 20))
  }
  const busy = await client.callTool({ name: 'execute_code', arguments: { code: 'return 1' } })
  assert.equal(busy.isError, true)
  assert.match(busy.content[0].text, /as many runs in flight as it allows/)
  assert.equal((await post(`${url}/execute`, { code: 'return 1' })).status, 429)
  assert.equal((await slow).structuredContent.value, 'slow')
})
