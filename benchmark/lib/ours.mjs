// quickjs-codemode itself, through the package entry point (../index.js).
import { CodeMode } from '../../index.js'

export const label = 'quickjs-codemode'
export const about = 'native QuickJS on engine threads (this package)'

function unwrap(r) {
  if (!r.ok) {
    const e = new Error(`${r.error.code}: ${r.error.message}`)
    e.result = r
    throw e
  }
  return r.value
}

export async function create({ tools, limits }) {
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
