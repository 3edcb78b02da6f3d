// The main thread's side of the type checker: finds the `typescript` package, runs one worker
// thread per process (lib files load once; it is unref'd while idle, so it never keeps Node
// alive, and ends 30 s after the last instance using it closed), and gives each Code Mode instance a
// client that sends it checks. A check never blocks the event loop; one that outlives the run's
// time limit ends the run, and a worker stuck in one program is ended (the next check starts a
// fresh one).
'use strict'

const path = require('node:path')
const { createRequire } = require('node:module')
const { Worker } = require('node:worker_threads')

const SUPPORTED = '>=5 <7'
// A worker that has had work and said nothing for this long is stuck in one program.
const STUCK_MS = 10_000

function hostError(code, message, Kind = Error) {
  const error = new Kind(message)
  error.code = code
  return error
}

let typescript // { path, version } once found

/**
 * The `typescript` package this process checks with: the one next to quickjs-codemode, else the
 * one of the current directory's project. Throws `ERR_TYPESCRIPT_MISSING` or
 * `ERR_TYPESCRIPT_UNSUPPORTED` with what to do.
 */
function requireTypeScript() {
  if (typescript) return typescript
  const requirers = [require, createRequire(path.join(process.cwd(), 'noop.js'))]
  let manifest
  for (const r of requirers) {
    try {
      manifest = r.resolve('typescript/package.json')
      break
    } catch {
      // try the next place
    }
  }
  if (!manifest) {
    throw hostError(
      'ERR_TYPESCRIPT_MISSING',
      `typecheck needs the \`typescript\` package (${SUPPORTED}), an optional peer dependency of quickjs-codemode; install it with \`npm install --save-dev typescript\`, or set typecheck: 'off'.`,
    )
  }
  const { version, main } = require(manifest)
  const major = Number(String(version).split('.')[0])
  if (!(major >= 5 && major < 7)) {
    throw hostError(
      'ERR_TYPESCRIPT_UNSUPPORTED',
      `typecheck needs \`typescript\` ${SUPPORTED} (its language service API; TypeScript 7, the native port, has none); found ${version} at ${path.dirname(manifest)}.`,
    )
  }
  typescript = { path: path.resolve(path.dirname(manifest), main ?? 'lib/typescript.js'), version }
  return typescript
}

/** The process's one checker worker, started on first use. */
const pool = {
  worker: null,
  generation: 0,
  nextId: 1,
  pending: new Map(),
  users: new Set(),
  idleStopMs: 30_000,
  idleTimer: null,
  outstanding: new Set(), // ids sent and not answered yet, timed out or not
  lastHeard: 0,
  stuckTimer: null,

  start() {
    if (this.worker) return this.worker
    const worker = new Worker(path.join(__dirname, 'worker.cjs'), {
      workerData: { typescriptPath: requireTypeScript().path },
      // The compiler needs nothing of the host's environment.
      env: {},
    })
    worker.on('message', (reply) => this.heard(reply))
    worker.on('error', (error) => this.fail(worker, `the type checker failed: ${error?.message ?? error}`))
    worker.on('exit', () => this.fail(worker, 'the type checker stopped'))
    // After the listeners: adding a 'message' listener refs the worker again.
    worker.unref()
    this.worker = worker
    this.generation++
    return worker
  },

  /**
   * Sends `message` and resolves with the worker's reply, or `{ timedOut }` after `timeoutMs`.
   * A check that times out only ends the worker when it has been silent for `STUCK_MS` (stuck
   * in one program): one run's short time limit must not cost every other instance its checker.
   */
  request(message, timeoutMs) {
    const worker = this.start()
    const id = this.nextId++
    if (this.outstanding.size === 0) this.lastHeard = performance.now()
    this.outstanding.add(id)
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id)
        if (this.pending.size === 0) this.worker?.unref()
        resolve({ timedOut: true })
        this.watchForStuck()
      }, timeoutMs)
      this.pending.set(id, { resolve, timer, worker })
      worker.ref()
      worker.postMessage({ ...message, id })
    })
  },

  heard(reply) {
    this.lastHeard = performance.now()
    this.outstanding.delete(reply.id)
    this.settle(reply.id, reply)
  },

  /** Ends the worker once it has had work and said nothing for `STUCK_MS`. */
  watchForStuck() {
    if (this.stuckTimer) return
    const worker = this.worker
    const look = () => {
      this.stuckTimer = null
      if (this.worker !== worker || this.outstanding.size === 0) return
      const silentMs = performance.now() - this.lastHeard
      if (silentMs >= STUCK_MS) return this.stop()
      this.stuckTimer = setTimeout(look, STUCK_MS - silentMs)
      this.stuckTimer.unref()
    }
    look()
  },

  /** Starts the worker if it is not running and has it ready `client`'s checker (and itself, the first time). */
  warm(client, declarations) {
    this.start()
    this.post({ type: 'warm', client, declarations })
  },

  post(message) {
    this.worker?.postMessage(message)
  },

  settle(id, reply) {
    const entry = this.pending.get(id)
    if (!entry) return
    this.pending.delete(id)
    clearTimeout(entry.timer)
    if (this.pending.size === 0) this.worker?.unref()
    entry.resolve(reply)
  },

  fail(worker, reason) {
    if (this.worker === worker) {
      this.worker = null
      this.outstanding.clear()
    }
    for (const [id, entry] of this.pending) if (entry.worker === worker) this.settle(id, { failure: reason })
  },

  stop() {
    const worker = this.worker
    if (!worker) return
    this.worker = null
    this.fail(worker, 'the type checker was stopped')
    worker.terminate().catch(() => {})
  },

  /** An instance that checks is using the worker: a pending idle stop is called off. */
  use(client) {
    this.users.add(client)
    clearTimeout(this.idleTimer)
    this.idleTimer = null
  },

  /**
   * An instance closed. When it was the last one, the worker ends after `idleStopMs`, not at once:
   * a server that creates an instance per request keeps a warm checker between requests. The
   * timer is unref'd, and so is the idle worker: neither keeps Node alive.
   */
  release(client) {
    this.users.delete(client)
    if (this.users.size > 0 || !this.worker || this.idleTimer) return
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null
      if (this.users.size === 0) this.stop()
    }, this.idleStopMs)
    this.idleTimer.unref()
  },
}

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

module.exports = { requireTypeScript, TypeCheckClient, hostError, pool }
