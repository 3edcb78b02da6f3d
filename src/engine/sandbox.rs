//! One QuickJS runtime + context with the guest globals installed, and how a program runs in it.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use rquickjs::context::EvalOptions;
use rquickjs::{AsyncContext, AsyncRuntime, Ctx, Function, Persistent};

use super::allocator::{HeapMeter, MeteredAllocator};
use super::RunJob;
use crate::error::{ErrorCode, RunError};
use crate::guest::run_state::{Outcome, RunState};
use crate::guest::{self, exception, ActiveRunSlot, GuestHandles};
use crate::limits::Limits;
use crate::run::control::{CancelReason, RunControl, StopReason};
use crate::run::language::Language;
use crate::run::report::{RunReport, RunStats};
use crate::source::{self, PreparedSource, MODEL_FILE};
use crate::tools::ToolRegistry;

// Field order matters: JS handles must be released before the context and runtime they belong to.
pub struct Sandbox {
  /// The Bash driver's `prepare`, once this context ran a Bash program (`guest::bash`).
  bash: Option<guest::bash::BashPrepare>,
  handles: GuestHandles,
  current: ActiveRunSlot,
  ctx: AsyncContext,
  rt: AsyncRuntime,
  control: Rc<RefCell<Option<Arc<RunControl>>>>,
  meter: Rc<HeapMeter>,
  registry: Arc<ToolRegistry>,
  poisoned: bool,
  /// A session's sandbox: programs run as REPL entries (see `source::Target::session`).
  session: bool,
}

fn internal(err: impl std::fmt::Display) -> RunError {
  RunError::new(
    ErrorCode::InternalError,
    "Error",
    format!("The sandbox could not be set up: {err}"),
  )
}

impl Sandbox {
  /// A fresh runtime and context with the guest globals for `registry`'s tools, for one-shot runs.
  pub async fn new(registry: Arc<ToolRegistry>) -> Result<Sandbox, RunError> {
    Sandbox::build(registry, false).await
  }

  /// A fresh sandbox for a session, whose runs keep their top-level declarations.
  pub async fn for_session(registry: Arc<ToolRegistry>) -> Result<Sandbox, RunError> {
    Sandbox::build(registry, true).await
  }

  async fn build(registry: Arc<ToolRegistry>, session: bool) -> Result<Sandbox, RunError> {
    let meter = Rc::new(HeapMeter::default());
    let rt = AsyncRuntime::new_with_alloc(MeteredAllocator::new(meter.clone())).map_err(internal)?;
    let control: Rc<RefCell<Option<Arc<RunControl>>>> = Rc::default();
    let slot = control.clone();
    let heap = meter.clone();
    rt.set_interrupt_handler(Some(Box::new(move || {
      let current = slot.borrow();
      let Some(control) = current.as_ref() else {
        return false;
      };
      if heap.exhausted() {
        // A refused allocation ends the run even if the guest caught the out-of-memory error.
        control.stop(StopReason::MemoryLimit);
      }
      control.should_interrupt()
    })))
    .await;
    let ctx = AsyncContext::full(&rt).await.map_err(internal)?;
    let current: ActiveRunSlot = Rc::default();
    rt.set_host_promise_rejection_tracker(Some(guest::rejection_tracker(current.clone())))
      .await;
    let cur = current.clone();
    let reg = registry.clone();
    let handles = ctx
      .async_with(async move |ctx| {
        guest::install(&ctx, &cur, &reg).map_err(|e| match e {
          rquickjs::Error::Exception => internal(format!("{:?}", ctx.catch())),
          other => internal(other),
        })
      })
      .await?;
    Ok(Sandbox {
      bash: None,
      handles,
      current,
      ctx,
      rt,
      control,
      meter,
      registry,
      poisoned: false,
      session,
    })
  }

  /// True once a breach or abort left the runtime in a state that must not be reused.
  pub fn is_poisoned(&self) -> bool {
    self.poisoned
  }

  pub fn registry(&self) -> &Arc<ToolRegistry> {
    &self.registry
  }

  /// Runs one program to completion, deadline, abort or limit, and reports what happened.
  pub async fn run(&mut self, job: RunJob) -> RunReport {
    let RunJob {
      code,
      language,
      registry,
      limits,
      control,
      events,
      call_ids,
    } = job;
    let prepared = match &language {
      Language::JavaScript => prepare(&code, &limits, &registry, self.session),
      Language::Bash(_) => within_source_limit(&code, &limits).map(|()| PreparedSource::verbatim(&code)),
      // Python runs in a worker process (`engine::python`), never in a sandbox.
      Language::Python => Err(internal("a Python program reached a JavaScript sandbox")),
    };
    let source = match prepared {
      Ok(s) => s,
      Err(err) => return RunReport::failed(err),
    };
    if let Err(err) = self.use_tools(registry).await {
      return RunReport::failed(err);
    }
    // Loaded before the run's limits apply: the library is trusted and bounded, and its
    // bytecode is compiled once per process whatever the first run's limits are. Its heap then
    // counts against the run's memory limit like everything else in the context.
    if matches!(language, Language::Bash(_)) {
      if let Err(err) = self.load_bash().await {
        return RunReport::failed(err);
      }
    }
    self.meter.set_limit(limits.memory_limit_bytes);
    self.meter.reset_exhausted();
    self.rt.set_max_stack_size(limits.max_stack_bytes).await;
    *self.control.borrow_mut() = Some(control.clone());
    let state = RunState::new(
      limits,
      control.clone(),
      self.registry.clone(),
      source,
      events,
      call_ids,
    );
    *self.current.borrow_mut() = Some(state.clone());

    let program = match (&language, &self.bash) {
      (Language::Bash(run), Some(prepare)) => Program::Bash {
        prepare: prepare.clone(),
        script: code,
        options: run.options_json(limits.max_result_bytes),
      },
      _ => Program::Script,
    };
    self.execute(&state, &control, program).await;
    let outcome = self.outcome(&state, &control, &limits);
    *self.control.borrow_mut() = None;
    let (mut warnings, cancelled_calls) = cancel_unfinished(&state, &control, &outcome);
    warnings.splice(0..0, state.take_warnings());
    if !self.poisoned {
      let pending_timers = self.end_run().await;
      if pending_timers > 0 && outcome.is_ok() {
        warnings.push(format!(
          "{pending_timers} timer(s) were still pending when the program returned and never ran. Await a delay instead: `await new Promise((r) => setTimeout(r, ms))`."
        ));
      }
    }
    let memory_used_bytes = self.meter.used() as f64;
    // No limit between runs: a session's own bookkeeping must never be refused.
    self.meter.set_limit(0);
    *self.current.borrow_mut() = None;
    let tool_calls = state.take_calls();
    let (value_json, error) = split(outcome);
    RunReport {
      value_json,
      error,
      logs: state.take_logs(),
      stats: RunStats {
        duration_ms: state.elapsed_ms(),
        tool_calls: tool_calls.len() as u32,
        memory_used_bytes,
        quarantined_threads: 0,
      },
      tool_calls,
      warnings,
      cancelled_calls,
    }
  }

  /// Switches the guest's `tools` to `registry` if the instance's tools changed since this
  /// sandbox last ran (sessions keep their globals across such a change).
  async fn use_tools(&mut self, registry: Arc<ToolRegistry>) -> Result<(), RunError> {
    if Arc::ptr_eq(&registry, &self.registry) {
      return Ok(());
    }
    let set_tools = self.handles.set_tools.clone();
    let reg = registry.clone();
    self
      .ctx
      .async_with(async move |ctx| guest::set_tools(&ctx, set_tools, &reg))
      .await
      .map_err(internal)?;
    self.registry = registry;
    Ok(())
  }

  /// True once the Bash language is loaded into this context.
  pub fn has_bash(&self) -> bool {
    self.bash.is_some()
  }

  /// Loads the Bash language ahead of a run (a spare sandbox for the next Bash run).
  pub async fn preload_bash(&mut self) -> Result<(), RunError> {
    self.load_bash().await
  }

  /// Loads the Bash language into this context, once.
  async fn load_bash(&mut self) -> Result<(), RunError> {
    if self.bash.is_some() {
      return Ok(());
    }
    let current = self.current.clone();
    let prepare = self
      .ctx
      .async_with(async move |ctx| {
        guest::bash::load(&ctx, &current).map_err(|e| match e {
          rquickjs::Error::Exception => internal(format!("Bash: {:?}", ctx.catch())),
          other => internal(other),
        })
      })
      .await?;
    self.bash = Some(prepare);
    Ok(())
  }

  /// Starts the program and waits until it settles, its deadline passes or it is stopped.
  async fn execute(&self, state: &Rc<RunState>, control: &Arc<RunControl>, program: Program) {
    let run_main = self.handles.run_main.clone();
    let st = state.clone();
    let session = self.session;
    let program = self.ctx.async_with(async move |ctx| {
      if let Err(err) = start(&ctx, run_main, &st, session, program) {
        st.set_outcome(Err(err));
      }
      st.settled().await;
    });
    tokio::select! {
      biased;
      _ = program => {}
      _ = tokio::time::sleep_until(control.deadline.into()) => {}
      _ = control.stopped() => {}
    }
  }

  /// The run's outcome: a stop from outside wins over what the program produced. A breach
  /// poisons the sandbox (its runtime must not run guest code again).
  fn outcome(&mut self, state: &RunState, control: &RunControl, limits: &Limits) -> Outcome {
    if self.meter.exhausted() {
      control.stop(StopReason::MemoryLimit);
    }
    let outcome = match stop_error(control, limits) {
      Some(err) => Err(err),
      None => state.take_outcome().unwrap_or_else(|| {
        Err(RunError::new(
          ErrorCode::InternalError,
          "Error",
          "The program ended without a result.",
        ))
      }),
    };
    if let Err(err) = &outcome {
      if matches!(
        err.code,
        ErrorCode::Timeout | ErrorCode::MemoryLimit | ErrorCode::StackOverflow | ErrorCode::Aborted
      ) {
        self.poisoned = true;
      }
    }
    outcome
  }

  /// Clears the finished run's timers so none fires in a later session run; returns how many
  /// were still pending.
  async fn end_run(&self) -> u32 {
    let end_run = self.handles.end_run.clone();
    self
      .ctx
      .async_with(async move |ctx| match end_run.restore(&ctx) {
        Ok(f) => f.call::<_, u32>(()).unwrap_or(0),
        Err(_) => 0,
      })
      .await
  }
}

/// What `start` evaluates: the prepared JavaScript, or a Bash script for the driver.
enum Program {
  Script,
  Bash {
    prepare: guest::bash::BashPrepare,
    script: String,
    options: String,
  },
}

pub(super) fn within_source_limit(code: &str, limits: &Limits) -> Result<(), RunError> {
  if code.len() > limits.max_source_bytes {
    return Err(RunError::new(
      ErrorCode::SourceTooLarge,
      "RangeError",
      format!(
        "The code is {} bytes, over the limit of {} bytes.",
        code.len(),
        limits.max_source_bytes
      ),
    ));
  }
  Ok(())
}

/// The model's code, within `maxSourceBytes`, ready to evaluate with the run's tools.
fn prepare(
  code: &str,
  limits: &Limits,
  registry: &ToolRegistry,
  session: bool,
) -> Result<PreparedSource, RunError> {
  within_source_limit(code, limits)?;
  let tools = guest::modules::RegistryModules(registry);
  source::prepare_for(
    code,
    source::Target {
      tools: &tools,
      session,
    },
  )
}

/// Cancels the calls still pending when the run ended; returns the warnings for the model and
/// the `(call id, reason)` pairs whose host signals must abort.
pub(super) fn cancel_unfinished(
  state: &RunState,
  control: &RunControl,
  outcome: &Outcome,
) -> (Vec<String>, Vec<(String, CancelReason)>) {
  let reason = match outcome {
    _ if control.stop_reason() == Some(StopReason::Closed) => CancelReason::Closed,
    Ok(_) => CancelReason::ProgramEnded,
    Err(e) if e.code == ErrorCode::Timeout => CancelReason::TimedOut,
    Err(e) if e.code == ErrorCode::Aborted => CancelReason::Aborted,
    Err(_) => CancelReason::RunFailed,
  };
  let unfinished = state.cancel_pending(reason);
  let mut warnings = Vec::new();
  if !unfinished.is_empty() && outcome.is_ok() {
    warnings.push(format!(
      "{} tool call(s) were still pending when the program ended and were cancelled: {}. Await every tool call (e.g. `await Promise.all([...])`).",
      unfinished.len(),
      unfinished.iter().map(|(p, _)| format!("tools.{p}")).collect::<Vec<_>>().join(", ")
    ));
  }
  let cancelled = unfinished.into_iter().map(|(_, id)| (id, reason)).collect();
  (warnings, cancelled)
}

pub(super) fn split(outcome: Outcome) -> (Option<String>, Option<RunError>) {
  match outcome {
    Ok(v) => (v, None),
    Err(e) => (None, Some(e.bounded())),
  }
}

/// Evaluates the prepared script and starts the program; errors here are syntax errors or a
/// synchronous throw/interrupt before the first `await`.
fn start<'js>(
  ctx: &Ctx<'js>,
  run_main: Persistent<Function<'static>>,
  state: &RunState,
  session: bool,
  program: Program,
) -> Result<(), RunError> {
  let caught = |e: rquickjs::Error, source: &PreparedSource| match e {
    rquickjs::Error::Exception => {
      let mut err = exception::run_error_from_thrown(ctx, &ctx.catch(), source);
      guest::hints::explain(&mut err, source, &state.registry);
      err
    }
    other => RunError::new(ErrorCode::InternalError, "Error", other.to_string()),
  };
  // A Bash program never takes the JavaScript REPL scope.
  let session = session && matches!(program, Program::Script);
  let main: Function = match program {
    Program::Script => {
      let mut opts = EvalOptions::default();
      opts.global = true;
      opts.strict = false;
      opts.filename = Some(MODEL_FILE.into());
      ctx
        .eval_with_options(state.source.script.as_str(), opts)
        .map_err(|e| caught(e, &state.source))?
    }
    Program::Bash {
      prepare,
      script,
      options,
    } => guest::bash::program(ctx, &prepare, &script, &options).map_err(|e| caught(e, &state.source))?,
  };
  let run_main = run_main.restore(ctx).map_err(|e| caught(e, &state.source))?;
  run_main
    .call::<_, ()>((main, session))
    .map_err(|e| caught(e, &state.source))
}

/// The error for a run ended from outside the guest (deadline, abort, close, tool-call limit).
pub(super) fn stop_error(control: &RunControl, limits: &Limits) -> Option<RunError> {
  match control.stop_reason() {
    Some(StopReason::Aborted) => Some(RunError::new(
      ErrorCode::Aborted,
      "AbortError",
      "The run was aborted by the host.",
    )),
    Some(StopReason::Closed) => Some(RunError::new(
      ErrorCode::Aborted,
      "AbortError",
      "The run was stopped because its CodeMode instance was closed.",
    )),
    Some(StopReason::MemoryLimit) => Some(RunError::new(
      ErrorCode::MemoryLimit,
      "InternalError",
      format!(
        "out of memory: the run exceeded its memory limit of {} bytes.",
        limits.memory_limit_bytes
      ),
    )),
    Some(StopReason::ToolCallLimit) => Some(RunError::new(
      ErrorCode::ToolCallLimit,
      "RangeError",
      format!(
        "The run exceeded its limit of {} tool calls.",
        limits.max_tool_calls
      ),
    )),
    None if control.timed_out() => Some(RunError::new(
      ErrorCode::Timeout,
      "TimeoutError",
      format!(
        "The run did not finish within its time limit of {} ms.",
        limits.timeout_ms
      ),
    )),
    None => None,
  }
}
