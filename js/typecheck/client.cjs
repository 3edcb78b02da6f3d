// The main thread's side of the type checker: each Code Mode instance has a client that sends
// its declarations, checks and session programs to the process's one worker (pool.cjs). A check
// never blocks the event loop; one that outlives the run's time limit ends the run.
'use strict'

const { pool } = require('./pool.cjs')
const { requireTypeScript, hostError } = require('./typescript-package.cjs')

let nextClientId = 1

/** One Code Mode instance's view of the checker: its declarations and sessions. */
class TypeCheckClient {
  constructor() {
    this.id = nextClientId++
    this.sent = { generation: 0, declarations: undefined }
    this.sessions = new Map() // session id -> { programs that ran, how many the worker has, its generation }
    this.closed = false
  }

  /**
   * Checks `code` against `declarations` (with a session's earlier declarations when `session`
   * is given). Resolves with `{ diagnostics, language, durationMs }`, `{ timedOut }` or `{ failure }`.
   */
  check({ code, language, declarations, session }, timeoutMs) {
    pool.use(this)
    pool.start()
    if (this.sent.generation !== pool.generation || this.sent.declarations !== declarations) {
      pool.post({ type: 'declarations', client: this.id, declarations })
      this.sent = { generation: pool.generation, declarations }
    }
    if (session !== undefined) this.flush(session)
    return pool.request({ type: 'check', client: this.id, code, language, session }, timeoutMs)
  }

  /**
   * Readies the checker for `declarations` in the background (it is unref'd: it keeps no
   * process alive), so the first check does not wait for TypeScript, its library files and a
   * language service to load.
   */
  warm(declarations) {
    if (this.closed) return
    pool.use(this)
    pool.warm(this.id, declarations)
    this.sent = { generation: pool.generation, declarations }
  }

  /** Remembers a session program that ran; the checker learns its declarations before the next check. */
  ran(session, code, language) {
    if (this.closed) return
    let history = this.sessions.get(session)
    if (!history) this.sessions.set(session, (history = { programs: [], sent: 0, generation: 0 }))
    history.programs.push({ code, language })
    // Bounded: a long session's oldest programs are forgotten (their names then check as missing).
    let bytes = history.programs.reduce((n, p) => n + p.code.length, 0)
    while (history.programs.length > 1 && (history.programs.length > 256 || bytes > 4_000_000)) {
      bytes -= history.programs.shift().code.length
      history.sent = Math.max(0, history.sent - 1)
    }
  }

  flush(session) {
    const history = this.sessions.get(session)
    if (!history) return
    // After a worker restart the checker has forgotten the session: send every program again.
    if (history.generation !== pool.generation) history.sent = 0
    history.generation = pool.generation
    for (const { code, language } of history.programs.slice(history.sent))
      pool.post({ type: 'commit', client: this.id, code, language, session })
    history.sent = history.programs.length
  }

  closeSession(session) {
    this.sessions.delete(session)
    pool.post({ type: 'dispose-session', client: this.id, session })
  }

  close() {
    if (this.closed) return
    this.closed = true
    this.sessions.clear()
    pool.post({ type: 'dispose', client: this.id })
    pool.release(this)
  }
}

module.exports = { requireTypeScript, TypeCheckClient, hostError }
