// A check's diagnostics as the run's outcome: `TYPE_ERROR` results (`'strict'`) and warnings
// (`'warn'`), written for a model like every other error (what, where, what to do).
'use strict'

const TYPE_ERROR_HINT =
  'Nothing ran: fix every type error listed (tool names, input fields, `await`, output fields), then run the code again.'
const MAX_LISTED = 10

function where(d) {
  return `line ${d.line}, column ${d.column}`
}

function stats(durationMs) {
  return { durationMs, toolCalls: 0, memoryUsedBytes: 0, quarantinedThreads: 0 }
}

/** The `RunResult` of a program that did not type-check: every diagnostic, nothing ran. */
function typeErrorResult(diagnostics, durationMs) {
  const [first] = diagnostics
  const lines = [`${first.message} (${first.code})`]
  for (const d of diagnostics.slice(1, MAX_LISTED)) {
    lines.push(`Also at ${where(d)}: ${d.message} (${d.code})`, `  > ${d.line} | ${d.sourceLine.trim()}`)
  }
  if (diagnostics.length > MAX_LISTED) lines.push(`… and ${diagnostics.length - MAX_LISTED} more type errors`)
  const hints = [...new Set(diagnostics.map((d) => d.hint).filter(Boolean))]
  return nothingRan(durationMs, {
    code: 'TYPE_ERROR',
    name: 'TypeCheckError',
    message: diagnostics.length === 1 ? lines[0] : `${diagnostics.length} type errors. ${lines.join('\n')}`,
    hint: hints.length > 0 ? `${hints.slice(0, 3).join(' ')} Nothing ran.` : TYPE_ERROR_HINT,
    line: first.line,
    column: first.column,
    diagnostics,
  })
}

/** `'warn'`: one warning per diagnostic, before the run's own warnings. */
function typeWarnings(diagnostics) {
  const shown = diagnostics.slice(0, MAX_LISTED).map((d) => {
    const hint = d.hint && !d.message.includes(d.hint) ? ` ${d.hint}` : ''
    return `Type error at ${where(d)}: ${d.message} (${d.code})${hint}`
  })
  if (diagnostics.length > MAX_LISTED) shown.push(`… and ${diagnostics.length - MAX_LISTED} more type errors`)
  return shown
}

/** A check that outlived the run's time limit: nothing ran. */
function checkTimeoutResult(timeoutMs, durationMs) {
  return nothingRan(durationMs, {
    code: 'TIMEOUT',
    name: 'TimeoutError',
    message: `The type check did not finish within the run's time limit (${timeoutMs} ms); nothing ran.`,
    hint: 'Send a simpler program (fewer nested generic types), or run it without type checking.',
  })
}

/** A failed RunResult for a program that never ran: no logs, no tool calls. */
function nothingRan(durationMs, error) {
  return { ok: false, logs: [], toolCalls: [], warnings: [], stats: stats(durationMs), error }
}

module.exports = { typeErrorResult, typeWarnings, checkTimeoutResult }
