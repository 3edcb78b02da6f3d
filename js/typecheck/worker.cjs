// The type checker's worker thread: loads `typescript` (the path the main thread resolved) and
// answers requests in the order they came, one checker per set of declarations (checkers.cjs).
// Checks that queue up while one is in progress are answered together: one TypeScript program
// per checker and language for all of them (js/typecheck/checker.cjs `checkAll`), which costs
// little more than one. Nothing here touches the main thread's event loop.
'use strict'

const { parentPort, workerData } = require('node:worker_threads')

const { Shared, Checker } = require('./checker.cjs')
const { Checkers } = require('./checkers.cjs')
const { warmUpRequests, ROUNDS } = require('./warm-up.cjs')

// Enough to share the cost under load, few enough that the first answer is not held back long.
const MAX_TOGETHER = 16

const shared = new Shared(require(workerData.typescriptPath))
const checkers = new Checkers(shared)
const queue = []
let scheduled = false

/** Applies a message that is not a check: declarations, a session's program, disposals, a warm-up. */
function apply(message) {
  const { type, client } = message
  if (type === 'dispose') return checkers.dispose(client)
  if (type === 'dispose-session') return checkers.disposeSession(client, message.session)
  if (message.declarations !== undefined) checkers.setDeclarations(client, message.declarations)
  const checker = checkers.of(client)
  if (type === 'warm') warm(client, checker)
  else if (type === 'commit') {
    checkers.noteSession(client, message.session)
    checker.commit(message)
  }
}

let warmedUp = false
const warmUps = [] // steps, run one at a time while nothing else waits

/** Queues the readying of `client`'s `checker` (its declarations, its language services), and of the worker first of all. */
function warm(client, checker) {
  if (!warmedUp) {
    warmedUp = true
    const first = new Checker(shared, 'warm-up')
    for (let round = 0; round < ROUNDS; round++) for (const request of warmUpRequests(round)) warmUps.push(() => first.check(request))
    warmUps.push(() => first.dispose())
  }
  // (Not for an instance closed meanwhile.)
  const step = (request) => () => checkers.current(client) === checker && checker.check(request)
  warmUps.push(step({ code: 'return 1', language: 'javascript' }))
  warmUps.push(step({ code: 'const n: number = 1\nreturn n', language: 'typescript' }))
}

/** Answers `checks` (one or more instances'), those of one checker together. */
function answer(checks) {
  const started = performance.now()
  const byChecker = new Map()
  for (const check of checks) {
    if (check.session !== undefined) checkers.noteSession(check.client, check.session)
    const checker = checkers.of(check.client)
    if (!byChecker.has(checker)) byChecker.set(checker, [])
    byChecker.get(checker).push(check)
  }
  for (const [checker, mine] of byChecker) {
    let reports
    try {
      reports = checker.checkAll(mine)
    } catch {
      // One program broke the compiler: check the others on their own, so only it fails.
      reports = mine.map((check) => {
        try {
          return checker.check(check)
        } catch (error) {
          return { failure: String(error?.stack ?? error) }
        }
      })
    }
    const durationMs = performance.now() - started
    mine.forEach((check, i) => parentPort.postMessage({ id: check.id, ...reports[i], durationMs }))
  }
}

function drain() {
  scheduled = false
  while (queue.length > 0) {
    const message = queue.shift()
    if (message.type !== 'check') {
      try {
        apply(message)
      } catch {
        // A failed disposal has no one to tell; a failed session program leaves
        // its names out of the session's next checks.
      }
      continue
    }
    const checks = [message]
    while (queue[0]?.type === 'check' && checks.length < MAX_TOGETHER) checks.push(queue.shift())
    answer(checks)
  }
  // One warm-up step at a time, so that a check that comes in meanwhile waits for one step at most.
  if (warmUps.length > 0) {
    try {
      warmUps.shift()()
    } catch {
      // A warm-up that fails leaves the work to the first real check.
    }
    schedule()
  }
}

function schedule() {
  if (scheduled) return
  scheduled = true
  // Messages that arrived while a check ran are all delivered before this runs.
  setImmediate(drain)
}

parentPort.on('message', (message) => {
  queue.push(message)
  schedule()
})
