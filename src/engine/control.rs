//! Per-run control shared between the engine thread, the interrupt handler and the host:
//! the deadline, and the first fatal condition (abort, close, tool-call limit) that ends the run.

use std::sync::atomic::{AtomicU8, Ordering};
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

#[derive(Debug)]
pub struct RunControl {
  pub deadline: Instant,
  stop: AtomicU8,
  stopped: CancellationToken,
}

impl RunControl {
  pub fn new(deadline: Instant) -> Self {
    RunControl {
      deadline,
      stop: AtomicU8::new(0),
      stopped: CancellationToken::new(),
    }
  }

  /// Records the first stop reason and wakes the run; later reasons are ignored.
  pub fn stop(&self, reason: StopReason) {
    if self
      .stop
      .compare_exchange(0, reason as u8, Ordering::SeqCst, Ordering::SeqCst)
      .is_ok()
    {
      self.stopped.cancel();
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
