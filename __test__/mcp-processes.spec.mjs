// No MCP server process outlives its CodeMode: cm.close() and disconnectMcp terminate the
// server's whole process group (npx makes the real server a grandchild), and a host that ends
// normally, by process.exit, or dies of SIGINT/SIGTERM takes its servers with it.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

import { codeMode, ENTRY, ROOT } from './helpers.mjs'
import { groupPids, waitGone, alive, testServer } from './mcp-servers.mjs'

/** server-memory started the way Claude Desktop configs do it: through npx (offline, from node_modules). */
const viaNpx = (dir) => ({ command: 'npx', args: ['--no-install', 'mcp-server-memory'], cwd: ROOT, env: { MEMORY_FILE_PATH: `${dir}/memory.jsonl` }, timeoutMs: 20_000 })

test('cm.close() terminates the whole process group of every stdio server, npx grandchildren included', async (t) => {
  const cm = codeMode(t)
  const dir = mkdtempSync(path.join(tmpdir(), 'codemode-mcp-'))
  const npx = await cm.connectMcp('memory', viaNpx(dir))
  const test = await cm.connectMcp('test', testServer())
  const pids = [...groupPids(npx.pid), ...groupPids(test.pid)]
  t.diagnostic(`npx group: ${groupPids(npx.pid).length} processes`)
  assert.ok(groupPids(npx.pid).length >= 2, 'npx and the server it started share the group')
  assert.ok(pids.every(alive))
  await cm.close()
  assert.deepEqual(pids.filter(alive), [], 'nothing is left once close() resolves')
  assert.deepEqual(cm.mcpServers().map((s) => s.state), ['closed', 'closed'])
})

test('disconnectMcp terminates that server only and removes its tools', async (t) => {
  const cm = codeMode(t)
  const a = await cm.connectMcp('a', testServer())
  const b = await cm.connectMcp('b', testServer())
  assert.equal(cm.toolCount, 16)
  assert.equal(await cm.disconnectMcp('a'), true)
  assert.equal(await cm.disconnectMcp('a'), false)
  assert.equal(alive(a.pid), false)
  assert.equal(alive(b.pid), true)
  assert.equal(cm.toolCount, 8)
  assert.deepEqual(cm.mcpServers().map((s) => s.name), ['b'])
  const r = await cm.run(`return typeof tools.a`)
  assert.equal(r.value, 'undefined')
})

test('connecting a name again replaces that server at once', async (t) => {
  const cm = codeMode(t)
  const first = await cm.connectMcp('test', testServer())
  const second = await cm.connectMcp('test', testServer())
  assert.notEqual(first.pid, second.pid)
  assert.deepEqual(await waitGone([first.pid]), [])
  assert.equal(cm.mcpServers().length, 1)
  assert.equal((await cm.run(`return await tools.test.echo({ text: 'x' })`)).value, 'echo: x')
})

const HELPERS = new URL('./mcp-servers.mjs', import.meta.url).href

/** Starts a Node host that connects two servers (one through npx), prints the pids of their
 * process groups, then does `then`. */
function host(then, dir) {
  const source = `import { CodeMode } from ${JSON.stringify(ENTRY)}
    import { groupPids } from ${JSON.stringify(HELPERS)}
    const cm = new CodeMode()
    const a = await cm.connectMcp('memory', ${JSON.stringify(viaNpx(dir))})
    const b = await cm.connectMcp('test', ${JSON.stringify(testServer())})
    console.log(JSON.stringify([...groupPids(a.pid), ...groupPids(b.pid)]))
    ${then}`
  const child = spawn(process.execPath, ['--input-type=module', '-e', source], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] })
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })))
  const pids = new Promise((resolve, reject) => {
    let out = ''
    child.stdout.setEncoding('utf8').on('data', (d) => {
      out += d
      if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]))
    })
    child.on('exit', () => reject(new Error(`host exited early: ${out}`)))
  })
  return { child, exited, pids }
}

for (const [how, then, signal] of [
  ['ends normally without close()', '', null],
  ['calls process.exit()', 'process.exit(0)', null],
  ['dies of SIGTERM', 'setInterval(() => {}, 1000)', 'SIGTERM'],
  ['dies of SIGINT', 'setInterval(() => {}, 1000)', 'SIGINT'],
]) {
  test(`a host that ${how} leaves no MCP server behind`, async (t) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'codemode-mcp-'))
    const h = host(then, dir)
    const pids = await h.pids
    assert.ok(pids.length >= 3, `pids ${pids}`)
    if (signal) h.child.kill(signal)
    const { code, signal: died } = await h.exited
    if (signal) assert.equal(died, signal, 'the host still dies of the signal, as it would have')
    else assert.equal(code, 0)
    assert.deepEqual(await waitGone(pids, 2000), [], `still alive after the host ended`)
  })
}
