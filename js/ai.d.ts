// Typings of `quickjs-codemode/ai` (js/ai.js), checked by tsc against `ai` v6 and v7.
import type { ModelMessage, Tool } from 'ai'

import type { CodeModeLimits, CodeModeOptions, DescriptionOptions, LogEntry, TypeCheckMode } from '../index.js'

/** `ai`'s marker for "the model may also call this tool directly" in v7's `experimental_toolCallers`. */
export declare const DIRECT_TOOL_CALL: 'AI_SDK_DIRECT_TOOL_CALL'

/** What `approve` is asked about: one call, from a program, of a tool whose `needsApproval` said yes. */
export interface CodeToolApprovalRequest {
  /** The tool's name in the ToolSet. */
  toolName: string
  /** The tool itself. */
  tool: Tool<any, any>
  /** The input, after the tool's own schema validated (and possibly transformed) it. */
  input: unknown
  /** The nested call's id, `<outer toolCallId>:<n>`. */
  toolCallId: string
  /** The messages of the outer (code tool) call. */
  messages: ModelMessage[]
  /** The outer call's `context` (ai v7). */
  context?: unknown
  /** The outer call's `experimental_context` (ai v6). */
  experimental_context?: unknown
}

/** `true` runs the call; `false` (or `{ approved: false, reason }`) fails it with a message the program can read. */
export type CodeToolApprovalDecision = boolean | { approved: boolean; reason?: string }

/** Options of `createCodeTool(options)`. */
export interface CreateCodeToolOptions {
  /**
   * The AI SDK tools a program may call, keyed by name (a `ToolSet`, as given to `generateText`).
   * Tools without `execute` are not offered; tools from `@ai-sdk/mcp` return their data, not the
   * MCP content envelope.
   */
  tools: Record<string, Tool<any, any>>
  /** Options of the CodeMode instance behind the tool, other than its tools. */
  codemode?: Omit<CodeModeOptions, 'tools'>
  /** Limits of every run, layered over `codemode.limits`. @default the CodeMode defaults (30 s, 64 MiB, 1,000 calls) */
  limits?: CodeModeLimits
  /**
   * Type-check each program against the tools' declarations before it runs (needs the
   * `typescript` package): `'strict'` hands the model its type errors instead of running,
   * `'warn'` runs and adds them to the output's warnings. The description tells the model.
   * @default codemode.typecheck ?? 'off'
   */
  typecheck?: TypeCheckMode
  /** Options of the generated description. @default { maxChars: 4000 } */
  description?: DescriptionOptions
  /**
   * Decides calls of tools with `needsApproval`. Without it, a tool with `needsApproval: true` is
   * not callable from code (the description says so) and one whose `needsApproval` function says
   * yes fails with a message saying why. @default undefined
   */
  approve?: (request: CodeToolApprovalRequest) => CodeToolApprovalDecision | PromiseLike<CodeToolApprovalDecision>
  /** Longest text handed back to the model (`formatResult`'s `maxChars`). @default 20000 */
  maxOutputChars?: number
  /**
   * The language the model writes: `'bash'` runs its code as a Bash script in the sandbox's
   * virtual shell, every tool a command (see `RunOptions.language`); the description explains
   * that convention instead of the TypeScript declarations; `'python'` runs Python (monty, in a
   * worker process) with every tool an async function, described by Python stubs. @default 'javascript'
   */
  language?: 'javascript' | 'typescript' | 'bash' | 'python'
}

/** The code tool's input. */
export interface CodeToolInput {
  /** The program: TypeScript or JavaScript, the body of an async function. */
  code: string
}

/** An image cut out of a program's result, sent to the model as an image part. */
export interface CodeToolImage {
  /** Base64 data. */
  data: string
  /** IANA media type, e.g. `image/png`. */
  mediaType: string
}

/**
 * The final output: `formatResult`'s text (value, console lines, warnings, tool-call summary, or
 * the error with its line and hint); `{ text, images }` when the program's value held images
 * (MCP `{ type: 'image', data, mimeType }` or `{ type: 'image-data', data, mediaType }`), each
 * replaced in the text by a placeholder and sent as an image part by `toModelOutput`.
 */
export type CodeToolOutput = string | { text: string; images: CodeToolImage[] }

/** One event of a run in flight, as streamed in preliminary results. */
export type CodeToolEvent =
  | { type: 'log'; level: LogEntry['level']; message: string; timeMs: number }
  | {
      type: 'tool-call' | 'tool-result' | 'tool-error'
      /** The run's own call id (`call_3`). */
      id: string
      /** The id the nested tool received, `<outer toolCallId>:<n>`, once its call has started. */
      toolCallId?: string
      tool: string
      namespace?: string
      /** `tool-call`: the input. */
      input?: unknown
      /** `tool-error`: the message. */
      error?: string
      timeMs?: number
      durationMs?: number
    }
  | {
      /** A nested tool streamed a preliminary result of its own. */
      type: 'tool-progress'
      id: string
      toolCallId: string
      tool: string
      output: unknown
    }

/** A preliminary result: what the run did so far (the latest 50 events). */
export interface CodeToolProgress {
  status: 'running'
  events: CodeToolEvent[]
}

/**
 * The code tool. `execute` is an async iterable: preliminary `CodeToolProgress` values while the
 * program runs, then the `CodeToolOutput` (the AI SDK keeps the last value as the tool's output).
 */
export type CodeTool = Tool<CodeToolInput, CodeToolOutput | CodeToolProgress>

/**
 * Turns an AI SDK ToolSet into one code tool: the model writes a program that calls the tools
 * and gets back only what it returns and logs.
 *
 * @example
 * ```ts
 * import { generateText, stepCountIs } from 'ai'
 * import { createCodeTool } from 'quickjs-codemode/ai'
 *
 * const { text } = await generateText({
 *   model,
 *   tools: { code: createCodeTool({ tools: { getWeather, getPopulation } }) },
 *   stopWhen: stepCountIs(5),
 *   prompt: 'Which of Oslo, Lisbon and Nairobi is warmest?',
 * })
 * ```
 */
export declare function createCodeTool(options: CreateCodeToolOptions): CodeTool

/** The definition that makes a tool a local tool caller (ai v7's `experimental_toolCaller`). */
export interface CodeModeToolCallerDefinition {
  type: 'local'
  bind: (tools: Record<string, Tool<any, any>>) => Tool<any, any>
}

/** Options of `codeModeToolCaller(options)`: those of `createCodeTool`, with `tools` optional. */
export type CodeModeToolCallerOptions = Omit<CreateCodeToolOptions, 'tools'> & {
  /** Tools always offered, besides those `experimental_toolCallers` hands over. @default {} */
  tools?: Record<string, Tool<any, any>>
}

/**
 * The code tool as a tool caller for ai v7's `experimental_toolCallers`: the tools that name it
 * become callable from its programs. Throws with ai v6.
 *
 * @example
 * ```ts
 * await generateText({
 *   model,
 *   tools: { code: codeModeToolCaller(), getWeather, getPopulation },
 *   experimental_toolCallers: { getWeather: ['code'], getPopulation: ['code', DIRECT_TOOL_CALL] },
 *   prompt,
 * })
 * ```
 */
export declare function codeModeToolCaller(
  options?: CodeModeToolCallerOptions,
): CodeTool & { readonly experimental_toolCaller: CodeModeToolCallerDefinition }

/** `codeModeToolCaller` under the name `@ai-sdk/code-mode` exports, so switching is one import. */
export declare const experimental_codeModeTool: typeof codeModeToolCaller
