// Command-line arguments of each command, parsed with node:util's parseArgs (strict: an unknown
// option is a usage error naming it).
import { parseArgs } from 'node:util'

/** A mistake in the command line: printed with the command's help hint, exit status 2. */
export class UsageError extends Error {}

const TOOL_OPTIONS = {
  tools: { type: 'string' },
  mcp: { type: 'string' },
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
}

const HTTP_OPTIONS = {
  token: { type: 'string' },
  cors: { type: 'string' },
  'max-body-bytes': { type: 'string' },
  'max-concurrent': { type: 'string' },
}

const TYPECHECK_OPTION = { typecheck: { type: 'string' } }

const COMMAND_OPTIONS = {
  run: {
    ...TOOL_OPTIONS,
    ...TYPECHECK_OPTION,
    timeout: { type: 'string' },
    json: { type: 'boolean' },
    language: { type: 'string' },
  },
  declarations: TOOL_OPTIONS,
  description: { ...TOOL_OPTIONS, ...TYPECHECK_OPTION, 'max-chars': { type: 'string' }, language: { type: 'string' } },
  mcp: {
    ...TOOL_OPTIONS,
    ...TYPECHECK_OPTION,
    ...HTTP_OPTIONS,
    timeout: { type: 'string' },
    'max-chars': { type: 'string' },
    http: { type: 'string' },
    language: { type: 'string' },
  },
  serve: {
    ...TOOL_OPTIONS,
    ...TYPECHECK_OPTION,
    ...HTTP_OPTIONS,
    timeout: { type: 'string' },
    'max-chars': { type: 'string' },
    host: { type: 'string' },
    port: { type: 'string' },
  },
}

const TYPECHECK_MODES = ['off', 'warn', 'strict']

function typecheckMode(value) {
  if (value === undefined || TYPECHECK_MODES.includes(value)) return value
  throw new UsageError(`--typecheck must be off, warn or strict; got ${value}.`)
}

/** The commands this CLI knows. */
export const COMMANDS = Object.keys(COMMAND_OPTIONS)

/**
 * `{ help, tools, mcp, timeoutMs, json, maxChars, file }` of `command`'s arguments, or a
 * UsageError saying what is wrong.
 */
export function parseCommand(command, argv) {
  let parsed
  try {
    parsed = parseArgs({ args: argv, options: COMMAND_OPTIONS[command], allowPositionals: true })
  } catch (error) {
    throw new UsageError(error.message)
  }
  const { values, positionals } = parsed
  if (values.mcp !== undefined && values.config !== undefined) {
    throw new UsageError('--mcp and --config are the same option; give it once.')
  }
  const args = {
    help: values.help === true,
    tools: values.tools,
    mcp: values.mcp ?? values.config,
    json: values.json === true,
    timeoutMs: positiveInteger(values.timeout, '--timeout'),
    maxChars: positiveInteger(values['max-chars'], '--max-chars'),
    token: values.token ?? process.env.QUICKJS_CODEMODE_TOKEN,
    cors: values.cors,
    maxBodyBytes: positiveInteger(values['max-body-bytes'], '--max-body-bytes') ?? 1 << 20,
    maxConcurrent: positiveInteger(values['max-concurrent'], '--max-concurrent') ?? 32,
    listen: listenAddress(command, values),
    typecheck: typecheckMode(values.typecheck),
    language: languageOf(values.language),
  }
  if (args.help) return args
  if (command === 'run') {
    if (positionals.length !== 1) {
      throw new UsageError('run needs one program: a file, or - to read it from stdin.')
    }
    args.file = positionals[0]
    // A `.sh`/`.bash` file is a Bash script unless --language says otherwise.
    if (args.language === undefined && /\.(sh|bash)$/.test(args.file)) args.language = 'bash'
    if (args.language === undefined && /\.py$/.test(args.file)) args.language = 'python'
  } else if (positionals.length > 0) {
    throw new UsageError(`${command} takes no arguments besides options (got "${positionals[0]}").`)
  }
  return args
}

// serve: --host (127.0.0.1) and --port (3001); mcp: --http host:port, or stdio without it.
function listenAddress(command, values) {
  if (command === 'serve') {
    return { host: values.host ?? '127.0.0.1', port: portNumber(values.port ?? '3001', '--port') }
  }
  if (command === 'mcp' && values.http !== undefined) {
    const match = /^(.*):(\d+)$/.exec(values.http)
    if (!match) throw new UsageError(`--http needs host:port, e.g. 127.0.0.1:3001 (got "${values.http}").`)
    return { host: match[1].replace(/^\[(.*)\]$/, '$1') || '127.0.0.1', port: portNumber(match[2], '--http') }
  }
  return undefined
}

/** The languages of `--language`. */
export const LANGUAGES = ['javascript', 'typescript', 'bash', 'python']

function languageOf(text) {
  if (text === undefined) return undefined
  if (!LANGUAGES.includes(text))
    throw new UsageError(`--language must be one of ${LANGUAGES.join(', ')} (got "${text}").`)
  return text
}

function portNumber(text, name) {
  const n = Number(text)
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new UsageError(`${name} needs a port from 0 to 65535 (got "${text}").`)
  return n
}

function positiveInteger(text, name) {
  if (text === undefined) return undefined
  const n = Number(text)
  if (!Number.isSafeInteger(n) || n <= 0) throw new UsageError(`${name} needs a positive whole number (got "${text}").`)
  return n
}
