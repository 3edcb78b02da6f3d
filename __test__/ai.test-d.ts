// Type test for js/ai.d.ts against `ai` v6 (the root's devDependency): compiled by tsc in
// ai-sdk.spec.mjs. integrations/ai-v7/ai-v7.test-d.ts does the same against v7.
import { generateText, stepCountIs, tool, type Tool } from 'ai'
import { MockLanguageModelV3 } from 'ai/test'
import { z } from 'zod'

import {
  codeModeToolCaller,
  createCodeTool,
  DIRECT_TOOL_CALL,
  type CodeToolOutput,
  type CodeToolProgress,
} from 'quickjs-codemode/ai'

const getWeather = tool({
  description: 'Weather for a city',
  inputSchema: z.object({ city: z.string() }),
  outputSchema: z.object({ city: z.string(), tempC: z.number() }),
  execute: async ({ city }) => ({ city, tempC: 4 }),
})

const code = createCodeTool({
  tools: { getWeather },
  limits: { timeoutMs: 5_000 },
  description: { maxChars: 2_000 },
  maxOutputChars: 10_000,
  approve: async ({ toolName, input, messages }) => toolName === 'getWeather' && input !== null && messages.length >= 0,
})
const asTool: Tool<{ code: string }, CodeToolOutput | CodeToolProgress> = code

async function main(): Promise<string> {
  const result = await generateText({
    model: new MockLanguageModelV3(),
    tools: { code, getWeather },
    stopWhen: stepCountIs(3),
    prompt: 'Weather in Oslo?',
  })
  for (const r of result.toolResults) {
    if (r.toolName === 'code' && !r.dynamic) {
      const out: CodeToolOutput | CodeToolProgress = r.output
      if (typeof out === 'string') return out
    }
  }
  return result.text
}

// A tool caller is typed with ai v6 too (it throws at run time there).
const caller = codeModeToolCaller({ limits: { timeoutMs: 1_000 } })
const marker: 'AI_SDK_DIRECT_TOOL_CALL' = DIRECT_TOOL_CALL

// @ts-expect-error `tools` is required
createCodeTool({})
// @ts-expect-error the approval answer is a boolean or { approved, reason }
createCodeTool({ tools: {}, approve: () => 'yes' })
createCodeTool({ tools: {}, typecheck: 'strict', codemode: { typecheck: 'warn' } })
// @ts-expect-error not a typecheck mode
createCodeTool({ tools: {}, typecheck: 'loud' })

export { asTool, caller, main, marker }
