// The input of every code tool we offer (the AI SDK tool, the MCP server's `execute_code`):
// one string, the model's program.
export const CODE_INPUT_SCHEMA = {
  type: 'object',
  properties: {
    code: {
      type: 'string',
      description: 'The program: TypeScript or JavaScript, the body of an async function (top-level await and return).',
    },
  },
  required: ['code'],
  additionalProperties: false,
}
