// @modelcontextprotocol/server-everything over streamable HTTP (`node dist/index.js
// streamableHttp` on a free port), through rmcp's reqwest client (see mcp-everything-suite.mjs).
import { before } from 'node:test'

import { everythingSuite } from './mcp-everything-suite.mjs'
import { startEverythingHttp } from './mcp-servers.mjs'

let url
before(async (t) => {
  ;({ url } = await startEverythingHttp(t))
})

everythingSuite('http', async () => ({ url }))
