// The OpenAPI description of `serve`'s REST endpoints, served at /openapi.json.
const json = (schema) => ({ content: { 'application/json': { schema } } })
const error = { description: 'What is wrong', ...json({ $ref: '#/components/schemas/Error' }) }

/** OpenAPI 3.1 document of the HTTP API. */
export const OPENAPI = {
  openapi: '3.1.0',
  info: { title: 'quickjs-codemode', version: '1', description: 'Code Mode over HTTP: run programs that call tools.' },
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    schemas: {
      Error: {
        type: 'object',
        properties: { error: { type: 'string' }, message: { type: 'string' } },
        required: ['error', 'message'],
      },
      Execute: {
        type: 'object',
        properties: {
          code: { type: 'string', description: 'The program (TypeScript or JavaScript), or a Bash script.' },
          language: {
            enum: ['typescript', 'javascript', 'bash', 'python'],
            description: 'The language of `code` (default javascript).',
          },
          files: {
            type: 'object',
            additionalProperties: { type: 'string' },
            description:
              'Bash only: text files of the virtual filesystem, by absolute path, written before the script runs.',
          },
          returnFiles: {
            type: 'array',
            items: { type: 'string' },
            description: 'Bash only: absolute paths read back after the script, returned as value.files.',
          },
          limits: {
            type: 'object',
            description: "Lower limits for this run; larger values are capped at the server's.",
            properties: {
              timeoutMs: { type: 'number' },
              memoryLimitBytes: { type: 'number' },
              maxToolCalls: { type: 'number' },
              maxResultBytes: { type: 'number' },
            },
            additionalProperties: false,
          },
          typecheck: {
            type: 'string',
            enum: ['off', 'warn', 'strict'],
            description: "Type-check the program against the declarations first (default: the server's --typecheck).",
          },
        },
        required: ['code'],
        additionalProperties: false,
      },
      RunResult: { type: 'object', description: 'See RunResult in the package typings.' },
    },
  },
  security: [{ bearer: [] }],
  paths: {
    '/health': { get: { summary: 'Liveness', responses: { 200: { description: 'Up' } } } },
    '/runtimes': {
      get: { summary: 'Languages and features of this build', responses: { 200: { description: 'Runtimes' } } },
    },
    '/introspect': {
      get: {
        summary: 'Declarations, description and tools',
        responses: { 200: { description: 'What the model reads' } },
      },
    },
    '/execute': {
      post: {
        summary: 'Run a program',
        requestBody: { required: true, ...json({ $ref: '#/components/schemas/Execute' }) },
        responses: {
          200: { description: 'The RunResult (ok or not)', ...json({ $ref: '#/components/schemas/RunResult' }) },
          400: error,
          401: error,
          413: error,
          429: {
            description: 'Too many runs in flight; see Retry-After',
            ...json({ $ref: '#/components/schemas/Error' }),
          },
        },
      },
    },
    '/execute/stream': {
      post: {
        summary: 'Run a program, streaming its events (SSE: log, tool-call, tool-result, tool-error, result)',
        requestBody: { required: true, ...json({ $ref: '#/components/schemas/Execute' }) },
        responses: { 200: { description: 'text/event-stream' }, 400: error, 401: error, 413: error, 429: error },
      },
    },
    '/mcp': {
      post: {
        summary: 'MCP streamable HTTP endpoint (execute_code, search_tools)',
        responses: { 200: { description: 'JSON-RPC' } },
      },
    },
  },
}
