//! A session: runs of one instance that share a sandbox, so globals persist between them.

use std::sync::{Arc, Mutex};

use super::{Finished, Instance, RunRequest};
use crate::engine::session::SessionHandle;
use crate::error::HostError;
use crate::run::control::RunControl;

pub struct Session {
  instance: Arc<Instance>,
  handle: Mutex<Option<SessionHandle>>,
}

impl Session {
  pub(super) fn open(instance: Arc<Instance>) -> Result<Session, HostError> {
    let handle = SessionHandle::start()
      .map_err(|e| HostError::Internal(format!("cannot start a session thread: {e}")))?;
    Ok(Session {
      instance,
      handle: Mutex::new(Some(handle)),
    })
  }

  /// The instance whose tools and limits the session's runs use.
  pub fn instance(&self) -> &Arc<Instance> {
    &self.instance
  }

  /// Queues `request` after the session's earlier runs; same contract as [`Instance::run`].
  pub fn run(
    &self,
    request: RunRequest,
    done: impl FnOnce(Finished) + Send + 'static,
  ) -> Result<Arc<RunControl>, HostError> {
    let guard = self.handle.lock().map_err(|_| HostError::SessionClosed)?;
    let handle = guard.as_ref().ok_or(HostError::SessionClosed)?;
    let (job, completion) = self.instance.prepare(request, done)?;
    let control = job.control.clone();
    handle.run(job, completion);
    Ok(control)
  }

  /// Ends the session: its thread exits after queued runs finish; later runs are refused.
  pub fn close(&self) {
    if let Ok(mut h) = self.handle.lock() {
      h.take();
    }
  }
}
