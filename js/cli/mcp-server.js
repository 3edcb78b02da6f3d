// `quickjs-codemode mcp`: Code Mode served as an MCP server over stdio, with the official MCP
// TypeScript SDK's low-level Server. Two tools: `execute_code` runs a program against every tool
// (of `--tools` and of the downstream servers of `--mcp`, connected once and kept) and
// `search_tools` searches them. Runs happen off Node's main thread as always; this file only
// moves JSON between the transport and CodeMode.
import { Writable } from 'node:stream'
import { createRequire } from 'node:module'

import { Server } from '@modelcontextprotocol/sdk/server/index.js'
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js'
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js'

import { codeInputSchema } from '../code-input.js'
import { createCodeMode } from './setup.js'

const require = createRequire(import.meta.url)
const { formatResult } = require('../../index.js')
const { version } = require('../../package.json')

const SEARCH_INPUT = {
  type: 'object',
  properties: {
    query: { type: 'string', description: 'What the tool should do, in a few words.' },
    limit: { type: 'integer', minimum: 1, maximum: 100, description: 'At most this many tools (default 10).' },
    detail: {
      type: 'string',
      enum: ['name', 'description', 'full'],
      description: 'How much to say about each tool; `full` includes its TypeScript declaration.',
    },
  },
  required: ['query'],
  additionalProperties: false,
}

const SEARCH_DESCRIPTION =
  'Searches the tools a program of execute_code can call (name, namespace, description; typos tolerated), best first. ' +
  "Use it when execute_code's description lists only an index of the tools."

// How often the tool list is compared with the last one announced, to forward downstream
// servers' `tools/list_changed` (CodeMode has no change event to subscribe to).
const CHANGE_POLL_MS = 2_000

/** Serves Code Mode on stdin/stdout until the client closes stdin or a signal arrives. */
export async function serveMcpStdio(args) {
  const stdout = protectStdout()
  const cm = await createCodeMode(args)
  const server = codeModeServer(cm, args)
  const transport = new StdioServerTransport(process.stdin, stdout)
  let closing = false
  const shutdown = async () => {
    if (closing) return
    closing = true
    clearInterval(poll)
    await server.close().catch(() => {})
    await cm.close().catch(() => {})
    process.exit(0)
  }
  const poll = watchToolChanges(cm, () => server.sendToolListChanged().catch(() => {}))
  server.onclose = shutdown
  process.stdin.on('end', shutdown)
  process.once('SIGINT', shutdown)
  process.once('SIGTERM', shutdown)
  await server.connect(transport)
}

/**
 * The MCP server of `cm` (any transport). `admit(run, signal)`, when given, runs each program
 * (`run(signal)`) under the caller's accounting, or answers `undefined` when it is busy.
 */
export function codeModeServer(cm, args, { admit = (run, signal) => run(signal) } = {}) {
  const server = new Server(
    { name: 'quickjs-codemode', version },
    { capabilities: { tools: { listChanged: true } }, instructions: undefined },
  )
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: toolList(cm, args) }))
  server.setRequestHandler(CallToolRequestSchema, (request, extra) => {
    const { name, arguments: input = {} } = request.params
    if (name === 'execute_code') return executeCode(cm, input, request, extra, admit, args.language)
    if (name === 'search_tools') return searchTools(cm, input, extra)
    return errorResult(`Unknown tool "${name}"; this server has execute_code and search_tools.`)
  })
  return server
}

function toolList(cm, args) {
  return [
    {
      name: 'execute_code',
      description: cm.description({ maxChars: args.maxChars, language: args.language }),
      inputSchema: codeInputSchema(args.language),
      annotations: { title: 'Run a program with the tools', openWorldHint: true },
    },
    {
      name: 'search_tools',
      description: SEARCH_DESCRIPTION,
      inputSchema: SEARCH_INPUT,
      annotations: { title: 'Search the tools', readOnlyHint: true },
    },
  ]
}

async function executeCode(cm, input, request, extra, admit, language) {
  if (typeof input.code !== 'string') return errorResult('execute_code needs `code`: the program as a string.')
  const progressToken = request.params._meta?.progressToken
  let progress = 0
  const onEvent =
    progressToken === undefined
      ? undefined
      : (event) => {
          const message = eventMessage(event)
          if (message === undefined) return
          extra
            .sendNotification({
              method: 'notifications/progress',
              params: { progressToken, progress: ++progress, message },
            })
            .catch(() => {})
        }
  let result
  try {
    result = await admit(
      (signal) => cm.run(input.code, { signal, onEvent, ...(language && { language }) }),
      extra.signal,
    )
  } catch (error) {
    if (error?.name === 'AbortError') return errorResult('The run was cancelled.')
    throw error
  }
  if (result === undefined) return errorResult('The server has as many runs in flight as it allows; retry shortly.')
  return {
    content: [{ type: 'text', text: formatResult(result, { code: input.code }) }],
    structuredContent: JSON.parse(JSON.stringify(result)),
    isError: !result.ok,
  }
}

function eventMessage(event) {
  const tool =
    event.tool === undefined ? undefined : `tools.${event.namespace ? `${event.namespace}.` : ''}${event.tool}`
  switch (event.type) {
    case 'log':
      return event.message
    case 'tool-call':
      return `${tool} called`
    case 'tool-result':
      return `${tool} returned`
    case 'tool-error':
      return `${tool} failed`
    case 'tool-progress':
    case 'mcp-server':
      return event.message
    default:
      return undefined
  }
}

// The search runs as a tiny program so it answers exactly what `codemode.searchTools` answers
// inside a program, from the same index.
async function searchTools(cm, input, extra) {
  if (typeof input.query !== 'string') return errorResult('search_tools needs `query`: a few words.')
  const options = { limit: input.limit, detail: input.detail }
  const program = `return await codemode.searchTools(${JSON.stringify(input.query)}, ${JSON.stringify(options)})`
  const result = await cm.run(program, { signal: extra.signal })
  if (!result.ok) return errorResult(`${result.error.message}${result.error.hint ? `\n${result.error.hint}` : ''}`)
  return {
    content: [{ type: 'text', text: JSON.stringify(result.value, null, 2) }],
    structuredContent: { tools: result.value },
  }
}

function errorResult(message) {
  return { content: [{ type: 'text', text: message }], isError: true }
}

/** Calls `onChange` whenever the declarations of `cm` change; returns the (unref'd) timer. */
export function watchToolChanges(cm, onChange) {
  let last = cm.declarations()
  const timer = setInterval(() => {
    const now = cm.declarations()
    if (now === last) return
    last = now
    onChange()
  }, CHANGE_POLL_MS)
  timer.unref()
  return timer
}

// Over stdio, stdout is the JSON-RPC stream: whatever else would print there (a tools module's
// console.log, a stray process.stdout.write) goes to stderr instead. Returns the real stdout.
function protectStdout() {
  const write = process.stdout.write.bind(process.stdout)
  const real = new Writable({
    write(chunk, _encoding, callback) {
      write(chunk, callback)
    },
  })
  process.stdout.write = (...a) => process.stderr.write(...a)
  for (const level of ['log', 'info', 'debug']) console[level] = (...a) => console.error(...a)
  return real
}
