//! The JS-callback tool backend: calls `execute(input, ctx)` on Node's main thread through one
//! weak thread-safe function (an idle CodeMode never keeps Node alive), with JSON semantics and
//! `ctx.signal` handled by `host_bridge.js`.

use std::sync::Arc;

use futures_util::future::BoxFuture;
use napi::bindgen_prelude::{
  Array, FnArgs, FromNapiValue, Function, FunctionRef, JsObjectValue, JsValue, Object, Promise, Unknown,
};
use napi::threadsafe_function::{ThreadsafeFunction, ThreadsafeFunctionCallMode};
use napi::{Env, Status, ValueType};

use crate::tools::{ToolBackend, ToolFailure, ToolReply, ToolRequest};

const HOST_BRIDGE: &str = include_str!("host_bridge.js");
const OP_INVOKE: u32 = 0;
const OP_ABORT: u32 = 1;

/// (op, tool index, call id, input JSON, cancel reason)
type DispatchArgs = FnArgs<(u32, u32, String, Option<String>, Option<String>)>;
type Dispatch = ThreadsafeFunction<DispatchArgs, Unknown<'static>, DispatchArgs, Status, false, true>;

/// What `dispatch` answered on the main thread: the tagged text now, or a promise of it.
enum Answer {
  Ready(String),
  Pending(Promise<String>),
}
type Listener<'a> = Function<'a, super::result::RunEvent, ()>;

/// Main-thread handles into one CodeMode's host bridge.
pub struct HostBridge {
  /// `dispatch` called directly, to abort a finished run's cancelled calls before it settles.
  dispatch: FunctionRef<DispatchArgs, ()>,
  /// Wraps an `onEvent` listener so its throws and rejections are ignored.
  guard_listener: FunctionRef<Listener<'static>, Listener<'static>>,
}

impl HostBridge {
  /// Aborts the `ctx.signal` of each `(call id, reason)`; must run on the main thread.
  pub fn abort_calls(&self, env: &Env, calls: &[(String, String)]) -> napi::Result<()> {
    if calls.is_empty() {
      return Ok(());
    }
    let dispatch = self.dispatch.borrow_back(env)?;
    for (id, reason) in calls {
      let _ = dispatch.call((OP_ABORT, 0, id.clone(), None, Some(reason.clone())).into());
    }
    Ok(())
  }

  /// The listener wrapped by the bridge's guard.
  pub fn guard<'env>(&self, env: &'env Env, listener: &Listener<'_>) -> napi::Result<Listener<'env>> {
    let guard: Function<'env, Listener<'_>, Listener<'env>> = self.guard_listener.borrow_back(env)?;
    guard.call(listener.clone())
  }
}

pub struct JsToolBackend {
  dispatch: Arc<Dispatch>,
}

impl JsToolBackend {
  /// Builds the bridge for `tools`, a JS array of `{ execute, name, namespace }`.
  pub fn new(env: &Env, tools: Array) -> napi::Result<(Self, HostBridge)> {
    let factory: Function<Array, Object> = env.run_script(HOST_BRIDGE)?;
    let bridge = factory.call(tools)?;
    let dispatch_fn: Function<DispatchArgs, Unknown<'static>> = bridge.get_named_property("dispatch")?;
    let direct: Function<DispatchArgs, ()> = bridge.get_named_property("dispatch")?;
    let guard: Function<Listener<'static>, Listener<'static>> = bridge.get_named_property("guardListener")?;
    let dispatch = dispatch_fn
      .build_threadsafe_function()
      .callee_handled::<false>()
      .weak::<true>()
      .build()?;
    let refs = HostBridge {
      dispatch: direct.create_ref()?,
      guard_listener: guard.create_ref()?,
    };
    Ok((
      JsToolBackend {
        dispatch: Arc::new(dispatch),
      },
      refs,
    ))
  }
}

/// Sends the abort for a call unless it completed; runs when the call future ends or is dropped.
struct AbortOnDrop {
  dispatch: Arc<Dispatch>,
  call_id: String,
  reason: Arc<std::sync::Mutex<Option<String>>>,
  done: bool,
}

impl Drop for AbortOnDrop {
  fn drop(&mut self) {
    if self.done {
      return;
    }
    let reason = self
      .reason
      .lock()
      .ok()
      .and_then(|r| r.clone())
      .unwrap_or_else(|| "the run ended".into());
    let args = (OP_ABORT, 0, std::mem::take(&mut self.call_id), None, Some(reason));
    self
      .dispatch
      .call(args.into(), ThreadsafeFunctionCallMode::NonBlocking);
  }
}

fn decode(text: &str) -> ToolReply {
  match text.as_bytes().first() {
    Some(b'v') => ToolReply::Ok(Some(text[1..].to_string())),
    Some(b'u') => ToolReply::Ok(None),
    Some(b'e') => {
      let v: serde_json::Value = serde_json::from_str(&text[1..]).unwrap_or_default();
      let code = v.get("code").and_then(|c| c.as_str()).unwrap_or("TOOL_FAILED");
      let message = v
        .get("message")
        .and_then(|c| c.as_str())
        .unwrap_or("The tool failed.");
      ToolReply::Err(ToolFailure::new(code, message))
    }
    _ => ToolReply::Err(ToolFailure::new(
      "TOOL_FAILED",
      "The tool bridge returned an unexpected answer.",
    )),
  }
}

impl ToolBackend for JsToolBackend {
  /// Queues the call to Node right away (not when the guest next yields), then awaits its answer.
  fn call(&self, request: ToolRequest) -> BoxFuture<'static, ToolReply> {
    let (tx, rx) = tokio::sync::oneshot::channel::<napi::Result<Answer>>();
    let args = (
      OP_INVOKE,
      request.index as u32,
      request.call_id.clone(),
      request.input_json,
      None,
    );
    let status = self.dispatch.call_with_return_value(
      args.into(),
      ThreadsafeFunctionCallMode::NonBlocking,
      move |ret, env| {
        // Runs on the main thread: a string is the answer itself, anything else is its promise.
        let answer = ret.and_then(|value| match value.get_type()? {
          ValueType::String => unsafe { String::from_napi_value(env.raw(), value.raw()) }.map(Answer::Ready),
          _ => unsafe { Promise::<String>::from_napi_value(env.raw(), value.raw()) }.map(Answer::Pending),
        });
        let _ = tx.send(answer);
        Ok(())
      },
    );
    let guard = AbortOnDrop {
      dispatch: self.dispatch.clone(),
      call_id: request.call_id,
      reason: request.cancel_reason,
      done: status != Status::Ok,
    };
    let cancel = request.cancel;
    Box::pin(async move {
      // Move the whole guard in (not just the field written below), so it lives as long as the call.
      let mut guard = guard;
      if status != Status::Ok {
        return ToolReply::Err(ToolFailure::new(
          "TOOL_FAILED",
          "The host is shutting down; the tool could not be called.",
        ));
      }
      let answer = async {
        match rx.await {
          Ok(Ok(Answer::Ready(text))) => Ok(text),
          Ok(Ok(Answer::Pending(promise))) => promise.await,
          Ok(Err(e)) => Err(e),
          Err(_) => Err(napi::Error::from_reason("the host dropped the call")),
        }
      };
      let reply = tokio::select! {
        r = answer => match r {
          Ok(text) => decode(&text),
          Err(e) => ToolReply::Err(ToolFailure::new("TOOL_FAILED", e.reason.clone())),
        },
        _ = cancel.cancelled() => return ToolReply::Err(ToolFailure::new("ABORTED", "The call was cancelled.")),
      };
      guard.done = true;
      reply
    })
  }
}
