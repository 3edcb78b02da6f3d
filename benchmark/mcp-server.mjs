#!/usr/bin/env node
// `quickjs-codemode mcp` over stdio (the JS server on the MCP TypeScript SDK): the cost of an
// `execute_code` call beside the same run in-process, each against its own server-everything,
// rounds interleaved. Shows what the JS server layer adds per call.
//
//   node benchmark/mcp-server.mjs [--rounds 5] [--calls 200]
import { mkdtempSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js'

import binding from '../index.js'

const require = createRequire(import.meta.url)
const EVERYTHING = require.resolve('@modelcontextprotocol/server-everything/dist/index.js')
const CLI = fileURLToPath(new URL('../js/cli.js', import.meta.url))
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name)
  return i > 0 ? Number(process.argv[i + 1]) : fallback
}
const ROUNDS = arg('--rounds', 5)
const CALLS = arg('--calls', 200)
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

const config = { mcpServers: { everything: { command: process.execPath, args: [EVERYTHING, 'stdio'] } } }
const file = path.join(mkdtempSync(path.join(tmpdir(), 'codemode-bench-mcp-')), 'mcp.json')
writeFileSync(file, JSON.stringify(config))
const CODE = `const [a, b] = await Promise.all([tools.everything.echo({ message: 'x' }), tools.everything['get-sum']({ a: 1, b: 2 })])
return { a, b }`

const client = new Client({ name: 'bench', version: '0.0.0' })
await client.connect(
  new StdioClientTransport({ command: process.execPath, args: [CLI, 'mcp', '--mcp', file], stderr: 'ignore' }),
)
const cm = new binding.CodeMode()
await cm.connectMcpServers(config)

async function perCall(one) {
  const t0 = performance.now()
  for (let i = 0; i < CALLS; i++) await one()
  return ((performance.now() - t0) / CALLS) * 1000
}
const viaMcp = async () => {
  const r = await client.callTool({ name: 'execute_code', arguments: { code: CODE } })
  if (r.isError) throw new Error(r.content[0].text)
}
const inProcess = async () => {
  const r = await cm.run(CODE)
  if (!r.ok) throw new Error(r.error.message)
}

await perCall(viaMcp)
await perCall(inProcess)
const us = { mcp: [], inProcess: [] }
for (let round = 0; round < ROUNDS; round++) {
  us.mcp.push(await perCall(viaMcp))
  us.inProcess.push(await perCall(inProcess))
}
await client.close()
await cm.close()
const fmt = (x) => `${Math.round(x).toLocaleString('en-US')} µs`
console.log(
  `execute_code over stdio (JS MCP server): ${fmt(median(us.mcp))} per call (rounds: ${us.mcp.map(fmt).join(', ')})`,
)
console.log(
  `same run in-process (cm.run):            ${fmt(median(us.inProcess))} per call (rounds: ${us.inProcess.map(fmt).join(', ')})`,
)
