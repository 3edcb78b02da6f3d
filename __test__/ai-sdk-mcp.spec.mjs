// MCP tools listed through `@ai-sdk/mcp` (a real server-everything over stdio) inside the code tool:
// programs get the data, not the MCP content envelope; isError is a ToolError; images reach the model.
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { test } from 'node:test'

import { createMCPClient } from '@ai-sdk/mcp'
import { Experimental_StdioMCPTransport } from '@ai-sdk/mcp/mcp-stdio'
import { generateText, stepCountIs } from 'ai'
import { MockLanguageModelV3 } from 'ai/test'
import { createCodeTool } from 'quickjs-codemode/ai'

import { codeCall, outputText, scriptedModel, toolResultIn } from './ai-sdk-scenarios.mjs'

const require = createRequire(import.meta.url)
const SERVER = require.resolve('@modelcontextprotocol/server-everything/dist/index.js')

async function everything(t) {
  const client = await createMCPClient({
    transport: new Experimental_StdioMCPTransport({ command: process.execPath, args: [SERVER, 'stdio'], stderr: 'ignore' }),
  })
  t.after(() => client.close())
  return client
}

test('@ai-sdk/mcp tools: text, JSON text and structuredContent come back as data; images as image parts', async (t) => {
  const client = await everything(t)
  const tools = await client.tools()
  const code = createCodeTool({ tools })
  // 13 tools do not fit the default budget with declarations: one line each.
  assert.match(code.description, /- tools\.echo — Echoes back the input string/)
  assert.match(code.description, /- tools\.get_sum — /, 'names that are not identifiers get an alias')

  const program = `const echo = await tools.echo({ message: 'hi' })
const weather = await tools.get_structured_content({ location: 'Chicago' })
const sum = await tools.get_sum({ a: 2, b: 3 })
const image = await tools.get_tiny_image({})
return { echo, conditions: weather.conditions, sum, image }`
  const { model, calls } = scriptedModel(MockLanguageModelV3, [() => [codeCall(program)]])
  await generateText({ model, tools: { code }, stopWhen: stepCountIs(3), prompt: 'x' })
  const output = toolResultIn(calls[1].prompt, 'outer-1')
  const text = outputText(output)
  assert.match(text, /"echo": "Echo: hi"/)
  assert.match(text, /"conditions": "Light rain \/ drizzle"/)
  assert.match(text, /"sum": "The sum of 2 and 3 is 5\."/)
  assert.match(text, /\[image 1: image\/png, \d+ KB, attached below\]/)
  assert.doesNotMatch(text, /"content":/, 'no MCP envelope')
  assert.equal(output.type, 'content')
  assert.equal(output.value.filter((p) => p.type === 'image-data').length, 1)
})

test('an MCP result with isError becomes a ToolError with the server message', async (t) => {
  const client = await everything(t)
  const tools = client.toolsFromDefinitions({ tools: [{ name: 'no-such-tool', inputSchema: { type: 'object', properties: {} } }] })
  const code = createCodeTool({ tools })
  const outputs = []
  const program = `try { await tools.no_such_tool({}) } catch (e) { return { name: e.name, message: e.message } }`
  for await (const out of code.execute({ code: program }, { toolCallId: 'm', messages: [] })) outputs.push(out)
  assert.match(outputs.at(-1), /"name": "ToolError"/)
  assert.match(outputs.at(-1), /"message": "MCP error -32602: Tool no-such-tool not found"/)
})
