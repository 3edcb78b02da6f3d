//! `tools.x(input)` from the guest: serialize the input, record the call, hand it to the tool's
//! backend on the engine thread's executor, and settle the guest promise with an envelope that
//! the bootstrap turns into a value or a `ToolError`.

use std::rc::Rc;

use futures_util::future::BoxFuture;
use rquickjs::{Ctx, Exception, Function, Object, Promise, Value};

use super::json::{self, NotJson};
use super::run_state::RunState;
use crate::run::control::StopReason;
use crate::tools::validation::{InputValidator, Violation};
use crate::tools::{ToolBackend, ToolEntry, ToolFailure, ToolFailureCode, ToolReply, ToolRequest};

/// A call that has a concurrency slot and is in flight, or one waiting for a slot.
enum Start {
  Now(tokio::sync::OwnedSemaphorePermit, BoxFuture<'static, ToolReply>),
  Queued(ToolRequest),
}

/// Starts a tool call for tool `index` of the registry generation `generation` and returns the
/// guest promise of its envelope.
pub fn call_tool<'js>(
  ctx: Ctx<'js>,
  state: Rc<RunState>,
  generation: u64,
  index: usize,
  input: Option<Value<'js>>,
  to_data: Option<Function<'js>>,
) -> rquickjs::Result<Promise<'js>> {
  if generation != state.registry.generation() {
    return Err(Exception::throw_type(
      &ctx,
      "This tool function belongs to an earlier set of tools (the host changed its tools since it was read); call it through `tools` again.",
    ));
  }
  let Some(entry) = state.registry.get(index).cloned() else {
    return Err(Exception::throw_internal(&ctx, "Unknown tool index."));
  };
  let path = entry.spec.path();
  // Counted before the input is serialised: a `toJSON` that calls tools counts too.
  check_call_limit(&ctx, &state, &path)?;
  let input_json = match input_as_json(&ctx, input, to_data.as_ref(), &path)? {
    // An argument-less call to a tool that takes an object gets `{}`, as `execute` expects.
    None if takes_object(&entry) => Some("{}".to_string()),
    json => json,
  };
  let call = state.begin_call(index, input_json.clone());
  let (promise, resolve, reject) = ctx.promise()?;
  // Invalid input never reaches the host: the guest gets a ToolInputError listing every problem.
  if let Some(validator) = state.registry.validator(index) {
    if let Err(violations) = validator.check(input_json.as_deref()) {
      let message = invalid_input_message(&path, &violations, &validator.example);
      state.finish_call(call.slot, Err(message.clone()));
      let obj = invalid_input_envelope(&ctx, message, &violations, validator)?;
      resolve.call::<_, ()>((obj,))?;
      return Ok(promise);
    }
  }
  let request = ToolRequest {
    index: entry.backend_index,
    name: entry.spec.name.clone(),
    call_id: call.id,
    input_json,
    cancel: call.cancel.clone(),
    events: call.events.clone(),
  };
  let slot = call.slot;
  let reply = send(&state, &entry, request);
  let max_output = state.limits.max_tool_output_bytes;
  let observed = state.registry.observed(index).cloned();
  let weak_state = Rc::downgrade(&state);
  let js = ctx.clone();
  ctx.spawn(async move {
    let reply = within_output_limit(reply.await, &path, max_output);
    // A call that outlived its run (a session's next run is polling now) settles nothing: the
    // finished run's callbacks must never execute inside a later run.
    let Some(state) = weak_state.upgrade() else { return };
    state.finish_call(
      slot,
      match &reply {
        ToolReply::Ok(out) => Ok(out.clone()),
        ToolReply::Err(f) => Err(f.message.clone()),
      },
    );
    drop(state);
    match envelope(&js, &reply) {
      Ok(obj) => {
        let _ = resolve.call::<_, ()>((obj,));
      }
      Err(_) => {
        let thrown = js.catch();
        let _ = reject.call::<_, ()>((thrown,));
      }
    }
    // The result's shape (never its values) teaches the declarations this tool's output type.
    if let (Some(observed), ToolReply::Ok(Some(text))) = (observed, &reply) {
      observed.record(text);
    }
  });
  Ok(promise)
}

pub fn takes_object(entry: &ToolEntry) -> bool {
  entry
    .spec
    .input_schema
    .as_ref()
    .and_then(|s| s.get("type"))
    .is_some_and(|t| t == "object")
}

/// Counts the call and ends the run (uncatchably) past `maxToolCalls` calls.
fn check_call_limit(ctx: &Ctx<'_>, state: &RunState, path: &str) -> rquickjs::Result<()> {
  let limit = state.limits.max_tool_calls as usize;
  if state.count_call_attempt() <= limit {
    return Ok(());
  }
  state.control.stop(StopReason::ToolCallLimit);
  Err(Exception::throw_range(
    ctx,
    &format!(
      "Tool call limit reached: this run may make at most {limit} tool calls (tools.{path} was call {}).",
      limit + 1
    ),
  ))
}

/// The input as JSON text; a value JSON would mangle (a Map, a Promise…) is refused with the fix,
/// never sent as `{}`.
fn input_as_json<'js>(
  ctx: &Ctx<'js>,
  input: Option<Value<'js>>,
  to_data: Option<&Function<'js>>,
  path: &str,
) -> rquickjs::Result<Option<String>> {
  let message = match input.map(|v| json::to_json(ctx, v, to_data)).transpose() {
    Ok(None) => return Ok(None),
    Ok(Some((text, conversions))) => match conversions.first() {
      None => return Ok(text),
      Some(c) => format!(
        "The input of tools.{path} holds {}{}, which JSON would not carry as it is; pass {} instead.",
        json::with_article(c.kind.trim_end_matches(" entries")),
        json::location(&c.key),
        json::input_fix(&c.kind)
      ),
    },
    Err(NotJson::NoRepresentation(kind)) => {
      format!("The input of tools.{path} must be JSON data (usually an object); got a {kind}.")
    }
    Err(NotJson::Promise(key)) => format!("The input of tools.{path} {}", json::promise_message(&key)),
    Err(NotJson::Failed(why)) => format!("The input of tools.{path} cannot be converted to JSON: {why}"),
  };
  Err(Exception::throw_type(ctx, &message))
}

/// Starts the host call now if a concurrency slot is free, so it runs while the guest keeps
/// computing; otherwise it waits for a slot (calls beyond maxConcurrentToolCalls queue).
pub fn send(state: &RunState, entry: &ToolEntry, request: ToolRequest) -> BoxFuture<'static, ToolReply> {
  let semaphore = state.concurrency.clone();
  let backend = entry.backend.clone();
  let started = match semaphore.clone().try_acquire_owned() {
    Ok(permit) => Start::Now(permit, backend.call(request)),
    Err(_) => Start::Queued(request),
  };
  Box::pin(async move {
    match started {
      Start::Now(_permit, reply) => reply.await,
      Start::Queued(request) => queued(semaphore, backend, request).await,
    }
  })
}

async fn queued(
  semaphore: std::sync::Arc<tokio::sync::Semaphore>,
  backend: std::sync::Arc<dyn ToolBackend>,
  request: ToolRequest,
) -> ToolReply {
  let not_started = || {
    ToolReply::Err(ToolFailure::new(
      ToolFailureCode::Aborted,
      "The call was cancelled before it started.",
    ))
  };
  let cancel = request.cancel.clone();
  tokio::select! {
    p = semaphore.acquire_owned() => match p {
      Ok(_permit) => backend.call(request).await,
      Err(_) => not_started(),
    },
    _ = cancel.cancelled() => not_started(),
  }
}

pub fn within_output_limit(reply: ToolReply, path: &str, max_output: usize) -> ToolReply {
  match reply {
    ToolReply::Ok(Some(text)) if text.len() > max_output => ToolReply::Err(ToolFailure::new(
      ToolFailureCode::OutputTooLarge,
      format!(
        "tools.{path} returned {} bytes of JSON, over the limit of {max_output} bytes.",
        text.len()
      ),
    )),
    other => other,
  }
}

pub fn invalid_input_message(path: &str, violations: &[Violation], example: &serde_json::Value) -> String {
  let mut m = format!(
    "Invalid input for tools.{path}: {} problem{}",
    violations.len(),
    if violations.len() == 1 { "" } else { "s" }
  );
  for v in violations {
    m.push_str(&format!("\n- {}: {}", v.path, v.message));
  }
  m.push_str(&format!("\nExample of a valid input: {example}"));
  m
}

/// `{ ok: false, code: 'INVALID_INPUT', message, hint, issues: [{ path, message }], example }`.
fn invalid_input_envelope<'js>(
  ctx: &Ctx<'js>,
  message: String,
  violations: &[Violation],
  validator: &InputValidator,
) -> rquickjs::Result<Object<'js>> {
  let failure = ToolFailure::new(ToolFailureCode::InvalidInput, message);
  let obj = envelope(ctx, &ToolReply::Err(failure))?;
  let issues = rquickjs::Array::new(ctx.clone())?;
  for (i, v) in violations.iter().enumerate() {
    let issue = Object::new(ctx.clone())?;
    issue.set("path", v.path.as_str())?;
    issue.set("message", v.message.as_str())?;
    issues.set(i, issue)?;
  }
  obj.set("issues", issues)?;
  obj.set("example", ctx.json_parse(validator.example.to_string())?)?;
  Ok(obj)
}

/// `{ ok: true, value }` or `{ ok: false, code, message, hint }` for the bootstrap's tool wrapper.
fn envelope<'js>(ctx: &Ctx<'js>, reply: &ToolReply) -> rquickjs::Result<Object<'js>> {
  let obj = Object::new(ctx.clone())?;
  match reply {
    ToolReply::Ok(output) => {
      obj.set("ok", true)?;
      if let Some(text) = output {
        obj.set("value", ctx.json_parse(text.as_str())?)?;
      }
    }
    ToolReply::Err(f) => {
      obj.set("ok", false)?;
      obj.set("code", f.code.as_str())?;
      obj.set("message", f.message.as_str())?;
      obj.set("hint", f.code.hint())?;
    }
  }
  Ok(obj)
}
