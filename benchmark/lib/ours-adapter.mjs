// The benchmark's shape (`run`, `session`, `close`) over a `CodeMode` class of some build.

function unwrap(r) {
  if (!r.ok) {
    const e = new Error(`${r.error.code}: ${r.error.message}`)
    e.result = r
    throw e
  }
  return r.value
}

/** `create({ tools, limits })` for the given `CodeMode` class. */
export function adapter(CodeMode) {
  return async function create({ tools, limits }) {
    const cm = new CodeMode({ tools, limits })
    return {
      run: async (code, options) => unwrap(await cm.run(code, options)),
      session() {
        const s = cm.session()
        return { run: async (code) => unwrap(await s.run(code)), close: async () => s.close() }
      },
      close: () => cm.close(),
    }
  }
}
