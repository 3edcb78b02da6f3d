#!/usr/bin/env node
// MCP tool-call round trip over stdio: quickjs-codemode's Rust client (rmcp), called from guest
// code, against the official MCP TypeScript SDK client called from Node, each talking to its own
// copy of the same server (@modelcontextprotocol/server-everything's `echo`), in the same run,
// rounds interleaved so both see the same machine at the same moment.
//
//   node benchmark/mcp-roundtrip.mjs [--rounds 7] [--calls 500]
//
// Ours: one `cm.run` making N sequential `await tools.everything.echo(...)`, per call = run time
// / N (guest → engine thread → rmcp task → child stdin → server → back). SDK: N sequential
// `client.callTool(...)` from Node. Needs a release build (`npm run build`).
import { createRequire } from 'node:module'

import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js'

import binding from '../index.js'

const require = createRequire(import.meta.url)
const SERVER = require.resolve('@modelcontextprotocol/server-everything/dist/index.js')

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name)
  return i > 0 ? Number(process.argv[i + 1]) : fallback
}
const ROUNDS = arg('--rounds', 7)
const CALLS = arg('--calls', 500)
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

const cm = new binding.CodeMode({ limits: { timeoutMs: 120_000, maxToolCalls: CALLS + 10 } })
await cm.connectMcp('everything', { command: process.execPath, args: [SERVER, 'stdio'] })
const client = new Client({ name: 'bench', version: '0.0.0' })
await client.connect(new StdioClientTransport({ command: process.execPath, args: [SERVER, 'stdio'], stderr: 'ignore' }))

const program = `for (let i = 0; i < ${CALLS}; i++) {
  const r = await tools.everything.echo({ message: 'ping' })
  if (r !== 'Echo: ping') throw new Error('unexpected ' + r)
}`

async function ours() {
  const start = performance.now()
  const r = await cm.run(program)
  if (!r.ok) throw new Error(JSON.stringify(r.error))
  return ((performance.now() - start) * 1000) / CALLS
}

async function sdk() {
  const start = performance.now()
  for (let i = 0; i < CALLS; i++) {
    const r = await client.callTool({ name: 'echo', arguments: { message: 'ping' } })
    if (r.content[0].text !== 'Echo: ping') throw new Error('unexpected answer')
  }
  return ((performance.now() - start) * 1000) / CALLS
}

await ours() // warm-up: both servers, both clients, the engine thread
await sdk()
const times = { ours: [], sdk: [] }
for (let round = 0; round < ROUNDS; round++) {
  const order = round % 2 ? [['sdk', sdk], ['ours', ours]] : [['ours', ours], ['sdk', sdk]]
  for (const [name, fn] of order) times[name].push(await fn())
  process.stderr.write(`round ${round + 1}/${ROUNDS}: ours ${times.ours.at(-1).toFixed(0)} µs, sdk ${times.sdk.at(-1).toFixed(0)} µs\n`)
}
await client.close()
await cm.close()

const fmt = (xs) => `${median(xs).toFixed(0)} µs (${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)})`
console.log(`MCP echo round trip over stdio, ${CALLS} sequential calls per round, median of ${ROUNDS} rounds`)
console.log(`  quickjs-codemode (guest code → rmcp): ${fmt(times.ours)}`)
console.log(`  MCP TypeScript SDK client from Node:  ${fmt(times.sdk)}`)
console.log(`  ratio ours / SDK: ${(median(times.ours) / median(times.sdk)).toFixed(2)}`)
