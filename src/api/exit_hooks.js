// Stops every MCP server's process group when the host goes away, so no server is orphaned:
// on 'exit' (the end of the program, or process.exit) and on SIGINT/SIGTERM/SIGHUP when nothing
// else listens for the signal (then it is raised again, so the process still dies of it as it
// would have). A host that handles the signal itself exits through 'exit' or calls cm.close().
(function installExitHooks(killAll) {
  process.on('exit', () => killAll())
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    const onSignal = () => {
      if (process.listenerCount(signal) > 1) return
      killAll()
      process.removeListener(signal, onSignal)
      process.kill(process.pid, signal)
    }
    process.on(signal, onSignal)
  }
})
