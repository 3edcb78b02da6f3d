//! How a run's report reaches its caller: exactly once, from whichever side gets there first —
//! the engine thread that ran it, or the watchdog that gave up waiting for that thread.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, Weak};

use super::watchdog;
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
      let report = RunReport::failed(RunError::new(
        ErrorCode::InternalError,
        "Error",
        "The engine thread stopped unexpectedly; the run was lost.",
      ));
      hand_over(deliver, report);
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

  /// Delivers `report` unless the watchdog already delivered one; false then.
  pub fn complete(&self, report: RunReport) -> bool {
    deliver_once(&self.0, report, false)
  }

  /// For the engine thread once it is back from the run: true if the watchdog abandoned the run
  /// meanwhile, so the thread must exit (it then no longer counts as quarantined).
  pub fn back_from_abandoned(&self) -> bool {
    let abandoned = self.0.abandoned.load(Ordering::SeqCst);
    if abandoned {
      watchdog::released();
    }
    abandoned
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
    deliver_once(&shared, report, true)
  }
}

/// Delivers `report` if nothing was delivered yet. The watchdog's delivery (`abandoning`) marks
/// the run abandoned under the same lock, so the engine thread, whose own delivery then fails,
/// is sure to see the mark.
fn deliver_once(shared: &Shared, report: RunReport, abandoning: bool) -> bool {
  let deliver = shared.deliver.lock().ok().and_then(|mut d| {
    let taken = d.take();
    if taken.is_some() && abandoning {
      shared.abandoned.store(true, Ordering::SeqCst);
    }
    taken
  });
  match deliver {
    Some(deliver) => {
      hand_over(deliver, report);
      true
    }
    None => false,
  }
}

/// Every report leaves with the process's count of quarantined threads, for hosts to alert on.
fn hand_over(deliver: Deliver, mut report: RunReport) {
  report.stats.quarantined_threads = watchdog::quarantined() as u32;
  deliver(report);
}
