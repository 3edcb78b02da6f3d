// The process's one checker worker thread (worker.cjs): started on first use, unref'd while idle
// (it never keeps Node alive), ended 30 s after the last instance using it closed, and ended when
// it is stuck in one program. Requests are matched to replies by id.
'use strict'

const path = require('node:path')
const { Worker } = require('node:worker_threads')

const { requireTypeScript } = require('./typescript-package.cjs')

// A worker that has had work and said nothing for this long is stuck in one program.
const STUCK_MS = 10_000

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

module.exports = { pool }
