// ---- AbortController and AbortSignal (DOM Standard) -----------------------------------------
// `AbortSignal.timeout` uses the sandbox's own setTimeout, looked up when it is called (the
// bootstrap defines timers after this script runs). Signals made by `AbortSignal.any` hold
// their sources, and sources hold their dependents strongly until they abort, so a dependent
// that is only referenced by its listeners still fires.

const INTERNAL = ObjectFreeze({})
const eventTargetAdd = EventTarget.prototype.addEventListener
const eventTargetRemove = EventTarget.prototype.removeEventListener
const eventTargetDispatch = EventTarget.prototype.dispatchEvent
let isAbortSignal, signalAborted, addAbortAlgorithm, signalAbort

function defaultAbortReason() {
  return new DOMExceptionCtor('This operation was aborted', 'AbortError')
}

class AbortSignal extends EventTarget {
  #aborted = false
  #reason = undefined
  #algorithms = null
  #handler = null
  #handlerListener = null
  // For signals made by AbortSignal.any: the (non-dependent) signals they follow.
  #sources = null
  // Signals made by AbortSignal.any that follow this one.
  #dependents = null

  constructor(token) {
    if (token !== INTERNAL) {
      throw new TypeErrorCtor('Illegal constructor: use new AbortController().signal, AbortSignal.abort() or AbortSignal.timeout().')
    }
    super()
  }
  get aborted() {
    return this.#aborted
  }
  get reason() {
    return this.#reason
  }
  throwIfAborted() {
    if (this.#aborted) throw this.#reason
  }
  get onabort() {
    return this.#handler
  }
  set onabort(value) {
    const handler = typeof value === 'function' || (value !== null && typeof value === 'object') ? value : null
    if (handler === null) {
      if (this.#handlerListener !== null) ReflectApply(eventTargetRemove, this, ['abort', this.#handlerListener])
      this.#handlerListener = null
      this.#handler = null
      return
    }
    this.#handler = handler
    if (this.#handlerListener === null) {
      const signal = this
      this.#handlerListener = function (event) {
        const h = signal.#handler
        if (typeof h === 'function' && ReflectApply(h, signal, [event]) === false) event.preventDefault()
      }
      ReflectApply(eventTargetAdd, this, ['abort', this.#handlerListener])
    }
  }

  static abort(reason) {
    const signal = new AbortSignal(INTERNAL)
    signal.#aborted = true
    signal.#reason = reason === undefined ? defaultAbortReason() : reason
    return signal
  }

  static timeout(milliseconds) {
    needArgs(arguments.length, 1, 'AbortSignal.timeout')
    const ms = +milliseconds
    if (!(ms >= 0 && ms <= Number.MAX_SAFE_INTEGER)) {
      throw new TypeErrorCtor(`AbortSignal.timeout needs a delay in milliseconds from 0 to ${Number.MAX_SAFE_INTEGER}.`)
    }
    const signal = new AbortSignal(INTERNAL)
    // Longer than a timer can wait (~24.8 days, far past any run's deadline): never fires.
    if (ms < 2147483648) {
      const setTimeoutFn = globalThis.setTimeout
      setTimeoutFn(() => {
        signalAbort(signal, new DOMExceptionCtor('The operation was aborted due to timeout', 'TimeoutError'))
      }, Math.trunc(ms))
    }
    return signal
  }

  static any(signals) {
    needArgs(arguments.length, 1, 'AbortSignal.any')
    const list = []
    for (const s of signals) {
      if (!isAbortSignal(s)) throw new TypeErrorCtor('AbortSignal.any needs an iterable of AbortSignal objects.')
      list.push(s)
    }
    const result = new AbortSignal(INTERNAL)
    for (let i = 0; i < list.length; i++) {
      if (list[i].#aborted) {
        result.#aborted = true
        result.#reason = list[i].#reason
        return result
      }
    }
    result.#sources = new SetCtor()
    const follow = (source) => {
      if (result.#sources.has(source)) return
      result.#sources.add(source)
      if (source.#dependents === null) source.#dependents = new SetCtor()
      source.#dependents.add(result)
    }
    for (let i = 0; i < list.length; i++) {
      const s = list[i]
      if (s.#sources === null) follow(s)
      else s.#sources.forEach(follow)
    }
    return result
  }

  static {
    isAbortSignal = (v) => v !== null && typeof v === 'object' && #aborted in v
    signalAborted = (s) => s.#aborted
    addAbortAlgorithm = (s, algorithm) => {
      if (s.#aborted) return
      if (s.#algorithms === null) s.#algorithms = []
      s.#algorithms.push(algorithm)
    }
    const runAbortSteps = (s) => {
      const algorithms = s.#algorithms
      s.#algorithms = null
      if (algorithms !== null) {
        for (let i = 0; i < algorithms.length; i++) algorithms[i]()
      }
      const event = new Event('abort')
      setTrusted(event)
      ReflectApply(eventTargetDispatch, s, [event])
    }
    signalAbort = (s, reason) => {
      if (s.#aborted) return
      s.#aborted = true
      s.#reason = reason === undefined ? defaultAbortReason() : reason
      const followers = []
      if (s.#dependents !== null) {
        s.#dependents.forEach((d) => {
          if (d.#aborted) return
          d.#aborted = true
          d.#reason = s.#reason
          followers.push(d)
        })
        s.#dependents = null
      }
      runAbortSteps(s)
      for (let i = 0; i < followers.length; i++) {
        const d = followers[i]
        // An aborted dependent no longer needs its sources (nor they it).
        d.#sources.forEach((source) => {
          if (source.#dependents !== null) source.#dependents.delete(d)
        })
        d.#sources = null
        runAbortSteps(d)
      }
    }
  }
}
defineProperty(AbortSignal.prototype, SymbolToStringTag, { value: 'AbortSignal', configurable: true })

class AbortController {
  #signal = new AbortSignal(INTERNAL)

  static {
    platformBrands.push((v) => #signal in v)
  }

  get signal() {
    return this.#signal
  }
  abort(reason) {
    signalAbort(this.#signal, reason)
  }
}
defineProperty(AbortController.prototype, SymbolToStringTag, { value: 'AbortController', configurable: true })

freezeClasses([Event, EventTarget, AbortSignal, AbortController])
