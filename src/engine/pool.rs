//! Engine threads: a pool that grows on demand and shrinks when idle.
//!
//! Each thread owns a current-thread tokio executor (with timers) on which its runtimes' futures
//! run. A job gets a whole thread for its duration, so CPU-bound guests never delay each other
//! beyond what the OS scheduler does.

use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::Mutex;
use std::time::Duration;

use crate::limits::ENGINE_THREAD_STACK_BYTES;

/// A unit of work for an engine thread; it receives that thread's executor.
pub type Job = Box<dyn FnOnce(&tokio::runtime::Runtime) + Send>;

/// How long an idle engine thread waits for work before it exits.
const IDLE_KEEP_ALIVE: Duration = Duration::from_secs(30);

static IDLE: Mutex<Vec<Sender<Job>>> = Mutex::new(Vec::new());

/// Builds the executor an engine thread runs guest futures on.
pub fn new_executor() -> std::io::Result<tokio::runtime::Runtime> {
  tokio::runtime::Builder::new_current_thread()
    .enable_time()
    .build()
}

/// Runs `job` on an idle engine thread, or on a new one.
pub fn execute(mut job: Job) {
  loop {
    let idle = IDLE.lock().ok().and_then(|mut v| v.pop());
    match idle {
      Some(tx) => match tx.send(job) {
        Ok(()) => return,
        Err(err) => job = err.0, // that thread retired meanwhile; try another
      },
      None => break,
    }
  }
  let (tx, rx) = channel::<Job>();
  let spawned = std::thread::Builder::new()
    .name("codemode-engine".into())
    .stack_size(ENGINE_THREAD_STACK_BYTES)
    .spawn(move || worker(tx, rx, job));
  if let Err(err) = spawned {
    eprintln!("quickjs-codemode: cannot start an engine thread: {err}");
  }
}

fn worker(me: Sender<Job>, rx: Receiver<Job>, first: Job) {
  let Ok(executor) = new_executor() else { return };
  let mut job = first;
  loop {
    // A panic inside a job drops its reply channel (the caller reports an internal error);
    // the thread itself stays usable.
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| job(&executor)));
    if let Ok(mut idle) = IDLE.lock() {
      idle.push(me.clone());
    }
    match rx.recv_timeout(IDLE_KEEP_ALIVE) {
      Ok(next) => job = next,
      Err(_) => return,
    }
  }
}
