//! Starting a run from JS: options, abort signal, live events, and the promise of its result.
//! Shared by `CodeMode.run` (fresh sandbox) and `Session.run` (persistent sandbox).

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use napi::bindgen_prelude::{FnArgs, Function, JsObjectValue, Object, Unknown};
use napi::threadsafe_function::ThreadsafeFunctionCallMode;
use napi::Env;

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
  pub limits: Limits,
  pub call_ids: Arc<AtomicU64>,
  pub closed: AtomicBool,
  next_run: AtomicU64,
  active: Mutex<HashMap<u64, Arc<RunControl>>>,
}

impl Shared {
  pub fn new(registry: ToolRegistry, limits: Limits) -> Self {
    Shared {
      registry: Arc::new(registry),
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

fn event_sink(on_event: &Function<'_, super::result::RunEvent, ()>) -> napi::Result<EventSink> {
  let tsfn = on_event
    .build_threadsafe_function()
    .callee_handled::<false>()
    .weak::<true>()
    .build()?;
  Ok(Arc::new(move |event| {
    // WithCallback delivers a listener's throw to this closure instead of crashing Node.
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

/// Validates options, submits the run, and returns the promise of its `RunResult`. The engine
/// thread settles the promise directly (one hop back to Node's main thread).
pub fn launch<'env>(
  env: &'env Env,
  shared: &Arc<Shared>,
  code: String,
  options: Option<RunOptions<'_>>,
  submit: impl FnOnce(RunJob, Completion),
) -> napi::Result<Object<'env>> {
  if shared.closed.load(Ordering::SeqCst) {
    return Err(to_napi_error(env, HostError::Closed));
  }
  let limits = resolve_limits(&shared.limits, options.as_ref().and_then(|o| o.limits.as_ref()))
    .map_err(|e| to_napi_error(env, e))?;
  let control = Arc::new(RunControl::new(Instant::now() + limits.timeout));
  let events = match options.as_ref().and_then(|o| o.on_event.as_ref()) {
    Some(f) => Some(event_sink(f)?),
    None => None,
  };
  let already_aborted = match options.as_ref().and_then(|o| o.signal.as_ref()) {
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
      if aborted {
        deferred.resolve(Box::new(|env| Err(abort_error(&env))));
      } else {
        deferred.resolve(Box::new(move |_| Ok(RunResult::from(report))));
      }
    }),
  );
  Ok(promise)
}
