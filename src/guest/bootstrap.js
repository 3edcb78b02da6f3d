// Trusted set-up code evaluated once in every fresh guest context, before any model code.
// It receives the Rust host functions and the tool manifest, defines the guest globals
// (`tools`, `console`, timers, error classes), closes every string-to-code path, freezes the
// intrinsics, and returns the functions Rust uses to start and end a run. Nothing here is
// reachable from guest code except the globals it defines on purpose.
;(function bootstrap(host, manifest, generation) {
  'use strict'
  const { callTool, log, sleep, settle, discover, allowShadowing } = host
  const JSONparse = JSON.parse
  const JSONstringify = JSON.stringify
  const ObjectFreeze = Object.freeze
  const defineProperty = Object.defineProperty
  const getOwnPropertyNames = Object.getOwnPropertyNames
  const getOwnPropertyDescriptor = Object.getOwnPropertyDescriptor
  const getPrototypeOf = Object.getPrototypeOf
  const promiseThen = Function.prototype.call.bind(Promise.prototype.then)
  const MapCtor = Map
  const SetCtor = Set

  // ---- errors the guest can catch ---------------------------------------------------------
  const own = (o, key, value) => defineProperty(o, key, { value, writable: true, enumerable: false, configurable: true })
  class ToolError extends Error {
    constructor(message, details) {
      super(message)
      const d = details || {}
      defineProperty(this, 'name', { value: 'ToolError', enumerable: false, configurable: true, writable: true })
      // Not enumerable, like `message`: JSON of a caught error then looks mangled (`{}`) and the
      // result conversion gives it `{ name, message, code, tool }` instead of dropping the message.
      own(this, 'code', d.code || 'TOOL_FAILED')
      own(this, 'tool', d.tool)
      if (d.hint) own(this, 'hint', d.hint)
      if (d.site) own(this, 'stack', d.site)
    }
  }

  // A tool input that does not match the tool's schema; the host was not called.
  class ToolInputError extends ToolError {
    constructor(message, details) {
      super(message, details)
      defineProperty(this, 'name', { value: 'ToolInputError', enumerable: false, configurable: true, writable: true })
      const d = details || {}
      own(this, 'issues', d.issues || [])
      own(this, 'example', d.example)
    }
  }

  // ---- values JSON would mangle -------------------------------------------------------------
  // Rust stringifies results and tool inputs itself; only when the text looks mangled (`{}`,
  // an index-keyed object, a throw) does it call `toData`, whose replacer gives Map, Set, typed
  // arrays, BigInt and Error a JSON form and reports each kind it met (and any Promise) with
  // its key, so Rust can warn about a result or refuse a tool input. Brand checks, not
  // `instanceof`, so a guest object cannot pose as a Map or hide one.
  const uncurry = (f) => Function.prototype.call.bind(f)
  const brand = (proto, key) => uncurry(getOwnPropertyDescriptor(proto, key).get)
  const mapSize = brand(MapCtor.prototype, 'size')
  const setSize = brand(SetCtor.prototype, 'size')
  const typedLength = brand(getPrototypeOf(Uint8Array.prototype), 'length')
  const typedName = brand(getPrototypeOf(Uint8Array.prototype), Symbol.toStringTag)
  const mapForEach = uncurry(MapCtor.prototype.forEach)
  const setForEach = uncurry(SetCtor.prototype.forEach)
  const ObjectPrototype = Object.prototype
  const PromiseCtor = Promise
  const ErrorCtor = Error
  const isArray = Array.isArray
  const objectKeys = Object.keys
  const hasOwn = Object.hasOwn
  const has = (check, v) => {
    try {
      check(v)
      return true
    } catch {
      return false
    }
  }
  function mapData(m) {
    const keys = []
    const values = []
    mapForEach(m, (v, k) => {
      keys.push(k)
      values.push(v)
    })
    if (!keys.every((k) => typeof k === 'string')) return ['Map entries', keys.map((k, i) => [k, values[i]])]
    const out = {}
    for (let i = 0; i < keys.length; i++) defineProperty(out, keys[i], { value: values[i], enumerable: true, writable: true, configurable: true })
    return ['Map', out]
  }
  function errorData(e) {
    const out = { name: String(e.name), message: String(e.message) }
    for (const k of ['code', 'tool', 'issues']) if (hasOwn(e, k) && e[k] !== undefined) out[k] = e[k]
    for (const k of objectKeys(e)) if (!hasOwn(out, k)) out[k] = e[k]
    return out
  }
  // [kind, data] for a value JSON would mangle, or undefined.
  function convert(v) {
    if (typeof v === 'bigint') return ['BigInt', String(v)]
    if (typeof v !== 'object' || v === null || isArray(v)) return undefined
    const proto = getPrototypeOf(v)
    if (proto === ObjectPrototype || proto === null) return undefined
    if (v instanceof PromiseCtor) return ['Promise', undefined]
    if (has(mapSize, v)) return mapData(v)
    if (has(setSize, v)) {
      const out = []
      setForEach(v, (x) => out.push(x))
      return ['Set', out]
    }
    if (has(typedLength, v)) {
      const out = []
      for (let i = 0, n = typedLength(v); i < n; i++) out.push(v[i])
      return [typedName(v), out]
    }
    if (v instanceof ErrorCtor) return ['Error', errorData(v)]
    return undefined
  }
  // JSON text of `value` (undefined if none) and the [kind, key] of each kind converted.
  function toData(value) {
    const found = []
    const kinds = new SetCtor()
    // One form per object, so a cycle through a Map stays a cycle JSON reports (not endless
    // fresh copies) and a value shared twice converts once.
    const forms = new MapCtor()
    const text = JSONstringify(value, function (key, v) {
      let c = forms.get(v)
      if (c === undefined) {
        c = convert(v)
        if (c === undefined) return v
        if (typeof v === 'object') forms.set(v, c)
      }
      if (!kinds.has(c[0])) {
        kinds.add(c[0])
        found.push([c[0], key])
      }
      return c[1]
    })
    return [text, found]
  }

  // ---- console: inspect-like formatting, captured by the host -------------------------------
  const MAX_DEPTH = 4
  const MAX_ITEMS = 100
  function quote(s) {
    return "'" + s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n') + "'"
  }
  function keyText(k) {
    return /^[A-Za-z_$][\w$]*$/.test(k) ? k : quote(k)
  }
  function formatError(e) {
    let text = typeof e.stack === 'string' && e.stack ? `${e.name}: ${e.message}\n${e.stack}` : `${e.name}: ${e.message}`
    return text.replace(/\n$/, '')
  }
  function inspect(v, depth, seen) {
    switch (typeof v) {
      case 'string':
        return depth === 0 ? v : quote(v)
      case 'number':
        return Object.is(v, -0) ? '-0' : String(v)
      case 'bigint':
        return `${v}n`
      case 'boolean':
      case 'undefined':
        return String(v)
      case 'symbol':
        return v.toString()
      case 'function':
        return v.name ? `[Function: ${v.name}]` : '[Function (anonymous)]'
    }
    if (v === null) return 'null'
    if (seen.has(v)) return '[Circular *]'
    if (v instanceof Error) return formatError(v)
    if (v instanceof Date) return isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString()
    if (v instanceof RegExp) return String(v)
    if (depth > MAX_DEPTH) return Array.isArray(v) ? '[Array]' : '[Object]'
    seen.add(v)
    try {
      if (Array.isArray(v)) {
        const parts = []
        for (let i = 0; i < v.length && i < MAX_ITEMS; i++) parts.push(inspect(v[i], depth + 1, seen))
        if (v.length > MAX_ITEMS) parts.push(`... ${v.length - MAX_ITEMS} more items`)
        return `[ ${parts.join(', ')} ]`.replace('[  ]', '[]')
      }
      if (v instanceof MapCtor) {
        const parts = []
        for (const [k, val] of v) parts.push(`${inspect(k, depth + 1, seen)} => ${inspect(val, depth + 1, seen)}`)
        return `Map(${v.size}) { ${parts.join(', ')} }`
      }
      if (v instanceof SetCtor) {
        const parts = []
        for (const val of v) parts.push(inspect(val, depth + 1, seen))
        return `Set(${v.size}) { ${parts.join(', ')} }`
      }
      if (v instanceof Promise) return 'Promise { <pending> }'
      if (ArrayBuffer.isView(v)) {
        return `${v.constructor.name}(${v.length}) [ ${Array.prototype.slice.call(v, 0, MAX_ITEMS).join(', ')} ]`
      }
      const keys = Object.keys(v)
      const parts = []
      for (let i = 0; i < keys.length && i < MAX_ITEMS; i++) {
        parts.push(`${keyText(keys[i])}: ${inspect(v[keys[i]], depth + 1, seen)}`)
      }
      if (keys.length > MAX_ITEMS) parts.push(`... ${keys.length - MAX_ITEMS} more properties`)
      const proto = getPrototypeOf(v)
      const ctorName = proto && proto !== Object.prototype && proto.constructor && proto.constructor.name
      const prefix = proto === null ? '[Object: null prototype] ' : ctorName ? `${ctorName} ` : ''
      return parts.length ? `${prefix}{ ${parts.join(', ')} }` : `${prefix}{}`
    } catch (e) {
      return '[Uninspectable]'
    } finally {
      seen.delete(v)
    }
  }
  // Node's printf-style substitutions when the first argument is a string: %s %d %i %f %j %o %O
  // %c (consumed, as CSS means nothing here) and %%; the arguments left over follow, inspected.
  function substitute(template, args) {
    let used = 1
    let out = ''
    let i = 0
    while (i < template.length) {
      const c = template[i]
      if (c !== '%' || i + 1 >= template.length) {
        out += c
        i++
        continue
      }
      const k = template[i + 1]
      if (k === '%') {
        out += '%'
      } else if ('sdifjoOc'.includes(k) && used < args.length) {
        const a = args[used++]
        if (k === 's') out += typeof a === 'string' ? a : typeof a === 'object' && a !== null ? inspect(a, 1, new SetCtor()) : String(a)
        else if (k === 'd') out += typeof a === 'bigint' ? `${a}n` : typeof a === 'object' ? 'NaN' : String(Number(a))
        else if (k === 'i') out += typeof a === 'bigint' ? `${a}n` : typeof a === 'object' ? 'NaN' : String(parseInt(a, 10))
        else if (k === 'f') out += typeof a === 'symbol' ? 'NaN' : String(parseFloat(a))
        else if (k === 'j') {
          try {
            out += JSONstringify(a)
          } catch {
            out += '[Circular]'
          }
        } else if (k !== 'c') out += inspect(a, 0, new SetCtor())
      } else {
        out += c + k
      }
      i += 2
    }
    return { text: out, used }
  }
  function format(args) {
    const out = []
    let start = 0
    if (typeof args[0] === 'string' && args.length > 1 && args[0].includes('%')) {
      const { text, used } = substitute(args[0], args)
      out.push(text)
      start = used
    }
    for (let i = start; i < args.length; i++) {
      try {
        out.push(inspect(args[i], 0, new SetCtor()))
      } catch (e) {
        out.push('[Uninspectable]')
      }
    }
    return out.join(' ')
  }
  // Lone surrogates cannot cross into Rust strings; replace them as the web platform does.
  const toWellFormed = Function.prototype.call.bind(String.prototype.toWellFormed)
  function emit(level, text) {
    log(level, toWellFormed(text))
  }
  const console = {}
  for (const level of ['log', 'info', 'warn', 'error', 'debug']) {
    console[level] = function (...args) {
      emit(level, format(args))
    }
  }
  console.trace = console.debug
  ObjectFreeze(console)

  // ---- timers with real delays (the run's deadline bounds them) ----------------------------
  let nextTimerId = 1
  const activeTimers = new MapCtor()
  function checkCallback(cb, fnName) {
    if (typeof cb !== 'function') {
      throw new TypeError(`${fnName} needs a function as its first argument; strings of code are not allowed.`)
    }
  }
  function delayOf(ms) {
    const n = Number(ms)
    return n > 0 && n < 2147483648 ? n : 0
  }
  // A throw inside a timer callback is reported in the logs (as a browser console would), not lost.
  function reportUncaught(where, e) {
    emit('error', `Uncaught exception in ${where} callback: ${format([e])}`)
  }
  function schedule(id, cb, ms, args, repeat) {
    promiseThen(sleep(ms), () => {
      if (!activeTimers.has(id)) return
      if (repeat) schedule(id, cb, ms, args, true)
      else activeTimers.delete(id)
      try {
        cb(...args)
      } catch (e) {
        reportUncaught(repeat ? 'setInterval' : 'setTimeout', e)
      }
    })
  }
  function setTimeout(cb, ms, ...args) {
    checkCallback(cb, 'setTimeout')
    const id = nextTimerId++
    activeTimers.set(id, true)
    schedule(id, cb, delayOf(ms), args, false)
    return id
  }
  function setInterval(cb, ms, ...args) {
    checkCallback(cb, 'setInterval')
    const id = nextTimerId++
    activeTimers.set(id, true)
    schedule(id, cb, Math.max(1, delayOf(ms)), args, true)
    return id
  }
  function clearTimer(id) {
    activeTimers.delete(id)
  }
  function queueMicrotask(cb) {
    checkCallback(cb, 'queueMicrotask')
    promiseThen(Promise.resolve(), () => {
      try {
        cb()
      } catch (e) {
        reportUncaught('queueMicrotask', e)
      }
    })
  }

  // ---- tools ---------------------------------------------------------------------------------
  // Tool functions carry the generation of the tool set they were made for, so a function kept
  // from before a tool change is refused instead of calling whatever now has its index.
  function makeTool(gen, index, path, name) {
    const fn = {
      async [name](input, ...extra) {
        if (extra.length > 0) throw positional(path, 1 + extra.length)
        // The caller's frames, taken now: after the await they are gone, and a failure must point
        // at the line that made the call (about a microsecond per call).
        const site = new ErrorCtor().stack
        const r = await callTool(gen, index, input, toData)
        if (r.ok) return r.value
        const details = { code: r.code, tool: path, hint: r.hint, issues: r.issues, example: r.example, site }
        throw r.code === 'INVALID_INPUT' ? new ToolInputError(r.message, details) : new ToolError(r.message, details)
      },
    }[name]
    return ObjectFreeze(fn)
  }
  // Each tool is reachable by its exact name and, when that is not an identifier, by its alias
  // (`tools["get-sum"]` and `tools.get_sum`); aliases are not enumerable, so listing shows each once.
  function expose(target, name, alias, value) {
    target[name] = value
    if (alias !== name) defineProperty(target, alias, { value, enumerable: false })
  }
  function buildTools(manifest, gen) {
    const tools = Object.create(null)
    const namespaces = Object.create(null)
    const nsAliases = Object.create(null)
    for (let i = 0; i < manifest.length; i++) {
      const [ns, name, nsAlias, alias] = manifest[i]
      const path = ns === null ? name : `${ns}.${name}`
      const tool = makeTool(gen, i, path, name)
      if (ns === null) {
        expose(tools, name, alias, tool)
      } else {
        if (!namespaces[ns]) namespaces[ns] = Object.create(null)
        nsAliases[ns] = nsAlias
        expose(namespaces[ns], name, alias, tool)
      }
    }
    for (const ns of getOwnPropertyNames(namespaces)) expose(tools, ns, nsAliases[ns], ObjectFreeze(namespaces[ns]))
    return ObjectFreeze(tools)
  }
  let tools = buildTools(manifest, generation)
  function setTools(manifest, gen) {
    tools = buildTools(manifest, gen)
  }

  // ---- discovery for large tool sets ------------------------------------------------------------
  function ask(op, args) {
    return JSONparse(discover(op, JSONstringify(args)))
  }
  // Tools take one object of named fields; a second argument would be dropped silently.
  function positional(path, count) {
    const info = ask('describe', { path })
    const decl = info && info.declaration ? `\n${info.declaration}` : ''
    return new TypeError(
      `tools.${path} takes one argument, an object of named fields (tools.${path}({ ... })); it got ${count} arguments.${decl}`,
    )
  }
  function optionsOf(options, fn) {
    if (options === undefined || options === null) return {}
    if (typeof options !== 'object') throw new TypeError(`codemode.${fn}: options must be an object`)
    return options
  }
  const codemode = {
    /** Tools whose name, namespace or description match `query`, best first. */
    async searchTools(query, options) {
      // The host checks limit, detail and namespace (an alias too) and throws what was wrong.
      const o = optionsOf(options, 'searchTools')
      return ask('search', { query: String(query ?? ''), limit: o.limit, detail: o.detail, namespace: o.namespace })
    },
    /** Every tool (of `namespace`, if given). */
    async listTools(options) {
      const o = optionsOf(options, 'listTools')
      return ask('list', { namespace: o.namespace, detail: o.detail })
    },
    /** Everything about one tool: description, TypeScript declaration, schemas. */
    async describeTool(path) {
      const info = ask('describe', { path: String(path ?? '') })
      if (info === null) throw new TypeError(`codemode.describeTool: there is no tool "${path}"; use codemode.searchTools to find one`)
      return info
    },
  }
  ObjectFreeze(codemode)

  // ---- nothing may block the engine thread ---------------------------------------------------
  // Atomics.wait would block it where neither the interrupt handler nor the host timer can reach.
  delete Atomics.wait

  // ---- close every string-to-code path -------------------------------------------------------
  const noCodeFromStrings = function Function() {
    throw new EvalError('Code generation from strings is disabled in this sandbox; write the code directly.')
  }
  const fnProtos = [
    Function.prototype,
    getPrototypeOf(async function () {}),
    getPrototypeOf(function* () {}),
    getPrototypeOf(async function* () {}),
  ]
  for (const proto of fnProtos) {
    defineProperty(proto, 'constructor', { value: noCodeFromStrings, writable: false, configurable: false })
  }
  defineProperty(noCodeFromStrings, 'prototype', { value: Function.prototype, writable: false })
  delete globalThis.eval
  globalThis.Function = noCodeFromStrings

  // ---- freeze the intrinsics the bridge and common code rely on -----------------------------
  // Each run has its own context, so guest patches can only ever affect that guest; freezing the
  // objects below makes sure they cannot break tool calls, results or console output either.
  // Objects inheriting from the prototypes code commonly shadows by assignment (`this.name =
  // 'MyError'`, `obj.toString = ...`) still can: the assignment defines an own property on them
  // (`allowShadowing`, guest/shadowing.rs), while the prototype itself stays read-only.

  // ---- stack APIs never hand out trusted functions -----------------------------------------
  // `Error.prepareStackTrace` stays settable (it is a non-configurable accessor), but the call
  // sites it receives can no longer return a frame's function: that would reach the bootstrap's
  // closures (`runMain`, `settle`, ...) and the web globals' private functions.
  const callSiteProto = (() => {
    let proto
    const saved = Error.prepareStackTrace
    Error.prepareStackTrace = (_, sites) => {
      proto = sites.length > 0 ? getPrototypeOf(sites[0]) : undefined
      return ''
    }
    try {
      new Error('probe').stack
    } finally {
      Error.prepareStackTrace = saved
    }
    return proto
  })()
  if (callSiteProto) {
    for (const key of ['getFunction', 'getThis']) {
      defineProperty(callSiteProto, key, {
        value: ObjectFreeze({ [key]() { return undefined } }[key]),
        writable: false,
        enumerable: false,
        configurable: false,
      })
    }
    ObjectFreeze(callSiteProto)
  }

  // ---- performance: a clock of the run, not of the host ------------------------------------
  // `performance.now()` counts from the run's start and `timeOrigin` is the run's start on the
  // wall clock, so neither discloses the host's uptime or links runs together.
  const hostPerformance = performance
  const hostNow = performance.now
  const dateNow = Date.now
  let runStartMono = hostNow.call(hostPerformance)
  let runStartWall = dateNow()
  const runPerformance = ObjectFreeze({
    now: ObjectFreeze({ now() { return hostNow.call(hostPerformance) - runStartMono } }.now),
    get timeOrigin() {
      return runStartWall
    },
    toJSON() {
      return { timeOrigin: runStartWall }
    },
  })
  defineProperty(globalThis, 'performance', { value: runPerformance, writable: false, enumerable: false, configurable: false })

  const typedArrayProto = getPrototypeOf(Uint8Array.prototype)
  const errorPrototypes = [
    Error.prototype,
    EvalError.prototype,
    RangeError.prototype,
    ReferenceError.prototype,
    SyntaxError.prototype,
    TypeError.prototype,
    URIError.prototype,
    AggregateError.prototype,
    ToolError.prototype,
    ToolInputError.prototype,
  ]
  const prototypes = [
    Object.prototype,
    Array.prototype,
    Promise.prototype,
    ...errorPrototypes,
    MapCtor.prototype,
    SetCtor.prototype,
    String.prototype,
    Number.prototype,
    Boolean.prototype,
    Symbol.prototype,
    Date.prototype,
    RegExp.prototype,
    typedArrayProto,
    ...fnProtos,
  ]
  // Prototypes whose members instances commonly shadow by assignment.
  const shadowed = [
    Object.prototype,
    Array.prototype,
    ...errorPrototypes,
    Function.prototype,
  ]
  for (const proto of shadowed) allowShadowing(proto)
  for (const proto of prototypes) ObjectFreeze(proto)
  const frozenNamespaces = [Object, Array, Promise, JSON, Reflect, Symbol, Math, Number, String, Error, MapCtor, SetCtor]
  for (const o of frozenNamespaces) ObjectFreeze(o)

  const globals = {
    codemode,
    console,
    ToolError,
    ToolInputError,
    setTimeout,
    setInterval,
    clearTimeout: clearTimer,
    clearInterval: clearTimer,
    queueMicrotask,
  }
  for (const key of getOwnPropertyNames(globals)) {
    defineProperty(globalThis, key, { value: globals[key], writable: false, enumerable: false, configurable: false })
  }
  // `tools` is read through a getter: the host may change its tools between session runs.
  const toolsGetter = ObjectFreeze(getOwnPropertyDescriptor({ get tools() { return tools } }, 'tools').get)
  defineProperty(globalThis, 'tools', { get: toolsGetter, enumerable: false, configurable: false })
  ObjectFreeze(ToolError)
  ObjectFreeze(ToolInputError)
  for (const key of ['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', 'queueMicrotask']) {
    ObjectFreeze(globals[key])
  }
  // Built-in globals cannot be replaced (so a patched `JSON` or `Promise` cannot break the bridge):
  // Rust locks them right after this function returns (guest/lock_globals.rs, by property flags).

  // ---- sessions are a REPL --------------------------------------------------------------------
  // A session run's top-level declarations live on one scope object that every later run reads
  // through `with` (the source step rewrites them into `declare`/`seal` calls and assignments).
  // `declare` makes names plain writable properties (keeping a value until it is reassigned);
  // `seal` makes them read-only, as `const`.
  let repl
  function replOf() {
    if (repl) return repl
    const scope = Object.create(null)
    function declare() {
      for (let i = 0; i < arguments.length; i++) {
        const name = arguments[i]
        const d = getOwnPropertyDescriptor(scope, name)
        if (d && 'value' in d) continue
        const value = d ? d.get() : undefined
        defineProperty(scope, name, { value, writable: true, enumerable: true, configurable: true })
      }
    }
    function seal() {
      for (let i = 0; i < arguments.length; i++) {
        const name = arguments[i]
        const value = scope[name]
        const get = () => value
        const set = () => {
          throw new TypeError(`Assignment to constant variable '${name}'.`)
        }
        defineProperty(scope, name, { get, set, enumerable: true, configurable: true })
      }
    }
    repl = ObjectFreeze({ scope, declare: ObjectFreeze(declare), seal: ObjectFreeze(seal) })
    return repl
  }

  // ---- what Rust calls -----------------------------------------------------------------------
  // `main` is the prepared program; a session's takes the REPL object.
  function runMain(main, session) {
    runStartMono = hostNow.call(hostPerformance)
    runStartWall = dateNow()
    let p
    try {
      p = session ? main(replOf()) : main()
    } catch (e) {
      settle(false, e, toData)
      return
    }
    promiseThen(
      p,
      (v) => settle(true, v, toData),
      (e) => settle(false, e, toData),
    )
  }
  // Clears the finished run's timers; returns how many were still pending (named in warnings).
  function endRun() {
    const pending = activeTimers.size
    activeTimers.clear()
    return pending
  }
  return { runMain, endRun, setTools }
})
