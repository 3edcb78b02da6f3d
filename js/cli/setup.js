// The CodeMode a command works with: the tools of `--tools` and the MCP servers of `--mcp`.
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'

import { UsageError } from './args.js'
import { loadToolsModule } from './tools-module.js'

const require = createRequire(import.meta.url)
const { CodeMode } = require('../../index.js')

/**
 * A CodeMode with the tools and MCP servers named by `args` (its limits from `--timeout` or
 * `args.limits`, type-checking from `--typecheck`).
 */
export async function createCodeMode(args) {
  const tools = args.tools === undefined ? [] : await loadToolsModule(args.tools)
  const limits = args.limits ?? (args.timeoutMs === undefined ? undefined : { timeoutMs: args.timeoutMs })
  const cm = new CodeMode({ tools, limits, typecheck: args.typecheck })
  if (args.mcp !== undefined) {
    try {
      await cm.connectMcpServers(await readMcpConfig(args.mcp))
    } catch (error) {
      await cm.close()
      throw error
    }
  }
  return cm
}

async function readMcpConfig(file) {
  let text
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    throw new UsageError(`--mcp ${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}.`)
  }
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new UsageError(`--mcp ${file}: not valid JSON (${error.message}).`)
  }
}
