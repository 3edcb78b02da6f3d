//! Persistent sessions: one sandbox on one dedicated thread, reused across runs so globals
//! survive. Each run brings the instance's tools as they were when it started; when they
//! changed, the sandbox swaps its `tools` object and keeps everything else. After a breach that
//! discards the runtime, the next run starts from a fresh context and says so in its warnings.

use std::sync::mpsc::{channel, Receiver, Sender};

use super::pool::new_executor;
use super::{Completion, RunJob, Sandbox};
use crate::limits::ENGINE_THREAD_STACK_BYTES;
use crate::run::report::RunReport;

type Request = (RunJob, Completion);

/// The warning a run gets when the session's previous context had to be discarded.
const RESET_WARNING: &str = "The session's globals were reset: the previous run hit a limit or was aborted, so its context was discarded.";

/// Handle to a session thread; dropping it ends the thread once queued runs finish.
pub struct SessionHandle {
  requests: Sender<Request>,
}

impl SessionHandle {
  pub fn start() -> std::io::Result<SessionHandle> {
    let (tx, rx) = channel::<Request>();
    std::thread::Builder::new()
      .name("codemode-session".into())
      .stack_size(ENGINE_THREAD_STACK_BYTES)
      .spawn(move || serve(rx))?;
    Ok(SessionHandle { requests: tx })
  }

  /// Queues a run; `done` receives its report (an internal error if the session thread is gone).
  pub fn run(&self, job: RunJob, done: Completion) {
    let _ = self.requests.send((job, done));
  }
}

/// The session thread: runs requests one after another in the same sandbox.
fn serve(requests: Receiver<Request>) {
  let Ok(executor) = new_executor() else { return };
  let mut sandbox: Option<Sandbox> = None;
  let mut was_reset = false;
  while let Ok((job, reply)) = requests.recv() {
    let report = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
      executor.block_on(run_in_session(&mut sandbox, &mut was_reset, job))
    }));
    match report {
      Ok(report) => reply.complete(report),
      Err(_) => sandbox = None, // `reply` reports the lost run when dropped
    }
  }
}

async fn run_in_session(sandbox: &mut Option<Sandbox>, was_reset: &mut bool, job: RunJob) -> RunReport {
  if sandbox.as_ref().is_some_and(|s| s.is_poisoned()) {
    *sandbox = None;
    *was_reset = true;
  }
  let s = match sandbox {
    Some(s) => s,
    None => match Sandbox::new(job.registry.clone()).await {
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
