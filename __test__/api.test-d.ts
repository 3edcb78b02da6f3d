// Type tests of the package's public typings (index.d.ts): compiled by tsc in typings.spec.mjs
// with --strict and --exactOptionalPropertyTypes. Each `@ts-expect-error` is an assertion: tsc
// fails on one whose next line compiles.
import { z } from 'zod'

import * as pkg from '../index.js'
import {
  CodeMode,
  ERROR_CODES,
  Session,
  formatResult,
  jsonSchemaToTypeScript,
  type CodeModeOptions,
  type DescriptionOptions,
  type LogEntry,
  type LogLevel,
  type RunErrorCode,
  type RunEvent,
  type RunOptions,
  type RunResult,
  type StandardJSONSchema,
  type ToolDefinition,
} from '../index.js'

declare const cm: CodeMode
declare const maybeSignal: AbortSignal | undefined
declare const maybeNumber: number | undefined
declare const maybeString: string | undefined

// RunResult is discriminated by `ok`: no non-null assertions after narrowing.
export async function results(): Promise<void> {
  const r: RunResult = await cm.run('return 1')
  if (r.ok) {
    const value: unknown = r.value
    // @ts-expect-error: a run that finished has no error
    console.log(r.error.code, value)
  } else {
    const code: RunErrorCode = r.error.code
    const message: string = r.error.message
    const line: number | undefined = r.error.line
    // @ts-expect-error: a failed run has no value
    const value: number = r.value
    console.log(code, message, line, value)
  }
  // @ts-expect-error: before narrowing, `error` may be undefined
  console.log(r.error.code)
  const maybe: RunErrorCode | undefined = r.error?.code
  if (maybe === ERROR_CODES.TIMEOUT) console.log('timed out')
}

// RunEvent is discriminated by `type`; each variant has exactly its own fields.
export function events(e: RunEvent): void {
  switch (e.type) {
    case 'log': {
      const level: LogLevel = e.level
      const message: string = e.message
      const at: number = e.timeMs
      console.log(level, message, at)
      break
    }
    case 'tool-call': {
      const id: string = e.id
      const tool: string = e.tool
      const ns: string | undefined = e.namespace
      const input: unknown = e.input
      const at: number = e.timeMs
      console.log(id, tool, ns, input, at)
      break
    }
    case 'tool-result': {
      const output: unknown = e.output
      const took: number = e.durationMs
      console.log(output, took)
      break
    }
    case 'tool-error': {
      const error: string = e.error
      const took: number = e.durationMs
      console.log(error, took)
      break
    }
    case 'tool-progress': {
      const done: number = e.progress
      const total: number | undefined = e.total
      const server: string | undefined = e.server
      console.log(done, total, server, e.message)
      break
    }
    case 'mcp-server': {
      const state: 'restarting' | 'connected' | 'failed' = e.state
      const message: string = e.message
      console.log(state, message)
      break
    }
    default: {
      const exhaustive: never = e
      console.log(exhaustive)
    }
  }
  // @ts-expect-error: only log events have a message
  console.log(e.message)
  // @ts-expect-error: there is no such event type
  if (e.type === 'tool-done') console.log(e)
}

// LogEntry.level is a union of the console methods.
export const entry: LogEntry = { level: 'warn', message: 'careful', timeMs: 1 }
// @ts-expect-error: not a console level
export const badEntry: LogEntry = { level: 'verbose', message: '', timeMs: 0 }

// ERROR_CODES is a frozen object of every code, typed as the union.
export const timeout: 'TIMEOUT' = ERROR_CODES.TIMEOUT
export const every: RunErrorCode[] = Object.values(ERROR_CODES)
// @ts-expect-error: read-only
ERROR_CODES.TIMEOUT = 'TIMEOUT'
// @ts-expect-error: not a code
console.log(ERROR_CODES.NOT_A_CODE)

// Sessions come only from cm.session().
export const session: Session = cm.session()
// @ts-expect-error: the constructor is private
export const constructed = new Session()

// The loader's internals are not part of the API.
// @ts-expect-error: not exported
console.log(pkg.__napiBindingTarget)

// Under exactOptionalPropertyTypes every option accepts an explicit `undefined`, so options can be
// passed through from values that may be unset.
export const runOptions: RunOptions = {
  signal: maybeSignal,
  limits: { timeoutMs: maybeNumber, maxToolCalls: maybeNumber },
  onEvent: undefined,
}
export const tool: ToolDefinition = {
  name: 'add',
  namespace: maybeString,
  description: maybeString,
  inputSchema: undefined,
  outputSchema: undefined,
  annotations: { title: maybeString, readOnlyHint: undefined },
  execute: ({ a, b }: { a: number; b: number }) => a + b,
}
export const options: CodeModeOptions = { tools: [tool], limits: undefined, inferOutputTypes: undefined }
export const describe: DescriptionOptions = { maxChars: maybeNumber }
export async function passThrough(r: RunResult): Promise<string> {
  const text = formatResult(r, { maxChars: maybeNumber, code: maybeString })
  const ts = jsonSchemaToTypeScript({ type: 'string' }, { name: maybeString, indent: maybeNumber })
  return text + ts + cm.description({ maxChars: maybeNumber }) + (await cm.run('1', runOptions)).ok
}

// Unknown option keys are type errors too (and ERR_INVALID_OPTIONS at run time).
export async function misplaced(): Promise<void> {
  // @ts-expect-error: timeoutMs is a limit: { limits: { timeoutMs } }
  await cm.run('1', { timeoutMs: 5 })
  // @ts-expect-error: not a CodeMode option
  new CodeMode({ timeout: 5 })
  // @ts-expect-error: a tool's input schema is `inputSchema`
  new CodeMode({ tools: [{ name: 'x', parameters: {}, execute: () => 1 }] })
  // @ts-expect-error: maxChars is a number
  cm.description({ maxChars: '100' })
}

// A zod 4 schema (Standard JSON Schema) is a valid inputSchema/outputSchema.
const zodInput: StandardJSONSchema = z.object({ city: z.string() })
export const zodTool: ToolDefinition = {
  name: 'getWeather',
  inputSchema: z.object({ city: z.string(), units: z.enum(['c', 'f']).default('c') }),
  outputSchema: z.object({ tempC: z.number() }),
  execute: ({ city }: { city: string }) => ({ city, tempC: 21 }),
}
export const withZod = new CodeMode({ tools: [zodTool, { name: 'x', inputSchema: zodInput, execute: () => 1 }] })
// @ts-expect-error: a schema is an object, not a string
export const notSchema: ToolDefinition = { name: 'x', inputSchema: 'string', execute: () => 1 }
