// `--tools <module>`: a JS or TS module whose default export (or export named `tools`) is a list
// or record of CodeMode tool definitions, or an AI SDK ToolSet (zod / Standard Schema /
// `jsonSchema()` schemas), which goes through the same conversion as quickjs-codemode/ai.
import { register } from 'node:module'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

import { UsageError } from './args.js'

const TYPESCRIPT = /\.m?ts$/
let hooksRegistered = false

/** The tool definitions of the module at `file` (relative to the working directory). */
export async function loadToolsModule(file) {
  const url = pathToFileURL(path.resolve(file)).href
  if (TYPESCRIPT.test(file) && !hooksRegistered) {
    register('./ts-hooks.js', import.meta.url)
    hooksRegistered = true
  }
  let module
  try {
    module = await import(url)
  } catch (error) {
    throw new UsageError(`--tools ${file}: the module could not be loaded: ${error?.message ?? error}`)
  }
  const tools = module.tools ?? module.default
  if (tools === null || typeof tools !== 'object') {
    throw new UsageError(
      `--tools ${file}: the module needs a default export or an export named \`tools\`: a list or record of tool definitions.`,
    )
  }
  return isAiToolSet(tools) ? await fromAiToolSet(tools) : tools
}

// An AI SDK ToolSet is a record whose schemas are zod / Standard Schema or `jsonSchema()`
// objects; plain JSON Schemas are CodeMode's own definitions.
function isAiToolSet(tools) {
  if (Array.isArray(tools)) return false
  return Object.values(tools).some((tool) => isSdkSchema(tool?.inputSchema) || isSdkSchema(tool?.outputSchema))
}

function isSdkSchema(schema) {
  if (schema === null || typeof schema !== 'object') return false
  return '~standard' in schema || Object.getOwnPropertySymbols(schema).some((s) => s.description === 'vercel.ai.schema')
}

async function fromAiToolSet(toolSet) {
  const { prepareToolSet, toolDefinition } = await import('../ai/nested-tools.js')
  const { offered, withheld } = prepareToolSet(toolSet, { canApprove: false })
  for (const { name, reason } of withheld) process.stderr.write(`--tools: ${name} is left out (${reason}).\n`)
  // Every call is its own outer call: there is no model conversation around a CLI run.
  const scope = () => ({ options: { toolCallId: 'cli', messages: [] }, calls: 0, ids: new Map(), emit: () => {} })
  return offered.map((entry) => toolDefinition(entry, scope))
}
