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

use crate::run::control::CancelReason;
use crate::run::report::RunEvent;
use crate::tools::{CallCancel, ToolBackend, ToolFailure, ToolFailureCode, ToolReply, ToolRequest, ToolSpec};

const HOST_BRIDGE: &str = include_str!("host_bridge.js");

/// What `dispatch` is asked to do; the bridge gets these numbers from Rust at creation.
#[derive(Clone, Copy)]
#[repr(u32)]
enum Op {
  Invoke = 0,
  Abort = 1,
}

/// (op, tool index, call id, input JSON or the abort message, exception name for an abort)
type DispatchArgs = FnArgs<(u32, u32, String, Option<String>, Option<String>)>;
type Dispatch = ThreadsafeFunction<DispatchArgs, Unknown<'static>, DispatchArgs, Status, false, true>;

/// What `dispatch` answered on the main thread: the tagged text now, or a promise of it.
enum Answer {
  Ready(String),
  Pending(Promise<String>),
}
type Listener<'a> = Function<'a, RunEvent, ()>;

/// Main-thread handles into one CodeMode's host bridge.
pub struct HostBridge {
  /// `dispatch` called directly, to abort a finished run's cancelled calls before it settles.
  dispatch: FunctionRef<DispatchArgs, ()>,
  /// Wraps an `onEvent` listener so its throws and rejections are ignored.
  guard_listener: FunctionRef<Listener<'static>, Listener<'static>>,
}

impl HostBridge {
  /// Aborts the `ctx.signal` of each `(call id, reason)`; must run on the main thread.
  pub fn abort_calls(&self, env: &Env, calls: &[(String, CancelReason)]) -> napi::Result<()> {
    if calls.is_empty() {
      return Ok(());
    }
    let dispatch = self.dispatch.borrow_back(env)?;
    for (id, reason) in calls {
      let _ = dispatch.call(abort_args(id.clone(), *reason));
    }
    Ok(())
  }

  /// The listener wrapped by the bridge's guard.
  pub fn guard<'env>(&self, env: &'env Env, listener: &Listener<'_>) -> napi::Result<Listener<'env>> {
    let guard: Function<'env, Listener<'_>, Listener<'env>> = self.guard_listener.borrow_back(env)?;
    guard.call(listener.clone())
  }
}

fn abort_args(call_id: String, reason: CancelReason) -> DispatchArgs {
  let message = format!("Tool call cancelled: {}", reason.message());
  let name = reason.exception_name().to_string();
  (Op::Abort as u32, 0, call_id, Some(message), Some(name)).into()
}

/// The constants the bridge uses, from their Rust definitions: ops and failure codes.
fn protocol<'env>(env: &'env Env) -> napi::Result<Object<'env>> {
  let mut ops = Object::new(env)?;
  ops.set_named_property("invoke", Op::Invoke as u32)?;
  ops.set_named_property("abort", Op::Abort as u32)?;
  let mut codes = Object::new(env)?;
  for code in ToolFailureCode::ALL {
    codes.set_named_property(code.as_str(), code.as_str())?;
  }
  let mut protocol = Object::new(env)?;
  protocol.set_named_property("ops", ops)?;
  protocol.set_named_property("codes", codes)?;
  Ok(protocol)
}

/// The tools given to `new CodeMode`, called on Node's main thread.
pub struct JsToolBackend {
  dispatch: Arc<Dispatch>,
  specs: Vec<ToolSpec>,
}

impl JsToolBackend {
  /// Builds the bridge for `tools`, a JS array of `{ execute, name, namespace }` described by
  /// `specs` (same order).
  pub fn new(env: &Env, tools: Array, specs: Vec<ToolSpec>) -> napi::Result<(Self, HostBridge)> {
    let factory: Function<FnArgs<(Array, Object)>, Object> = env.run_script(HOST_BRIDGE)?;
    let bridge = factory.call((tools, protocol(env)?).into())?;
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
        specs,
      },
      refs,
    ))
  }
}

/// Sends the abort for a call unless it completed; runs when the call future ends or is dropped.
struct AbortOnDrop {
  dispatch: Arc<Dispatch>,
  call_id: String,
  cancel: CallCancel,
  done: bool,
}

impl Drop for AbortOnDrop {
  fn drop(&mut self) {
    if self.done {
      return;
    }
    let reason = self.cancel.reason().unwrap_or(CancelReason::ProgramEnded);
    let args = abort_args(std::mem::take(&mut self.call_id), reason);
    self.dispatch.call(args, ThreadsafeFunctionCallMode::NonBlocking);
  }
}

fn decode(text: &str) -> ToolReply {
  match text.as_bytes().first() {
    Some(b'v') => ToolReply::Ok(Some(text[1..].to_string())),
    Some(b'u') => ToolReply::Ok(None),
    Some(b'e') => {
      let v: serde_json::Value = serde_json::from_str(&text[1..]).unwrap_or_default();
      let code = v.get("code").and_then(|c| c.as_str()).unwrap_or_default();
      let message = v
        .get("message")
        .and_then(|c| c.as_str())
        .unwrap_or("The tool failed.");
      ToolReply::Err(ToolFailure::new(ToolFailureCode::parse(code), message))
    }
    _ => ToolReply::Err(ToolFailure::new(
      ToolFailureCode::ToolFailed,
      "The tool bridge returned an unexpected answer.",
    )),
  }
}

impl ToolBackend for JsToolBackend {
  /// The callbacks belong to the host: nothing to release.
  fn needs_close(&self) -> bool {
    false
  }

  fn list_tools(&self) -> BoxFuture<'static, Result<Vec<ToolSpec>, String>> {
    let specs = self.specs.clone();
    Box::pin(async move { Ok(specs) })
  }

  /// Queues the call to Node right away (not when the guest next yields), then awaits its answer.
  fn call(&self, request: ToolRequest) -> BoxFuture<'static, ToolReply> {
    let (tx, rx) = tokio::sync::oneshot::channel::<napi::Result<Answer>>();
    let args = (
      Op::Invoke as u32,
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
        let answer = super::guarded("a tool's answer", || {
          let value = ret?;
          let (env, raw) = (env.raw(), value.raw());
          match value.get_type()? {
            // SAFETY: `raw` is the live return value of this call, in `env`'s scope.
            ValueType::String => unsafe { String::from_napi_value(env, raw) }.map(Answer::Ready),
            // SAFETY: as above; the bridge answers with a string or a promise of one.
            _ => unsafe { Promise::<String>::from_napi_value(env, raw) }.map(Answer::Pending),
          }
        });
        let _ = tx.send(answer);
        Ok(())
      },
    );
    let guard = AbortOnDrop {
      dispatch: self.dispatch.clone(),
      call_id: request.call_id,
      cancel: request.cancel.clone(),
      done: status != Status::Ok,
    };
    let cancel = request.cancel;
    Box::pin(async move {
      // Move the whole guard in (not just the field written below), so it lives as long as the call.
      let mut guard = guard;
      if status != Status::Ok {
        return ToolReply::Err(ToolFailure::new(
          ToolFailureCode::ToolFailed,
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
          Err(e) => ToolReply::Err(ToolFailure::new(ToolFailureCode::ToolFailed, e.reason.clone())),
        },
        _ = cancel.cancelled() => {
          return ToolReply::Err(ToolFailure::new(ToolFailureCode::Aborted, "The call was cancelled."))
        }
      };
      guard.done = true;
      reply
    })
  }
}
