// Examples that run (issue 13): every code block of README.md says how it is checked (an HTML
// comment `<!-- example: ... -->` above it), and is run or type-checked here; every `@example` of
// index.d.ts and js/ai.d.ts is type-checked. The quick start runs as written, offline, in a
// project made with `npm init -y`.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

import { ROOT } from './helpers.mjs'

const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc')
const KINDS = ['run', 'tsc', 'tsc ai', 'tsc tools', 'tsc run-result', 'ci', 'install', 'cli', 'cli-help', 'json']

/** The fenced blocks of a markdown text, each with the `<!-- example: kind -->` above it. */
function readmeBlocks(markdown) {
  const lines = markdown.split('\n')
  const blocks = []
  for (let i = 0; i < lines.length; i++) {
    const open = lines[i].match(/^```(\w*)$/)
    if (!open) continue
    const end = lines.indexOf('```', i + 1)
    let above = i - 1
    while (above >= 0 && lines[above].trim() === '') above--
    const kind = lines[above]?.match(/^<!-- example: (.+) -->$/)?.[1]
    blocks.push({ line: i + 1, lang: open[1], kind, body: lines.slice(i + 1, end).join('\n') })
    i = end
  }
  return blocks
}

/** The ```ts blocks inside the JSDoc of a declaration file. */
function jsdocExamples(dts) {
  return [...dts.matchAll(/^ *\* ```ts\n((?: *\*(?: .*)?\n)*?) *\* ```$/gm)].map((m) =>
    m[1].split('\n').map((l) => l.replace(/^ *\* ?/, '')).join('\n'),
  )
}

/** A scratch project whose node_modules has this package and the root's dev dependencies. */
function project(t) {
  const dir = mkdtempSync(path.join(tmpdir(), 'cm-examples-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  mkdirSync(path.join(dir, 'node_modules', '@types'), { recursive: true })
  symlinkSync(ROOT, path.join(dir, 'node_modules', 'quickjs-codemode'))
  for (const dep of ['ai', 'zod', '@ai-sdk', 'typescript']) symlinkSync(path.join(ROOT, 'node_modules', dep), path.join(dir, 'node_modules', dep))
  symlinkSync(path.join(ROOT, 'node_modules', '@types', 'node'), path.join(dir, 'node_modules', '@types', 'node'))
  return dir
}

function typecheck(dir, files) {
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text)
  const args = [TSC, '--strict', '--noEmit', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--types', 'node', '--skipLibCheck', ...Object.keys(files)]
  try {
    execFileSync(process.execPath, args, { cwd: dir, encoding: 'utf8', stdio: 'pipe' })
  } catch (e) {
    assert.fail(`${e.stdout}${e.stderr}\n${Object.entries(files).map(([n, t]) => `--- ${n}\n${t}`).join('\n')}`)
  }
}

const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8')
const BLOCKS = readmeBlocks(README)

const PRELUDES = {
  tsc: "import * as fs from 'node:fs'\nimport { CodeMode, formatResult } from 'quickjs-codemode'\ndeclare const cm: CodeMode\ndeclare const token: string\n",
  'tsc ai': "import type { Tool, LanguageModel } from 'ai'\ndeclare const model: LanguageModel\ndeclare const getWeather: Tool\ndeclare const getPopulation: Tool\n",
  'tsc tools': "import { CodeMode, type ToolDefinition } from 'quickjs-codemode'\ndeclare const tools: ToolDefinition[]\ndeclare const getWeather: ToolDefinition, listCities: ToolDefinition\n",
  'tsc run-result': "import type * as pkg from 'quickjs-codemode'\nimport type { RunErrorInfo, LogEntry, ToolCallInfo, RunStats } from 'quickjs-codemode'\n",
}
const EPILOGUES = {
  // The README's sketch of RunResult is the package's type, both ways round.
  'tsc run-result': `
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
export const same: [Same<RunResult, pkg.RunResult>, Same<RunSuccess, pkg.RunSuccess>, Same<RunFailure, pkg.RunFailure>] = [true, true, true]
`,
}

test('every README code block says how it is checked', () => {
  assert.ok(BLOCKS.length >= 6)
  for (const b of BLOCKS) assert.ok(KINDS.includes(b.kind), `README.md:${b.line} (\`\`\`${b.lang}) has no <!-- example: ${KINDS.join(' | ')} --> above it`)
})

test('the README quick start runs as written, offline, in an `npm init -y` project, and prints what it says', (t) => {
  const [quickstart] = BLOCKS.filter((b) => b.kind === 'run')
  const dir = project(t)
  execFileSync('npm', ['init', '-y'], { cwd: dir, stdio: 'ignore' })
  assert.equal(JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).type ?? 'commonjs', 'commonjs', 'a default project')
  writeFileSync(path.join(dir, 'quickstart.mjs'), quickstart.body)
  const r = spawnSync(process.execPath, ['quickstart.mjs'], { cwd: dir, encoding: 'utf8' })
  assert.equal(r.status, 0, r.stderr)
  const printed = quickstart.body.match(/^\/\/ prints: (.*)$/m)[1]
  assert.equal(r.stdout.trim(), printed)
  assert.doesNotMatch(quickstart.body, /fetch\(|https?:\/\//, 'no network')
})

test('the README quick start compiles with tsc --strict as TypeScript, without non-null assertions', (t) => {
  const [quickstart] = BLOCKS.filter((b) => b.kind === 'run')
  assert.doesNotMatch(quickstart.body, /!\./)
  typecheck(project(t), { 'quickstart.mts': quickstart.body })
})

test('the README blocks marked tsc type-check against the package typings', (t) => {
  const files = {}
  BLOCKS.filter((b) => b.kind.startsWith('tsc')).forEach((b, i) => {
    files[`readme-${i}.mts`] = `${PRELUDES[b.kind]}${b.body}\n${EPILOGUES[b.kind] ?? ''}\nexport {}\n`
  })
  assert.equal(Object.keys(files).length, 7)
  typecheck(project(t), files)
})

const CLI = path.join(ROOT, 'js', 'cli.js')
const cliHelp = (...command) => execFileSync(process.execPath, [CLI, ...command, '--help'], { encoding: 'utf8' })

test('the README shows the CLI help as the CLI prints it', () => {
  const blocks = BLOCKS.filter((b) => b.kind === 'cli-help')
  assert.equal(blocks.length, 1)
  assert.equal(`${blocks[0].body}\n`, cliHelp())
})

test('the README command lines are valid shell and use only commands and options the CLI has', () => {
  const blocks = BLOCKS.filter((b) => b.kind === 'cli')
  assert.ok(blocks.length >= 3)
  let checked = 0
  for (const b of blocks) {
    execFileSync('bash', ['-n'], { input: b.body })
    for (const line of b.body.split('\n')) {
      const m = line.match(/quickjs-codemode (\w+)((?: [^|&#>]*)?)/)
      if (!m) continue
      const help = cliHelp(m[1])
      for (const flag of m[2].match(/--[\w-]+/g) ?? []) {
        if (flag === '--cli' || flag === '--method') continue // the Inspector's own flags
        assert.ok(help.includes(flag), `README.md:${b.line}: \`quickjs-codemode ${m[1]}\` has no ${flag}`)
      }
      checked++
    }
  }
  assert.ok(checked >= 5, `checked ${checked} command lines`)
})

test('the README JSON blocks parse, and an MCP client config runs this package', () => {
  const blocks = BLOCKS.filter((b) => b.kind === 'json')
  assert.ok(blocks.length >= 1)
  for (const b of blocks) {
    const config = JSON.parse(b.body)
    const [server] = Object.values(config.mcpServers)
    assert.deepEqual(server.args.slice(0, 3), ['-y', 'quickjs-codemode', 'mcp'])
  }
})

test('the README set-up command is exactly what CI runs, and the install command names this package', () => {
  const ci = readFileSync(path.join(ROOT, '.ci', 'run'), 'utf8')
  const [setup] = BLOCKS.filter((b) => b.kind === 'ci')
  const commands = setup.body.split('\n').map((l) => l.replace(/\s+#.*$/, '').trim())
  assert.deepEqual(commands, ['npm install && npm run build && npm run setup:ai-v7 && npm run demo', 'npm test'])
  for (const c of commands) assert.ok(ci.split('\n').includes(c), `.ci/run runs \`${c}\``)
  const [install] = BLOCKS.filter((b) => b.kind === 'install')
  const { name } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'))
  assert.equal(install.body, `npm install ${name}`)
})

test('every @example of index.d.ts type-checks', (t) => {
  const examples = jsdocExamples(readFileSync(path.join(ROOT, 'index.d.ts'), 'utf8'))
  assert.ok(examples.length >= 12, `found ${examples.length}`)
  const prelude = `import * as fs from 'node:fs'
import { z } from 'zod'
import { CodeMode, ERROR_CODES, formatResult, jsonSchemaToTypeScript, stripTypes, type ToolDefinition, type RunResult, type McpServerConfig, type McpConfig, type TypeDiagnostic } from 'quickjs-codemode'
declare const cm: CodeMode
declare const token: string
declare const tools: ToolDefinition[]
declare const code: string
declare const result: RunResult
declare function retryWithLessWork(): void
`
  const files = {}
  examples.forEach((body, i) => {
    // The example's own imports are the prelude's; each body gets a scope of its own.
    const own = body.replace(/^import .* from '(quickjs-codemode|zod)'\n/gm, '')
    files[`example-${i}.mts`] = `${prelude}export async function example() {\n${own}\n}\n`
  })
  typecheck(project(t), files)
})

test('the ai v6 @example of js/ai.d.ts type-checks (the v7 one is checked in integrations/ai-v7)', (t) => {
  const examples = jsdocExamples(readFileSync(path.join(ROOT, 'js', 'ai.d.ts'), 'utf8'))
  assert.equal(examples.length, 2)
  assert.match(examples[1], /experimental_toolCallers/)
  typecheck(project(t), { 'ai-example.mts': `${PRELUDES['tsc ai']}${examples[0]}\nexport {}\n` })
})
