// The `quickjs-codemode` command: `run` with a file, stdin, --json, a failing program, tools from
// JS, TS and AI SDK modules, MCP servers from a config file; `declarations`, `description`, help.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

import { CLI, cli } from './cli-helpers.mjs'
import { ROOT } from './helpers.mjs'
import { EVERYTHING } from './mcp-servers.mjs'



function tempDir() {
  return mkdtempSync(path.join(tmpdir(), 'codemode-cli-'))
}

const ADD_TOOLS = `export default [{
  name: 'add',
  description: 'Adds two numbers',
  inputSchema: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } }, required: ['a', 'b'] },
  execute: ({ a, b }) => a + b,
}]
`

test('run <file> with --tools prints the value, logs and each tool call; exit 0', async () => {
  const dir = tempDir()
  writeFileSync(path.join(dir, 'tools.mjs'), ADD_TOOLS)
  writeFileSync(
    path.join(dir, 'program.ts'),
    `const [x, y] = await Promise.all([tools.add({ a: 1, b: 2 }), tools.add({ a: 3, b: 4 })])
console.log('sum', x + y)
const product: number = x * y
return { product }
`,
  )
  const r = await cli(['run', 'program.ts', '--tools', './tools.mjs'], { cwd: dir })
  assert.equal(r.status, 0, r.stderr)
  assert.equal(r.stderr, '')
  assert.match(r.stdout, /^sum 10$/m)
  assert.equal(r.stdout.match(/^tools\.add ok in [\d.]+ ms/gm).length, 2)
  assert.match(r.stdout, /^\{ product: 21 \}$/m)
  assert.match(r.stdout, /^ok in [\d.]+ ms, 2 tool calls$/m)
  assert.doesNotMatch(r.stdout, /\x1b\[/, 'no colours when stdout is not a terminal')
})

test('run - reads the program from stdin', async () => {
  const r = await cli(['run', '-'], { stdin: 'const n = 6\nn * 7' })
  assert.equal(r.status, 0, r.stderr)
  assert.match(r.stdout, /^42$/m)
})

test('run --json prints the RunResult', async () => {
  const r = await cli(['run', '-', '--json'], { stdin: 'console.warn("careful"); return [1, "two"]' })
  assert.equal(r.status, 0, r.stderr)
  const result = JSON.parse(r.stdout)
  assert.equal(result.ok, true)
  assert.deepEqual(result.value, [1, 'two'])
  assert.deepEqual(
    result.logs.map((l) => [l.level, l.message]),
    [['warn', 'careful']],
  )
  assert.equal(result.stats.toolCalls, 0)
})

test('a failing program exits 1 with the error, a code frame and the hint', async () => {
  const dir = tempDir()
  writeFileSync(path.join(dir, 'bad.js'), 'const user = {}\nreturn user.profile.name\n')
  const r = await cli(['run', 'bad.js'], { cwd: dir })
  assert.equal(r.status, 1)
  assert.match(r.stdout, /TypeError: cannot read property 'name' of undefined/)
  assert.match(r.stdout, /At line 2, column \d+:\n> 2 \| return user\.profile\.name\n +\|\s+\^/)
  assert.match(r.stdout, /^Hint: /m)
  assert.match(r.stdout, /^failed in [\d.]+ ms, 0 tool calls$/m)
  const json = await cli(['run', 'bad.js', '--json'], { cwd: dir })
  assert.equal(json.status, 1)
  const result = JSON.parse(json.stdout)
  assert.equal(result.error.code, 'UNCAUGHT_EXCEPTION')
  assert.equal(result.error.line, 2)
})

test('--timeout bounds the run', async () => {
  const r = await cli(['run', '-', '--timeout', '200', '--json'], { stdin: 'while (true) {}' })
  assert.equal(r.status, 1)
  assert.equal(JSON.parse(r.stdout).error.code, 'TIMEOUT')
})

test('a TypeScript tools module loads through stripTypes', async () => {
  const dir = tempDir()
  writeFileSync(
    path.join(dir, 'tools.ts'),
    `type Input = { name: string }
export const tools: Record<string, unknown> = {
  greet: {
    description: 'Greets someone',
    inputSchema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
    execute: ({ name }: Input): string => \`hello \${name}\`,
  },
}
`,
  )
  const r = await cli(['run', '-', '--tools', 'tools.ts', '--json'], {
    cwd: dir,
    stdin: 'return tools.greet({ name: "ts" })',
  })
  assert.equal(r.status, 0, r.stderr)
  assert.equal(JSON.parse(r.stdout).value, 'hello ts')
})

test('an AI SDK ToolSet module is converted (zod input schema, validation)', async () => {
  const module = path.join(ROOT, '__test__', 'cli-ai-tools.mjs')
  const r = await cli(['run', '-', '--tools', module, '--json'], {
    stdin:
      'const a = await tools.double({ n: 21 }); let e; try { await tools.double({ n: "x" }) } catch (err) { e = err.name } return { a, e }',
  })
  assert.equal(r.status, 0, r.stderr)
  assert.deepEqual(JSON.parse(r.stdout).value, { a: 42, e: 'ToolInputError' })
  const d = await cli(['declarations', '--tools', module])
  assert.match(d.stdout, /double\(input: \{ n: number \}\): Promise<unknown>;/)
})

test('--mcp connects the servers of a Claude Desktop config; --config is an alias', async () => {
  const dir = tempDir()
  const config = path.join(dir, 'mcp.json')
  writeFileSync(
    config,
    JSON.stringify({ mcpServers: { everything: { command: process.execPath, args: [EVERYTHING, 'stdio'] } } }),
  )
  const program = `const [a, b] = await Promise.all([tools.everything.echo({ message: 'cli' }), tools.everything['get-sum']({ a: 2, b: 3 })]); return { a, b }`
  const r = await cli(['run', '-', '--mcp', config, '--json'], { stdin: program })
  assert.equal(r.status, 0, r.stderr)
  const result = JSON.parse(r.stdout)
  assert.equal(result.value.a, 'Echo: cli')
  assert.match(JSON.stringify(result.value.b), /5/)
  const d = await cli(['declarations', '--config', config])
  assert.equal(d.status, 0, d.stderr)
  assert.match(d.stdout, /echo\(input: \{/)
})

test('declarations and description print what the model reads', async () => {
  const dir = tempDir()
  writeFileSync(path.join(dir, 'tools.mjs'), ADD_TOOLS)
  const d = await cli(['declarations', '--tools', './tools.mjs'], { cwd: dir })
  assert.equal(d.status, 0, d.stderr)
  assert.match(d.stdout, /\/\*\* Adds two numbers \*\/\n\s*add\(input: \{ a: number; b: number \}\): Promise<unknown>;/)
  const full = await cli(['description', '--tools', './tools.mjs'], { cwd: dir })
  assert.equal(full.status, 0, full.stderr)
  assert.match(full.stdout, /add\(input/)
  const small = await cli(['description', '--tools', './tools.mjs', '--max-chars', '300'], { cwd: dir })
  assert.ok(small.stdout.trimEnd().length <= 300, small.stdout)
})

test('--help of every command has examples; mistakes exit 2 saying what is wrong', async () => {
  const main = await cli(['--help'])
  assert.equal(main.status, 0)
  for (const command of ['run', 'declarations', 'description', 'mcp', 'serve']) {
    assert.match(main.stdout, new RegExp(`^  ${command} `, 'm'))
    const help = await cli([command, '--help'])
    assert.equal(help.status, 0)
    assert.match(help.stdout, new RegExp(`^Usage: quickjs-codemode ${command}`))
    assert.match(help.stdout, /Examples:\n  quickjs-codemode /)
  }
  const unknown = await cli(['frobnicate'])
  assert.equal(unknown.status, 2)
  assert.match(unknown.stderr, /unknown command "frobnicate"/)
  const option = await cli(['run', '-', '--nope'])
  assert.equal(option.status, 2)
  assert.match(option.stderr, /--nope/)
  const timeout = await cli(['run', '-', '--timeout', 'soon'])
  assert.equal(timeout.status, 2)
  assert.match(timeout.stderr, /--timeout needs a positive whole number \(got "soon"\)/)
  const missing = await cli(['run', 'no-such-file.js'])
  assert.equal(missing.status, 2)
  assert.match(missing.stderr, /cannot read no-such-file\.js: no such file/)
  const badTools = await cli(['declarations', '--tools', 'nothing.mjs'])
  assert.equal(badTools.status, 2)
  assert.match(badTools.stderr, /--tools nothing\.mjs: the module could not be loaded/)
})

test("the README quotes the CLI's --help as it is", async () => {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8')
  const help = await cli(['--help'])
  assert.ok(
    readme.includes(help.stdout.trimEnd()),
    'README.md: update the --help block of "Command line, MCP server and HTTP API"',
  )
})
