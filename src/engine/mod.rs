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

pub mod control;
pub mod pool;
pub mod report;
mod sandbox;
pub mod session;

use std::sync::atomic::AtomicU64;
use std::sync::Arc;

use tokio::sync::oneshot;

use crate::limits::Limits;
use crate::tools::ToolRegistry;
use control::RunControl;
use report::{EventSink, RunReport};
pub use sandbox::Sandbox;

/// Everything one run needs besides the sandbox.
pub struct RunJob {
  pub code: String,
  pub limits: Limits,
  pub control: Arc<RunControl>,
  pub events: Option<EventSink>,
  /// Shared counter for tool call ids (`call_1`, `call_2`, ...) across an instance's runs.
  pub call_ids: Arc<AtomicU64>,
}

/// Runs `job` in a fresh sandbox on an engine thread; the receiver yields its report.
pub fn spawn_run(registry: Arc<ToolRegistry>, job: RunJob) -> oneshot::Receiver<RunReport> {
  let (tx, rx) = oneshot::channel();
  pool::execute(Box::new(move |executor| {
    let report = executor.block_on(async move {
      match Sandbox::new(registry).await {
        Ok(mut sandbox) => sandbox.run(job).await,
        Err(err) => RunReport::failed(err),
      }
    });
    let _ = tx.send(report);
  }));
  rx
}
