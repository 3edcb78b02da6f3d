// quickjs-codemode/ai with the real `ai` v6 package and its MockLanguageModelV3 (Node 20). The same
// scenarios run against ai v7 on Node 22 in integrations/ai-v7/.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { test } from 'node:test'

import * as ai from 'ai'
import { MockLanguageModelV3 } from 'ai/test'
import { z } from 'zod'
import * as codemodeAi from 'quickjs-codemode/ai'

import { defineScenarios } from './ai-sdk-scenarios.mjs'
import { ROOT } from './helpers.mjs'

defineScenarios({ ai, MockModel: MockLanguageModelV3, z, codemodeAi, contextKey: 'experimental_context' })

test('codeModeToolCaller needs ai v7 and says so', () => {
  assert.throws(() => codemodeAi.codeModeToolCaller(), { code: 'ERR_INVALID_OPTIONS', message: /needs `ai` v7/ })
})

test('js/ai.d.ts is usable with ai v6: __test__/ai.test-d.ts compiles with tsc --strict', () => {
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc')
  const file = path.join(ROOT, '__test__', 'ai.test-d.ts')
  const args = [tsc, '--strict', '--noEmit', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--types', 'node', file]
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', cwd: ROOT })
  assert.equal(r.status, 0, r.stdout + r.stderr)
})

test('examples/ai-sdk-agent.mjs runs without an API key and shows the program, the nested calls and the answer', () => {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'examples', 'ai-sdk-agent.mjs')], { encoding: 'utf8', cwd: ROOT })
  assert.equal(r.status, 0, r.stderr)
  assert.match(r.stdout, /The model wrote a program:\n {2}\| const cities = await tools\.listCities\(\{\}\)/)
  assert.match(r.stdout, /nested call call-1:2: getWeather\(Oslo\)/)
  assert.match(r.stdout, /Console:\n {2}\| checked 4 cities/)
  assert.match(r.stdout, /Answer: Nairobi \(24 °C\), Lisbon \(19 °C\)/)
})
