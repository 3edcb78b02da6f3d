// `quickjs-codemode serve` (and `mcp --http`): one node:http server with the REST API and the MCP
// streamable-HTTP endpoint at /mcp. Loopback by default; any other bind needs --token. Bodies
// are capped, runs in flight are capped (429 with Retry-After), and SIGINT/SIGTERM stop taking
// requests, let runs in flight finish (a second signal aborts them), close the downstream MCP
// servers and exit.
import { randomUUID } from 'node:crypto'
import { createServer } from 'node:http'

import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js'
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js'

import { UsageError } from './args.js'
import { createGuard, isLoopback } from './http-guard.js'
import { ADJUSTABLE_LIMITS, HttpError, restRoutes } from './http-api.js'
import { codeModeServer, watchToolChanges } from './mcp-server.js'
import { createCodeMode } from './setup.js'

/** The server's own limits: what a request's `limits` are capped at. */
const SERVER_LIMITS = { timeoutMs: 30_000, memoryLimitBytes: 64 << 20, maxToolCalls: 1_000, maxResultBytes: 1 << 20 }

/** Starts the server; resolves once it listens, with `{ url, close }`. */
export async function serveHttp(args, { rest = true } = {}) {
  const { host, port } = args.listen
  if (!isLoopback(host) && args.token === undefined) {
    throw new UsageError(
      `binding ${host} (not loopback) needs --token: anyone who can reach it could run code with your tools.`,
    )
  }
  const serverLimits = { ...SERVER_LIMITS, ...(args.timeoutMs === undefined ? {} : { timeoutMs: args.timeoutMs }) }
  const cm = await createCodeMode({ ...args, limits: pick(serverLimits, ADJUSTABLE_LIMITS) })
  const runs = new Set()
  const route = rest ? restRoutes(cm, { serverLimits, runs }) : () => undefined
  const guard = createGuard({ host, token: args.token, cors: args.cors })
  // MCP runs count against --max-concurrent like REST runs, and shutdown waits for them too.
  const admit = async (run, signal) => {
    if (runs.size >= args.maxConcurrent) return undefined
    const entry = { controller: new AbortController() }
    runs.add(entry)
    try {
      entry.promise = run(AbortSignal.any([signal, entry.controller.signal]))
      return await entry.promise
    } finally {
      runs.delete(entry)
    }
  }
  const mcp = mcpEndpoint(cm, args, admit)
  const http = createServer((req, res) => {
    handle(req, res).catch((error) => {
      if (error instanceof HttpError)
        return reply(res, error.status, { error: error.error, message: error.message }, error.headers)
      reply(res, 500, { error: 'INTERNAL', message: String(error?.message ?? error) })
    })
  })

  async function handle(req, res) {
    if (args.cors !== undefined) cors(req, res, args.cors)
    if (req.method === 'OPTIONS' && args.cors !== undefined) return reply(res, 204)
    const rejected = guard(req)
    if (rejected) return reply(res, rejected.status, { error: rejected.error, message: rejected.message })
    const path = new URL(req.url, 'http://x').pathname
    if (path === '/mcp') {
      const body = req.method === 'POST' ? await readJson(req, args.maxBodyBytes) : undefined
      return mcp.handle(req, res, body)
    }
    const handler = route(req.method, path)
    if (handler === undefined) throw new HttpError(404, 'NOT_FOUND', `No ${req.method} ${path}; see GET /openapi.json.`)
    let body
    if (req.method === 'POST') {
      if (runs.size >= args.maxConcurrent) {
        req.resume()
        throw new HttpError(429, 'TOO_MANY_RUNS', `${runs.size} runs are in flight (the limit); retry shortly.`, {
          'retry-after': '1',
        })
      }
      body = await readJson(req, args.maxBodyBytes)
    }
    const answer = await handler(req, body, res)
    if (answer !== undefined) reply(res, 200, answer)
  }

  await new Promise((resolve, reject) => {
    http.once('error', reject)
    http.listen(port, host, resolve)
  })
  const address = http.address()
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`
  const poll = watchToolChanges(cm, () => mcp.toolsChanged())

  let closing
  const close = ({ abort = false } = {}) => {
    if (abort) for (const run of runs) run.controller.abort()
    closing ??= (async () => {
      clearInterval(poll)
      const stopped = new Promise((resolve) => http.close(resolve))
      http.closeIdleConnections()
      await Promise.allSettled([...runs].map((run) => run.promise))
      await mcp.close()
      http.closeAllConnections()
      await stopped
      await cm.close()
    })()
    return closing
  }
  return { url, close, runs }
}

// The MCP endpoint: one SDK transport and Server per session (the session id header).
function mcpEndpoint(cm, args, admit) {
  const sessions = new Map()
  return {
    async handle(req, res, body) {
      const id = req.headers['mcp-session-id']
      let entry = id === undefined ? undefined : sessions.get(id)
      if (entry === undefined) {
        if (id !== undefined) {
          return reply(res, 404, {
            jsonrpc: '2.0',
            error: { code: -32001, message: 'Session not found; initialize again.' },
            id: null,
          })
        }
        if (req.method !== 'POST' || !isInitializeRequest(body)) {
          return reply(res, 400, {
            jsonrpc: '2.0',
            error: { code: -32000, message: 'Start with an initialize request (no session yet).' },
            id: null,
          })
        }
        const server = codeModeServer(cm, args, { admit })
        const transport = new StreamableHTTPServerTransport({
          sessionIdGenerator: () => randomUUID(),
          onsessioninitialized: (sid) => sessions.set(sid, entry),
        })
        entry = { server, transport }
        transport.onclose = () => sessions.delete(transport.sessionId)
        await server.connect(transport)
      }
      await entry.transport.handleRequest(req, res, body)
    },
    toolsChanged() {
      for (const { server } of sessions.values()) server.sendToolListChanged().catch(() => {})
    },
    async close() {
      await Promise.allSettled([...sessions.values()].map(({ server }) => server.close()))
    },
  }
}

async function readJson(req, limit) {
  const declared = Number(req.headers['content-length'])
  if (declared > limit) {
    req.resume()
    throw new HttpError(413, 'BODY_TOO_LARGE', `The body is ${declared} bytes; the limit is ${limit}.`)
  }
  const chunks = []
  let size = 0
  for await (const chunk of req) {
    size += chunk.length
    if (size > limit) throw new HttpError(413, 'BODY_TOO_LARGE', `The body is over the limit of ${limit} bytes.`)
    chunks.push(chunk)
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'))
  } catch (error) {
    throw new HttpError(400, 'BAD_JSON', `The body is not valid JSON: ${error.message}.`)
  }
}

function cors(req, res, origin) {
  res.setHeader('access-control-allow-origin', origin)
  res.setHeader('vary', 'Origin')
  if (req.method === 'OPTIONS') {
    res.setHeader('access-control-allow-methods', 'GET, POST, DELETE, OPTIONS')
    res.setHeader(
      'access-control-allow-headers',
      'authorization, content-type, mcp-session-id, mcp-protocol-version, last-event-id',
    )
    res.setHeader('access-control-expose-headers', 'mcp-session-id')
  }
}

function reply(res, status, body, headers = {}) {
  if (res.headersSent) return res.end()
  if (body === undefined) {
    res.writeHead(status, headers)
    return res.end()
  }
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers })
  res.end(text)
}

function pick(object, keys) {
  return Object.fromEntries(keys.map((k) => [k, object[k]]))
}
