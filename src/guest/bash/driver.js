// Trusted set-up code of the Bash language, evaluated (from cached bytecode) the first time a
// context runs a Bash program, after the bootstrap froze the intrinsics. It receives the bundled
// just-bash library and the Rust host functions, and returns `prepare(script, options)`, which
// makes the program function the bootstrap's `runMain` starts. One shell per context: its
// filesystem persists across a session's runs; each run gets a fresh shell state (variables,
// functions, working directory), as `Bash.exec` does.
;(function bashDriver(lib, host) {
  'use strict'
  const { Bash, defineCommand } = lib
  const { commands: commandsOf } = host
  const JSONparse = JSON.parse
  const JSONstringify = JSON.stringify
  const decoder = new TextDecoder()
  const encoder = new TextEncoder()

  // ---- bytes: just-bash hands commands their stdin as a latin1-shaped byte string ----------
  function textOf(byteString) {
    const s = String(byteString ?? '')
    const bytes = new Uint8Array(s.length)
    for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i) & 0xff
    return decoder.decode(bytes)
  }

  // ---- the tools of the run, as commands -----------------------------------------------------
  // `current` maps a command name to its tool info for the run in flight; commands registered in
  // an earlier run of a session look their tool up here, so a removed tool is "not found".
  let current = new Map()
  let all = []
  const registered = new Set()
  const ok = (stdout) => ({ stdout, stderr: '', exitCode: 0 })
  const fail = (stderr, exitCode) => ({ stdout: '', stderr: stderr.endsWith('\n') ? stderr : stderr + '\n', exitCode })

  function toolFunction(info) {
    const t = globalThis.tools
    return info.ns === null ? t[info.name] : t[info.ns][info.name]
  }

  // `--max-results` names `maxResults` when the tool has no `max-results` field.
  function fieldName(info, flag) {
    if (Object.hasOwn(info.fields, flag)) return flag
    const camel = flag.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase())
    return Object.hasOwn(info.fields, camel) ? camel : flag
  }
  function parseJson(text, what) {
    try {
      return { value: JSONparse(text) }
    } catch (e) {
      return { error: `${what} is not valid JSON: ${e.message}` }
    }
  }
  // A flag's text as the field's type: numbers and booleans converted, objects and arrays as JSON;
  // a field of unknown type takes JSON literals (`2`, `true`, `{...}`) and keeps any other text.
  function fieldValue(kind, text, flag) {
    switch (kind) {
      case 'string':
        return { value: text }
      case 'number':
      case 'integer': {
        const n = Number(text)
        return text.trim() !== '' && Number.isFinite(n)
          ? { value: n }
          : { error: `--${flag} needs a number; got "${text}"` }
      }
      case 'boolean':
        if (text === 'true' || text === 'false') return { value: text === 'true' }
        return { error: `--${flag} needs true or false; got "${text}"` }
      case 'object':
      case 'array':
        return parseJson(text, `--${flag}`)
      default: {
        const parsed = parseJson(text, '')
        return 'error' in parsed ? { value: text } : parsed
      }
    }
  }
  // The tool's input from its arguments (flags or one JSON object) or, without arguments, stdin.
  function inputOf(info, args, stdin) {
    if (args.length === 0) {
      const text = textOf(stdin).trim()
      if (text === '') return { value: undefined }
      return parseJson(text, 'stdin')
    }
    if (args.length === 1 && /^\s*[{[]/.test(args[0])) return parseJson(args[0], 'the argument')
    const input = {}
    for (let i = 0; i < args.length; i++) {
      const arg = args[i]
      if (!arg.startsWith('--') || arg === '--') {
        return { error: `unexpected argument "${arg}": give fields as --name value, or one JSON object` }
      }
      const eq = arg.indexOf('=')
      const flag = eq > 0 ? arg.slice(2, eq) : arg.slice(2)
      let text = eq > 0 ? arg.slice(eq + 1) : undefined
      const name = fieldName(info, flag)
      const kind = info.fields[name]
      // A boolean field: `--verbose` alone (or followed by true/false), and `--no-verbose`.
      if (text === undefined && kind === 'boolean' && args[i + 1] !== 'true' && args[i + 1] !== 'false') {
        input[name] = true
        continue
      }
      const negated = kind === undefined && flag.startsWith('no-') ? fieldName(info, flag.slice(3)) : undefined
      if (text === undefined && negated !== undefined && info.fields[negated] === 'boolean') {
        input[negated] = false
        continue
      }
      if (text === undefined) {
        if (i + 1 >= args.length) return { error: `--${flag} needs a value` }
        text = args[++i]
      }
      const items = kind === 'array' && !/^\s*\[/.test(text) ? info.items[name] : undefined
      const v = fieldValue(items !== undefined ? items : kind, text, flag)
      if ('error' in v) return v
      // A repeated flag of an array field collects its values: `--tag a --tag b`.
      if (items !== undefined) (input[name] ||= []).push(v.value)
      else input[name] = v.value
    }
    return { value: input }
  }
  function outputOf(value) {
    if (value === undefined) return ''
    const text = typeof value === 'string' ? value : JSONstringify(value)
    return text === undefined ? '' : text.endsWith('\n') ? text : text + '\n'
  }
  function failureText(command, e) {
    if (e === null || typeof e !== 'object') return `${command}: ${String(e)}`
    let text = `${command}: ${e.message}`
    // The generic hints speak of JavaScript (`try/catch`); a script checks `$?` instead.
    if (e.hint && !e.hint.includes('try/catch')) text += `\nhint: ${e.hint}`
    return text
  }
  async function runTool(command, info, args, stdin) {
    if (args.includes('--help') || (args.length === 1 && args[0] === '-h')) return ok(info.help)
    const input = inputOf(info, args, stdin)
    const invoke = info.shadowed ? `tools ${command}` : command
    if ('error' in input) return fail(`${command}: ${input.error}\nusage: ${info.usage}\n(see ${invoke} --help)`, 2)
    let value
    try {
      value = await toolFunction(info)(input.value)
    } catch (e) {
      const invalid = e && e.name === 'ToolInputError'
      return fail(failureText(command, e) + (invalid ? `\nusage: ${info.usage}` : ''), invalid ? 2 : 1)
    }
    return ok(outputOf(value))
  }
  function toolCommand(name) {
    return defineCommand(name, async (args, ctx) => {
      const info = current.get(name)
      if (info === undefined) return fail(`bash: ${name}: command not found (the host removed this tool)`, 127)
      return runTool(name, info, args, ctx.stdin)
    })
  }
  // `tools` lists the tools; `tools <tool> ...` runs one (also one whose name a built-in command has).
  const toolsCommand = defineCommand('tools', async (args, ctx) => {
    if (args.length === 0 || args[0] === '--help' || args[0] === '-h' || args[0] === 'list') {
      const lines = all.map((info) => info.usage)
      return ok((lines.length ? lines.join('\n') : '(no tools)') + "\nRun `<tool> --help` for a tool's fields.\n")
    }
    const info = current.get(args[0])
    if (info === undefined) return fail(`tools: there is no tool "${args[0]}"; run \`tools\` to list them`, 127)
    return runTool(args[0], info, args.slice(1), ctx.stdin)
  })

  function useTools() {
    all = JSONparse(commandsOf())
    current = new Map()
    for (const info of all) current.set(info.command, info)
  }

  // ---- the shell -------------------------------------------------------------------------------
  let shell
  function shellOf() {
    if (shell) return shell
    // defenseInDepth patches intrinsics (Promise.prototype.then, Function, ...) that the bootstrap
    // froze; this context is the sandbox, so just-bash's second layer has nothing to add.
    // No network (no `fetch` or `network`), no python, no js-exec: nothing leaves the context.
    shell = new Bash({ defenseInDepth: false, customCommands: [toolsCommand], cwd: '/home/user' })
    return shell
  }
  function registerTools(bash) {
    for (const info of all) {
      if (registered.has(info.command) || info.shadowed) continue
      registered.add(info.command)
      bash.registerCommand(toolCommand(info.command))
    }
  }
  async function writeFiles(bash, files) {
    for (const path of Object.keys(files)) await bash.writeFile(path, files[path])
  }
  async function readFiles(bash, paths) {
    const out = {}
    for (const path of paths) {
      try {
        out[path] = await bash.readFile(path)
      } catch {
        out[path] = null
      }
    }
    return out
  }
  function parsedJson(stdout) {
    const text = stdout.trim()
    if (text === '') return undefined
    try {
      return JSONparse(text)
    } catch {
      return undefined
    }
  }
  // Output past a share of maxResultBytes is cut with a marker, so a chatty script still returns
  // its exit status and the start of its output rather than failing with RESULT_TOO_LARGE.
  function bounded(text, max, stream) {
    if (text.length <= max) return text
    return `${text.slice(0, max)}\n[${stream} truncated: ${text.length - max} more characters]\n`
  }
  async function run(script, options) {
    useTools()
    const bash = shellOf()
    registerTools(bash)
    if (options.files) await writeFiles(bash, options.files)
    const r = await bash.exec(script)
    const budget = options.maxResultBytes
    const stdout = bounded(r.stdout, Math.floor(budget / 4), 'stdout')
    const value = { stdout, stderr: bounded(r.stderr, Math.floor(budget / 8), 'stderr'), exitCode: r.exitCode }
    const json = stdout === r.stdout ? parsedJson(r.stdout) : undefined
    if (json !== undefined) value.json = json
    if (options.returnFiles) value.files = await readFiles(bash, options.returnFiles)
    return value
  }
  // The shell is made now, with the library: a spare sandbox then has it ready for its run.
  shellOf()
  return function prepare(script, optionsJson) {
    const options = JSONparse(optionsJson)
    return () => run(script, options)
  }
})
