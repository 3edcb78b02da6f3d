// quickjs-codemode/ai with the real `ai` v7 (7.0.85) and its MockLanguageModelV4, on Node 22: the
// scenarios the root runs against v6, plus v7's tool callers (`experimental_toolCallers`).
// Run by `npm test` through scripts/ai-v7.mjs.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import path from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'

import * as ai from 'ai'
import { MockLanguageModelV4 } from 'ai/test'
import { z } from 'zod'
import * as codemodeAi from 'quickjs-codemode/ai'

import { codeCall, defineScenarios, outputText, scriptedModel, toolResultIn } from '../../__test__/ai-sdk-scenarios.mjs'

const HERE = path.dirname(fileURLToPath(import.meta.url))
const require = createRequire(import.meta.url)
const { codeModeToolCaller, experimental_codeModeTool, DIRECT_TOOL_CALL } = codemodeAi
const { generateText, stepCountIs, tool } = ai

test('this runs on Node 22 with ai 7.0.85 (not the root v6)', () => {
  assert.ok(Number(process.versions.node.split('.')[0]) >= 22, process.version)
  assert.equal(require('ai/package.json').version, '7.0.85')
  // quickjs-codemode/ai resolved `ai` next to this folder too: v7 has tool callers.
  assert.equal(typeof ai.experimental_toolCaller, 'function')
  assert.doesNotThrow(() => codeModeToolCaller())
})

defineScenarios({ ai, MockModel: MockLanguageModelV4, z, codemodeAi, contextKey: 'context' })

function weather(received) {
  return {
    getWeather: tool({
      description: 'Current weather for a city',
      inputSchema: z.object({ city: z.string() }),
      outputSchema: z.object({ city: z.string(), tempC: z.number() }),
      execute: async ({ city }, options) => {
        received.push(options.toolCallId)
        return { city, tempC: 4 }
      },
    }),
    getPopulation: tool({
      description: 'Population of a city',
      inputSchema: z.object({ city: z.string() }),
      execute: async ({ city }, options) => {
        received.push(options.toolCallId)
        return { city, population: 709_000 }
      },
    }),
  }
}

test('experimental_toolCallers: the tools that name the code tool are callable from its programs, and hidden from the model unless direct calls are allowed', async () => {
  const received = []
  const program = `const [w, p] = await Promise.all([tools.getWeather({ city: 'Oslo' }), tools.getPopulation({ city: 'Oslo' })])
console.log('both fetched')
return { tempC: w.tempC, population: p.population }`
  const { model, calls } = scriptedModel(MockLanguageModelV4, [() => [codeCall(program, 'c1')]])
  const result = await generateText({
    model,
    tools: { code: codeModeToolCaller(), ...weather(received) },
    experimental_toolCallers: { getWeather: ['code'], getPopulation: ['code', DIRECT_TOOL_CALL] },
    stopWhen: stepCountIs(3),
    prompt: 'Oslo?',
  })
  assert.equal(result.text, 'done')
  const offered = calls[0].tools.map((t) => t.name).sort()
  assert.deepEqual(offered, ['code', 'getPopulation'], 'getWeather only through code')
  const description = calls[0].tools.find((t) => t.name === 'code').description
  assert.match(description, /tools\.getWeather\(input: \{ city: string \}\): Promise<\{ city: string; tempC: number \}>/)
  assert.match(description, /tools\.getPopulation\(/)
  const shown = outputText(toolResultIn(calls[1].prompt, 'c1'))
  assert.match(shown, /"tempC": 4/)
  assert.match(shown, /both fetched/)
  assert.deepEqual(received.sort(), ['c1:1', 'c1:2'])
})

test('switching from @ai-sdk/code-mode is one import: experimental_codeModeTool is the tool caller', async () => {
  assert.equal(experimental_codeModeTool, codeModeToolCaller)
  const caller = experimental_codeModeTool({ limits: { timeoutMs: 2_000 } })
  assert.equal(caller.experimental_toolCaller.type, 'local')
  const tools = weather([])
  const bound = caller.experimental_toolCaller.bind(tools)
  assert.match(bound.description, /tools\.getWeather/)
  // generateText binds every step: the same tools reuse the binding, other tools get a new one.
  assert.equal(caller.experimental_toolCaller.bind({ ...tools }), bound)
  assert.notEqual(caller.experimental_toolCaller.bind(weather([])), bound)
})

test('js/ai.d.ts is usable with ai v7: ai-v7.test-d.ts compiles with tsc --strict', () => {
  const tsc = path.join(HERE, '..', '..', 'node_modules', 'typescript', 'bin', 'tsc')
  const args = [tsc, '--strict', '--noEmit', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--types', 'node', 'ai-v7.test-d.ts']
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', cwd: HERE })
  assert.equal(r.status, 0, r.stdout + r.stderr)
})

test('the codeModeToolCaller @example of js/ai.d.ts type-checks with ai v7', (t) => {
  const { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } = require('node:fs')
  const dts = readFileSync(path.join(HERE, '..', '..', 'js', 'ai.d.ts'), 'utf8')
  const examples = [...dts.matchAll(/^ *\* ```ts\n((?: *\*(?: .*)?\n)*?) *\* ```$/gm)].map((m) =>
    m[1].split('\n').map((l) => l.replace(/^ *\* ?/, '')).join('\n'),
  )
  const example = examples.find((e) => e.includes('experimental_toolCallers'))
  assert.ok(example)
  // A scratch folder whose node_modules is this folder's: `ai` resolves to v7 there.
  const dir = mkdtempSync(path.join(require('node:os').tmpdir(), 'cm-ai-v7-example-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  symlinkSync(path.join(HERE, 'node_modules'), path.join(dir, 'node_modules'))
  const prelude = `import { generateText, type LanguageModel, type Tool } from 'ai'
import { codeModeToolCaller, DIRECT_TOOL_CALL } from 'quickjs-codemode/ai'
declare const model: LanguageModel
declare const getWeather: Tool
declare const getPopulation: Tool
declare const prompt: string
`
  writeFileSync(path.join(dir, 'example.mts'), `${prelude}${example}\nexport {}\n`)
  const tsc = path.join(HERE, '..', '..', 'node_modules', 'typescript', 'bin', 'tsc')
  const args = [tsc, '--strict', '--noEmit', '--skipLibCheck', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--types', 'node', 'example.mts']
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', cwd: dir })
  assert.equal(r.status, 0, r.stdout + r.stderr)
})
