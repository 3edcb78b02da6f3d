//! The absolute deadline: a watchdog outside the engine threads.
//!
//! The interrupt handler and the engine thread's own timer end nearly every run on time. But a
//! native loop that never consults the handler would hold its thread past any deadline, and
//! that thread's timer could not fire. So every run in progress is also watched from here: if
//! it has not reported within [`GRACE`] of the moment it had to end (its deadline, or when it
//! was aborted or closed), the watchdog reports it itself (`TIMEOUT` or the stop's code, with a
//! warning), and the thread is *quarantined*: never reused, replaced in the pool, and let go if
//! it ever returns. Past [`MAX_QUARANTINED`] stuck threads, new runs fail at once with
//! `ENGINE_EXHAUSTED` instead of piling up.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, LazyLock, Mutex};
use std::time::{Duration, Instant};

use super::completion::{Completion, CompletionWatch};
use super::sandbox::stop_error;
use crate::error::{ErrorCode, RunError};
use crate::limits::Limits;
use crate::run::control::RunControl;
use crate::run::report::RunReport;

/// How long past its end a run's thread may take to come back before it is abandoned.
pub const GRACE: Duration = Duration::from_millis(500);
/// How often a watched run is checked for an abort or close (which move its end earlier).
const POLL: Duration = Duration::from_millis(50);
/// At most this many engine threads may be stuck at once; then runs fail with `ENGINE_EXHAUSTED`.
pub const MAX_QUARANTINED: usize = 16;

static QUARANTINED: AtomicUsize = AtomicUsize::new(0);

/// Engine threads now stuck in a run the watchdog abandoned.
pub fn quarantined() -> usize {
  QUARANTINED.load(Ordering::SeqCst)
}

/// Called when a quarantined thread returns after all: it exits, and no longer counts.
pub fn released() {
  let _ = QUARANTINED.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1));
}

/// Lets a run start, or, while too many threads are quarantined, ends it at once with
/// `ENGINE_EXHAUSTED` (and gives back `None`).
pub fn admit(done: Completion) -> Option<Completion> {
  if quarantined() < MAX_QUARANTINED {
    return Some(done);
  }
  done.complete(RunReport::failed(RunError::new(
    ErrorCode::EngineExhausted,
    "Error",
    format!(
      "The run was not started: {} engine threads are stuck in runs that ignored their deadline.",
      quarantined()
    ),
  )));
  None
}

struct Watched {
  control: Arc<RunControl>,
  limits: Limits,
  done: CompletionWatch,
  /// Runs once if the run is abandoned (the pool replaces the thread; a session starts anew).
  on_abandon: Box<dyn FnOnce() + Send>,
}

#[derive(Default)]
struct Watchdog {
  runs: Mutex<Vec<Watched>>,
  wake: Condvar,
}

static WATCHDOG: LazyLock<Arc<Watchdog>> = LazyLock::new(|| {
  let dog = Arc::new(Watchdog::default());
  let me = dog.clone();
  // If the thread cannot start, runs still end by their own timers; only stuck ones would not.
  let _ = std::thread::Builder::new()
    .name("codemode-watchdog".into())
    .spawn(move || me.serve());
  dog
});

/// Watches a run that is starting on an engine thread.
pub fn watch(
  control: &Arc<RunControl>,
  limits: &Limits,
  done: &Completion,
  on_abandon: impl FnOnce() + Send + 'static,
) {
  let dog = &*WATCHDOG;
  let Ok(mut runs) = dog.runs.lock() else { return };
  runs.push(Watched {
    control: control.clone(),
    limits: *limits,
    done: done.watch(),
    on_abandon: Box::new(on_abandon),
  });
  // A watchdog with runs wakes every POLL anyway, well before any run's end plus GRACE; only an
  // idle one (asleep for long) needs waking. Skipping it keeps a thread switch off every run.
  if runs.len() == 1 {
    dog.wake.notify_one();
  }
}

impl Watchdog {
  fn serve(&self) {
    let Ok(mut runs) = self.runs.lock() else { return };
    loop {
      let now = Instant::now();
      let mut due = Vec::new();
      let mut next = now + Duration::from_secs(3600);
      let mut i = 0;
      while i < runs.len() {
        if !runs[i].done.is_pending() {
          runs.swap_remove(i);
          continue;
        }
        let end = runs[i].control.must_end_by() + GRACE;
        if end <= now {
          due.push(runs.swap_remove(i));
          continue;
        }
        next = next.min(end);
        i += 1;
      }
      if !due.is_empty() {
        drop(runs);
        due.into_iter().for_each(abandon);
        runs = match self.runs.lock() {
          Ok(r) => r,
          Err(_) => return,
        };
        continue;
      }
      let wait = if runs.is_empty() {
        Duration::from_secs(3600)
      } else {
        next.saturating_duration_since(now).min(POLL)
      };
      runs = match self.wake.wait_timeout(runs, wait) {
        Ok((r, _)) => r,
        Err(_) => return,
      };
    }
  }
}

fn abandon(w: Watched) {
  let mut error = stop_error(&w.control, &w.limits).unwrap_or_else(|| {
    RunError::new(
      ErrorCode::Timeout,
      "TimeoutError",
      format!(
        "The run did not finish within its time limit of {} ms.",
        w.limits.timeout_ms
      ),
    )
  });
  error
    .message
    .push_str(" The sandbox was stuck in native code and was abandoned.");
  let mut report = RunReport::failed(error);
  let started = w
    .control
    .deadline
    .checked_sub(w.limits.timeout())
    .unwrap_or(w.control.deadline);
  report.stats.duration_ms = started.elapsed().as_secs_f64() * 1000.0;
  report.warnings.push(format!(
    "The sandbox did not stop within {} ms of the run's end (a built-in that does not check the deadline); it was abandoned and its engine thread quarantined.",
    GRACE.as_millis()
  ));
  QUARANTINED.fetch_add(1, Ordering::SeqCst);
  if w.done.abandon(report) {
    (w.on_abandon)();
  } else {
    released(); // it reported meanwhile: nothing is stuck
  }
}
