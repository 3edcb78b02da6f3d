//! Persistent sessions: one sandbox on one dedicated thread, reused across runs so globals
//! survive. After a breach that discards the runtime, the next run starts from a fresh context
//! and says so in its warnings.

use std::sync::mpsc::{channel, Sender};
use std::sync::Arc;

use super::pool::new_executor;
use super::report::RunReport;
use super::{Completion, RunJob, Sandbox};
use crate::error::{ErrorCode, RunError};
use crate::limits::ENGINE_THREAD_STACK_BYTES;
use crate::tools::ToolRegistry;

type Request = (RunJob, Completion);

/// Handle to a session thread; dropping it ends the thread once queued runs finish.
pub struct SessionHandle {
  requests: Sender<Request>,
}

impl SessionHandle {
  pub fn start(registry: Arc<ToolRegistry>) -> std::io::Result<SessionHandle> {
    let (tx, rx) = channel::<Request>();
    std::thread::Builder::new()
      .name("codemode-session".into())
      .stack_size(ENGINE_THREAD_STACK_BYTES)
      .spawn(move || {
        let Ok(executor) = new_executor() else { return };
        let mut sandbox: Option<Sandbox> = None;
        let mut was_reset = false;
        while let Ok((job, reply)) = rx.recv() {
          let report = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            executor.block_on(async {
              if sandbox.as_ref().is_none_or(|s| s.is_poisoned()) {
                was_reset |= sandbox.take().is_some();
                match Sandbox::new(registry.clone()).await {
                  Ok(s) => sandbox = Some(s),
                  Err(err) => return RunReport::failed(err),
                }
              }
              let Some(s) = sandbox.as_mut() else {
                return RunReport::failed(RunError::new(ErrorCode::InternalError, "Error", "No sandbox."));
              };
              let mut report = s.run(job).await;
              if std::mem::take(&mut was_reset) {
                report.warnings.insert(
                  0,
                  "The session's globals were reset: the previous run hit a limit or was aborted, so its context was discarded.".into(),
                );
              }
              report
            })
          }));
          match report {
            Ok(report) => reply.complete(report),
            Err(_) => sandbox = None, // `reply` reports the lost run when dropped
          }
        }
      })?;
    Ok(SessionHandle { requests: tx })
  }

  /// Queues a run; `done` receives its report (an internal error if the session thread is gone).
  pub fn run(&self, job: RunJob, done: Completion) {
    let _ = self.requests.send((job, done));
  }
}
