//! Per-run control shared between the engine thread, the interrupt handler and the host:
//! the deadline, the first fatal condition (abort, close, tool-call limit) that ends the run, and
//! the reason a pending tool call is cancelled.

use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use tokio_util::sync::CancellationToken;

/// Why a run was stopped from outside the guest's control flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum StopReason {
  Aborted = 1,
  Closed = 2,
  ToolCallLimit = 3,
  MemoryLimit = 4,
}

impl StopReason {
  fn from_u8(v: u8) -> Option<StopReason> {
    match v {
      1 => Some(StopReason::Aborted),
      2 => Some(StopReason::Closed),
      3 => Some(StopReason::ToolCallLimit),
      4 => Some(StopReason::MemoryLimit),
      _ => None,
    }
  }
}

/// Why a pending tool call was cancelled; shown to the host as `ctx.signal.reason`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum CancelReason {
  /// The program returned while the call was still pending.
  ProgramEnded = 1,
  TimedOut = 2,
  Aborted = 3,
  /// The instance was closed.
  Closed = 4,
  /// The run failed for another reason (an exception, a limit).
  RunFailed = 5,
}

impl CancelReason {
  const ALL: [CancelReason; 5] = [
    CancelReason::ProgramEnded,
    CancelReason::TimedOut,
    CancelReason::Aborted,
    CancelReason::Closed,
    CancelReason::RunFailed,
  ];

  /// The sentence after "Tool call cancelled: ".
  pub fn message(self) -> &'static str {
    match self {
      CancelReason::ProgramEnded => "the program ended before this call finished",
      CancelReason::TimedOut => "the run timed out",
      CancelReason::Aborted => "the run was aborted",
      CancelReason::Closed => "the CodeMode instance was closed",
      CancelReason::RunFailed => "the run failed",
    }
  }

  /// The `DOMException` name the host's `ctx.signal.reason` carries (as `fetch` would use).
  pub fn exception_name(self) -> &'static str {
    match self {
      CancelReason::TimedOut => "TimeoutError",
      _ => "AbortError",
    }
  }

  pub fn from_u8(v: u8) -> Option<CancelReason> {
    CancelReason::ALL.into_iter().find(|r| *r as u8 == v)
  }
}

#[derive(Debug)]
pub struct RunControl {
  pub deadline: Instant,
  stop: AtomicU8,
  stopped: CancellationToken,
  stopped_at: Mutex<Option<Instant>>,
}

impl RunControl {
  pub fn new(deadline: Instant) -> Self {
    RunControl {
      deadline,
      stop: AtomicU8::new(0),
      stopped: CancellationToken::new(),
      stopped_at: Mutex::new(None),
    }
  }

  /// Records the first stop reason and wakes the run; later reasons are ignored.
  pub fn stop(&self, reason: StopReason) {
    if self
      .stop
      .compare_exchange(0, reason as u8, Ordering::SeqCst, Ordering::SeqCst)
      .is_ok()
    {
      if let Ok(mut at) = self.stopped_at.lock() {
        *at = Some(Instant::now());
      }
      self.stopped.cancel();
    }
  }

  /// When the run must be over: its deadline, or the moment it was stopped if that came first.
  pub fn must_end_by(&self) -> Instant {
    match self.stopped_at.lock().ok().and_then(|at| *at) {
      Some(at) => at.min(self.deadline),
      None => self.deadline,
    }
  }

  pub fn stop_reason(&self) -> Option<StopReason> {
    StopReason::from_u8(self.stop.load(Ordering::SeqCst))
  }

  pub fn timed_out(&self) -> bool {
    Instant::now() >= self.deadline
  }

  /// True when guest bytecode must stop running now (read by the QuickJS interrupt handler).
  pub fn should_interrupt(&self) -> bool {
    self.stop.load(Ordering::Relaxed) != 0 || self.timed_out()
  }

  /// Resolves when [`RunControl::stop`] is called.
  pub async fn stopped(&self) {
    self.stopped.cancelled().await
  }
}
