// @modelcontextprotocol/server-everything as a stdio child process (see mcp-everything-suite.mjs).
import { everythingSuite } from './mcp-everything-suite.mjs'
import { everythingStdio } from './mcp-servers.mjs'

everythingSuite('stdio', async () => everythingStdio())
