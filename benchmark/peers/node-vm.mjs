// node:vm — V8 contexts in the host isolate. Built in; NOT a security boundary (same heap,
// prototype tricks reach the host). Runs on the main thread, so a busy guest blocks Node.
// Each run gets a fresh context; tools are host functions returning Promises of JSON strings,
// wrapped by a guest prelude, so data crosses as JSON like in quickjs-codemode.
import vm from 'node:vm'
import { hostCaller, toolsPrelude, wrapBody } from '../lib/tools.mjs'

export const label = 'node:vm'
export const about = `built in (node ${process.version}), fresh vm context per run, main thread`

export async function create({ tools }) {
  const call = hostCaller(tools)
  const prelude = new vm.Script(toolsPrelude(tools))
  const asyncCall = (name, json) => {
    try {
      return Promise.resolve(call(name, json))
    } catch (err) {
      return Promise.reject(err)
    }
  }
  function sandbox() {
    const ctx = vm.createContext({ __call: asyncCall })
    prelude.runInContext(ctx)
    return async (code) => {
      // JSON out, as quickjs-codemode returns JSON-compatible data.
      const json = await vm.runInContext(`${wrapBody(code)}.then((v) => JSON.stringify(v))`, ctx)
      return json === undefined ? undefined : JSON.parse(json)
    }
  }
  return {
    run: (code) => sandbox()(code),
    session() {
      const run = sandbox()
      return { run, close: async () => {} }
    },
    close: async () => {},
  }
}
