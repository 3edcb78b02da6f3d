// Bash from the command line and the HTTP API: `run --language bash` (and .sh files),
// `description --language bash`, and `serve`'s /execute with `language`, `files`, `returnFiles`.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import path from 'node:path'

import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js'

import { CLI, cli, dirWith, startCli } from './cli-helpers.mjs'

const TOOLS = `export default [{
  name: 'add',
  description: 'Adds two numbers',
  inputSchema: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } }, required: ['a', 'b'] },
  execute: ({ a, b }) => a + b,
}]
`

const dirWithTools = () => dirWith('bash-cli', { 'tools.mjs': TOOLS })


test('run --language bash prints the script output and exits with its status', async () => {
  const cwd = dirWithTools()
  const r = await cli(['run', '-', '--language', 'bash', '--tools', './tools.mjs'], {
    cwd,
    stdin: 'add --a 2 --b 3\necho oops >&2\nexit 3\n',
  })
  assert.equal(r.stdout, '5\n')
  assert.equal(r.stderr, 'oops\n')
  assert.equal(r.status, 3)
  writeFileSync(path.join(cwd, 'script.sh'), 'add \'{"a":1,"b":1}\' | jq ". * 10"\n')
  const file = await cli(['run', 'script.sh', '--tools', './tools.mjs'], { cwd })
  assert.equal(file.stdout, '20\n')
  assert.equal(file.status, 0)
  const json = await cli(['run', 'script.sh', '--tools', './tools.mjs', '--json'], { cwd })
  assert.deepEqual(JSON.parse(json.stdout).value, { stdout: '20\n', stderr: '', exitCode: 0, json: 20 })
  const bad = await cli(['run', 'script.sh', '--language', 'fish'], { cwd })
  assert.equal(bad.status, 2)
  assert.match(bad.stderr, /--language must be one of/)
})

test('description --language bash prints the command convention and usage lines', async () => {
  const cwd = dirWithTools()
  const r = await cli(['description', '--language', 'bash', '--tools', './tools.mjs'], { cwd })
  assert.equal(r.status, 0, r.stderr)
  assert.match(r.stdout, /Every tool is a command/)
  assert.match(r.stdout, /add --a <number> --b <number>/)
})

test('serve: /execute runs Bash with seeded and returned files; bad language options are 400', async (t) => {
  const cwd = dirWithTools()
  const { url } = await startCli(t, ['serve', '--port', '0', '--tools', './tools.mjs'], { cwd })
  const post = (body) =>
    fetch(`${url}/execute`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
  const res = await post({
    code: 'add --a "$(cat /in/a)" --b 1 | tee /out/sum',
    language: 'bash',
    files: { '/in/a': '41' },
    returnFiles: ['/out/sum'],
  })
  assert.equal(res.status, 200)
  const result = await res.json()
  assert.equal(result.ok, true, JSON.stringify(result.error))
  assert.deepEqual(result.value, { stdout: '42\n', stderr: '', exitCode: 0, json: 42, files: { '/out/sum': '42\n' } })
  for (const body of [
    { code: 'echo', language: 'zsh' },
    { code: 'return 1', files: { '/a': 'x' } },
    { code: 'echo', language: 'bash', files: { relative: 'x' } },
    { code: 'echo', language: 'bash', returnFiles: 'x' },
  ]) {
    const r = await post(body)
    assert.equal(r.status, 400, JSON.stringify(body))
    assert.equal((await r.json()).error, 'BAD_REQUEST')
  }
  const runtimes = await (await fetch(`${url}/runtimes`)).json()
  assert.ok(runtimes.languages.includes('bash'))
})

test('mcp --language bash: execute_code takes a script and describes the command convention', async (t) => {
  const cwd = dirWithTools()
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, 'mcp', '--language', 'bash', '--tools', './tools.mjs'],
    cwd,
    stderr: 'pipe',
  })
  const client = new Client({ name: 'bash-cli-spec', version: '1.0.0' })
  await client.connect(transport)
  t.after(() => client.close())
  const { tools } = await client.listTools()
  const execute = tools.find((x) => x.name === 'execute_code')
  assert.match(execute.description, /Every tool is a command/)
  assert.match(execute.inputSchema.properties.code.description, /Bash script/)
  const r = await client.callTool({ name: 'execute_code', arguments: { code: 'add --a 40 --b 2' } })
  assert.equal(r.isError, false)
  assert.deepEqual(r.structuredContent.value, { stdout: '42\n', stderr: '', exitCode: 0, json: 42 })
})
