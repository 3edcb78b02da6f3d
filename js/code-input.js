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

// The same input when the code tool takes Python (`language: 'python'`).
export const PYTHON_INPUT_SCHEMA = {
  ...CODE_INPUT_SCHEMA,
  properties: {
    code: {
      type: 'string',
      description: 'The Python program; every tool is an async function (`await ns.tool_name(field=value)`); the last expression is the result.',
    },
  },
}

/** The code tool's input schema for `language`. */
export const codeInputSchema = (language) =>
  language === 'bash' ? BASH_INPUT_SCHEMA : language === 'python' ? PYTHON_INPUT_SCHEMA : CODE_INPUT_SCHEMA

// The same input when the code tool takes Bash (`language: 'bash'`).
export const BASH_INPUT_SCHEMA = {
  ...CODE_INPUT_SCHEMA,
  properties: {
    code: {
      type: 'string',
      description: 'The Bash script; every tool is a command (`tools` lists them, `<tool> --help` shows one).',
    },
  },
}
