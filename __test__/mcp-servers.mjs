// Real MCP servers for the specs, started by the tests themselves: server-everything over stdio
// or streamable HTTP, server-memory, and the small SDK server in mcp-test-server.mjs. Plus ways
// to see which processes of a server's process group are still alive.
import { spawn } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)
export const EVERYTHING = require.resolve('@modelcontextprotocol/server-everything/dist/index.js')
export const MEMORY = require.resolve('@modelcontextprotocol/server-memory/dist/index.js')
export const TEST_SERVER = fileURLToPath(new URL('./mcp-test-server.mjs', import.meta.url))

/** stdio config of server-everything. */
export const everythingStdio = () => ({ command: process.execPath, args: [EVERYTHING, 'stdio'] })

/** stdio config of the test server, with `args` after the script. */
export const testServer = (...args) => ({ command: process.execPath, args: [TEST_SERVER, ...args] })

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
  })
}

/** server-everything over streamable HTTP on `port` (a free one by default), killed when the test ends. */
export async function startEverythingHttp(t, port) {
  port ??= await freePort()
  const child = spawn(process.execPath, [EVERYTHING, 'streamableHttp'], {
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  t.after(() => child.kill('SIGKILL'))
  let output = ''
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server-everything did not start: ${output}`)), 15_000)
    const seen = (d) => {
      output += d
      if (/listening|running/i.test(output) && output.includes(String(port))) {
        clearTimeout(timer)
        resolve()
      }
    }
    child.stdout.setEncoding('utf8').on('data', seen)
    child.stderr.setEncoding('utf8').on('data', seen)
    child.on('exit', (code) => reject(new Error(`server-everything exited (${code}): ${output}`)))
  })
  return { url: `http://127.0.0.1:${port}/mcp`, child }
}

/** Every live process (zombies left out) with its parent and process group, from /proc. */
function liveProcesses() {
  const found = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const [state, ppid, pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      if (state !== 'Z') found.push({ pid: Number(entry), ppid: Number(ppid), pgrp: Number(pgrp) })
    } catch {
      // gone meanwhile
    }
  }
  return found
}

/** Pids of the live processes of group `pgid`. */
export const groupPids = (pgid) => liveProcesses().filter((p) => p.pgrp === pgid).map((p) => p.pid)

/** Pids of the live children of `pid`. */
export const childrenOf = (pid) => liveProcesses().filter((p) => p.ppid === pid).map((p) => p.pid)

/** Whether `pid` is a live process (a zombie is not). */
export function alive(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z'
  } catch {
    return false
  }
}

/** Waits until none of `pids` is alive, up to `ms`; returns the ones still alive. */
export async function waitGone(pids, ms = 3000) {
  const until = Date.now() + ms
  let left = pids.filter(alive)
  while (left.length && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 50))
    left = left.filter(alive)
  }
  return left
}
