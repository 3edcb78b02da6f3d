// The worker's checkers, one per distinct set of declarations: instances with the same tools
// (a server that creates an instance per request) share one checker and its warm language
// services, so a new instance's first check costs what any new program costs. A checker no
// instance uses is kept for a while (the next instance with those tools reuses it), then
// disposed. A session belongs to an instance: its declarations move with it.
'use strict'

const { Checker } = require('./checker.cjs')

/** How many checkers no instance uses are kept for reuse. */
const KEEP_IDLE = 4

class Checkers {
  constructor(shared) {
    this.shared = shared
    this.byDeclarations = new Map() // declarations -> { checker, clients: Set }
    this.declarationsOf = new Map() // client -> declarations
    this.sessionsOf = new Map() // client -> Set of session ids
    this.idle = [] // declarations of checkers no client uses, oldest first
    this.nextId = 1
  }

  /** The checker `client` uses (its declarations so far; none yet is the empty text). */
  of(client) {
    if (!this.declarationsOf.has(client)) this.declarationsOf.set(client, '')
    const entry = this.entry(this.declarationsOf.get(client))
    entry.clients.add(client)
    return entry.checker
  }

  /** The checker `client` uses now, without creating one. */
  current(client) {
    const declarations = this.declarationsOf.get(client)
    return declarations === undefined ? undefined : this.byDeclarations.get(declarations)?.checker
  }

  /** `client`'s tools changed: it moves to the checker of its new declarations, with its sessions. */
  setDeclarations(client, declarations) {
    const before = this.declarationsOf.get(client)
    if (before === declarations) return
    const from = before === undefined ? undefined : this.byDeclarations.get(before)
    this.declarationsOf.set(client, declarations)
    const to = this.entry(declarations)
    to.clients.add(client)
    if (!from) return
    for (const session of this.sessionsOf.get(client) ?? []) to.checker.adoptSession(session, from.checker)
    from.clients.delete(client)
    if (from.clients.size === 0) this.retire(before)
  }

  /** `client` uses `session` (its declarations live in the client's checker). */
  noteSession(client, session) {
    if (!this.sessionsOf.has(client)) this.sessionsOf.set(client, new Set())
    this.sessionsOf.get(client).add(session)
  }

  disposeSession(client, session) {
    this.sessionsOf.get(client)?.delete(session)
    this.current(client)?.disposeSession(session)
  }

  /** `client` closed: its sessions go; its checker is kept for reuse when no one else uses it. */
  dispose(client) {
    const declarations = this.declarationsOf.get(client)
    if (declarations === undefined) return
    const entry = this.byDeclarations.get(declarations)
    for (const session of this.sessionsOf.get(client) ?? []) entry?.checker.disposeSession(session)
    this.sessionsOf.delete(client)
    this.declarationsOf.delete(client)
    entry?.clients.delete(client)
    if (entry && entry.clients.size === 0) this.retire(declarations)
  }

  entry(declarations) {
    let entry = this.byDeclarations.get(declarations)
    if (entry) {
      this.idle = this.idle.filter((d) => d !== declarations)
      return entry
    }
    const checker = new Checker(this.shared, `c${this.nextId++}`)
    checker.setDeclarations(declarations)
    entry = { checker, clients: new Set() }
    this.byDeclarations.set(declarations, entry)
    return entry
  }

  retire(declarations) {
    this.idle.push(declarations)
    while (this.idle.length > KEEP_IDLE) {
      const oldest = this.idle.shift()
      const entry = this.byDeclarations.get(oldest)
      if (entry && entry.clients.size === 0) {
        entry.checker.dispose()
        this.byDeclarations.delete(oldest)
      }
    }
  }
}

module.exports = { Checkers, KEEP_IDLE }
