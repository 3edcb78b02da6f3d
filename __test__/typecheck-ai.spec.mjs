// createCodeTool({ typecheck }) (issue 17): the AI SDK code tool hands the model its type
// errors before any nested tool runs, and its description says programs are checked.
import { test } from 'node:test'
import assert from 'node:assert/strict'

import { tool } from 'ai'
import { z } from 'zod'
import { createCodeTool } from 'quickjs-codemode/ai'

async function finalOutput(codeTool, code) {
  let last
  for await (const out of codeTool.execute({ code }, { toolCallId: 'call', messages: [] })) last = out
  return last
}

test("createCodeTool({ typecheck: 'strict' }) refuses a program with type errors; the model reads them", async () => {
  const calls = []
  const tools = {
    getWeather: tool({
      description: 'Weather for a city',
      inputSchema: z.object({ city: z.string() }),
      outputSchema: z.object({ tempC: z.number() }),
      execute: async ({ city }) => {
        calls.push(city)
        return { tempC: 12 }
      },
    }),
  }
  const code = createCodeTool({ tools, typecheck: 'strict' })
  assert.match(code.description, /type-checked against these declarations before it runs/)
  const refused = await finalOutput(code, "const w = await tools.getWeather({ city: 'Oslo' })\nreturn w.temp")
  assert.match(refused, /TYPE_ERROR|TypeCheckError/)
  assert.match(refused, /Did you mean 'tempC'\?/)
  assert.deepEqual(calls, [])
  const ran = await finalOutput(code, "const w = await tools.getWeather({ city: 'Oslo' })\nreturn w.tempC")
  assert.match(ran, /12/)
  assert.deepEqual(calls, ['Oslo'])
})
