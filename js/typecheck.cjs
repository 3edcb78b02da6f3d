// `typecheck: 'off' | 'warn' | 'strict'`: the model's program is type-checked against the
// tools' declarations with the real TypeScript compiler, in a worker thread, before it runs
// (js/typecheck/). This module wraps the native `CodeMode` and `Session` classes; the package's
// loader applies it with `installTypeCheck(module.exports)`. With `'off'` (the default) every
// call goes straight to the native class.
'use strict'

const { requireTypeScript, TypeCheckClient, hostError } = require('./typecheck/client.cjs')
const { typeErrorResult, typeWarnings, checkTimeoutResult } = require('./typecheck/report.cjs')

const MODES = ['off', 'warn', 'strict']
const DEFAULT_TIMEOUT_MS = 30_000
const DEFAULT_DESCRIPTION_CHARS = 4000

/** The mode an options object asks for, or `undefined`; throws `ERR_INVALID_OPTIONS` for anything else. */
function modeOf(options, where) {
  const mode = options === null || typeof options !== 'object' ? undefined : options.typecheck
  if (mode === undefined || MODES.includes(mode)) return mode
  throw hostError(
    'ERR_INVALID_OPTIONS',
    `${where}.typecheck must be 'off', 'warn' or 'strict'; got ${typeof mode === 'string' ? `'${mode}'` : typeof mode}.`,
    TypeError,
  )
}

/** A Bash script or a Python program is not TypeScript: it runs (and is described) without a check. */
const isBash = (options) =>
  options !== null && typeof options === 'object' && (options.language === 'bash' || options.language === 'python')

function timeoutOf(options) {
  const t = options !== null && typeof options === 'object' ? options.limits?.timeoutMs : undefined
  return typeof t === 'number' && t > 0 ? t : undefined
}

/** `options` with the run's time limit set to `timeoutMs`. */
function withTimeout(options, timeoutMs) {
  const base = options !== null && typeof options === 'object' ? options : {}
  return { ...base, limits: { ...base.limits, timeoutMs } }
}

/** Counts the check's time in the run's: its duration, and the limit a timeout names. */
function includeCheck(result, timeoutMs, checkMs) {
  if (result?.stats) result.stats.durationMs += checkMs
  if (result?.error?.code === 'TIMEOUT') {
    result.error.message = `The run did not finish within its time limit of ${timeoutMs} ms (the type check took ${Math.round(checkMs)} ms of it).`
  }
}

/** The line the description gains when programs are checked. */
function descriptionLine(mode) {
  return mode === 'strict'
    ? 'Your code is type-checked against these declarations before it runs: with a type error nothing runs (TYPE_ERROR).'
    : 'Your code is type-checked against these declarations; type errors come back as warnings.'
}

/** Replaces `binding.CodeMode` and `binding.Session` with classes that type-check before running. */
function installTypeCheck(binding) {
  const NativeCodeMode = binding.CodeMode
  const NativeSession = binding.Session
  const sessions = new WeakMap() // session -> { owner, mode, id }
  const instances = new WeakMap() // CodeMode -> { mode, timeoutMs, client }
  const closeOnCollect = new FinalizationRegistry((client) => client.close())
  let nextSessionId = 1

  function clientOf(cm) {
    const state = instances.get(cm)
    if (!state.client) {
      state.client = new TypeCheckClient()
      closeOnCollect.register(cm, state.client, state)
    }
    return state.client
  }

  /** Checks, then runs (or not): the heart of `'warn'` and `'strict'`. */
  async function checkedRun(cm, code, options, mode, runNative, session) {
    const state = instances.get(cm)
    const timeoutMs = timeoutOf(options) ?? state.timeoutMs ?? DEFAULT_TIMEOUT_MS
    const started = performance.now()
    const signal = options?.signal
    const report = await clientOf(cm).check(
      { code, language: options?.language, declarations: cm.declarationsForTypeCheck(), session: session?.id },
      timeoutMs,
    )
    // Aborted while checking: the native run rejects as an aborted run does.
    if (signal?.aborted) return runNative(code, options)
    const durationMs = performance.now() - started
    // The check and the run share the run's time limit: the program gets what the check left.
    const remainingMs = Math.floor(timeoutMs - durationMs)
    if (report.timedOut || remainingMs < 1) return checkTimeoutResult(timeoutMs, durationMs)
    const diagnostics = report.diagnostics ?? []
    if (mode === 'strict' && diagnostics.length > 0) return typeErrorResult(diagnostics, durationMs)
    const result = await runNative(code, withTimeout(options, remainingMs))
    if (session) clientOf(cm).ran(session.id, code, options?.language)
    includeCheck(result, timeoutMs, durationMs)
    if (report.failure) {
      result.warnings.unshift(`The type check failed (${report.failure.split('\n')[0]}); the program ran unchecked.`)
    } else if (diagnostics.length > 0) {
      result.warnings.unshift(...typeWarnings(diagnostics))
    }
    return result
  }

  class Session extends NativeSession {
    /** Runs `code` in this session, type-checked first per the session's `typecheck` (see `CodeMode.run`). */
    run(code, options) {
      const session = sessions.get(this)
      let mode
      try {
        mode = modeOf(options, 'options') ?? session?.mode ?? 'off'
        if (mode !== 'off') requireTypeScript()
      } catch (error) {
        return Promise.reject(error)
      }
      if (!session || typeof code !== 'string' || isBash(options)) return super.run(code, options)
      if (mode === 'off') {
        const running = super.run(code, options)
        // The checker of a later run needs what this one declared.
        running.then(
          () => clientOf(session.owner).ran(session.id, code, options?.language),
          () => {},
        )
        return running
      }
      return checkedRun(session.owner, code, options, mode, (c, o) => super.run(c, o), session)
    }

    close() {
      const session = sessions.get(this)
      if (session) instances.get(session.owner)?.client?.closeSession(session.id)
      return super.close()
    }
  }

  class CodeMode extends NativeCodeMode {
    constructor(options) {
      const mode = modeOf(options, 'options') ?? 'off'
      if (mode !== 'off') requireTypeScript()
      super(options)
      instances.set(this, { mode, timeoutMs: timeoutOf(options), client: undefined })
      if (mode !== 'off') clientOf(this).warm(this.declarationsForTypeCheck())
    }

    run(code, options) {
      let mode
      try {
        mode = modeOf(options, 'options') ?? instances.get(this).mode
        if (mode !== 'off') requireTypeScript()
      } catch (error) {
        return Promise.reject(error)
      }
      if (mode === 'off' || typeof code !== 'string' || isBash(options)) return super.run(code, options)
      return checkedRun(this, code, options, mode, (c, o) => super.run(c, o))
    }

    session(options) {
      const mode = modeOf(options, 'options') ?? instances.get(this).mode
      if (mode !== 'off') requireTypeScript()
      const session = super.session(options)
      Object.setPrototypeOf(session, Session.prototype)
      sessions.set(session, { owner: this, mode, id: nextSessionId++ })
      return session
    }

    description(options) {
      const mode = instances.get(this).mode
      if (mode === 'off' || isBash(options)) return super.description(options)
      const line = descriptionLine(mode)
      const max = options?.maxChars ?? DEFAULT_DESCRIPTION_CHARS
      // Invalid budgets are the native method's to refuse.
      if (typeof max !== 'number' || !(max >= 0)) return super.description(options)
      const budget = Math.max(0, max - line.length - 1)
      const text = super.description({ ...options, maxChars: budget })
      if (budget === 0) return text
      const newline = text.indexOf('\n')
      return newline < 0 ? `${text}\n${line}` : `${text.slice(0, newline)}\n${line}${text.slice(newline)}`
    }

    async close() {
      const state = instances.get(this)
      state.client?.close()
      closeOnCollect.unregister(state)
      return super.close()
    }
  }

  Object.defineProperty(CodeMode, 'name', { value: 'CodeMode' })
  Object.defineProperty(Session, 'name', { value: 'Session' })
  binding.CodeMode = CodeMode
  binding.Session = Session
  return binding
}

module.exports = { installTypeCheck }
