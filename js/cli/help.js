// The `--help` texts of every command. The README quotes them; keep both in step.

export const MAIN_HELP = `quickjs-codemode: run model-written TypeScript/JavaScript in a QuickJS sandbox with your tools.

Usage: quickjs-codemode <command> [options]

Commands:
  run <file|->       run a program (a file, or - for stdin) and print its result
  declarations       print the TypeScript declarations of the tools (what the model reads)
  description        print the tool description a model would get (size-budgeted)
  mcp                serve Code Mode as an MCP server over stdio (tools execute_code, search_tools)
                     or streamable HTTP (--http host:port)
  serve              the HTTP API: /health, /introspect, /execute, /execute/stream, /runtimes,
                     /openapi.json and the MCP endpoint /mcp

Tools (every command):
  --tools <module>   a JS or TS module whose default export (or export \`tools\`) is a list or
                     record of tool definitions, or an AI SDK ToolSet
  --mcp <file>       MCP servers to connect, Claude Desktop's format ({ "mcpServers": { ... } });
                     --config is an alias

Run \`quickjs-codemode <command> --help\` for the options and examples of a command.`

export const RUN_HELP = `Usage: quickjs-codemode run <file|-> [options]

Runs a program (TypeScript or JavaScript: a script body with top-level await and return) and
prints its result. Exit status 0 when the program succeeded, 1 when it failed, 2 on bad usage.
A Bash script (--language bash, or a .sh/.bash file) prints its own stdout and stderr and exits
with its exit status; every tool is a command there (\`tools\` lists them).

Options:
  --tools <module>   tool definitions (see \`quickjs-codemode --help\`)
  --mcp <file>       MCP servers in Claude Desktop's format (alias --config)
  --timeout <ms>     wall-clock limit of the run (default 30000)
  --typecheck <mode> off, warn or strict: type-check the program against the declarations first
                     (needs the typescript package; strict: a type error means nothing runs)
  --json             print the RunResult as JSON instead of the human view
  --language <name>  javascript, typescript, bash or python (default: bash for .sh/.bash,
                     python for .py, else javascript)
  -h, --help         this text

Examples:
  quickjs-codemode run program.ts --tools ./tools.mjs
  echo 'weather.getWeather --city Oslo | jq .tempC' | quickjs-codemode run - --language bash --tools ./tools.mjs
  echo 'return 6 * 7' | quickjs-codemode run -
  quickjs-codemode run program.ts --mcp claude_desktop_config.json --timeout 10000 --json`

export const DECLARATIONS_HELP = `Usage: quickjs-codemode declarations [options]

Prints the TypeScript declarations of every tool a program can call.

Options:
  --tools <module>   tool definitions
  --mcp <file>       MCP servers in Claude Desktop's format (alias --config)
  -h, --help         this text

Examples:
  quickjs-codemode declarations --tools ./tools.mjs > tools.d.ts
  quickjs-codemode declarations --mcp claude_desktop_config.json`

export const DESCRIPTION_HELP = `Usage: quickjs-codemode description [options]

Prints the description of the code tool a model would read: instructions and declarations, or a
compact index with how to search past the size budget.

Options:
  --tools <module>   tool definitions
  --mcp <file>       MCP servers in Claude Desktop's format (alias --config)
  --max-chars <n>    size budget in characters (default 4000)
  --typecheck <mode> warn or strict: the description says programs are type-checked
  --language <name>  the language of the code tool: javascript (default), bash or python
  -h, --help         this text

Examples:
  quickjs-codemode description --tools ./tools.mjs
  quickjs-codemode description --tools ./tools.mjs --language bash
  quickjs-codemode description --mcp claude_desktop_config.json --max-chars 8000`

export const MCP_HELP = `Usage: quickjs-codemode mcp [options]

Serves Code Mode as an MCP server over stdio (or streamable HTTP with --http): tool \`execute_code\` ({ code } -> the result as
text, plus the RunResult as structuredContent) and \`search_tools\` ({ query, limit? }). The MCP
servers of --mcp are connected once and their tools become namespaces of \`tools\`. Anything a
tool module prints goes to stderr, never into the JSON-RPC stream.

Options:
  --tools <module>   tool definitions
  --mcp <file>       MCP servers in Claude Desktop's format (alias --config)
  --timeout <ms>     wall-clock limit of each run (default 30000)
  --typecheck <mode> off, warn or strict: type-check each program against the declarations first
                     (needs the typescript package; strict: a type error means nothing runs)
  --max-chars <n>    size budget of the tool description (default 4000)
  --http <host:port> streamable HTTP at http://host:port/mcp instead of stdio (loopback unless
                     --token; the options of \`serve\` apply)
  --language <name>  execute_code takes javascript (default), bash or python programs
  -h, --help         this text

Examples:
  quickjs-codemode mcp --mcp claude_desktop_config.json
  quickjs-codemode mcp --mcp claude_desktop_config.json --http 127.0.0.1:3001
  In an MCP client's config:
    { "mcpServers": { "codemode": { "command": "npx",
      "args": ["-y", "quickjs-codemode", "mcp", "--mcp", "/path/to/servers.json"] } } }`

export const SERVE_HELP = `Usage: quickjs-codemode serve [options]

The HTTP API: GET /health, GET /introspect (declarations, description, tools), POST /execute
({ code, limits?, typecheck?, language?, files?, returnFiles? } -> RunResult), POST /execute/stream (SSE: log, tool-call, tool-result,
tool-error, result), GET /runtimes, GET /openapi.json, and the MCP endpoint at /mcp.
SIGINT/SIGTERM stop taking requests and let runs in flight finish; a second signal aborts them.

Options:
  --tools <module>         tool definitions
  --mcp <file>             MCP servers in Claude Desktop's format (alias --config)
  --host <address>         where to listen (default 127.0.0.1; anything else needs --token)
  --port <n>               port (default 3001; 0 picks a free one)
  --token <secret>         require \`Authorization: Bearer <secret>\` (or QUICKJS_CODEMODE_TOKEN)
  --cors <origin>          allow this browser origin (no CORS otherwise)
  --timeout <ms>           wall-clock limit of each run; a request's limits can only lower it
  --typecheck <mode>       off, warn or strict: type-check each program against the declarations first
                           (needs the typescript package; strict: a type error means nothing runs;
                           a request's \`typecheck\` overrides it)
  --max-body-bytes <n>     request body limit (default 1048576)
  --max-concurrent <n>     runs in flight before 429 with Retry-After (default 32)
  -h, --help               this text

Examples:
  quickjs-codemode serve --tools ./tools.mjs
  curl -s localhost:3001/execute -H 'content-type: application/json' -d '{"code":"return 6 * 7"}'
  QUICKJS_CODEMODE_TOKEN=secret quickjs-codemode serve --host 0.0.0.0 --mcp servers.json`
