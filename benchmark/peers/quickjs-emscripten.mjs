// quickjs-emscripten — QuickJS compiled to WebAssembly, on Node's main thread (release-sync
// variant). Each run gets a fresh QuickJS runtime + context inside the shared WASM module. Host
// tools are promise-based: `__call` returns a QuickJS promise (vm.newPromise) that the host
// resolves after the tool settles, then drains QuickJS's job queue. Data crosses as JSON.
import { hostCaller, toolsPrelude, wrapBody } from '../lib/tools.mjs'

const { getQuickJS } = await import('quickjs-emscripten')
const pkg = (await import('quickjs-emscripten/package.json', { with: { type: 'json' } }).catch(() => null))?.default

export const label = 'quickjs-emscripten'
export const about = `quickjs-emscripten ${pkg?.version ?? '?'} (WASM, release-sync), fresh runtime+context per run, main thread`

export async function create({ tools }) {
  const QuickJS = await getQuickJS()
  const call = hostCaller(tools)
  const prelude = toolsPrelude(tools)

  function sandbox() {
    const runtime = QuickJS.newRuntime()
    runtime.setMemoryLimit(64 * 1024 * 1024)
    runtime.setMaxStackSize(1024 * 1024)
    const vm = runtime.newContext()
    const drain = () => {
      if (!vm.alive) return
      const r = runtime.executePendingJobs()
      if (r.error) r.error.dispose()
    }
    const fn = vm.newFunction('__call', (nameH, jsonH) => {
      const deferred = vm.newPromise()
      const settle = (ok, v) => {
        if (!vm.alive) return
        const h = ok ? (v === undefined ? vm.undefined : vm.newString(v)) : vm.newError(String(v?.message ?? v))
        ok ? deferred.resolve(h) : deferred.reject(h)
        if (h !== vm.undefined) h.dispose()
        deferred.dispose()
        drain()
      }
      try {
        Promise.resolve(call(vm.getString(nameH), vm.getString(jsonH))).then(
          (v) => settle(true, v),
          (e) => settle(false, e),
        )
      } catch (e) {
        Promise.resolve().then(() => settle(false, e))
      }
      return deferred.handle
    })
    vm.setProp(vm.global, '__call', fn)
    fn.dispose()
    vm.unwrapResult(vm.evalCode(prelude)).dispose()

    const run = async (code) => {
      const promiseH = vm.unwrapResult(vm.evalCode(`${wrapBody(code)}.then((v) => JSON.stringify(v))`))
      const settled = vm.resolvePromise(promiseH)
      promiseH.dispose()
      drain()
      const res = await settled
      const h = vm.unwrapResult(res)
      const json = vm.typeof(h) === 'string' ? vm.getString(h) : undefined
      h.dispose()
      return json === undefined ? undefined : JSON.parse(json)
    }
    const dispose = () => {
      vm.dispose()
      runtime.dispose()
    }
    return { run, dispose }
  }

  return {
    async run(code) {
      const s = sandbox()
      try {
        return await s.run(code)
      } finally {
        s.dispose()
      }
    },
    session() {
      const s = sandbox()
      return { run: s.run, close: async () => s.dispose() }
    },
    close: async () => {},
  }
}
