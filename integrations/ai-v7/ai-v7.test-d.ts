// Type test for js/ai.d.ts against `ai` v7: compiled by tsc in ai-sdk-v7.spec.mjs (the root's
// __test__/ai.test-d.ts does the same against v6).
import { generateText, isStepCount, tool, type Experimental_ToolCallerTool } from 'ai'
import { MockLanguageModelV4 } from 'ai/test'
import { z } from 'zod'

import {
  codeModeToolCaller,
  createCodeTool,
  DIRECT_TOOL_CALL,
  experimental_codeModeTool,
  type CodeToolOutput,
  type CodeToolProgress,
} from 'quickjs-codemode/ai'

const getWeather = tool({
  description: 'Weather for a city',
  inputSchema: z.object({ city: z.string() }),
  execute: async ({ city }) => ({ city, tempC: 4 }),
})

const code = createCodeTool({ tools: { getWeather }, limits: { timeoutMs: 5_000 }, approve: ({ context }) => context !== null })
const caller: Experimental_ToolCallerTool = codeModeToolCaller({ maxOutputChars: 5_000 })

async function main(): Promise<string> {
  const direct = await generateText({
    model: new MockLanguageModelV4(),
    tools: { code },
    stopWhen: isStepCount(3),
    prompt: 'Weather in Oslo?',
  })
  const viaCaller = await generateText({
    model: new MockLanguageModelV4(),
    tools: { code: experimental_codeModeTool(), getWeather },
    experimental_toolCallers: { getWeather: ['code', DIRECT_TOOL_CALL] },
    prompt: 'Weather in Oslo?',
  })
  for (const r of direct.toolResults) {
    if (r.toolName === 'code' && !r.dynamic) {
      const out: CodeToolOutput | CodeToolProgress = r.output
      if (typeof out === 'string') return out
    }
  }
  return direct.text + viaCaller.text
}

// @ts-expect-error `tools` is required
createCodeTool({})

export { caller, main }
