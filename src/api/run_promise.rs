//! Starting a run from JS: options, abort signal, live events, and the promise of its result.
//! Shared by `CodeMode.run` (fresh sandbox) and `Session.run` (persistent sandbox); the run
//! itself is the instance's business.

use std::sync::{Arc, Mutex};

use napi::bindgen_prelude::{FnArgs, FromNapiValue, Function, JsObjectValue, JsValue, Object, Unknown};
use napi::threadsafe_function::ThreadsafeFunctionCallMode;
use napi::{Env, ValueType};

use super::js_tools::HostBridge;
use super::language::language_of;
use super::options::{RunOptions, RUN_OPTIONS};
use super::result::RunResult;
use super::strict_options::read_options;
use super::{guarded, to_napi_error};
use crate::error::{ErrorCode, HostError};
use crate::instance::{Finished, Instance, RunRequest, Session};
use crate::limits::LimitOverrides;
use crate::run::control::{RunControl, StopReason};
use crate::run::language::Language;
use crate::run::report::{EventSink, RunEvent};

/// Where a run goes: a fresh sandbox of the instance, or a session's sandbox.
pub enum RunTarget<'a> {
  Fresh(&'a Arc<Instance>),
  Session(&'a Session),
}

impl RunTarget<'_> {
  fn instance(&self) -> &Arc<Instance> {
    match self {
      RunTarget::Fresh(instance) => instance,
      RunTarget::Session(session) => session.instance(),
    }
  }

  fn submit(
    &self,
    request: RunRequest,
    done: impl FnOnce(Finished) + Send + 'static,
  ) -> Result<Arc<RunControl>, HostError> {
    match self {
      RunTarget::Fresh(instance) => instance.run(request, done),
      RunTarget::Session(session) => session.run(request, done),
    }
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
  on_event: &Function<'_, RunEvent, ()>,
) -> napi::Result<EventSink> {
  let guarded = bridge.guard(env, on_event)?;
  let tsfn = guarded
    .build_threadsafe_function()
    .callee_handled::<false>()
    .weak::<true>()
    .build()?;
  Ok(Arc::new(move |event| {
    // The listener is guarded by the bridge; WithCallback also keeps any throw away from Node.
    tsfn.call_with_return_value(event, ThreadsafeFunctionCallMode::NonBlocking, |_, _| Ok(()));
  }))
}

type AddEventListener<'a> = Function<'a, FnArgs<(&'static str, Function<'a, (), ()>)>, Unknown<'a>>;

fn already_aborted(signal: &Object<'_>) -> bool {
  signal
    .get_named_property::<Option<bool>>("aborted")
    .ok()
    .flatten()
    .unwrap_or(false)
}

/// Subscribes `control` to `signal`'s abort.
fn watch_signal(env: &Env, signal: &Object<'_>, control: &Arc<RunControl>) -> napi::Result<()> {
  let weak = Arc::downgrade(control);
  let listener = env.create_function_from_closure::<(), (), _>("onAbort", move |_ctx| {
    guarded("an abort listener", || {
      if let Some(c) = weak.upgrade() {
        c.stop(StopReason::Aborted);
      }
      Ok(())
    })
  })?;
  let add: AddEventListener = signal.get_named_property("addEventListener")?;
  add.apply(signal, FnArgs::from(("abort", listener)))?;
  Ok(())
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
    // SAFETY: `code` is a string value of this call's environment.
    Ok(ValueType::String) => unsafe { String::from_napi_value(code.value().env, code.raw()) }
      .map_err(|e| invalid(format!("code could not be read: {}", e.reason)))?,
    Ok(t) => {
      return Err(invalid(format!(
        "code must be a string of JavaScript or TypeScript; got {t}."
      )))
    }
    Err(e) => return Err(invalid(e.reason.clone())),
  };
  let options = read_options::<RunOptions>(options, &RUN_OPTIONS).map_err(invalid)?;
  Ok((code, options))
}

/// Validates the arguments, submits the run, and returns the promise of its `RunResult`.
/// Misuse and a closed instance reject the promise; the engine thread settles it directly
/// (one hop back to Node's main thread).
pub fn start_run<'env>(
  env: &'env Env,
  bridge: &Arc<HostBridge>,
  target: RunTarget<'_>,
  code: Unknown<'_>,
  options: Option<Unknown<'_>>,
) -> napi::Result<Object<'env>> {
  let instance = target.instance();
  if instance.is_closed() {
    return rejected(env, HostError::Closed);
  }
  let (code, options) = match read_args(code, options) {
    Ok(args) => args,
    Err(err) => return rejected(env, err),
  };
  let overrides = options
    .as_ref()
    .and_then(|o| o.limits.as_ref())
    .map(LimitOverrides::from);
  let limits = match instance.run_limits(overrides.as_ref()) {
    Ok(l) => l,
    Err(err) => return rejected(env, err),
  };
  let language = match options
    .as_ref()
    .map(|o| language_of(o.language.as_deref(), o.files.as_ref(), o.return_files.as_ref()))
  {
    Some(Err(err)) => return rejected(env, err),
    Some(Ok(l)) => l,
    None => Language::JavaScript,
  };
  let signal = options.as_ref().and_then(|o| o.signal.as_ref());
  let events = match options.as_ref().and_then(|o| o.on_event.as_ref()) {
    Some(f) => Some(event_sink(env, bridge, f)?),
    None => None,
  };
  let (deferred, promise) = env.create_deferred::<RunResult, Settle>()?;
  if signal.is_some_and(already_aborted) {
    deferred.resolve(Box::new(|env| Err(abort_error(&env))));
    return Ok(promise);
  }
  let request = RunRequest {
    code,
    language,
    limits,
    events,
  };
  let bridge = bridge.clone();
  // The deferred stays reachable here too, so a refused submission can still settle it
  // (an unsettled deferred would keep Node alive).
  let slot = Arc::new(Mutex::new(Some(deferred)));
  let settle = slot.clone();
  let submitted = target.submit(request, move |finished: Finished| {
    let Some(deferred) = settle.lock().ok().and_then(|mut d| d.take()) else {
      return;
    };
    let Finished { report, stopped_by } = finished;
    let aborted = report
      .error
      .as_ref()
      .is_some_and(|e| e.code == ErrorCode::Aborted)
      && stopped_by == Some(StopReason::Aborted);
    deferred.resolve(Box::new(move |env| {
      guarded("settling a run", || {
        // Cancelled calls see their signal abort before the caller sees the result.
        let _ = bridge.abort_calls(&env, &report.cancelled_calls);
        if aborted {
          Err(abort_error(&env))
        } else {
          Ok(RunResult::from(report))
        }
      })
    }));
  });
  match submitted {
    Ok(control) => {
      if let Some(signal) = signal {
        watch_signal(env, signal, &control)?;
      }
    }
    Err(err) => {
      if let Some(deferred) = slot.lock().ok().and_then(|mut d| d.take()) {
        deferred.reject(to_napi_error(env, err));
      }
    }
  }
  Ok(promise)
}
