// Strict options (issue 13): an unknown key or a value of the wrong type is ERR_INVALID_OPTIONS
// whose message names the field, what was given and, for a misspelt or misplaced key, what was
// meant. One test per rule, each with the exact message.
import { test } from 'node:test'
import assert from 'node:assert/strict'

import { CodeMode, codeMode, misuse, assertValue } from './helpers.mjs'
import binding from '../index.js'
import { createCodeTool } from '../js/ai.js'

const { formatResult, jsonSchemaToTypeScript } = binding
const execute = () => 1
const LIMITS =
  'timeoutMs, memoryLimitBytes, maxStackBytes, maxToolCalls, maxConcurrentToolCalls, maxSourceBytes, maxLogBytes, maxResultBytes, maxRecordedBytes, maxToolOutputBytes'
const TOOL_FIELDS = 'name, namespace, description, inputSchema, outputSchema, annotations, execute'

async function assertInvalid(fn, message) {
  const err = await misuse(fn)
  assert.ok(err instanceof TypeError, `expected a TypeError, got ${err?.name}: ${err?.message}`)
  assert.equal(err.code, 'ERR_INVALID_OPTIONS')
  assert.equal(err.message, message)
}

test('run(code, { timeoutMs }): a limit given as a run option points to { limits: { timeoutMs } }', async (t) => {
  const cm = codeMode(t)
  await assertInvalid(
    () => cm.run('return 1', { timeoutMs: 5000 }),
    'options.timeoutMs is not a run option; did you mean `{ limits: { timeoutMs } }`? Run options: signal, limits, onEvent, language, files, returnFiles, typecheck.',
  )
  await assertInvalid(
    () => cm.run('return 1', { timeout: 5000 }),
    'options.timeout is not a run option; did you mean `{ limits: { timeoutMs } }`? Run options: signal, limits, onEvent, language, files, returnFiles, typecheck.',
  )
})

test('new CodeMode: a misspelt option is named with the one meant', async () => {
  await assertInvalid(
    () => new CodeMode({ tool: [] }),
    'options.tool is not a CodeMode option; did you mean `tools`? CodeMode options: tools, limits, inferOutputTypes, typecheck.',
  )
  await assertInvalid(
    () => new CodeMode({ infer_output_types: false }),
    'options.infer_output_types is not a CodeMode option; did you mean `inferOutputTypes`? CodeMode options: tools, limits, inferOutputTypes, typecheck.',
  )
})

test('new CodeMode: a limit or a run option at the top level says where it goes', async () => {
  await assertInvalid(
    () => new CodeMode({ timeoutMs: 5000 }),
    'options.timeoutMs is not a CodeMode option; did you mean `{ limits: { timeoutMs } }`? CodeMode options: tools, limits, inferOutputTypes, typecheck.',
  )
  await assertInvalid(
    () => new CodeMode({ signal: new AbortController().signal }),
    'options.signal is not a CodeMode option; did you mean `cm.run(code, { signal })` (a signal belongs to one run)? CodeMode options: tools, limits, inferOutputTypes, typecheck.',
  )
})

test('an unknown key with nothing close lists the options there are', async (t) => {
  const cm = codeMode(t)
  await assertInvalid(
    () => cm.run('return 1', { colour: 'red' }),
    'options.colour is not a run option. Run options: signal, limits, onEvent, language, files, returnFiles, typecheck.',
  )
})

test('limits: an unknown limit, in the constructor or a run', async (t) => {
  await assertInvalid(
    () => new CodeMode({ limits: { timeout: 1000 } }),
    `options.limits.timeout is not a limit; did you mean \`timeoutMs\`? Limits: ${LIMITS}.`,
  )
  const cm = codeMode(t)
  await assertInvalid(
    () => cm.run('return 1', { limits: { maxMemoryBytes: 1 << 24 } }),
    `options.limits.maxMemoryBytes is not a limit; did you mean \`memoryLimitBytes\`? Limits: ${LIMITS}.`,
  )
})

test('description(options): an unknown key', async (t) => {
  const cm = codeMode(t)
  await assertInvalid(
    () => cm.description({ max_chars: 100 }),
    'options.max_chars is not a description option; did you mean `maxChars`? Description options: maxChars, language.',
  )
})

test('a tool definition: an unknown field, and one from another tool format', async () => {
  await assertInvalid(
    () => new CodeMode({ tools: [{ name: 'a', parameters: { type: 'object' }, execute }] }),
    `tools[0].parameters is not a tool definition field; did you mean \`inputSchema\` (the JSON Schema of the input)? Tool definition fields: ${TOOL_FIELDS}.`,
  )
  await assertInvalid(
    () => new CodeMode({ tools: { a: { handler: execute } } }),
    `tools.a.handler is not a tool definition field; did you mean \`execute\` (the function that runs the tool)? Tool definition fields: ${TOOL_FIELDS}.`,
  )
  await assertInvalid(
    () => new CodeMode({ tools: [{ name: 'a', annotations: { readonlyHint: true }, execute }] }),
    'tools[0].annotations.readonlyHint is not a tool annotation; did you mean `readOnlyHint`? Tool annotations: title, readOnlyHint, destructiveHint, idempotentHint, openWorldHint.',
  )
})

test('wrong types name the field and what was given', async (t) => {
  await assertInvalid(
    () => new CodeMode({ limits: { timeoutMs: '1000' } }),
    'options.limits.timeoutMs must be a number; got the string "1000".',
  )
  await assertInvalid(() => new CodeMode({ inferOutputTypes: 'no' }), 'options.inferOutputTypes must be true or false; got the string "no".')
  await assertInvalid(
    () => new CodeMode({ tools: [{ name: 'a', description: 5, execute }] }),
    'tools[0].description must be a string; got the number 5.',
  )
  await assertInvalid(
    () => new CodeMode({ tools: [{ name: 'a', inputSchema: [], execute }] }),
    'tools[0].inputSchema must be a JSON Schema object; got an array.',
  )
  await assertInvalid(() => new CodeMode({ tools: [{ name: 'a', execute: 'run' }] }), 'tools[0].execute must be a function; got the string "run".')
  await assertInvalid(() => new CodeMode({ limits: 30000 }), 'options.limits must be an object; got the number 30000.')
  const cm = codeMode(t)
  await assertInvalid(() => cm.run('return 1', { onEvent: true }), 'options.onEvent must be a function; got true.')
  await assertInvalid(
    () => cm.run('return 1', { signal: {} }),
    'options.signal must be an AbortSignal (e.g. new AbortController().signal); got an object.',
  )
  await assertInvalid(() => cm.description({ maxChars: '100' }), 'options.maxChars must be a number; got the string "100".')
  await assertInvalid(() => cm.description('short'), 'Description options must be an object; got the string "short".')
})

test('a negative maxChars is refused (description, formatResult, createCodeTool)', async (t) => {
  const cm = codeMode(t)
  await assertInvalid(() => cm.description({ maxChars: -1 }), 'options.maxChars must be a number of characters (0 or more); got -1.')
  const result = await cm.run('return 1')
  await assertInvalid(() => formatResult(result, { maxChars: -1 }), 'formatResult: maxChars must be a non-negative integer, got -1.')
  await assertInvalid(
    () => createCodeTool({ tools: {}, description: { maxChars: -5 } }),
    'createCodeTool: description.maxChars must be a number of characters (0 or more); got -5.',
  )
  await assertInvalid(
    () => createCodeTool({ tools: {}, maxOutputChars: -1 }),
    'createCodeTool: maxOutputChars must be a number of characters (0 or more); got -1.',
  )
})

test('a record-form tool whose name differs from its key is an error, not a silent rename', async () => {
  await assertInvalid(
    () => new CodeMode({ tools: { search: { name: 'find', execute } } }),
    'tools.search.name is "find" but its key is "search": in a record the key is the tool\'s name. Drop `name`, or use "find" as the key.',
  )
  const same = new CodeMode({ tools: { search: { name: 'search', execute } } })
  assert.equal(same.toolCount, 1)
  await same.close()
})

test('formatResult and jsonSchemaToTypeScript options are strict too', async (t) => {
  const result = await codeMode(t).run('return 1')
  await assertInvalid(
    () => formatResult(result, { maxLength: 100 }),
    'options.maxLength is not a formatResult option; did you mean `maxChars`? formatResult options: maxChars, code.',
  )
  await assertInvalid(
    () => jsonSchemaToTypeScript({ type: 'string' }, { indent: -2 }),
    'options.indent must be a whole number of spaces (0 or more); got -2.',
  )
  await assertInvalid(
    () => jsonSchemaToTypeScript({ type: 'string' }, { title: 'X' }),
    'options.title is not a jsonSchemaToTypeScript option. jsonSchemaToTypeScript options: name, indent.',
  )
})

test('every option accepts an explicit undefined (exactOptionalPropertyTypes); null is a wrong type', async (t) => {
  const cm = codeMode(t, {
    tools: [{ name: 'a', namespace: undefined, description: undefined, inputSchema: undefined, outputSchema: undefined, annotations: undefined, execute }],
    limits: { timeoutMs: undefined, maxToolCalls: undefined },
    inferOutputTypes: undefined,
  })
  assertValue(await cm.run('return await tools.a()', { signal: undefined, limits: undefined, onEvent: undefined }), 1)
  assert.equal(typeof cm.description({ maxChars: undefined }), 'string')
  assert.equal(typeof cm.description(undefined), 'string')
  await assertInvalid(() => new CodeMode({ limits: { maxToolCalls: null } }), 'options.limits.maxToolCalls must be a number; got null.')
  await assertInvalid(
    () => new CodeMode({ tools: [{ name: 'a', outputSchema: null, execute }] }),
    'tools[0].outputSchema must be a JSON Schema object; got null.',
  )
})

test('tools given as a record keep their order (declarations are the same for every instance)', async () => {
  const names = ['zeta', 'alpha', 'mid', 'beta', 'omega', 'gamma', 'delta']
  const record = Object.fromEntries(names.map((n) => [n, { execute }]))
  for (let i = 0; i < 5; i++) {
    const cm = new CodeMode({ tools: record })
    const order = [...cm.declarations().matchAll(/^ {2}(\w+)\(input/gm)].map((m) => m[1])
    await cm.close()
    assert.deepEqual(order, names)
  }
})

test('session(options): an unknown key or a mode that does not exist is refused', async (t) => {
  const cm = codeMode(t)
  await assertInvalid(
    () => cm.session({ limits: { timeoutMs: 5 } }),
    'options.limits is not a session option; did you mean `session.run(code, { limits })` (limits belong to one run)? Session options: typecheck.',
  )
  await assertInvalid(() => cm.session({ typecheck: 'loose' }), "options.typecheck must be 'off', 'warn' or 'strict'; got 'loose'.")
  const s = cm.session({ typecheck: 'off' })
  t.after(() => s.close())
  assertValue(await s.run("return 2"), 2)
})

test('connectMcp: an unknown config key is refused with the key meant, before anything is spawned', async (t) => {
  const cm = codeMode(t)
  const err = await misuse(() => cm.connectMcp('fs', { command: 'node', arg: ['server.js'] }))
  assert.equal(err.code, 'ERR_INVALID_OPTIONS')
  assert.match(err.message, /MCP server "fs": unknown key `arg`\. Did you mean `args`\?/)
  assert.deepEqual(cm.mcpServers(), [])
})
