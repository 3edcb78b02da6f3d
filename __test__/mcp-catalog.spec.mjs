// Issue 4 with a real MCP server: the tools of @modelcontextprotocol/server-everything (listed and
// called through the MCP TypeScript SDK) become CodeMode tools; their declarations compile, the
// description is measured, and a program calls one of them.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

import { CodeMode } from '../index.js'
import { ROOT } from './helpers.mjs'
import { connectEverything, toolDefinitions } from './mcp-everything.mjs'

const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc')

test('server-everything tools: declarations compile, description size, a real call through Code Mode', async (t) => {
  const client = await connectEverything(t)
  const { tools } = await client.listTools()
  assert.ok(tools.length >= 5, `server-everything lists ${tools.length} tools`)
  const cm = new CodeMode({ tools: toolDefinitions(client, tools) })
  t.after(() => cm.close())

  const dts = cm.declarations()
  const dir = mkdtempSync(path.join(tmpdir(), 'cm-mcp-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  writeFileSync(path.join(dir, 'tools.d.ts'), dts)
  try {
    execFileSync(process.execPath, [TSC, '--strict', '--noEmit', '--target', 'es2022', '--lib', 'es2022', path.join(dir, 'tools.d.ts')], { cwd: dir, encoding: 'utf8', stdio: 'pipe' })
  } catch (e) {
    assert.fail(`${e.stdout}${e.stderr}`)
  }

  const description = cm.description()
  const full = cm.description({ maxChars: 1_000_000 })
  t.diagnostic(`server-everything: ${tools.length} tools; declarations ${dts.length} chars; description ${description.length} chars (${description.includes('```ts') ? 'full' : 'past the budget'}); unbounded description ${full.length} chars`)
  assert.ok(full.includes('```ts'))
  assert.ok(description.length <= 4000)

  const echo = tools.find((x) => x.name === 'echo')
  assert.ok(echo, 'server-everything has an echo tool')
  const r = await cm.run(`
    const found = await codemode.searchTools('echo', { limit: 1 })
    const out = await tools.everything.echo({ message: 'hello from QuickJS' })
    return { path: found[0].path, out }`)
  assert.equal(r.ok, true, JSON.stringify(r.error))
  assert.equal(r.value.path, 'tools.everything.echo')
  assert.match(JSON.stringify(r.value.out), /hello from QuickJS/)

  const bad = await cm.run(`try { await tools.everything.echo({ msg: 1 }) } catch (e) { return [e.name, e.issues.length > 0] }`)
  assert.deepEqual(bad.value, ['ToolInputError', true])
})
