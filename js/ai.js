// quickjs-codemode/ai: an AI SDK ToolSet becomes one code tool. The model writes a program that
// calls the tools (`await tools.getWeather({ city })`, `Promise.all`, loops) and gets back only
// what the program returns and logs. Works with `ai` v6 and v7 (an optional peer dependency).
import * as ai from 'ai'

import native from '../index.js'
import { codeToolExecute } from './ai/code-run.js'
import { codeInputSchema } from './code-input.js'
import { toModelOutput } from './ai/images.js'
import { prepareToolSet, toolDefinition } from './ai/nested-tools.js'

const { CodeMode } = native

/** `ai`'s marker for "the model may call this tool directly" in `experimental_toolCallers` (v7). */
export const DIRECT_TOOL_CALL = 'AI_SDK_DIRECT_TOOL_CALL'

const OPTION_KEYS = new Set(['tools', 'codemode', 'limits', 'typecheck', 'description', 'approve', 'maxOutputChars', 'language'])

/**
 * An AI SDK tool with input `{ code }` whose program can call every tool of `options.tools`.
 * See js/ai.d.ts for the options and the output.
 */
export function createCodeTool(options) {
  checkOptions(options)
  const { tools, codemode, limits, typecheck, description, approve, maxOutputChars, language } = options
  const { offered, withheld } = prepareToolSet(tools, { canApprove: approve !== undefined })
  const pool = new InstancePool(() => {
    const slot = { run: undefined }
    const definitions = offered.map((entry) => toolDefinition(entry, () => slot.run))
    const cm = new CodeMode({
      ...codemode,
      limits: { ...codemode?.limits, ...limits },
      typecheck: typecheck ?? codemode?.typecheck,
      tools: definitions,
    })
    return { cm, slot }
  })
  const first = pool.acquire()
  pool.release(first)
  return ai.tool({
    description: codeToolDescription(first.cm, withheld, language ? { language, ...description } : description),
    inputSchema: ai.jsonSchema(codeInputSchema(language), {
      validate: validateCodeInput,
    }),
    execute: codeToolExecute({ pool, approve, maxOutputChars, language }),
    toModelOutput,
  })
}

/**
 * The code tool as a v7 tool caller: put it in `tools` and name it in `experimental_toolCallers`
 * (`{ getWeather: ['code'] }`); generateText hands it the tools that name it, each step.
 */
export function codeModeToolCaller(options = {}) {
  if (typeof ai.experimental_toolCaller !== 'function') {
    throw invalidOptions(
      'codeModeToolCaller needs `ai` v7, which has experimental_toolCallers; with ai v6 use createCodeTool({ tools }).',
    )
  }
  const base = options.tools ?? {}
  let bound // the last binding, reused while generateText hands over the same tools
  return ai.experimental_toolCaller(createCodeTool({ ...options, tools: base }), {
    type: 'local',
    bind: (tools) => {
      const all = { ...base, ...tools }
      if (bound === undefined || !sameTools(bound.tools, all)) {
        bound = { tools: all, tool: createCodeTool({ ...options, tools: all }) }
      }
      return bound.tool
    },
  })
}

export { codeModeToolCaller as experimental_codeModeTool }

function codeToolDescription(cm, withheld, options) {
  const maxChars = options?.maxChars ?? 4000
  const note =
    withheld.length === 0
      ? ''
      : `\nNot callable from code: ${withheld.map((w) => `${w.name} (${w.reason})`).join(', ')}.`
  return cm.description({ ...options, maxChars: Math.max(200, maxChars - note.length) }) + note
}

function validateCodeInput(value) {
  if (value !== null && typeof value === 'object' && typeof value.code === 'string') return { success: true, value }
  const error = new TypeError('The input must be { code: string }: the program to run, as one string.')
  return { success: false, error }
}

function sameTools(a, b) {
  const keys = Object.keys(a)
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k])
}

/** CodeMode instances of one code tool: each serves one run at a time, so its tools know the run. */
class InstancePool {
  #create
  #free = []

  constructor(create) {
    this.#create = create
  }

  acquire() {
    return this.#free.pop() ?? this.#create()
  }

  release(instance) {
    this.#free.push(instance)
  }
}

function checkOptions(options) {
  if (options === null || typeof options !== 'object') {
    throw invalidOptions('createCodeTool needs an options object: { tools }.')
  }
  for (const key of Object.keys(options)) {
    if (OPTION_KEYS.has(key)) continue
    throw invalidOptions(`createCodeTool: unknown option \`${key}\` (known: ${[...OPTION_KEYS].join(', ')}).`)
  }
  if (options.tools === null || typeof options.tools !== 'object' || Array.isArray(options.tools)) {
    throw invalidOptions('createCodeTool: `tools` must be an AI SDK ToolSet, an object of tools keyed by name.')
  }
  if (options.approve !== undefined && typeof options.approve !== 'function') {
    throw invalidOptions('createCodeTool: `approve` must be a function (call) => boolean | Promise<boolean>.')
  }
  if (options.codemode?.tools !== undefined) {
    throw invalidOptions('createCodeTool: give tools as `tools` (an AI SDK ToolSet), not `codemode.tools`.')
  }
  checkCharCount('description.maxChars', options.description?.maxChars)
  checkCharCount('maxOutputChars', options.maxOutputChars)
}

function checkCharCount(name, value) {
  if (value === undefined || (typeof value === 'number' && value >= 0)) return
  const got = typeof value === 'number' ? value : `${typeof value} ${JSON.stringify(value)}`
  throw invalidOptions(`createCodeTool: ${name} must be a number of characters (0 or more); got ${got}.`)
}

function invalidOptions(message) {
  const error = new TypeError(message)
  error.code = 'ERR_INVALID_OPTIONS'
  return error
}
