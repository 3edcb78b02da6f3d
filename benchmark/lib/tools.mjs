// The tools every implementation gets, in quickjs-codemode's ToolDefinition shape.
// Peers wrap them so that inputs and outputs cross as JSON, as they do in quickjs-codemode.

/** A 1 MiB string: the payload of the "1 MB" scenarios. */
export const BIG = 'x'.repeat(1 << 20)

export const TOOLS = [
  { name: 'echo', description: 'sync host fn', execute: (input) => input },
  { name: 'aecho', description: 'async host fn', execute: async (input) => input },
  {
    name: 'sleep10',
    description: 'resolves after 10 ms',
    execute: () => new Promise((resolve) => setTimeout(() => resolve(1), 10)),
  },
  { name: 'big', description: 'returns a 1 MiB string', execute: () => BIG },
]

/**
 * Guest-side prelude for peers that call the host through one `__call(name, json)` function that
 * returns a Promise of a JSON string (or undefined).
 */
export function toolsPrelude(tools) {
  const entries = tools
    .map(
      (t) =>
        `${JSON.stringify(t.name)}: (input) => __call(${JSON.stringify(t.name)}, JSON.stringify(input === undefined ? null : input))` +
        `.then((s) => s === undefined ? undefined : JSON.parse(s))`,
    )
    .join(',\n')
  return `globalThis.tools = Object.freeze({\n${entries}\n});`
}

/** Wraps guest code (an async function body) the way quickjs-codemode treats it. */
export const wrapBody = (code) => `(async () => {\n${code}\n})()`

/** Host side of `__call`: runs the tool, returns its output as JSON (sync value or Promise). */
export function hostCaller(tools) {
  const byName = new Map(tools.map((t) => [t.name, t]))
  return (name, json) => {
    const tool = byName.get(name)
    if (!tool) throw new Error(`unknown tool ${name}`)
    const out = tool.execute(JSON.parse(json), { name, toolCallId: '', signal: undefined })
    if (out && typeof out.then === 'function') return out.then((v) => JSON.stringify(v))
    return JSON.stringify(out)
  }
}
