//! The runs of an instance still in flight, so `close()` can stop them.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use crate::run::control::{RunControl, StopReason};

#[derive(Default)]
pub struct ActiveRuns {
  next_id: AtomicU64,
  runs: Mutex<HashMap<u64, Arc<RunControl>>>,
}

impl ActiveRuns {
  /// Registers a run; returns the id to [`Self::remove`] it with.
  pub fn add(&self, control: Arc<RunControl>) -> u64 {
    let id = self.next_id.fetch_add(1, Ordering::Relaxed);
    if let Ok(mut runs) = self.runs.lock() {
      runs.insert(id, control);
    }
    id
  }

  pub fn remove(&self, id: u64) {
    if let Ok(mut runs) = self.runs.lock() {
      runs.remove(&id);
    }
  }

  pub fn len(&self) -> usize {
    self.runs.lock().map(|r| r.len()).unwrap_or(0)
  }

  pub fn stop_all(&self, reason: StopReason) {
    if let Ok(runs) = self.runs.lock() {
      for control in runs.values() {
        control.stop(reason);
      }
    }
  }
}
