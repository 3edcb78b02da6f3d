// The AI SDK integration's scenarios, run against `ai` v6 on Node 20 (ai-sdk.spec.mjs) and against
// `ai` v7 on Node 22 (integrations/ai-v7/ai-sdk-v7.spec.mjs). Each runner passes its own modules
// in: `ai`, its mock model class, zod and quickjs-codemode/ai as resolved next to that `ai`.
import assert from 'node:assert/strict'
import { test } from 'node:test'

const USAGE = {
  inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 5, text: 5, reasoning: 0 },
}

/** A model call that asks for the code tool to run `code`. */
export function codeCall(code, toolCallId = 'outer-1', toolName = 'code') {
  return { type: 'tool-call', toolCallId, toolName, input: JSON.stringify({ code }) }
}

/**
 * A mock language model that answers step n with `steps[n](options)` (content parts), and with
 * the text "done" once the script is over. `calls` keeps every request the SDK made.
 */
export function scriptedModel(MockModel, steps) {
  const calls = []
  const contentFor = async (options) => {
    calls.push(options)
    const step = steps[calls.length - 1]
    return step ? await step(options) : [{ type: 'text', text: 'done' }]
  }
  const finishReason = (content) => ({
    unified: content.some((c) => c.type === 'tool-call') ? 'tool-calls' : 'stop',
    raw: undefined,
  })
  const model = new MockModel({
    doGenerate: async (options) => {
      const content = await contentFor(options)
      return { content, finishReason: finishReason(content), usage: USAGE, warnings: [] }
    },
    doStream: async (options) => {
      const content = await contentFor(options)
      const parts = [{ type: 'stream-start', warnings: [] }]
      for (const [i, c] of content.entries()) {
        if (c.type === 'text') parts.push({ type: 'text-start', id: `t${i}` }, { type: 'text-delta', id: `t${i}`, delta: c.text }, { type: 'text-end', id: `t${i}` })
        else parts.push(c)
      }
      parts.push({ type: 'finish', finishReason: finishReason(content), usage: USAGE })
      const stream = new ReadableStream({
        start(controller) {
          for (const p of parts) controller.enqueue(p)
          controller.close()
        },
      })
      return { stream }
    },
  })
  return { model, calls }
}

/** The output the model was shown for tool call `toolCallId` in a later request's prompt. */
export function toolResultIn(prompt, toolCallId) {
  for (const message of prompt) {
    if (message.role !== 'tool') continue
    for (const part of message.content) {
      if (part.type === 'tool-result' && part.toolCallId === toolCallId) return part.output
    }
  }
  assert.fail(`no tool result for ${toolCallId} in the prompt`)
}

/** The text of a tool result output (`text` output, or the text parts of `content`). */
export function outputText(output) {
  if (output.type === 'text' || output.type === 'error-text') return output.value
  if (output.type === 'content') return output.value.filter((p) => p.type === 'text').map((p) => p.text).join('\n')
  return JSON.stringify(output.value)
}

/** The registered scenarios; `env` = { ai, MockModel, z, codemodeAi, contextKey }. */
export function defineScenarios(env) {
  const { ai, MockModel, z, codemodeAi } = env
  const { createCodeTool } = codemodeAi
  const { generateText, streamText, stepCountIs, tool, jsonSchema } = ai
  // v6 forwards `experimental_context`, v7 a tool's `context` (from `toolsContext`).
  const contextOption = (value) => (env.contextKey === 'context' ? { toolsContext: { code: value } } : { experimental_context: value })

  function weatherTools(received) {
    return {
      getWeather: tool({
        description: 'Current weather for a city',
        inputSchema: z.object({ city: z.string().describe('City name') }),
        outputSchema: z.object({ city: z.string(), tempC: z.number() }),
        execute: async ({ city }, options) => {
          received?.push({ tool: 'getWeather', options })
          return { city, tempC: city === 'Oslo' ? 4 : 21 }
        },
      }),
      getPopulation: tool({
        description: 'Population of a city',
        inputSchema: z.object({ city: z.string() }),
        outputSchema: z.object({ city: z.string(), population: z.number().int() }),
        execute: async ({ city }, options) => {
          received?.push({ tool: 'getPopulation', options })
          return { city, population: 709_000 }
        },
      }),
    }
  }

  const PROGRAM = `const [w, p] = await Promise.all([
  tools.getWeather({ city: 'Oslo' }),
  tools.getPopulation({ city: 'Oslo' }),
])
console.log('fetched weather for', w.city)
return { city: w.city, tempC: w.tempC, population: p.population }`

  test('generateText over several steps: a program with Promise.all over two zod tools; the next prompt holds its value and log line', async () => {
    const received = []
    const { model, calls } = scriptedModel(MockModel, [() => [codeCall(PROGRAM)]])
    const result = await generateText({
      model,
      tools: { code: createCodeTool({ tools: weatherTools(received) }) },
      stopWhen: stepCountIs(5),
      prompt: 'How warm is Oslo, and how many people live there?',
      ...contextOption({ userId: 'u-1' }),
    })
    assert.equal(result.text, 'done')
    assert.equal(calls.length, 2, 'a tool step, then the answer')

    const shown = outputText(toolResultIn(calls[1].prompt, 'outer-1'))
    assert.match(shown, /"tempC": 4/)
    assert.match(shown, /"population": 709000/)
    assert.match(shown, /fetched weather for Oslo/)

    // The nested tools got the SDK's execute options.
    assert.deepEqual(received.map((r) => r.tool).sort(), ['getPopulation', 'getWeather'])
    const ids = received.map((r) => r.options.toolCallId)
    assert.deepEqual([...ids].sort(), ['outer-1:1', 'outer-1:2'])
    for (const { options } of received) {
      assert.ok(options.abortSignal instanceof AbortSignal)
      assert.equal(options.abortSignal.aborted, false)
      assert.ok(Array.isArray(options.messages) && options.messages.length > 0, 'the outer messages')
      assert.equal(options.messages[0].role, 'user')
      assert.match(JSON.stringify(options.messages[0].content), /How warm is Oslo/)
      assert.deepEqual(options[env.contextKey], { userId: 'u-1' })
    }
  })

  test('two code tool calls in one step run concurrently, each nested call tied to its own outer call', async () => {
    const received = []
    // A's first call waits until B's first call has arrived: run one after the other, A would fail.
    let openGate
    const gate = new Promise((resolve) => (openGate = resolve))
    const tools = {
      step: tool({
        inputSchema: z.object({ tag: z.string() }),
        execute: async ({ tag }, options) => {
          received.push({ tag, id: options.toolCallId })
          if (tag === 'B1') openGate()
          if (tag === 'A1') {
            const late = new Promise((_, reject) => setTimeout(() => reject(new Error('B did not start while A ran')), 5_000))
            await Promise.race([gate, late])
          }
          return tag
        },
      }),
    }
    const program = (tag) => `const a = await tools.step({ tag: '${tag}1' })
const b = await tools.step({ tag: '${tag}2' })
return a + b`
    const { model, calls } = scriptedModel(MockModel, [() => [codeCall(program('A'), 'A'), codeCall(program('B'), 'B')]])
    await generateText({ model, tools: { code: createCodeTool({ tools }) }, stopWhen: stepCountIs(3), prompt: 'x' })
    assert.match(outputText(toolResultIn(calls[1].prompt, 'A')), /"A1A2"/)
    assert.match(outputText(toolResultIn(calls[1].prompt, 'B')), /"B1B2"/)
    const ids = Object.fromEntries(received.map((r) => [r.tag, r.id]))
    assert.deepEqual(ids, { A1: 'A:1', A2: 'A:2', B1: 'B:1', B2: 'B:2' })
  })

  test('the description the model is sent names each tool, its input fields and its output type', async () => {
    const { model, calls } = scriptedModel(MockModel, [])
    await generateText({ model, tools: { code: createCodeTool({ tools: weatherTools() }) }, prompt: 'hi' })
    const sent = calls[0].tools.find((t) => t.name === 'code')
    assert.ok(sent, 'the code tool is offered to the model')
    assert.match(sent.description, /tools\.getWeather\(input: \{ \/\*\* City name \*\/ city: string \}\): Promise<\{ city: string; tempC: number \}>/)
    // zod's .int() is shown as "integer", without the safe-integer bounds zod writes into the schema.
    assert.match(sent.description, /tools\.getPopulation\(input: \{ city: string \}\): Promise<\{ city: string; \/\*\* integer \*\/ population: number \}>/)
    assert.match(sent.description, /Current weather for a city/)
    assert.deepEqual(sent.inputSchema.required, ['code'])
  })

  test('a failing nested tool comes back as readable output naming the error; generateText does not throw', async () => {
    const tools = {
      ...weatherTools(),
      lookup: tool({
        inputSchema: z.object({ id: z.string() }),
        execute: async ({ id }) => {
          throw new Error(`record ${id} was deleted`)
        },
      }),
    }
    const { model, calls } = scriptedModel(MockModel, [() => [codeCall(`const r = await tools.lookup({ id: 'r-7' })\nreturn r`)]])
    const result = await generateText({ model, tools: { code: createCodeTool({ tools }) }, stopWhen: stepCountIs(3), prompt: 'x' })
    assert.equal(result.text, 'done')
    const shown = outputText(toolResultIn(calls[1].prompt, 'outer-1'))
    assert.match(shown, /ToolError: record r-7 was deleted/)
    assert.match(shown, /line 1/i)
  })

  test('an invalid nested input comes back naming the field (JSON Schema check, and zod refinements via asSchema)', async () => {
    const tools = {
      ...weatherTools(),
      book: tool({
        inputSchema: z.object({ nights: z.number().int().refine((n) => n % 7 !== 0, { message: 'whole weeks are booked by phone' }) }),
        execute: async ({ nights }) => ({ booked: nights }),
      }),
    }
    const { model, calls } = scriptedModel(MockModel, [
      () => [codeCall(`return await tools.getWeather({ city: 42 })`, 'bad-type')],
      () => [codeCall(`return await tools.book({ nights: 14 })`, 'bad-refine')],
    ])
    await generateText({ model, tools: { code: createCodeTool({ tools }) }, stopWhen: stepCountIs(4), prompt: 'x' })
    const typeError = outputText(toolResultIn(calls[1].prompt, 'bad-type'))
    assert.match(typeError, /ToolInputError/)
    assert.match(typeError, /input\.city/)
    const refineError = outputText(toolResultIn(calls[2].prompt, 'bad-refine'))
    assert.match(refineError, /input\.nights: whole weeks are booked by phone/)
  })

  test('zod defaults and transforms reach execute as the SDK would pass them', async () => {
    let got
    const tools = {
      search: tool({
        inputSchema: z.object({ q: z.string().transform((s) => s.trim()), limit: z.number().default(10) }),
        execute: async (input) => {
          got = input
          return { hits: [] }
        },
      }),
    }
    const { model } = scriptedModel(MockModel, [() => [codeCall(`return await tools.search({ q: '  oslo ' })`)]])
    await generateText({ model, tools: { code: createCodeTool({ tools }) }, stopWhen: stepCountIs(3), prompt: 'x' })
    assert.deepEqual(got, { q: 'oslo', limit: 10 })
  })

  test('aborting the outer call aborts a nested tool', async () => {
    const outer = new AbortController()
    let nestedSignal
    let sawAbort
    const tools = {
      slow: tool({
        inputSchema: z.object({}),
        execute: (_input, { abortSignal }) => {
          nestedSignal = abortSignal
          return new Promise((resolve, reject) => {
            abortSignal.addEventListener('abort', () => {
              sawAbort = abortSignal.reason
              reject(abortSignal.reason)
            })
            setTimeout(() => outer.abort(), 20)
          })
        },
      }),
    }
    const { model } = scriptedModel(MockModel, [() => [codeCall(`return await tools.slow({})`)]])
    await assert.rejects(
      generateText({ model, tools: { code: createCodeTool({ tools }) }, stopWhen: stepCountIs(3), prompt: 'x', abortSignal: outer.signal }),
      (err) => err.name === 'AbortError' || outer.signal.aborted,
    )
    assert.ok(nestedSignal?.aborted, 'the nested signal aborted')
    assert.equal(sawAbort?.name, 'AbortError')
  })

  test('guest errors are tool output, never thrown: syntax error, timeout', async () => {
    const { model, calls } = scriptedModel(MockModel, [
      () => [codeCall(`return {`, 'syntax')],
      () => [codeCall(`while (true) {}`, 'spin')],
    ])
    const result = await generateText({
      model,
      tools: { code: createCodeTool({ tools: weatherTools(), limits: { timeoutMs: 200 } }) },
      stopWhen: stepCountIs(4),
      prompt: 'x',
    })
    assert.equal(result.text, 'done')
    assert.match(outputText(toolResultIn(calls[1].prompt, 'syntax')), /SyntaxError/)
    assert.match(outputText(toolResultIn(calls[2].prompt, 'spin')), /TIMEOUT|timed out|200 ms/i)
  })

  test('tools without execute are not offered; needsApproval without `approve` is not callable and the model is told why', async () => {
    const tools = {
      ...weatherTools(),
      askUser: tool({ description: 'Ask the user', inputSchema: z.object({ question: z.string() }) }),
      deleteCity: tool({ inputSchema: z.object({ city: z.string() }), needsApproval: true, execute: async () => ({ deleted: true }) }),
      refund: tool({
        inputSchema: z.object({ amount: z.number() }),
        needsApproval: async ({ amount }) => amount > 100,
        execute: async ({ amount }) => ({ refunded: amount }),
      }),
    }
    const code = createCodeTool({ tools })
    assert.doesNotMatch(code.description, /askUser/)
    assert.doesNotMatch(code.description, /tools\.deleteCity/)
    assert.match(code.description, /Not callable from code: deleteCity \(needs approval\)/)
    const { model, calls } = scriptedModel(MockModel, [
      () => [codeCall(`return await tools.refund({ amount: 5 })`, 'small')],
      () => [codeCall(`return await tools.refund({ amount: 500 })`, 'big')],
      () => [codeCall(`return await tools.deleteCity({ city: 'Oslo' })`, 'delete')],
    ])
    await generateText({ model, tools: { code }, stopWhen: stepCountIs(5), prompt: 'x' })
    assert.match(outputText(toolResultIn(calls[1].prompt, 'small')), /"refunded": 5/)
    assert.match(outputText(toolResultIn(calls[2].prompt, 'big')), /tools\.refund needs the user's approval, which a program cannot ask for; it was not run/)
    assert.match(outputText(toolResultIn(calls[3].prompt, 'delete')), /TypeError: tools\.deleteCity is not a tool/)
  })

  test('`approve` decides calls of tools that need approval, seeing the tool, input and context', async () => {
    const asked = []
    const tools = {
      deleteCity: tool({ inputSchema: z.object({ city: z.string() }), needsApproval: true, execute: async ({ city }) => ({ deleted: city }) }),
    }
    const code = createCodeTool({
      tools,
      approve: async (call) => {
        asked.push(call)
        return call.input.city === 'Atlantis' ? true : { approved: false, reason: 'only fictional cities' }
      },
    })
    assert.match(code.description, /tools\.deleteCity/)
    const { model, calls } = scriptedModel(MockModel, [
      () => [codeCall(`const a = await tools.deleteCity({ city: 'Atlantis' })
let b
try { await tools.deleteCity({ city: 'Oslo' }) } catch (e) { b = e.message }
return { a, b }`)],
    ])
    await generateText({ model, tools: { code }, stopWhen: stepCountIs(3), prompt: 'x', ...contextOption({ role: 'admin' }) })
    const shown = outputText(toolResultIn(calls[1].prompt, 'outer-1'))
    assert.match(shown, /"deleted": "Atlantis"/)
    assert.match(shown, /The user did not approve tools\.deleteCity: only fictional cities; it was not run\./)
    assert.equal(asked.length, 2)
    assert.equal(asked[0].toolName, 'deleteCity')
    assert.equal(asked[0].tool, tools.deleteCity)
    assert.deepEqual(asked[0].input, { city: 'Atlantis' })
    assert.equal(asked[0].toolCallId, 'outer-1:1')
    assert.deepEqual(asked[0][env.contextKey], { role: 'admin' })
  })

  test('a nested tool that streams (async iterable) gives the program its last value; each yield is a progress event', async () => {
    const tools = {
      report: tool({
        inputSchema: z.object({}),
        async *execute() {
          yield { status: 'loading', percent: 50 }
          yield { status: 'done', rows: 3 }
        },
      }),
    }
    const code = createCodeTool({ tools })
    const outputs = []
    for await (const out of code.execute({ code: `const r = await tools.report({})\nconsole.log('got', r.status)\nreturn r` }, { toolCallId: 'direct', messages: [] })) {
      outputs.push(out)
    }
    const final = outputs.at(-1)
    assert.equal(typeof final, 'string')
    assert.match(final, /"status": "done"/)
    assert.match(final, /"rows": 3/)
    const events = outputs.slice(0, -1).flatMap((o) => o.events)
    const progress = events.filter((e) => e.type === 'tool-progress')
    assert.ok(progress.some((e) => e.output.percent === 50 && e.toolCallId === 'direct:1' && e.tool === 'report'))
    assert.ok(outputs.slice(0, -1).every((o) => o.status === 'running'))
  })

  test('streamText: the code tool streams preliminary results (tool calls, logs) and ends with the formatResult text', async () => {
    const tools = {
      ...weatherTools(),
      slowly: tool({
        inputSchema: z.object({ ms: z.number() }),
        execute: ({ ms }) => new Promise((resolve) => setTimeout(() => resolve({ waited: ms }), ms)),
      }),
    }
    const program = `console.log('start')
await tools.slowly({ ms: 30 })
console.log('between')
await tools.slowly({ ms: 30 })
return 'finished'`
    const { model } = scriptedModel(MockModel, [() => [codeCall(program)]])
    const result = streamText({ model, tools: { code: createCodeTool({ tools }) }, stopWhen: stepCountIs(3), prompt: 'x' })
    const results = []
    for await (const part of result.fullStream) if (part.type === 'tool-result') results.push(part)
    // The SDK reports every value as preliminary (the last one too), then the last as final.
    const progress = results.filter((p) => p.preliminary && p.output.status === 'running')
    const final = results.filter((p) => !p.preliminary)
    assert.ok(progress.length >= 2, `${progress.length} progress results`)
    const seen = progress.at(-1).output.events
    assert.ok(seen.some((e) => e.type === 'log' && e.message === 'between'))
    assert.ok(seen.some((e) => e.type === 'tool-call' && e.tool === 'slowly'))
    assert.equal(final.length, 1)
    assert.match(final[0].output, /^Result: "finished"/)
    assert.match(final[0].output, /Console:\nstart\nbetween/)
  })

  test('images a program returns reach the model as image parts, not as base64 text', async () => {
    const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='
    const tools = {
      chart: tool({
        inputSchema: z.object({ title: z.string() }),
        execute: async ({ title }) => ({ title, image: { type: 'image', data: PNG, mimeType: 'image/png' } }),
      }),
    }
    const { model, calls } = scriptedModel(MockModel, [() => [codeCall(`const c = await tools.chart({ title: 'Sales' })\nreturn c`)]])
    await generateText({ model, tools: { code: createCodeTool({ tools }) }, stopWhen: stepCountIs(3), prompt: 'x' })
    const output = toolResultIn(calls[1].prompt, 'outer-1')
    assert.equal(output.type, 'content')
    const text = outputText(output)
    assert.match(text, /"title": "Sales"/)
    assert.match(text, /\[image 1: image\/png, 0 KB, attached below\]/)
    assert.ok(!text.includes(PNG), 'no base64 in the text')
    const images = output.value.filter((p) => p.type !== 'text')
    assert.equal(images.length, 1)
    assert.equal(JSON.stringify(images[0]).includes(PNG), true)
    assert.match(JSON.stringify(images[0]), /image\/png/)
  })

  test('JSON Schema tools (jsonSchema()) work as well as zod ones', async () => {
    const tools = {
      add: tool({
        description: 'Adds two numbers',
        inputSchema: jsonSchema({ type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } }, required: ['a', 'b'] }),
        execute: async ({ a, b }) => ({ sum: a + b }),
      }),
    }
    const code = createCodeTool({ tools })
    assert.match(code.description, /tools\.add\(input: \{ a: number; b: number \}\)/)
    const outputs = []
    for await (const out of code.execute({ code: 'return (await tools.add({ a: 2, b: 3 })).sum' }, { toolCallId: 'j', messages: [] })) outputs.push(out)
    assert.match(outputs.at(-1), /^Result: 5\n/)
  })

  test('misuse throws: no tools, unknown options, a non-function approve', () => {
    assert.throws(() => createCodeTool({}), { code: 'ERR_INVALID_OPTIONS', message: /`tools` must be an AI SDK ToolSet/ })
    assert.throws(() => createCodeTool({ tools: {}, timeout: 5 }), { code: 'ERR_INVALID_OPTIONS', message: /unknown option `timeout`/ })
    assert.throws(() => createCodeTool({ tools: {}, approve: true }), { code: 'ERR_INVALID_OPTIONS' })
  })
}
