//! The Code Mode instance in plain Rust: its tool sources and the registry snapshot built from
//! them, default limits, the runs in flight, sessions, and close. The napi binding (`api/`) is a
//! thin layer over it; so will be the CLI, the MCP server and anything else that runs code.
//!
//! Tool changes never disturb a run: every run (each `session.run` too) takes the registry
//! snapshot current when it starts and keeps it to its end; a session sees a change from its
//! next run on.

mod active_runs;
mod session;
mod tool_sources;
#[cfg(test)]
mod tests;

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Weak};
use std::time::Instant;

use futures_util::future::{join_all, BoxFuture};

use crate::engine::{self, Completion, RunJob};
use crate::error::HostError;
use crate::limits::{LimitOverrides, Limits};
use crate::run::control::{RunControl, StopReason};
use crate::run::language::Language;
use crate::run::report::{EventSink, RunReport};
use crate::tools::{ToolBackend, ToolRegistry, ToolSpec};
use active_runs::ActiveRuns;
pub use session::Session;
use tool_sources::ToolSources;

/// What to run.
pub struct RunRequest {
  pub code: String,
  /// JavaScript/TypeScript (the default) or Bash.
  pub language: Language,
  /// The run's limits: the instance's defaults with any per-run overrides applied.
  pub limits: Limits,
  /// Receives live events while the run is in flight.
  pub events: Option<EventSink>,
}

/// A finished run: its report and, if the run was stopped from outside, why.
pub struct Finished {
  pub report: RunReport,
  pub stopped_by: Option<StopReason>,
}

/// How an instance behaves beyond its limits.
#[derive(Debug, Clone, Copy)]
pub struct InstanceOptions {
  /// Learn the output types of tools without an `outputSchema` from their results.
  pub infer_output_types: bool,
}

impl Default for InstanceOptions {
  fn default() -> Self {
    InstanceOptions {
      infer_output_types: true,
    }
  }
}

/// One Code Mode instance. Share it as `Arc<Instance>`.
pub struct Instance {
  limits: Limits,
  tools: ToolSources,
  runs: ActiveRuns,
  /// Counter for tool call ids (`call_1`, `call_2`, ...) across the instance's runs.
  call_ids: Arc<AtomicU64>,
  closed: AtomicBool,
}

impl Instance {
  /// An instance with no tools whose runs default to `limits`, with the default options.
  pub fn new(limits: Limits) -> Arc<Instance> {
    Instance::with_options(limits, InstanceOptions::default())
  }

  /// An instance with no tools whose runs default to `limits`.
  pub fn with_options(limits: Limits, options: InstanceOptions) -> Arc<Instance> {
    Arc::new(Instance {
      limits,
      tools: ToolSources::new(options.infer_output_types),
      runs: ActiveRuns::default(),
      call_ids: Arc::default(),
      closed: AtomicBool::new(false),
    })
  }

  /// The default limits of every run.
  pub fn limits(&self) -> &Limits {
    &self.limits
  }

  /// The instance's limits with a run's `overrides` applied.
  pub fn run_limits(&self, overrides: Option<&LimitOverrides>) -> Result<Limits, HostError> {
    match overrides {
      Some(o) => self.limits.with_overrides(o),
      None => Ok(self.limits),
    }
  }

  /// The tools as they are now (the snapshot the next run will take).
  pub fn tools(&self) -> Arc<ToolRegistry> {
    self.tools.current()
  }

  /// Adds (or replaces) the tool source `name` with `backend`, whose tools are `specs`. On a bad
  /// tool set (duplicate names, an invalid schema) nothing changes and the error says why.
  pub fn attach_listed(
    self: &Arc<Self>,
    name: &str,
    backend: Arc<dyn ToolBackend>,
    specs: Vec<ToolSpec>,
  ) -> Result<(), HostError> {
    self.ensure_open()?;
    self
      .tools
      .put(name, backend.clone(), specs)
      .map_err(HostError::InvalidOptions)?;
    let weak: Weak<Instance> = Arc::downgrade(self);
    let source = name.to_string();
    backend.watch_tools(Arc::new(move |specs| {
      if let Some(instance) = weak.upgrade() {
        instance.tools.relist(&source, specs);
      }
    }));
    Ok(())
  }

  /// Lists `backend`'s tools and adds it as the tool source `name` (see [`Self::attach_listed`]).
  pub async fn attach(self: &Arc<Self>, name: &str, backend: Arc<dyn ToolBackend>) -> Result<(), HostError> {
    let specs = backend.list_tools().await.map_err(|why| {
      HostError::InvalidOptions(format!("Tool source \"{name}\" could not list its tools: {why}"))
    })?;
    self.attach_listed(name, backend, specs)
  }

  /// Removes the tool source `name` and closes its backend; false if there was none.
  pub async fn detach(&self, name: &str) -> bool {
    match self.tools.remove(name) {
      Some(backend) => {
        backend.close().await;
        true
      }
      None => false,
    }
  }

  /// The names of the tool sources, in the order their tools are listed.
  pub fn source_names(&self) -> Vec<String> {
    self.tools.names()
  }

  pub fn is_closed(&self) -> bool {
    self.closed.load(Ordering::SeqCst)
  }

  fn ensure_open(&self) -> Result<(), HostError> {
    if self.is_closed() {
      Err(HostError::Closed)
    } else {
      Ok(())
    }
  }

  /// Runs `request` in a fresh sandbox on an engine thread; `done` receives the outcome there.
  /// Returns the run's control, to abort it.
  pub fn run(
    self: &Arc<Self>,
    request: RunRequest,
    done: impl FnOnce(Finished) + Send + 'static,
  ) -> Result<Arc<RunControl>, HostError> {
    let (job, completion) = self.prepare(request, done)?;
    let control = job.control.clone();
    engine::spawn_run(job, completion);
    Ok(control)
  }

  /// Opens a session: one sandbox whose globals persist across its runs.
  pub fn session(self: &Arc<Self>) -> Result<Session, HostError> {
    self.ensure_open()?;
    Session::open(self.clone())
  }

  /// Everything a run needs, registered as active until `done` has its outcome.
  fn prepare(
    self: &Arc<Self>,
    request: RunRequest,
    done: impl FnOnce(Finished) + Send + 'static,
  ) -> Result<(RunJob, Completion), HostError> {
    self.ensure_open()?;
    let control = Arc::new(RunControl::new(Instant::now() + request.limits.timeout()));
    let id = self.runs.add(control.clone());
    if self.is_closed() {
      control.stop(StopReason::Closed); // close() ran between the check and add()
    }
    let job = RunJob {
      code: request.code,
      language: request.language,
      registry: self.tools(),
      limits: request.limits,
      control: control.clone(),
      events: request.events,
      call_ids: self.call_ids.clone(),
    };
    let weak = Arc::downgrade(self);
    let completion = Completion::new(move |report| {
      if let Some(instance) = weak.upgrade() {
        instance.runs.remove(id);
      }
      done(Finished {
        report,
        stopped_by: control.stop_reason(),
      });
    });
    Ok((job, completion))
  }

  /// Number of runs in flight.
  pub fn active_runs(&self) -> usize {
    self.runs.len()
  }

  /// Closes the instance: later runs and sessions are refused, runs in flight stop (they finish
  /// as `ABORTED`, their Python workers killed), every tool source's backend is closed, and the
  /// idle Python workers end (the next Python run starts new ones).
  pub async fn close(&self) {
    if let Some(rest) = self.close_now() {
      rest.await;
    }
  }

  /// [`Instance::close`], done at once where nothing has to wait; returns the rest (MCP
  /// servers to disconnect, idle Python workers to end), if any, to be awaited off the caller's
  /// thread.
  pub fn close_now(&self) -> Option<BoxFuture<'static, ()>> {
    self.closed.store(true, Ordering::SeqCst);
    self.runs.stop_all(StopReason::Closed);
    let backends = self.tools.take_backends();
    if !crate::guest::python::pool::has_idle() && backends.iter().all(|b| !b.needs_close()) {
      crate::guest::python::pool::drain(); // no worker to wait for: stops refills in flight
      return None;
    }
    Some(Box::pin(async move {
      crate::guest::python::pool::drain();
      join_all(backends.iter().map(|b| b.close())).await;
    }))
  }
}
