//! Engine threads: a pool that grows on demand and shrinks when idle.
//!
//! Each thread owns a current-thread tokio executor (with timers) on which its runtimes' futures
//! run. A job gets a whole thread for its duration, so CPU-bound guests never delay each other
//! beyond what the OS scheduler does.
//!
//! After a run, the thread prepares one spare sandbox for the same tool set while it waits for
//! work, so the next cold run skips set-up. A spare is never used twice: every run still gets a
//! runtime and context no guest code has touched.

use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::Mutex;
use std::time::Duration;

use std::sync::Arc;

use super::Sandbox;
use crate::limits::ENGINE_THREAD_STACK_BYTES;
use crate::tools::ToolRegistry;

/// What a job gets from its engine thread.
pub struct EngineThread {
  pub executor: tokio::runtime::Runtime,
  spare: Option<Sandbox>,
  prepare_for: Option<Arc<ToolRegistry>>,
}

impl EngineThread {
  /// The spare sandbox if it was made for `registry`; asks for a new spare after this job.
  pub fn take_spare(&mut self, registry: &Arc<ToolRegistry>) -> Option<Sandbox> {
    self.prepare_for = Some(registry.clone());
    match self.spare.take() {
      Some(s) if Arc::ptr_eq(s.registry(), registry) => Some(s),
      _ => None,
    }
  }

  fn prepare_spare(&mut self) {
    if let Some(registry) = self.prepare_for.take() {
      self.spare = self.executor.block_on(Sandbox::new(registry)).ok();
    }
  }
}

/// A unit of work for an engine thread.
pub type Job = Box<dyn FnOnce(&mut EngineThread) + Send>;

/// How long an idle engine thread waits for work before it exits.
const IDLE_KEEP_ALIVE: Duration = Duration::from_secs(30);

static IDLE: Mutex<Vec<Sender<Job>>> = Mutex::new(Vec::new());

/// Builds the executor an engine thread runs guest futures on.
pub fn new_executor() -> std::io::Result<tokio::runtime::Runtime> {
  tokio::runtime::Builder::new_current_thread()
    .enable_time()
    .build()
}

/// Runs `job` on an idle engine thread, or on a new one.
pub fn execute(mut job: Job) {
  loop {
    let idle = IDLE.lock().ok().and_then(|mut v| v.pop());
    match idle {
      Some(tx) => match tx.send(job) {
        Ok(()) => return,
        Err(err) => job = err.0, // that thread retired meanwhile; try another
      },
      None => break,
    }
  }
  let (tx, rx) = channel::<Job>();
  let spawned = std::thread::Builder::new()
    .name("codemode-engine".into())
    .stack_size(ENGINE_THREAD_STACK_BYTES)
    .spawn(move || worker(tx, rx, job));
  // If the thread cannot start, the job (and its Completion) is dropped, which reports the run
  // as lost instead of leaving its promise pending.
  drop(spawned);
}

fn worker(me: Sender<Job>, rx: Receiver<Job>, first: Job) {
  let Ok(executor) = new_executor() else { return };
  let mut thread = EngineThread {
    executor,
    spare: None,
    prepare_for: None,
  };
  let mut job = first;
  loop {
    // A panic inside a job drops its reply channel (the caller reports an internal error);
    // the thread itself stays usable.
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| job(&mut thread)));
    // Prepare before offering this thread again: meanwhile new jobs go to threads that are ready.
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| thread.prepare_spare()));
    if let Ok(mut idle) = IDLE.lock() {
      idle.push(me.clone());
    }
    match rx.recv_timeout(IDLE_KEEP_ALIVE) {
      Ok(next) => job = next,
      Err(_) => return,
    }
  }
}
