//! A few pre-spawned idle workers, so a Python run does not wait for a process to start. A
//! worker whose run ended cleanly goes back to the pool (each run gets a fresh namespace);
//! one that was killed, crashed or served a session is never reused. `drain` ends the idle
//! ones (on `close()`); a worker also exits by itself when Node does (its stdin closes).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use super::worker::Worker;

/// Idle workers kept ready.
pub const IDLE_WORKERS: usize = 2;

static IDLE: Mutex<Vec<Worker>> = Mutex::new(Vec::new());

/// Bumped by `drain`: a refill started before it adds nothing after it.
static GENERATION: AtomicU64 = AtomicU64::new(0);

/// A ready worker: an idle one, or a new one. Refills the pool in the background.
pub fn take() -> Result<Worker, String> {
  let idle = IDLE.lock().ok().and_then(|mut idle| {
    while let Some(mut w) = idle.pop() {
      if w.is_alive() {
        return Some(w);
      }
    }
    None
  });
  let worker = match idle {
    Some(w) => w,
    None => Worker::spawn()?,
  };
  refill();
  Ok(worker)
}

/// Returns a worker whose run ended cleanly.
pub fn give_back(worker: Worker) {
  if let Ok(mut idle) = IDLE.lock() {
    if idle.len() < IDLE_WORKERS {
      idle.push(worker);
    }
  }
}

/// True while idle workers wait (ending them waits for their exit).
pub fn has_idle() -> bool {
  IDLE.lock().map(|idle| !idle.is_empty()).unwrap_or(false)
}

/// Ends every idle worker.
pub fn drain() {
  GENERATION.fetch_add(1, Ordering::SeqCst);
  let idle = IDLE.lock().map(|mut idle| std::mem::take(&mut *idle));
  drop(idle);
}

/// Starts workers until `IDLE_WORKERS` are idle, off the caller's thread.
fn refill() {
  let missing = IDLE
    .lock()
    .map(|idle| IDLE_WORKERS.saturating_sub(idle.len()))
    .unwrap_or(0);
  if missing == 0 {
    return;
  }
  let generation = GENERATION.load(Ordering::SeqCst);
  let _ = std::thread::Builder::new()
    .name("codemode-python-pool".into())
    .spawn(move || {
      for _ in 0..missing {
        let Ok(worker) = Worker::spawn() else { return };
        let Ok(mut idle) = IDLE.lock() else { return };
        if GENERATION.load(Ordering::SeqCst) != generation || idle.len() >= IDLE_WORKERS {
          return; // dropped (killed) outside the lock below
        }
        idle.push(worker);
      }
    });
}
