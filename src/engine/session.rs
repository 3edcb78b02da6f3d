//! Persistent sessions: one sandbox on one dedicated thread, reused across runs so globals
//! survive. Each run brings the instance's tools as they were when it started; when they
//! changed, the sandbox swaps its `tools` object and keeps everything else. After a breach that
//! discards the runtime, the next run starts from a fresh context and says so in its warnings.
//!
//! If the watchdog abandons a run stuck on the session's thread, a new thread takes over the
//! session's queue (fresh globals, with the same warning) and the stuck one is let go.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use super::pool::new_executor;
use super::{watchdog, Completion, RunJob, Sandbox};
use crate::limits::ENGINE_THREAD_STACK_BYTES;
use crate::run::report::RunReport;

type Request = (RunJob, Completion);

/// How long a session's thread waits for its next run before it gives back the stack pages its
/// runs touched (`idle_stack`): most sessions in a server sit idle most of the time.
const RELEASE_STACK_AFTER: Duration = Duration::from_millis(100);

/// The warning a run gets when the session's previous context had to be discarded.
const RESET_WARNING: &str = "The session's globals were reset (and its Bash files, if any): the previous run hit a limit or was aborted, so its context was discarded.";

/// The session's queue of runs, shared by its handle and whichever thread serves it.
#[derive(Default)]
struct Queue {
  requests: Mutex<VecDeque<Request>>,
  ready: Condvar,
  closed: AtomicBool,
  /// Which thread serves the queue; a thread that sees another number has been replaced.
  serving: AtomicU64,
}

/// Handle to a session; dropping it ends the session's thread once queued runs finish.
pub struct SessionHandle {
  queue: Arc<Queue>,
}

impl SessionHandle {
  pub fn start() -> std::io::Result<SessionHandle> {
    let queue = Arc::new(Queue::default());
    start_thread(queue.clone(), 0, false)?;
    Ok(SessionHandle { queue })
  }

  /// Queues a run; `done` receives its report (an internal error if the session thread is gone).
  pub fn run(&self, job: RunJob, done: Completion) {
    let Some(done) = watchdog::admit(done) else { return };
    if let Ok(mut q) = self.queue.requests.lock() {
      q.push_back((job, done));
    }
    self.queue.ready.notify_all();
  }
}

impl Drop for SessionHandle {
  fn drop(&mut self) {
    self.queue.closed.store(true, Ordering::SeqCst);
    self.queue.ready.notify_all();
  }
}

fn start_thread(queue: Arc<Queue>, id: u64, reset: bool) -> std::io::Result<()> {
  std::thread::Builder::new()
    .name("codemode-session".into())
    .stack_size(ENGINE_THREAD_STACK_BYTES)
    .spawn(move || serve(queue, id, reset))?;
  Ok(())
}

/// The next request for thread `id`; `None` when the session closed (and its queue is empty) or
/// another thread took over.
fn next_request(queue: &Queue, id: u64) -> Option<Request> {
  let mut requests = queue.requests.lock().ok()?;
  let mut stack_released = false;
  loop {
    if queue.serving.load(Ordering::SeqCst) != id {
      return None;
    }
    if let Some(r) = requests.pop_front() {
      return Some(r);
    }
    if queue.closed.load(Ordering::SeqCst) {
      return None;
    }
    if stack_released {
      requests = queue.ready.wait(requests).ok()?;
      continue;
    }
    let (guard, waited) = queue.ready.wait_timeout(requests, RELEASE_STACK_AFTER).ok()?;
    requests = guard;
    if waited.timed_out() && requests.is_empty() {
      drop(requests);
      super::idle_stack::release_unused_stack();
      stack_released = true;
      requests = queue.requests.lock().ok()?;
    }
  }
}

/// The session thread: runs requests one after another in the same sandbox.
fn serve(queue: Arc<Queue>, id: u64, mut was_reset: bool) {
  let Ok(executor) = new_executor() else { return };
  let mut sandbox: Option<Sandbox> = None;
  let mut python = super::python::SessionWorker::default();
  while let Some((job, reply)) = next_request(&queue, id) {
    let successor = queue.clone();
    watchdog::watch(&job.control, &job.limits, &reply, move || {
      // The stuck thread keeps its sandbox; a new one serves the queue from fresh globals.
      successor.serving.store(id + 1, Ordering::SeqCst);
      successor.ready.notify_all();
      let _ = start_thread(successor, id + 1, true);
    });
    let report = run_request(&executor, &mut sandbox, &mut python, &mut was_reset, job);
    match report {
      Ok(report) => {
        reply.complete(report);
      }
      Err(_) => sandbox = None, // `reply` reports the lost run when dropped
    }
    if reply.back_from_abandoned() {
      return;
    }
  }
}

/// One run, panics caught. Not inlined: the run's futures live in this frame, which is dead
/// (and its pages given back, `idle_stack`) while the thread waits for the next run.
#[inline(never)]
fn run_request(
  executor: &tokio::runtime::Runtime,
  sandbox: &mut Option<Sandbox>,
  python: &mut super::python::SessionWorker,
  was_reset: &mut bool,
  job: RunJob,
) -> std::thread::Result<RunReport> {
  std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
    if job.language == crate::run::language::Language::Python {
      return executor.block_on(super::python::run_in_session(python, job));
    }
    executor.block_on(run_in_session(sandbox, was_reset, job))
  }))
}

async fn run_in_session(sandbox: &mut Option<Sandbox>, was_reset: &mut bool, job: RunJob) -> RunReport {
  if sandbox.as_ref().is_some_and(|s| s.is_poisoned()) {
    *sandbox = None;
    *was_reset = true;
  }
  let s = match sandbox {
    Some(s) => s,
    None => match Sandbox::for_session(job.registry.clone()).await {
      Ok(s) => sandbox.insert(s),
      Err(err) => return RunReport::failed(err),
    },
  };
  let mut report = s.run(job).await;
  if std::mem::take(was_reset) {
    report.warnings.insert(0, RESET_WARNING.into());
  }
  report
}
