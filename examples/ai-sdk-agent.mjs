// An AI SDK agent whose tools are called from code: two ordinary AI SDK tools become one `code`
// tool. The model here is a scripted mock so this runs without an API key; it writes the program
// a real model would, then answers from what the program returned. `npm run demo` runs it.
import { generateText, stepCountIs, tool } from 'ai'
import { MockLanguageModelV3 } from 'ai/test'
import { z } from 'zod'
import { createCodeTool } from 'quickjs-codemode/ai'

const temps = { Oslo: 4, Lisbon: 19, Nairobi: 24, Reykjavik: 2 }

// Ordinary AI SDK tools, unchanged.
const getWeather = tool({
  description: 'Current weather for a city',
  inputSchema: z.object({ city: z.string() }),
  outputSchema: z.object({ city: z.string(), tempC: z.number() }),
  execute: async ({ city }, { toolCallId }) => {
    console.log(`  nested call ${toolCallId}: getWeather(${city})`)
    await new Promise((r) => setTimeout(r, 50)) // pretend to be a network call
    return { city, tempC: temps[city] }
  },
})
const listCities = tool({
  description: 'The cities we have weather for',
  inputSchema: z.object({}),
  outputSchema: z.array(z.string()),
  execute: async (_input, { toolCallId }) => {
    console.log(`  nested call ${toolCallId}: listCities()`)
    return Object.keys(temps)
  },
})

// The whole integration is this line.
const code = createCodeTool({ tools: { getWeather, listCities } })

// A real model instead of the mock:
//   import { openai } from '@ai-sdk/openai'
//   const model = openai('gpt-5-mini')
const model = scriptedModel()

const result = await generateText({
  model,
  tools: { code },
  stopWhen: stepCountIs(5),
  prompt: 'Which of our cities are warmer than 15 °C, warmest first?',
  experimental_onToolCallStart: ({ toolCall }) => {
    console.log(`The model wrote a program:\n${indent(toolCall.input.code)}`)
  },
  experimental_onToolCallFinish: (event) => {
    console.log(`The model reads back:\n${indent(event.output ?? String(event.error))}`)
  },
})
console.log(`Answer: ${result.text}`)
console.log(`(${result.steps.length} model calls; the ${Object.keys(temps).length} weather calls ran inside one)`)

// Step 1 writes a program; step 2 answers from the code tool's result in its prompt.
function scriptedModel() {
  const usage = {
    inputTokens: { total: 0, noCache: 0, cacheRead: 0, cacheWrite: 0 },
    outputTokens: { total: 0, text: 0, reasoning: 0 },
  }
  const program = `const cities = await tools.listCities({})
const reports = await Promise.all(cities.map((city) => tools.getWeather({ city })))
const warm = reports.filter((r) => r.tempC > 15).sort((a, b) => b.tempC - a.tempC)
console.log('checked', reports.length, 'cities')
return warm.map((r) => \`\${r.city} (\${r.tempC} °C)\`)`
  return new MockLanguageModelV3({
    doGenerate: async ({ prompt }) => {
      const toolMessage = prompt.find((m) => m.role === 'tool')
      if (!toolMessage) {
        const input = JSON.stringify({ code: program })
        return {
          content: [{ type: 'tool-call', toolCallId: 'call-1', toolName: 'code', input }],
          finishReason: { unified: 'tool-calls', raw: undefined },
          usage,
          warnings: [],
        }
      }
      const text = toolMessage.content[0].output.value
      const warm = JSON.parse(text.slice('Result:'.length, text.indexOf('\n\nConsole:')))
      const content = [{ type: 'text', text: warm.join(', ') }]
      return { content, finishReason: { unified: 'stop', raw: undefined }, usage, warnings: [] }
    },
  })
}

function indent(text) {
  return text.replace(/^/gm, '  | ')
}
