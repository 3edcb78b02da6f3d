//! How a run's report reaches its caller: exactly once, from whichever side gets there first —
//! the engine thread that ran it, or the watchdog that gave up waiting for that thread.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, Weak};

use crate::error::{ErrorCode, RunError};
use crate::run::report::RunReport;

type Deliver = Box<dyn FnOnce(RunReport) + Send>;

struct Shared {
  deliver: Mutex<Option<Deliver>>,
  abandoned: AtomicBool,
}

impl Drop for Shared {
  /// A run whose every handle is gone without a report (a panic, a thread that could not
  /// start) is reported as lost rather than left pending.
  fn drop(&mut self) {
    let deliver = match self.deliver.get_mut() {
      Ok(d) => d.take(),
      Err(poisoned) => poisoned.into_inner().take(),
    };
    if let Some(deliver) = deliver {
      deliver(RunReport::failed(RunError::new(
        ErrorCode::InternalError,
        "Error",
        "The engine thread stopped unexpectedly; the run was lost.",
      )));
    }
  }
}

/// Receives a run's report. Called exactly once: by [`Completion::complete`], by the watchdog's
/// [`Completion::abandon`], or with an `INTERNAL_ERROR` report when the run is lost.
pub struct Completion(Arc<Shared>);

/// The watchdog's handle: it does not keep a run alive (so a lost run is reported at once).
pub struct CompletionWatch(Weak<Shared>);

impl Completion {
  pub fn new(deliver: impl FnOnce(RunReport) + Send + 'static) -> Self {
    Completion(Arc::new(Shared {
      deliver: Mutex::new(Some(Box::new(deliver))),
      abandoned: AtomicBool::new(false),
    }))
  }

  fn take(shared: &Shared) -> Option<Deliver> {
    shared.deliver.lock().ok().and_then(|mut d| d.take())
  }

  /// Delivers `report` unless the watchdog already delivered one; false then.
  pub fn complete(&self, report: RunReport) -> bool {
    match Completion::take(&self.0) {
      Some(deliver) => {
        deliver(report);
        true
      }
      None => false,
    }
  }

  /// True when the watchdog gave up on this run: its thread must not be used again.
  pub fn was_abandoned(&self) -> bool {
    self.0.abandoned.load(Ordering::SeqCst)
  }

  pub fn watch(&self) -> CompletionWatch {
    CompletionWatch(Arc::downgrade(&self.0))
  }
}

impl CompletionWatch {
  /// Still waiting for a report (and some engine thread still holds the run).
  pub fn is_pending(&self) -> bool {
    self
      .0
      .upgrade()
      .is_some_and(|s| s.deliver.lock().map(|d| d.is_some()).unwrap_or(false))
  }

  /// Delivers `report` in place of the engine thread's, if none was delivered yet.
  pub fn abandon(&self, report: RunReport) -> bool {
    let Some(shared) = self.0.upgrade() else {
      return false;
    };
    match Completion::take(&shared) {
      Some(deliver) => {
        shared.abandoned.store(true, Ordering::SeqCst);
        deliver(report);
        true
      }
      None => false,
    }
  }
}
