//! Engine threads: a pool that grows on demand and shrinks when idle.
//!
//! Each thread owns a current-thread tokio executor (with timers) on which its runtimes' futures
//! run. A job gets a whole thread for its duration, so CPU-bound guests never delay each other
//! beyond what the OS scheduler does.
//!
//! After a run, the thread prepares one spare sandbox for the same tool set while it waits for
//! work, so the next cold run skips set-up. A spare is never used twice: every run still gets a
//! runtime and context no guest code has touched.

use std::collections::VecDeque;
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::Mutex;
use std::time::Duration;

use std::sync::Arc;

use super::Sandbox;
use crate::limits::ENGINE_THREAD_STACK_BYTES;
use crate::tools::ToolRegistry;

/// What a job gets from its engine thread.
pub struct EngineThread {
  pub executor: tokio::runtime::Runtime,
  spare: Option<Sandbox>,
  prepare_for: Option<Arc<ToolRegistry>>,
}

impl EngineThread {
  /// The spare sandbox if it was made for `registry`; asks for a new spare after this job.
  pub fn take_spare(&mut self, registry: &Arc<ToolRegistry>) -> Option<Sandbox> {
    self.prepare_for = Some(registry.clone());
    match self.spare.take() {
      Some(s) if Arc::ptr_eq(s.registry(), registry) => Some(s),
      _ => None,
    }
  }

  fn prepare_spare(&mut self) {
    if let Some(registry) = self.prepare_for.take() {
      self.spare = self.executor.block_on(Sandbox::new(registry)).ok();
    }
  }
}

/// A unit of work for an engine thread.
pub type Job = Box<dyn FnOnce(&mut EngineThread) + Send>;

/// How long an idle engine thread waits for work before it exits.
const IDLE_KEEP_ALIVE: Duration = Duration::from_secs(30);

/// Runs beyond this many at once wait for a free engine thread instead of starting another.
pub const MAX_ENGINE_THREADS: usize = 256;

struct Pool {
  /// Threads waiting for work (by id); a job is sent to one while the pool lock is held.
  idle: Vec<(u64, Sender<Job>)>,
  /// Jobs waiting for a thread once `MAX_ENGINE_THREADS` are busy.
  waiting: VecDeque<Job>,
  threads: usize,
  next_id: u64,
}

static POOL: Mutex<Pool> = Mutex::new(Pool {
  idle: Vec::new(),
  waiting: VecDeque::new(),
  threads: 0,
  next_id: 0,
});

/// Builds the executor an engine thread runs guest futures on.
pub fn new_executor() -> std::io::Result<tokio::runtime::Runtime> {
  tokio::runtime::Builder::new_current_thread()
    .enable_time()
    .build()
}

/// Runs `job` on an idle engine thread, a new one, or (at the thread limit) the next one free.
pub fn execute(mut job: Job) {
  let Ok(mut pool) = POOL.lock() else { return };
  while let Some((_, tx)) = pool.idle.pop() {
    match tx.send(job) {
      Ok(()) => return,
      Err(err) => job = err.0, // that thread retired meanwhile; try another
    }
  }
  if pool.threads >= MAX_ENGINE_THREADS {
    pool.waiting.push_back(job);
    return;
  }
  pool.threads += 1;
  pool.next_id += 1;
  let id = pool.next_id;
  drop(pool);
  let (tx, rx) = channel::<Job>();
  let spawned = std::thread::Builder::new()
    .name("codemode-engine".into())
    .stack_size(ENGINE_THREAD_STACK_BYTES)
    .spawn(move || worker(id, tx, rx, job));
  // If the thread cannot start, the job (and its Completion) is dropped, which reports the run
  // as lost instead of leaving its promise pending.
  if spawned.is_err() {
    if let Ok(mut pool) = POOL.lock() {
      pool.threads -= 1;
    }
  }
}

fn worker(id: u64, me: Sender<Job>, rx: Receiver<Job>, first: Job) {
  let Ok(executor) = new_executor() else {
    if let Ok(mut pool) = POOL.lock() {
      pool.threads -= 1;
    }
    return;
  };
  let mut thread = EngineThread {
    executor,
    spare: None,
    prepare_for: None,
  };
  let mut job = first;
  loop {
    // A panic inside a job drops its reply channel (the caller reports an internal error);
    // the thread itself stays usable.
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| job(&mut thread)));
    // Prepare before offering this thread again: meanwhile new jobs go to threads that are ready.
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| thread.prepare_spare()));
    {
      let Ok(mut pool) = POOL.lock() else { return };
      if let Some(next) = pool.waiting.pop_front() {
        job = next;
        continue;
      }
      pool.idle.push((id, me.clone()));
    }
    match rx.recv_timeout(IDLE_KEEP_ALIVE) {
      Ok(next) => job = next,
      Err(_) => {
        // Retire, unless a job was sent between the timeout and taking the lock.
        let Ok(mut pool) = POOL.lock() else { return };
        pool.idle.retain(|(other, _)| *other != id);
        match rx.try_recv() {
          Ok(next) => job = next,
          Err(_) => {
            pool.threads -= 1;
            return;
          }
        }
      }
    }
  }
}
