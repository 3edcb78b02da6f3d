// Type test for the package's generated typings: compiled by tsc in typings.spec.mjs.
import {
  CodeMode,
  ERROR_CODES,
  formatResult,
  jsonSchemaToTypeScript,
  stripTypes,
  type McpConfig,
  type McpServerConfig,
  type McpServerInfo,
  type RunErrorCode,
  type RunResult,
  type ToolDefinition,
  type TypeCheckMode,
  type TypeDiagnostic,
} from '../index.js'

const tool: ToolDefinition = {
  name: 'add',
  description: 'Adds two numbers',
  inputSchema: { type: 'object', properties: { a: { type: 'number' } } },
  execute: async (input: { a: number; b: number }, ctx) => {
    ctx.signal.throwIfAborted()
    const id: string = ctx.toolCallId
    return { sum: input.a + input.b, id }
  },
}

async function main(): Promise<void> {
  const cm = new CodeMode({ tools: [tool], limits: { timeoutMs: 1000, maxToolCalls: 10 } })
  const byName = new CodeMode({ tools: { add: tool }, inferOutputTypes: false })
  const controller = new AbortController()
  const r: RunResult = await cm.run('return 1', {
    signal: controller.signal,
    limits: { memoryLimitBytes: 8 << 20 },
    onEvent: (e) => {
      if (e.type === 'log') console.log(e.message)
    },
  })
  if (!r.ok && r.error) {
    const code: 'TIMEOUT' | string = r.error.code
    const typed: RunErrorCode = r.error.code
    if (typed === ERROR_CODES.TIMEOUT) console.log('timed out')
    // @ts-expect-error: not a code
    const wrong: RunErrorCode = 'NOT_A_CODE'
    console.log(wrong)
    const line: number | undefined | null = r.error.line
    console.log(code, line)
  }
  const logs: string[] = r.logs.map((l) => `${l.level} ${l.message}`)
  const calls = r.toolCalls.map((c) => [c.id, c.tool, c.ok, c.durationMs])
  const session = cm.session()
  await session.run('globalThis.x = 1')
  session.close()
  const dts: string = cm.declarations()
  const text: string = cm.description({ maxChars: 2000 })
  const js: string = stripTypes('const a: number = 1')
  const ts: string = jsonSchemaToTypeScript({ type: 'string' }, { name: 'S' })
  const forModel: string = formatResult(r, { maxChars: 8000, code: 'return 1' })
  console.log(logs, calls, dts, text, js, ts, forModel, formatResult(r), cm.toolCount)
  const stdio: McpServerConfig = { command: 'npx', args: ['-y', 'server'], env: { KEY: 'v' }, timeoutMs: 5000 }
  const http: McpServerConfig = { url: 'https://example.com/mcp', headers: { Authorization: 'Bearer x' } }
  // @ts-expect-error: a config needs a command or a url
  const neither: McpServerConfig = { args: [] }
  const info: McpServerInfo = await cm.connectMcp('memory', stdio)
  const state: 'connected' | 'disconnected' | 'closed' = info.state
  const config: McpConfig = { mcpServers: { docs: http } }
  const all: McpServerInfo[] = await cm.connectMcpServers(config)
  const removed: boolean = await cm.disconnectMcp('memory')
  const servers = cm.mcpServers().map((s) => [s.name, s.transport, s.toolCount, s.pid, s.serverName, s.error])
  await cm.run('return 1', {
    onEvent: (e) => {
      if (e.type === 'tool-progress') console.log(e.server, e.progress, e.total, e.message)
      if (e.type === 'mcp-server') console.log(e.server, e.state)
    },
  })
  const shell: RunResult = await cm.run('tools | head -n 1', {
    language: 'bash',
    files: { '/data/in.csv': 'a,b\n' },
    returnFiles: ['/out.txt'],
  })
  const bashDescription: string = cm.description({ language: 'bash', maxChars: 2000 })
  console.log(shell.value, bashDescription)
  // @ts-expect-error: not a language
  await cm.run('echo', { language: 'zsh' })
  const python: RunResult = await cm.run('await add(a=1, b=2)', { language: 'python' })
  const stubs: string = cm.declarations({ language: 'python' })
  const pythonDescription: string = cm.description({ language: 'python', maxChars: 2000 })
  console.log(python.value, stubs, pythonDescription)
  // @ts-expect-error: declarations have no Bash form
  cm.declarations({ language: 'bash' })
  const server: string | undefined | null = r.toolCalls[0]?.server
  console.log(neither, state, all, removed, servers, server)
  // typecheck (issue 17): per instance, per run, per session; TYPE_ERROR with its diagnostics.
  const mode: TypeCheckMode = 'strict'
  const checked = new CodeMode({ typecheck: mode })
  const t = await checked.run('return 1', { typecheck: 'warn' })
  if (t.error?.code === 'TYPE_ERROR') {
    const d: TypeDiagnostic | undefined = t.error.diagnostics?.[0]
    console.log(d?.code, d?.line, d?.column, d?.sourceLine, d?.message, d?.hint)
  }
  checked.session({ typecheck: 'off' }).close()
  const checkerText: string = checked.declarationsForTypeCheck()
  // @ts-expect-error not a mode
  new CodeMode({ typecheck: 'loud' })
  console.log(checkerText)
  await checked.close()
  await cm.close()
  await byName.close()
}

void main
