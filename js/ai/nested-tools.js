// An AI SDK ToolSet as CodeMode tool definitions. Schemas go through the SDK's own `asSchema`
// (zod, Standard Schema, `jsonSchema()`); each call is validated again by the tool's own schema
// (refinements JSON Schema cannot express, defaults, transforms) and gets the SDK's execute
// options, as if the model had called the tool directly.
import { asSchema } from 'ai'

import { isMcpTool, unwrapMcpResult } from './mcp-results.js'

/**
 * Splits `toolSet` into the tools a program may call (with their schemas resolved once) and the
 * ones it may not, with the reason. Tools without `execute` are left out silently: the SDK treats
 * them as calls for the client to answer, which a program cannot wait for.
 */
export function prepareToolSet(toolSet, { canApprove }) {
  const offered = []
  const withheld = []
  for (const [name, tool] of Object.entries(toolSet)) {
    if (tool === null || typeof tool !== 'object' || typeof tool.execute !== 'function') continue
    if (tool.needsApproval === true && !canApprove) {
      withheld.push({ name, reason: 'needs approval' })
      continue
    }
    offered.push(prepareTool(name, tool))
  }
  return { offered, withheld }
}

function prepareTool(name, tool) {
  const input = schemaOf(tool.inputSchema)
  const output = tool.outputSchema === undefined ? undefined : schemaOf(tool.outputSchema)
  return {
    name,
    tool,
    description: descriptionOf(tool),
    inputSchema: jsonSchemaOf(input),
    outputSchema: output && jsonSchemaOf(output),
    annotations: annotationsOf(tool),
    validate: typeof input?.validate === 'function' ? input.validate.bind(input) : undefined,
    mcp: isMcpTool(tool),
  }
}

function schemaOf(flexible) {
  try {
    return asSchema(flexible)
  } catch {
    return undefined
  }
}

// A schema whose JSON form is only available asynchronously (or cannot be made) is left untyped
// in the declarations; the tool's own `validate` still checks every call.
function jsonSchemaOf(schema) {
  try {
    const json = schema?.jsonSchema
    if (json === null || typeof json !== 'object' || typeof json.then === 'function') return undefined
    return withoutSafeIntegerBounds(json, 0)
  } catch {
    return undefined
  }
}

// zod's `.int()` writes the safe-integer range as bounds: they tell a model nothing and would be
// printed in every declaration, so they are dropped (any other bound stays).
function withoutSafeIntegerBounds(schema, depth) {
  if (schema === null || typeof schema !== 'object' || depth > 64) return schema
  if (Array.isArray(schema)) return schema.map((s) => withoutSafeIntegerBounds(s, depth + 1))
  const out = {}
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'minimum' && value === Number.MIN_SAFE_INTEGER && schema.type === 'integer') continue
    if (key === 'maximum' && value === Number.MAX_SAFE_INTEGER && schema.type === 'integer') continue
    out[key] = withoutSafeIntegerBounds(value, depth + 1)
  }
  return out
}

function descriptionOf(tool) {
  const text = typeof tool.description === 'string' ? tool.description : undefined
  return text ?? (typeof tool.title === 'string' ? tool.title : undefined)
}

function annotationsOf(tool) {
  const annotations = tool.metadata?.annotations
  if (annotations === null || typeof annotations !== 'object') return undefined
  return annotations
}

/**
 * The CodeMode tool definition for a prepared tool. `scope()` answers the run the call belongs
 * to: the outer execute options, the call counter and the approval callback.
 */
export function toolDefinition(entry, scope) {
  return {
    name: entry.name,
    description: entry.description,
    inputSchema: entry.inputSchema,
    outputSchema: entry.outputSchema,
    annotations: entry.annotations,
    execute: (input, ctx) => callTool(entry, input, ctx, scope()),
  }
}

async function callTool(entry, input, ctx, run) {
  if (run === undefined) throw new Error(`tools.${entry.name} was called after its run ended.`)
  const options = executeOptions(run, ctx)
  let value = input
  if (entry.validate) {
    const checked = await entry.validate(input)
    if (!checked.success) throw new Error(invalidInputMessage(entry.name, checked.error))
    value = checked.value
  }
  await checkApproval(entry, value, options, run)
  let output = entry.tool.execute(value, options)
  if (isAsyncIterable(output)) output = await lastValue(output, entry, ctx.toolCallId, options.toolCallId, run)
  else output = await output
  return entry.mcp ? unwrapMcpResult(output) : output
}

// The outer call's options (messages, context, ...) with this call's own id, `<outer>:<n>`, and
// the call's signal, which aborts with the outer call, the run's deadline or the run's end.
// `abortSignal` is a getter: the bridge only creates a signal for tools that read it.
function executeOptions(run, ctx) {
  const toolCallId = `${run.options.toolCallId}:${++run.calls}`
  run.ids.set(ctx.toolCallId, toolCallId)
  const options = { ...run.options, toolCallId }
  Object.defineProperty(options, 'abortSignal', { get: () => ctx.signal, enumerable: true, configurable: true })
  return options
}

async function checkApproval(entry, input, options, run) {
  if (!(await needsApproval(entry.tool, input, options))) return
  const path = `tools.${entry.name}`
  if (run.approve === undefined) {
    throw new Error(`${path} needs the user's approval, which a program cannot ask for; it was not run.`)
  }
  const decision = await run.approve({
    toolName: entry.name,
    tool: entry.tool,
    input,
    toolCallId: options.toolCallId,
    messages: options.messages,
    context: options.context,
    experimental_context: options.experimental_context,
  })
  const approved = typeof decision === 'object' && decision !== null ? decision.approved === true : decision === true
  if (approved) return
  const reason = typeof decision?.reason === 'string' ? `: ${decision.reason}` : ''
  throw new Error(`The user did not approve ${path}${reason}; it was not run.`)
}

async function needsApproval(tool, input, options) {
  const rule = tool.needsApproval
  if (typeof rule !== 'function') return rule === true
  const { toolCallId, messages, context, experimental_context } = options
  return (await rule(input, { toolCallId, messages, context, experimental_context })) === true
}

// A tool that streams preliminary results (an async iterable): the program gets the last value,
// and every value is reported as a `tool-progress` event of the code tool's stream.
async function lastValue(iterable, entry, id, toolCallId, run) {
  let last
  for await (const part of iterable) {
    last = part
    run.emit({ type: 'tool-progress', id, toolCallId, tool: entry.name, output: part })
  }
  return last
}

function isAsyncIterable(value) {
  return value !== null && typeof value === 'object' && typeof value[Symbol.asyncIterator] === 'function'
}

// zod and Standard Schema issues carry a path and a message; name each field the way the
// program's own validation errors do (`input.city`).
function invalidInputMessage(name, error) {
  const issues = [error?.issues, error?.cause?.issues].find(Array.isArray) ?? []
  const lines = issues.map((issue) => {
    const path = (issue.path ?? []).map((p) => (typeof p === 'object' && p !== null ? p.key : p))
    return `- ${['input', ...path].join('.')}: ${issue.message}`
  })
  if (lines.length === 0) lines.push(`- input: ${error?.message ?? String(error)}`)
  return `Invalid input for tools.${name}: ${lines.length} problem${lines.length === 1 ? '' : 's'}\n${lines.join('\n')}`
}
