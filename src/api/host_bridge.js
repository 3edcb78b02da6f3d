// Host side of the tool bridge, evaluated once per CodeMode on Node's main thread.
// Rust calls `dispatch` through one thread-safe function, so invokes and aborts arrive in order;
// when a run settles, Rust also calls it directly to abort that run's cancelled calls first.
// `dispatch(op, index, id, text, name)`: for an invoke `text` is the input JSON; for an abort it is
// the message and `name` the DOMException name.
// Every invoke answers with a string, or a promise of one that never rejects:
//   'v' + JSON   the tool returned a JSON value
//   'u'          the tool returned undefined
//   'e' + JSON   { code, message }: the tool threw or rejected, or its output is not JSON
;(function createHostBridge(tools, protocol) {
  'use strict'
  // Op numbers and failure codes come from their Rust definitions (api/js_tools.rs, tools/backend.rs).
  const { ops, codes } = protocol
  const calls = new Map()

  // The tool's own message, exactly: the guest's ToolError carries the tool's path and code in
  // fields of their own, so nothing is glued to it.
  function describe(err) {
    if (err instanceof Error) return err.message || err.name
    if (typeof err === 'string') return err
    if (err === undefined || err === null) return `The tool failed with ${err}.`
    try {
      return JSON.stringify(err) ?? String(err)
    } catch {
      return String(err)
    }
  }

  function failure(code, message) {
    return 'e' + JSON.stringify({ code, message })
  }

  function encode(value) {
    let text
    try {
      text = JSON.stringify(value)
    } catch (e) {
      return failure(codes.INVALID_OUTPUT, `The tool's result cannot be converted to JSON: ${describe(e)}`)
    }
    return text === undefined ? 'u' : 'v' + text
  }

  function isThenable(v) {
    return v !== null && (typeof v === 'object' || typeof v === 'function') && typeof v.then === 'function'
  }

  // Issues a Standard Schema's `validate` found in an input: the guest gets a ToolInputError.
  class InvalidInput extends Error {}

  function issuesText(issues) {
    return issues
      .map((issue) => {
        const path = (issue.path ?? []).map((p) => (p !== null && typeof p === 'object' ? p.key : p))
        return (path.length > 0 ? `input.${path.join('.')}: ` : '') + issue.message
      })
      .join('; ')
  }

  // A tool whose input schema is a Standard Schema gets the value its `validate` returns (with
  // refinements checked and defaults and transforms applied), as the library's own parse would.
  function validated(tool, input, ctx) {
    const settle = (result) => {
      if (result.issues) throw new InvalidInput(`Invalid input for tools.${tool.namespace ? `${tool.namespace}.` : ''}${tool.name}: ${issuesText(result.issues)}`)
      return tool.execute(result.value, ctx)
    }
    const result = tool.standard.validate(input)
    return isThenable(result) ? Promise.resolve(result).then(settle) : settle(result)
  }

  // A tool that returns a plain value is answered synchronously (a string, no promise), and the
  // AbortController behind `ctx.signal` is only created if the tool reads it: both are most of
  // the cost of a call on the main thread.
  function invoke(index, id, inputJson) {
    const tool = tools[index]
    const call = { controller: undefined, reason: undefined }
    calls.set(id, call)
    const ctx = {
      get signal() {
        if (!call.controller) {
          call.controller = new AbortController()
          if (call.reason !== undefined) call.controller.abort(call.reason)
        }
        return call.controller.signal
      },
      toolCallId: id,
      name: tool.name,
      namespace: tool.namespace ?? undefined,
    }
    let out
    try {
      const input = inputJson === undefined ? undefined : JSON.parse(inputJson)
      out = tool.standard ? validated(tool, input, ctx) : tool.execute(input, ctx)
    } catch (err) {
      calls.delete(id)
      return err instanceof InvalidInput ? failure(codes.INVALID_INPUT, err.message) : failure(codes.TOOL_FAILED, describe(err))
    }
    if (isThenable(out)) {
      return Promise.resolve(out)
        .then(encode, (err) =>
          err instanceof InvalidInput ? failure(codes.INVALID_INPUT, err.message) : failure(codes.TOOL_FAILED, describe(err)),
        )
        .finally(() => calls.delete(id))
    }
    calls.delete(id)
    return encode(out)
  }

  // `message` and `name` (AbortError, TimeoutError) are chosen by Rust from the cancel reason.
  function abort(id, message, name) {
    const call = calls.get(id)
    if (!call) return
    calls.delete(id)
    const error = new DOMException(message, name)
    if (call.controller) call.controller.abort(error)
    else call.reason = error
  }

  function dispatch(op, index, id, text, name) {
    try {
      if (op === ops.abort) {
        abort(id, text, name)
        return undefined
      }
      return invoke(index, id, text ?? undefined)
    } catch (e) {
      return failure(codes.TOOL_FAILED, describe(e))
    }
  }

  // onEvent listeners: a throw or a rejected promise must never become an uncaught error in the host.
  function guardListener(listener) {
    return function (event) {
      try {
        const r = listener(event)
        if (r && typeof r.then === 'function') r.then(undefined, () => {})
      } catch {}
    }
  }

  return { dispatch, guardListener }
})
