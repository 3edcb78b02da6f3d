// The AI SDK code tool with `language: 'bash'`: the model writes a Bash script, every AI SDK tool
// is a command, and the description says so.
import assert from 'node:assert/strict'
import { test } from 'node:test'

import * as ai from 'ai'
import { MockLanguageModelV3 } from 'ai/test'
import { z } from 'zod'
import { createCodeTool } from 'quickjs-codemode/ai'

import { codeCall, outputText, scriptedModel, toolResultIn } from './ai-sdk-scenarios.mjs'

const tools = {
  getWeather: ai.tool({
    description: 'Current weather for a city',
    inputSchema: z.object({ city: z.string().describe('City name') }),
    execute: async ({ city }) => ({ city, tempC: city === 'Oslo' ? 4 : 21 }),
  }),
}

test('generateText with a Bash code tool: the script pipes a tool into jq; the model reads its stdout', async () => {
  const code = createCodeTool({ tools, language: 'bash' })
  assert.match(code.description, /Every tool is a command/)
  assert.match(code.description, /getWeather --city <string>/)
  assert.match(code.inputSchema.jsonSchema.properties.code.description, /Bash script/)
  const script = 'for c in Oslo Lima; do getWeather --city "$c" | jq -r \'"\\(.city) \\(.tempC)"\'; done'
  const { model, calls } = scriptedModel(MockLanguageModelV3, [() => [codeCall(script)]])
  const result = await ai.generateText({ model, tools: { code }, stopWhen: ai.stepCountIs(3), prompt: 'Weather?' })
  assert.equal(result.text, 'done')
  const shown = outputText(toolResultIn(calls[1].prompt, 'outer-1'))
  assert.match(shown, /Oslo 4\\nLima 21\\n/)
  assert.match(shown, /"exitCode": 0/)
})

test('an unknown language is refused when the tool is made', () => {
  assert.throws(() => createCodeTool({ tools, language: 'cobol' }), /language/)
})
