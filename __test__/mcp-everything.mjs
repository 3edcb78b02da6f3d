// Shared by the specs that use a real MCP server: @modelcontextprotocol/server-everything, started
// over stdio and listed through the MCP TypeScript SDK, and its tools as CodeMode tool definitions.
import { createRequire } from 'node:module'

import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js'

const require = createRequire(import.meta.url)
const SERVER = require.resolve('@modelcontextprotocol/server-everything/dist/index.js')

/** An MCP client connected to server-everything, closed when the test ends. */
export async function connectEverything(t) {
  const client = new Client({ name: 'quickjs-codemode-test', version: '0.0.0' })
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [SERVER, 'stdio'], stderr: 'ignore' }))
  t.after(() => client.close())
  return client
}

/** The listed MCP `tools` as CodeMode tools in `namespace`, each calling the server through `client`. */
export function toolDefinitions(client, tools, namespace = 'everything') {
  return tools.map((tool) => ({
    name: tool.name,
    namespace,
    description: tool.description,
    inputSchema: tool.inputSchema,
    outputSchema: tool.outputSchema,
    annotations: tool.annotations,
    execute: async (input, ctx) => {
      const r = await client.callTool({ name: tool.name, arguments: input ?? {} }, undefined, { signal: ctx.signal })
      if (r.isError) throw new Error(r.content?.map((c) => c.text).join('\n') || 'tool error')
      return r.structuredContent ?? r.content
    },
  }))
}
