// A small MCP server for the specs, written with the MCP TypeScript SDK's low-level Server: it
// paginates its tool list (2 per page), sends progress, exits or hangs mid-call on request,
// changes its tool list, records the cancellations it receives, and has one tool with a broken
// input schema. `node mcp-test-server.mjs --crash-on-start` dies before the handshake (with a
// line on stderr); `--raw-2024` speaks protocol 2024-11-05 with hand-written JSON-RPC instead.
import { createInterface } from 'node:readline'

const mode = process.argv[2]

if (mode === '--crash-on-start') {
  console.error('test-server: missing API key, giving up')
  process.exit(2)
}

if (mode === '--raw-2024') {
  // An old server: it only knows 2024-11-05 and answers whatever the client asks with that.
  const send = (msg) => process.stdout.write(JSON.stringify({ jsonrpc: '2.0', ...msg }) + '\n')
  createInterface({ input: process.stdin }).on('line', (line) => {
    const msg = JSON.parse(line)
    if (msg.method === 'initialize') {
      send({ id: msg.id, result: { protocolVersion: '2024-11-05', capabilities: { tools: {} }, serverInfo: { name: 'old-server', version: '0.1.0' } } })
    } else if (msg.method === 'tools/list') {
      send({ id: msg.id, result: { tools: [{ name: 'echo', inputSchema: { type: 'object', properties: { text: { type: 'string' } } } }] } })
    } else if (msg.method === 'tools/call') {
      send({ id: msg.id, result: { content: [{ type: 'text', text: `old echo: ${msg.params.arguments.text}` }] } })
    } else if (msg.id !== undefined) {
      send({ id: msg.id, error: { code: -32601, message: `unknown method ${msg.method}` } })
    }
  })
} else {
  const { Server } = await import('@modelcontextprotocol/sdk/server/index.js')
  const { StdioServerTransport } = await import('@modelcontextprotocol/sdk/server/stdio.js')
  const { CallToolRequestSchema, ListToolsRequestSchema } = await import('@modelcontextprotocol/sdk/types.js')

  const object = (properties = {}) => ({ type: 'object', properties })
  const tools = [
    { name: 'echo', description: 'Echoes its text.', inputSchema: object({ text: { type: 'string' } }) },
    { name: 'exit-now', description: 'Exits the server process mid-call.', inputSchema: object() },
    { name: 'hang', description: 'Never answers (until cancelled).', inputSchema: object() },
    { name: 'slow', description: 'Reports progress 3 times, then answers.', inputSchema: object({ ms: { type: 'number' } }) },
    { name: 'add-tool', description: 'Adds a tool named `name`.', inputSchema: object({ name: { type: 'string' } }) },
    { name: 'cancellations', description: 'The cancellations received so far.', inputSchema: object() },
    { name: 'fail', description: 'Answers with isError.', inputSchema: object({ why: { type: 'string' } }) },
    { name: 'broken', description: 'A tool whose schema is not valid.', inputSchema: object({ x: { type: 12 } }) },
  ]
  const cancellations = []

  const server = new Server(
    { name: 'test-server', version: '1.2.3' },
    { capabilities: { tools: { listChanged: true } }, instructions: 'Call echo before anything else.' },
  )
  server.setRequestHandler(ListToolsRequestSchema, async (request) => {
    const start = Number(request.params?.cursor ?? 0)
    const page = tools.slice(start, start + 2)
    return { tools: page, nextCursor: start + 2 < tools.length ? String(start + 2) : undefined }
  })
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const args = request.params.arguments ?? {}
    const text = (t) => ({ content: [{ type: 'text', text: t }] })
    switch (request.params.name) {
      case 'echo':
        return text(`echo: ${args.text}`)
      case 'exit-now':
        console.error('test-server: exiting mid-call on purpose')
        setTimeout(() => process.exit(3), 10)
        return new Promise(() => {})
      case 'hang':
        {
          const record = () => cancellations.push(String(extra.signal.reason ?? 'aborted'))
          if (extra.signal.aborted) record()
          else extra.signal.addEventListener('abort', record)
        }
        return new Promise(() => {})
      case 'slow': {
        const token = request.params._meta?.progressToken
        for (let i = 1; i <= 3; i++) {
          await new Promise((r) => setTimeout(r, args.ms ?? 20))
          if (token !== undefined) {
            await extra.sendNotification({ method: 'notifications/progress', params: { progressToken: token, progress: i, total: 3, message: `step ${i}` } })
          }
        }
        return text('done')
      }
      case 'add-tool':
        tools.push({ name: args.name, description: 'Added at run time.', inputSchema: object() })
        await server.sendToolListChanged()
        return text(`added ${args.name}`)
      case 'fail':
        return { isError: true, content: [{ type: 'text', text: `it went wrong: ${args.why}` }] }
      case 'cancellations':
        return { content: [], structuredContent: { count: cancellations.length, reasons: cancellations } }
      default:
        if (tools.some((t) => t.name === request.params.name)) return text(`called ${request.params.name}`)
        return { isError: true, content: [{ type: 'text', text: `no tool ${request.params.name}` }] }
    }
  })
  await server.connect(new StdioServerTransport())
}
