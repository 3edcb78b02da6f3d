// An AI SDK ToolSet as a `--tools` module for cli.spec.mjs.
import { tool } from 'ai'
import { z } from 'zod'

export default {
  double: tool({ description: 'Doubles', inputSchema: z.object({ n: z.number() }), execute: async ({ n }) => n * 2 }),
}
