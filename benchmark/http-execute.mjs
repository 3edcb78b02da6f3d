#!/usr/bin/env node
// `POST /execute` throughput of `quickjs-codemode serve` on loopback with 32 concurrent clients,
// beside the same runs in-process (`cm.run` from 32 concurrent loops), rounds interleaved so both
// see the same machine. Bounded: each round stops at --requests runs or --seconds, whichever first.
//
//   node benchmark/http-execute.mjs [--rounds 5] [--requests 2000] [--seconds 10] [--clients 32]
//
// The program calls one JS tool: `return await tools.add({ a: 1, b: 2 })`. Needs a release
// build (`npm run build`).
import { spawn } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import binding from '../index.js'

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name)
  return i > 0 ? Number(process.argv[i + 1]) : fallback
}
const ROUNDS = arg('--rounds', 5)
const REQUESTS = arg('--requests', 2000)
const SECONDS = arg('--seconds', 10)
const CLIENTS = arg('--clients', 32)
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

const CLI = fileURLToPath(new URL('../js/cli.js', import.meta.url))
const TOOL = {
  name: 'add',
  inputSchema: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } }, required: ['a', 'b'] },
}
const CODE = 'return await tools.add({ a: 1, b: 2 })'

const dir = mkdtempSync(path.join(tmpdir(), 'codemode-bench-http-'))
writeFileSync(
  path.join(dir, 'tools.mjs'),
  `export default [{ ...${JSON.stringify(TOOL)}, execute: ({ a, b }) => a + b }]\n`,
)
const server = spawn(
  process.execPath,
  [CLI, 'serve', '--port', '0', '--tools', path.join(dir, 'tools.mjs'), '--max-concurrent', String(CLIENTS)],
  {
    stdio: ['ignore', 'ignore', 'pipe'],
  },
)
const url = await new Promise((resolve, reject) => {
  let text = ''
  server.stderr.setEncoding('utf8').on('data', (d) => {
    text += d
    const match = /listening on (\S+)/.exec(text)
    if (match) resolve(match[1])
  })
  server.on('exit', (code) => reject(new Error(`serve exited ${code}: ${text}`)))
})
const cm = new binding.CodeMode({ tools: [{ ...TOOL, execute: ({ a, b }) => a + b }] })

/** Runs `one()` from CLIENTS concurrent loops until REQUESTS are done or SECONDS pass; runs/s. */
async function throughput(one) {
  let started = 0
  const until = performance.now() + SECONDS * 1000
  const t0 = performance.now()
  const loop = async () => {
    while (started < REQUESTS && performance.now() < until) {
      started += 1
      const value = await one()
      if (value !== 3) throw new Error(`unexpected ${value}`)
    }
  }
  await Promise.all(Array.from({ length: CLIENTS }, loop))
  return started / ((performance.now() - t0) / 1000)
}

const http = () =>
  fetch(`${url}/execute`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: CODE }),
  })
    .then((r) => r.json())
    .then((r) => r.value)
const inProcess = () => cm.run(CODE).then((r) => r.value)

await throughput(http) // warm-up
await throughput(inProcess)
const rates = { http: [], inProcess: [] }
for (let round = 0; round < ROUNDS; round++) {
  rates.http.push(await throughput(http))
  rates.inProcess.push(await throughput(inProcess))
}
server.kill('SIGTERM')
await cm.close()
const fmt = (x) => Math.round(x).toLocaleString('en-US')
console.log(
  `POST /execute, ${CLIENTS} concurrent clients on loopback: ${fmt(median(rates.http))} runs/s (rounds: ${rates.http.map(fmt).join(', ')})`,
)
console.log(
  `same runs in-process (cm.run):            ${fmt(median(rates.inProcess))} runs/s (rounds: ${rates.inProcess.map(fmt).join(', ')})`,
)
