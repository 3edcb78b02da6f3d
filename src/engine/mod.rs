//! The engine: where guest code runs.
//!
//! Thread model (DESIGN §8):
//! - QuickJS runtimes never touch Node's main thread. A one-shot `run` takes a thread from the
//!   engine [`pool`] (threads are reused, created on demand, and retire after idling), builds a
//!   fresh runtime + context there, runs the program on that thread's current-thread tokio
//!   executor, and drops the runtime. A busy guest occupies only its own thread, so it can
//!   never starve other runs or Node.
//! - A [`session`] owns one dedicated thread for its lifetime, because an rquickjs `Runtime` is
//!   not `Send`; its context (and so its globals) persists across runs.
//! - Tool calls leave the engine thread as futures ([`crate::tools::ToolBackend`]); the engine
//!   thread never blocks on Node. Results come back through channels that wake its executor.
//! - The deadline is enforced twice: the interrupt handler stops bytecode, and a host-side timer
//!   ends runs that wait (on tools, timers, or a promise that never settles). After a timeout,
//!   memory or stack breach, or an abort, the runtime is discarded.

mod allocator;
#[cfg(test)]
mod bash_tests;
mod completion;
mod idle_stack;
pub mod pool;
pub mod python;
mod sandbox;
pub mod session;
pub mod watchdog;
#[cfg(test)]
mod tests;

use std::sync::atomic::AtomicU64;
use std::sync::Arc;

use crate::limits::Limits;
use crate::run::control::RunControl;
use crate::run::language::Language;
use crate::run::report::{EventSink, RunReport};
use crate::tools::ToolRegistry;
pub use completion::Completion;
pub use sandbox::Sandbox;

/// Everything one run needs besides the sandbox.
pub struct RunJob {
  pub code: String,
  /// JavaScript/TypeScript, or Bash with its virtual files.
  pub language: Language,
  /// The instance's tools as they were when the run started; the run keeps them to its end.
  pub registry: Arc<ToolRegistry>,
  pub limits: Limits,
  pub control: Arc<RunControl>,
  pub events: Option<EventSink>,
  /// Shared counter for tool call ids (`call_1`, `call_2`, ...) across an instance's runs.
  pub call_ids: Arc<AtomicU64>,
}

/// Runs `job` in a fresh sandbox on an engine thread of the process-wide pool and hands its
/// report to `done` there (or from the watchdog, if the thread gets stuck).
pub fn spawn_run(job: RunJob, done: Completion) {
  let Some(done) = watchdog::admit(done) else { return };
  if job.language == Language::Python {
    pool::shared().execute(Box::new(move |thread| run_python(thread, job, done)));
    return;
  }
  pool::shared().execute(Box::new(move |thread| run_fresh(thread, job, done)));
}

/// One Python run: the engine thread drives a pooled worker process.
fn run_python(thread: &mut pool::EngineThread, job: RunJob, done: Completion) -> pool::ThreadFate {
  watchdog::watch(&job.control, &job.limits, &done, || {
    pool::shared().release_stuck_thread()
  });
  let report = thread.executor.block_on(python::run_once(job));
  done.complete(report);
  if done.back_from_abandoned() {
    return pool::ThreadFate::Abandoned;
  }
  pool::ThreadFate::Reuse
}

/// One run in a never-used sandbox: the thread's spare if it has one.
fn run_fresh(thread: &mut pool::EngineThread, job: RunJob, done: Completion) -> pool::ThreadFate {
  watchdog::watch(&job.control, &job.limits, &done, || {
    pool::shared().release_stuck_thread()
  });
  let registry = job.registry.clone();
  let bash = matches!(job.language, Language::Bash(_));
  let spare = thread.take_spare(&registry, bash);
  let (report, used) = thread.executor.block_on(async move {
    let sandbox = match spare {
      Some(s) => Ok(s),
      None => Sandbox::new(registry).await,
    };
    match sandbox {
      Ok(mut sandbox) => (sandbox.run(job).await, Some(sandbox)),
      Err(err) => (RunReport::failed(err), None),
    }
  });
  done.complete(report);
  drop(used); // freeing the runtime happens after the caller has its result
  if done.back_from_abandoned() {
    return pool::ThreadFate::Abandoned;
  }
  pool::ThreadFate::Reuse
}
