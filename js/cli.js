#!/usr/bin/env node
// The `quickjs-codemode` command: run a program, print what the model reads, or serve Code Mode
// as an MCP server. Thin by design: argument parsing and printing here, everything else native.
import { readFile } from 'node:fs/promises'

import { COMMANDS, UsageError, parseCommand } from './cli/args.js'
import { DECLARATIONS_HELP, DESCRIPTION_HELP, MAIN_HELP, MCP_HELP, RUN_HELP, SERVE_HELP } from './cli/help.js'
import { humanView } from './cli/human-view.js'
import { createCodeMode } from './cli/setup.js'

const HELP = {
  run: RUN_HELP,
  declarations: DECLARATIONS_HELP,
  description: DESCRIPTION_HELP,
  mcp: MCP_HELP,
  serve: SERVE_HELP,
}

async function main(argv) {
  const [command, ...rest] = argv
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    return print(`${MAIN_HELP}\n`, 0)
  }
  if (!COMMANDS.includes(command))
    throw new UsageError(`unknown command "${command}" (commands: ${COMMANDS.join(', ')}).`)
  const args = parseCommand(command, rest)
  if (args.help) return print(`${HELP[command]}\n`, 0)
  if (command === 'serve' || (command === 'mcp' && args.listen !== undefined)) {
    const { serveHttp } = await import('./cli/serve.js')
    const server = await serveHttp(args, { rest: command === 'serve' })
    process.stderr.write(`quickjs-codemode ${command}: listening on ${server.url}${command === 'mcp' ? '/mcp' : ''}\n`)
    return untilSignal(server)
  }
  if (command === 'mcp') {
    const { serveMcpStdio } = await import('./cli/mcp-server.js')
    return serveMcpStdio(args)
  }
  const code = command === 'run' ? await readProgram(args.file) : undefined
  const cm = await createCodeMode(args)
  try {
    if (command === 'declarations') return print(`${cm.declarations()}\n`, 0)
    if (command === 'description')
      return print(`${cm.description({ maxChars: args.maxChars, language: args.language })}\n`, 0)
    const result = await cm.run(code, args.language === undefined ? undefined : { language: args.language })
    if (args.language === 'bash' && !args.json && result.ok) return printShell(result.value)
    const text = args.json ? `${JSON.stringify(result, null, 2)}\n` : humanView(result, code, { color: useColor() })
    return print(text, result.ok ? 0 : 1)
  } finally {
    await cm.close()
  }
}

async function readProgram(file) {
  if (file === '-') {
    const chunks = []
    for await (const chunk of process.stdin) chunks.push(chunk)
    return Buffer.concat(chunks).toString('utf8')
  }
  try {
    return await readFile(file, 'utf8')
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}.`)
  }
}

// The first SIGINT/SIGTERM lets runs in flight finish; a second one aborts them.
function untilSignal(server) {
  return new Promise((resolve) => {
    let signals = 0
    const stop = () => {
      signals += 1
      server.close({ abort: signals > 1 }).then(() => resolve(0))
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
}

function useColor() {
  return process.stdout.isTTY === true && !process.env.NO_COLOR
}

// A Bash script's own output and exit status, as a shell would give them.
function printShell({ stdout, stderr, exitCode }) {
  process.stderr.write(stderr)
  return print(stdout, exitCode)
}

function print(text, status) {
  process.stdout.write(text)
  return status
}

// Exit once the answer is written: a tools module may hold handles that would keep Node alive.
main(process.argv.slice(2)).then(
  (status) => {
    if (status !== undefined) process.stdout.write('', () => process.exit(status))
  },
  (error) => {
    if (error instanceof UsageError) {
      const command = COMMANDS.includes(process.argv[2]) ? ` ${process.argv[2]}` : ''
      process.stderr.write(`quickjs-codemode: ${error.message}\nRun \`quickjs-codemode${command} --help\` for usage.\n`)
      process.exit(2)
    }
    process.stderr.write(`quickjs-codemode: ${error?.message ?? error}\n`)
    process.exit(1)
  },
)
