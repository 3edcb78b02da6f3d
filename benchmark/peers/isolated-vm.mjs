// isolated-vm — separate V8 isolates (own heap), guest code runs on a thread of isolated-vm's
// pool when called asynchronously, so Node's event loop stays free. Each run gets a fresh
// isolate (64 MiB limit) + context. Tools: one ivm.Reference to the host caller, applied with
// `result: { promise: true }`; data crosses as JSON strings.
import { createRequire } from 'node:module'
import { hostCaller, toolsPrelude, wrapBody } from '../lib/tools.mjs'

const require = createRequire(import.meta.url)
const ivm = require('isolated-vm')
const pkg = require('isolated-vm/package.json')

export const label = 'isolated-vm'
export const about = `isolated-vm ${pkg.version}, fresh isolate+context per run`
/** Isolates are big; fewer live sessions keep the memory scenario quick. */
export const sessionCount = 100

export async function create({ tools }) {
  const call = hostCaller(tools)
  const prelude = toolsPrelude(tools)
  const ref = new ivm.Reference((name, json) => call(name, json))

  async function sandbox() {
    const isolate = new ivm.Isolate({ memoryLimit: 64 })
    const context = await isolate.createContext()
    await context.evalClosure(
      `globalThis.__call = (n, s) => $0.apply(undefined, [n, s], { result: { promise: true, copy: true } });\n${prelude}`,
      [ref],
    )
    const run = async (code) => {
      const json = await context.eval(`${wrapBody(code)}.then((v) => JSON.stringify(v))`, { promise: true })
      return json === undefined ? undefined : JSON.parse(json)
    }
    const dispose = () => {
      context.release()
      if (!isolate.isDisposed) isolate.dispose()
    }
    return { run, dispose }
  }

  return {
    async run(code) {
      const s = await sandbox()
      try {
        return await s.run(code)
      } finally {
        s.dispose()
      }
    },
    session() {
      const p = sandbox()
      return {
        run: async (code) => (await p).run(code),
        close: async () => (await p).dispose(),
      }
    },
    close: async () => {
      ref.release()
    },
  }
}
