//! `tools.x(input)` from the guest: serialize the input, record the call, hand it to the tool's
//! backend on the engine thread's executor, and settle the guest promise with an envelope that
//! the bootstrap turns into a value or a `ToolError`.

use std::rc::Rc;

use rquickjs::{Ctx, Exception, Object, Promise, Value};

use super::json::NotJson;
use super::run_state::RunState;
use crate::engine::control::StopReason;
use crate::tools::validation::Violation;
use crate::tools::{ToolFailure, ToolReply, ToolRequest};

enum Start {
  Now(
    tokio::sync::OwnedSemaphorePermit,
    futures_util::future::BoxFuture<'static, ToolReply>,
  ),
  Queued(ToolRequest),
}

/// Starts a tool call and returns the guest promise of its envelope.
pub fn call_tool<'js>(
  ctx: Ctx<'js>,
  state: Rc<RunState>,
  index: usize,
  input: Option<Value<'js>>,
) -> rquickjs::Result<Promise<'js>> {
  let Some(entry) = state.registry.get(index).cloned() else {
    return Err(Exception::throw_internal(&ctx, "Unknown tool index."));
  };
  let path = entry.spec.path();
  let limit = state.limits.max_tool_calls as usize;
  if state.tool_calls_started() >= limit {
    state.control.stop(StopReason::ToolCallLimit);
    return Err(Exception::throw_range(
      &ctx,
      &format!(
        "Tool call limit reached: this run may make at most {limit} tool calls (tools.{path} was call {}).",
        limit + 1
      ),
    ));
  }
  let input_json = match input.map(|v| super::json::to_json(&ctx, v)).transpose() {
    Ok(json) => json.flatten(),
    Err(NotJson::NoRepresentation(kind)) => {
      return Err(Exception::throw_type(
        &ctx,
        &format!("The input of tools.{path} must be JSON data (usually an object); got a {kind}."),
      ))
    }
    Err(NotJson::Failed(why)) => {
      return Err(Exception::throw_type(
        &ctx,
        &format!("The input of tools.{path} cannot be converted to JSON: {why}"),
      ))
    }
  };

  let (slot, call_id, cancel, cancel_reason) = state.begin_call(index, input_json.clone());
  let (promise, resolve, reject) = ctx.promise()?;
  // Invalid input never reaches the host: the guest gets a ToolInputError listing every problem.
  if let Some(validator) = state.registry.validator(index) {
    if let Err(violations) = validator.check(input_json.as_deref()) {
      let message = invalid_input_message(&path, &violations, &validator.example);
      state.finish_call(slot, Err(message.clone()));
      let obj = invalid_input_envelope(&ctx, message, &violations, &validator.example)?;
      resolve.call::<_, ()>((obj,))?;
      return Ok(promise);
    }
  }
  let request = ToolRequest {
    index: entry.backend_index,
    call_id,
    input_json,
    cancel: cancel.clone(),
    cancel_reason,
  };
  let semaphore = state.concurrency.clone();
  let max_output = state.limits.max_tool_output_bytes;
  let weak_state = Rc::downgrade(&state);
  let js = ctx.clone();
  // Start the host call now if a concurrency slot is free, so it runs while the guest keeps
  // computing; otherwise it waits for a slot (calls beyond maxConcurrentToolCalls queue).
  let backend = entry.backend.clone();
  let started = match semaphore.clone().try_acquire_owned() {
    Ok(permit) => Start::Now(permit, backend.call(request)),
    Err(_) => Start::Queued(request),
  };
  ctx.spawn(async move {
    let (_permit, reply) = match started {
      Start::Now(permit, reply) => (Some(permit), reply.await),
      Start::Queued(request) => {
        tokio::select! {
          p = semaphore.acquire_owned() => match p {
            Ok(permit) => (Some(permit), backend.call(request).await),
            Err(_) => (None, ToolReply::Err(ToolFailure::new("ABORTED", "The call was cancelled before it started."))),
          },
          _ = cancel.cancelled() => (None, ToolReply::Err(ToolFailure::new("ABORTED", "The call was cancelled before it started."))),
        }
      }
    };
    let reply = match reply {
      ToolReply::Ok(Some(text)) if text.len() > max_output => ToolReply::Err(ToolFailure::new(
        "OUTPUT_TOO_LARGE",
        format!(
          "tools.{path} returned {} bytes of JSON, over the limit of {max_output} bytes.",
          text.len()
        ),
      )),
      other => other,
    };
    if let Some(state) = weak_state.upgrade() {
      state.finish_call(
        slot,
        match &reply {
          ToolReply::Ok(out) => Ok(out.clone()),
          ToolReply::Err(f) => Err(f.message.clone()),
        },
      );
    }
    match envelope(&js, &reply) {
      Ok(obj) => {
        let _ = resolve.call::<_, ()>((obj,));
      }
      Err(_) => {
        let thrown = js.catch();
        let _ = reject.call::<_, ()>((thrown,));
      }
    }
  });
  Ok(promise)
}

fn invalid_input_message(path: &str, violations: &[Violation], example: &serde_json::Value) -> String {
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
  example: &serde_json::Value,
) -> rquickjs::Result<Object<'js>> {
  let obj = envelope(ctx, &ToolReply::Err(ToolFailure::new("INVALID_INPUT", message)))?;
  let issues = rquickjs::Array::new(ctx.clone())?;
  for (i, v) in violations.iter().enumerate() {
    let issue = Object::new(ctx.clone())?;
    issue.set("path", v.path.as_str())?;
    issue.set("message", v.message.as_str())?;
    issues.set(i, issue)?;
  }
  obj.set("issues", issues)?;
  obj.set("example", ctx.json_parse(example.to_string())?)?;
  Ok(obj)
}

fn hint_for(code: &str) -> &'static str {
  match code {
    "INVALID_INPUT" => {
      "Fix the listed fields so the input matches the tool's schema; the message shows a valid example."
    }
    "OUTPUT_TOO_LARGE" => {
      "The tool returned too much data; ask for less (filters, pagination, fewer fields)."
    }
    "ABORTED" => "The call was cancelled because the run ended, timed out or was aborted.",
    _ => "The tool reported an error; read its message, fix the input, or handle it with try/catch.",
  }
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
      obj.set("hint", hint_for(&f.code))?;
    }
  }
  Ok(obj)
}
