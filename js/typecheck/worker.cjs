// The type checker's worker thread: loads `typescript` (the path the main thread resolved) and
// answers `check` requests in order, one checker per Code Mode instance. Nothing here touches
// the main thread's event loop.
'use strict'

const { parentPort, workerData } = require('node:worker_threads')

const { Shared, Checker } = require('./checker.cjs')

const shared = new Shared(require(workerData.typescriptPath))
const checkers = new Map()

function checkerOf(client) {
  let checker = checkers.get(client)
  if (!checker) checkers.set(client, (checker = new Checker(shared, client)))
  return checker
}

parentPort.on('message', (message) => {
  const { id, type, client } = message
  try {
    if (type === 'dispose') {
      checkers.get(client)?.dispose()
      checkers.delete(client)
      return
    }
    const checker = checkerOf(client)
    if (message.declarations !== undefined) checker.setDeclarations(message.declarations)
    if (type === 'dispose-session') checker.disposeSession(message.session)
    else if (type === 'commit') checker.commit(message)
    else if (type === 'check') {
      const started = performance.now()
      const report = checker.check(message)
      parentPort.postMessage({ id, ...report, durationMs: performance.now() - started })
    }
  } catch (error) {
    if (id !== undefined) parentPort.postMessage({ id, failure: String(error?.stack ?? error) })
  }
})
