// The REST side of `serve`: /health, /introspect, /execute, /execute/stream (SSE), /runtimes and
// /openapi.json. Requests are JSON; every mistake is a 400 with `{ error, message }`.
import { createRequire } from 'node:module'

import { OPENAPI } from './openapi.js'

const require = createRequire(import.meta.url)
const { formatResult } = require('../../index.js')
const { version } = require('../../package.json')

/** Limits a request may lower (never raise) with `limits`, and the server's values. */
export const ADJUSTABLE_LIMITS = ['timeoutMs', 'memoryLimitBytes', 'maxToolCalls', 'maxResultBytes']

/** A 4xx answer with a stable `error` code and a message saying what is wrong. */
export class HttpError extends Error {
  constructor(status, error, message, headers = {}) {
    super(message)
    this.status = status
    this.error = error
    this.headers = headers
  }
}

/** The REST routes of `cm`: `(method, path) => handler(req, body, res)` or undefined. */
export function restRoutes(cm, { serverLimits, runs }) {
  const routes = {
    'GET /health': () => ({ ok: true, version, runsInFlight: runs.size }),
    'GET /runtimes': () => ({
      languages: LANGUAGES,
      features: [
        'top-level-await',
        'tool-calls',
        'promise-all',
        'console',
        'timers',
        'tool-search',
        'mcp',
        'sse',
        'bash-virtual-fs',
        'python',
      ],
      engine: 'quickjs-ng',
      version,
    }),
    'GET /openapi.json': () => OPENAPI,
    'GET /introspect': async () => ({
      declarations: cm.declarations(),
      description: cm.description(),
      tools: await listTools(cm),
    }),
    'POST /execute': async (req, body, res) => {
      const { code, limits, typecheck, bash } = parseExecute(body, serverLimits)
      return runTracked(runs, (signal) => cm.run(code, { limits, signal, typecheck, ...bash }), res)
    },
    'POST /execute/stream': (req, body, res) => {
      const { code, limits, typecheck, bash } = parseExecute(body, serverLimits)
      return streamRun(cm, runs, { code, limits, typecheck, bash }, res)
    },
  }
  return (method, path) => routes[`${method} ${path}`]
}

async function listTools(cm) {
  const r = await cm.run('return await codemode.listTools({ detail: "description" })')
  return r.ok ? r.value : []
}

function parseExecute(body, serverLimits) {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new HttpError(
      400,
      'BAD_REQUEST',
      'The body must be a JSON object: { "code": "...", "limits"?: { ... }, "typecheck"?: "off" | "warn" | "strict" }.',
    )
  }
  if (typeof body.code !== 'string')
    throw new HttpError(400, 'BAD_REQUEST', '`code` must be a string: the program to run.')
  const unknown = Object.keys(body).filter((k) => !EXECUTE_FIELDS.includes(k))
  if (unknown.length)
    throw new HttpError(
      400,
      'BAD_REQUEST',
      `Unknown field \`${unknown[0]}\`; the body has ${EXECUTE_FIELDS.map((f) => `\`${f}\``).join(', ')}.`,
    )
  if (body.typecheck !== undefined && !['off', 'warn', 'strict'].includes(body.typecheck))
    throw new HttpError(400, 'BAD_REQUEST', '`typecheck` must be "off", "warn" or "strict".')
  return {
    code: body.code,
    limits: cappedLimits(body.limits, serverLimits),
    typecheck: body.typecheck,
    bash: languageOptions(body),
  }
}

const EXECUTE_FIELDS = ['code', 'limits', 'typecheck', 'language', 'files', 'returnFiles']
const LANGUAGES = ['typescript', 'javascript', 'bash', 'python']

// `language` and, for Bash, the virtual files to seed (`files`) and to read back (`returnFiles`).
function languageOptions({ language, files, returnFiles }) {
  const bad = (message) => new HttpError(400, 'BAD_REQUEST', message)
  if (language !== undefined && !LANGUAGES.includes(language))
    throw bad(`\`language\` must be one of ${LANGUAGES.join(', ')}.`)
  if ((files !== undefined || returnFiles !== undefined) && language !== 'bash')
    throw bad('`files` and `returnFiles` apply to Bash runs only ("language": "bash").')
  const isPath = (p) => typeof p === 'string' && p.startsWith('/')
  if (files !== undefined) {
    const ok = files !== null && typeof files === 'object' && !Array.isArray(files)
    if (!ok || !Object.entries(files).every(([p, text]) => isPath(p) && typeof text === 'string'))
      throw bad('`files` must map absolute paths to text, e.g. { "/data/in.csv": "a,b\\n" }.')
  }
  if (returnFiles !== undefined && !(Array.isArray(returnFiles) && returnFiles.every(isPath)))
    throw bad('`returnFiles` must be a list of absolute paths, e.g. ["/out/report.txt"].')
  return Object.fromEntries(Object.entries({ language, files, returnFiles }).filter(([, v]) => v !== undefined))
}

// Per-request limits may only lower the server's: a larger value is capped at the server's.
function cappedLimits(limits, serverLimits) {
  if (limits === undefined) return undefined
  if (limits === null || typeof limits !== 'object' || Array.isArray(limits)) {
    throw new HttpError(400, 'BAD_REQUEST', '`limits` must be an object, e.g. { "timeoutMs": 5000 }.')
  }
  const out = {}
  for (const [key, value] of Object.entries(limits)) {
    if (!ADJUSTABLE_LIMITS.includes(key)) {
      throw new HttpError(
        400,
        'BAD_REQUEST',
        `\`limits.${key}\` cannot be set per request; these can: ${ADJUSTABLE_LIMITS.join(', ')}.`,
      )
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new HttpError(400, 'BAD_REQUEST', `\`limits.${key}\` must be a non-negative number.`)
    }
    out[key] = Math.min(value, serverLimits[key])
  }
  return out
}

// A run the server tracks for shutdown; a client that goes away before its answer aborts it.
async function runTracked(runs, start, res) {
  const controller = new AbortController()
  const onClose = () => {
    if (!res.writableEnded) controller.abort()
  }
  res.once('close', onClose)
  const entry = { controller }
  runs.add(entry)
  try {
    entry.promise = start(controller.signal)
    return await entry.promise
  } finally {
    runs.delete(entry)
    res.off('close', onClose)
  }
}

async function streamRun(cm, runs, { code, limits, typecheck, bash }, res) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' })
  const send = (type, data) => res.write(`event: ${type}\ndata: ${JSON.stringify(data)}\n\n`)
  let result
  try {
    result = await runTracked(
      runs,
      (signal) => cm.run(code, { limits, signal, typecheck, ...bash, onEvent: (e) => send(e.type, e) }),
      res,
    )
  } catch (error) {
    if (error?.name !== 'AbortError') send('error', { error: 'INTERNAL', message: String(error?.message ?? error) })
    res.end()
    return undefined
  }
  send('result', { result, text: formatResult(result, { code }) })
  res.end()
  return undefined
}
