//! Starting a run from JS: options, abort signal, live events, and the promise of its result.
//! Shared by `CodeMode.run` (fresh sandbox) and `Session.run` (persistent sandbox).

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use napi::bindgen_prelude::{FnArgs, FromNapiValue, Function, JsObjectValue, JsValue, Object, Unknown};
use napi::threadsafe_function::ThreadsafeFunctionCallMode;
use napi::{Env, ValueType};

use super::js_tools::HostBridge;
use super::options::{CodeModeLimits, RunOptions};
use super::result::RunResult;
use super::to_napi_error;
use crate::engine::control::{RunControl, StopReason};
use crate::engine::report::{EventSink, RunReport};
use crate::engine::{Completion, RunJob};
use crate::error::{ErrorCode, HostError};
use crate::limits::{LimitOverrides, Limits};
use crate::tools::ToolRegistry;

/// State shared by a CodeMode and its sessions.
pub struct Shared {
  pub registry: Arc<ToolRegistry>,
  bridge: HostBridge,
  pub limits: Limits,
  pub call_ids: Arc<AtomicU64>,
  pub closed: AtomicBool,
  next_run: AtomicU64,
  active: Mutex<HashMap<u64, Arc<RunControl>>>,
}

impl Shared {
  pub fn new(registry: ToolRegistry, limits: Limits, bridge: HostBridge) -> Self {
    Shared {
      registry: Arc::new(registry),
      bridge,
      limits,
      call_ids: Arc::default(),
      closed: AtomicBool::new(false),
      next_run: AtomicU64::new(0),
      active: Mutex::default(),
    }
  }

  /// Marks the instance closed and stops every run in flight.
  pub fn close(&self) {
    self.closed.store(true, Ordering::SeqCst);
    if let Ok(active) = self.active.lock() {
      for control in active.values() {
        control.stop(StopReason::Closed);
      }
    }
  }

  fn forget(&self, id: u64) {
    if let Ok(mut active) = self.active.lock() {
      active.remove(&id);
    }
  }
}

pub fn resolve_limits(base: &Limits, overrides: Option<&CodeModeLimits>) -> Result<Limits, HostError> {
  match overrides {
    Some(o) => base.with_overrides(&LimitOverrides::from(o)),
    None => Ok(*base),
  }
}

/// A DOMException named `AbortError`, like `fetch` rejects with.
fn abort_error(env: &Env) -> napi::Error {
  let make = || -> napi::Result<napi::Error> {
    let ctor: Function<FnArgs<(&str, &str)>, Unknown> =
      env.get_global()?.get_named_property("DOMException")?;
    let err = ctor.new_instance(FnArgs::from(("The run was aborted.", "AbortError")))?;
    Ok(napi::Error::from(err))
  };
  make().unwrap_or_else(|e| e)
}

fn event_sink(
  env: &Env,
  bridge: &HostBridge,
  on_event: &Function<'_, super::result::RunEvent, ()>,
) -> napi::Result<EventSink> {
  let guarded = bridge.guard(env, on_event)?;
  let tsfn = guarded
    .build_threadsafe_function()
    .callee_handled::<false>()
    .weak::<true>()
    .build()?;
  Ok(Arc::new(move |event| {
    // The listener is guarded by the bridge; WithCallback also keeps any throw away from Node.
    tsfn.call_with_return_value(event.into(), ThreadsafeFunctionCallMode::NonBlocking, |_, _| {
      Ok(())
    });
  }))
}

type AddEventListener<'a> = Function<'a, FnArgs<(&'static str, Function<'a, (), ()>)>, Unknown<'a>>;

/// Subscribes `control` to `signal`'s abort; returns true if the signal is already aborted.
fn watch_signal(env: &Env, signal: &Object<'_>, control: &Arc<RunControl>) -> napi::Result<bool> {
  if signal
    .get_named_property::<Option<bool>>("aborted")?
    .unwrap_or(false)
  {
    return Ok(true);
  }
  let weak = Arc::downgrade(control);
  let listener = env.create_function_from_closure::<(), (), _>("onAbort", move |_ctx| {
    if let Some(c) = weak.upgrade() {
      c.stop(StopReason::Aborted);
    }
    Ok(())
  })?;
  let add: AddEventListener = signal.get_named_property("addEventListener")?;
  add.apply(signal, FnArgs::from(("abort", listener)))?;
  Ok(false)
}

type Settle = Box<dyn FnOnce(Env) -> napi::Result<RunResult> + Send>;

/// A promise already rejected with a host error (misuse is reported by rejecting, like `fetch`).
pub fn rejected<'env>(env: &'env Env, err: HostError) -> napi::Result<Object<'env>> {
  let (deferred, promise) = env.create_deferred::<RunResult, Settle>()?;
  deferred.reject(to_napi_error(env, err));
  Ok(promise)
}

fn invalid(message: String) -> HostError {
  HostError::InvalidOptions(message)
}

/// Reads `run`'s arguments from raw JS values, so every misuse becomes `ERR_INVALID_OPTIONS`.
fn read_args<'a>(
  code: Unknown<'a>,
  options: Option<Unknown<'a>>,
) -> Result<(String, Option<RunOptions<'a>>), HostError> {
  let code = match code.get_type() {
    Ok(ValueType::String) => unsafe { String::from_napi_value(code.value().env, code.raw()) }
      .map_err(|e| invalid(format!("code could not be read: {}", e.reason)))?,
    Ok(t) => {
      return Err(invalid(format!(
        "code must be a string of JavaScript or TypeScript; got {t}."
      )))
    }
    Err(e) => return Err(invalid(e.reason.clone())),
  };
  let options = match options {
    None => None,
    Some(o) => match o.get_type() {
      Ok(ValueType::Undefined | ValueType::Null) => None,
      Ok(ValueType::Object) => {
        let raw: Object = unsafe { o.cast() }.map_err(|e| invalid(e.reason.clone()))?;
        let on_event = raw
          .get_named_property::<Unknown>("onEvent")
          .and_then(|v| v.get_type());
        if !matches!(
          on_event,
          Ok(ValueType::Undefined | ValueType::Null | ValueType::Function)
        ) {
          return Err(invalid(
            "options.onEvent must be a function (event) => void.".into(),
          ));
        }
        Some(
          unsafe { RunOptions::from_napi_value(o.value().env, o.raw()) }
            .map_err(|e| invalid(format!("Invalid run options: {}", e.reason)))?,
        )
      }
      Ok(t) => return Err(invalid(format!("run options must be an object; got {t}."))),
      Err(e) => return Err(invalid(e.reason.clone())),
    },
  };
  Ok((code, options))
}

/// True if `signal` looks like an AbortSignal (`aborted` flag and `addEventListener`).
fn is_abort_signal(signal: &Object<'_>) -> bool {
  let aborted = signal
    .get_named_property::<Unknown>("aborted")
    .ok()
    .and_then(|v| v.get_type().ok());
  let add = signal
    .get_named_property::<Unknown>("addEventListener")
    .ok()
    .and_then(|v| v.get_type().ok());
  aborted == Some(ValueType::Boolean) && add == Some(ValueType::Function)
}

/// Validates the arguments, submits the run, and returns the promise of its `RunResult`.
/// Misuse and a closed instance reject the promise; the engine thread settles it directly
/// (one hop back to Node's main thread).
pub fn launch<'env>(
  env: &'env Env,
  shared: &Arc<Shared>,
  code: Unknown<'_>,
  options: Option<Unknown<'_>>,
  submit: impl FnOnce(RunJob, Completion),
) -> napi::Result<Object<'env>> {
  if shared.closed.load(Ordering::SeqCst) {
    return rejected(env, HostError::Closed);
  }
  let (code, options) = match read_args(code, options) {
    Ok(args) => args,
    Err(err) => return rejected(env, err),
  };
  let limits = match resolve_limits(&shared.limits, options.as_ref().and_then(|o| o.limits.as_ref())) {
    Ok(l) => l,
    Err(err) => return rejected(env, err),
  };
  let signal = options.as_ref().and_then(|o| o.signal.as_ref());
  if signal.is_some_and(|s| !is_abort_signal(s)) {
    return rejected(
      env,
      invalid("options.signal must be an AbortSignal (e.g. new AbortController().signal).".into()),
    );
  }
  let control = Arc::new(RunControl::new(Instant::now() + limits.timeout));
  let events = match options.as_ref().and_then(|o| o.on_event.as_ref()) {
    Some(f) => Some(event_sink(env, &shared.bridge, f)?),
    None => None,
  };
  let already_aborted = match signal {
    Some(signal) => watch_signal(env, signal, &control)?,
    None => false,
  };
  let (deferred, promise) = env.create_deferred::<RunResult, Settle>()?;
  if already_aborted {
    deferred.resolve(Box::new(|env| Err(abort_error(&env))));
    return Ok(promise);
  }

  let id = shared.next_run.fetch_add(1, Ordering::Relaxed);
  if let Ok(mut active) = shared.active.lock() {
    active.insert(id, control.clone());
  }
  let job = RunJob {
    code,
    limits,
    control: control.clone(),
    events,
    call_ids: shared.call_ids.clone(),
  };
  let shared = shared.clone();
  submit(
    job,
    Completion::new(move |report: RunReport| {
      shared.forget(id);
      let aborted = report
        .error
        .as_ref()
        .is_some_and(|e| e.code == ErrorCode::Aborted)
        && control.stop_reason() == Some(StopReason::Aborted);
      deferred.resolve(Box::new(move |env| {
        // Cancelled calls see their signal abort before the caller sees the result.
        let _ = shared.bridge.abort_calls(&env, &report.cancelled_calls);
        if aborted {
          Err(abort_error(&env))
        } else {
          Ok(RunResult::from(report))
        }
      }));
    }),
  );
  Ok(promise)
}
