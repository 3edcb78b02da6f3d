// One execution of the code tool: runs the program on a CodeMode instance, streams what happens
// as preliminary results (tool calls, logs, nested tools' own progress) and ends with the text
// the model reads (`formatResult`), so a failing program is an answer, never a thrown error.
import native from '../../index.js'

import { extractImages } from './images.js'

const { formatResult } = native

/** At most this many events are kept in each progress snapshot (the latest ones). */
const MAX_PROGRESS_EVENTS = 50

/**
 * The code tool's `execute`: an async generator (the AI SDK's preliminary results). `pool` lends
 * a CodeMode instance whose tools read the run they serve from the instance's `slot`.
 */
export function codeToolExecute({ pool, approve, maxOutputChars, language }) {
  let anonymousRuns = 0
  return async function* execute(input, options) {
    const code = input?.code
    const outer = { messages: [], ...options, toolCallId: options?.toolCallId ?? `code-${++anonymousRuns}` }
    const progress = new Progress()
    const run = { options: outer, calls: 0, ids: new Map(), approve, emit: (event) => progress.push(event) }
    const instance = pool.acquire()
    instance.slot.run = run
    // Our own stop for a consumer that leaves early, combined with the outer call's abort.
    const stop = new AbortController()
    const signal = outer.abortSignal ? AbortSignal.any([outer.abortSignal, stop.signal]) : stop.signal
    let settled = false
    let result
    let failure
    const done = instance.cm
      .run(code, {
        signal,
        onEvent: (event) => progress.push(progressEvent(event, run.ids)),
        ...(language !== undefined && { language }),
      })
      .then(
        (r) => (result = r),
        (e) => (failure = e),
      )
      .finally(() => {
        settled = true
        progress.wake()
      })
    try {
      while (!settled) {
        await progress.next()
        if (progress.pending) yield progress.snapshot()
      }
      if (failure !== undefined) throw failure
      yield finalOutput(result, code, maxOutputChars)
    } finally {
      if (!settled) {
        stop.abort()
        await done
      }
      // A call the program started just before it ended may still be queued for the main thread;
      // it must find no run (and fail) rather than the next run to borrow this instance, so the
      // instance goes back to the pool after the pending callbacks of this loop turn.
      instance.slot.run = undefined
      setImmediate(() => pool.release(instance))
    }
  }
}

/** The last output: the formatted result, plus the images of the value when it has any. */
function finalOutput(result, code, maxChars) {
  const { value, images } = extractImages(result.value)
  if (images.length === 0) return formatResult(result, { code, maxChars })
  return { text: formatResult({ ...result, value }, { code, maxChars }), images }
}

// Progress events are summaries: a tool's output is in the final result if the program returns
// it, so it is not streamed (a 400 KB output would otherwise be sent to the UI as well).
function progressEvent(event, ids) {
  if (event.type === 'log') return { type: 'log', level: event.level, message: event.message, timeMs: event.timeMs }
  const base = { type: event.type, id: event.id, toolCallId: ids.get(event.id), tool: event.tool }
  if (event.namespace !== undefined) base.namespace = event.namespace
  if (event.type === 'tool-call') return { ...base, input: event.input, timeMs: event.timeMs }
  if (event.type === 'tool-error') return { ...base, error: event.error, durationMs: event.durationMs }
  return { ...base, durationMs: event.durationMs }
}

/** Events of a run in flight; the consumer takes one snapshot per wake-up, however many arrived. */
class Progress {
  events = []
  pending = false
  #wake = undefined

  push(event) {
    this.events.push(event)
    if (this.events.length > 2 * MAX_PROGRESS_EVENTS) this.events.splice(0, this.events.length - MAX_PROGRESS_EVENTS)
    this.pending = true
    this.wake()
  }

  wake() {
    const wake = this.#wake
    this.#wake = undefined
    wake?.()
  }

  next() {
    return this.pending ? Promise.resolve() : new Promise((resolve) => (this.#wake = resolve))
  }

  snapshot() {
    this.pending = false
    return { status: 'running', events: this.events.slice(-MAX_PROGRESS_EVENTS) }
  }
}
