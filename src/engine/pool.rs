//! Engine threads: a pool that grows on demand up to a cap, queues work beyond it, and shrinks
//! when idle.
//!
//! Each thread owns a current-thread tokio executor (with timers) on which its runtimes' futures
//! run. A job gets a whole thread for its duration, so CPU-bound guests never delay each other
//! beyond what the OS scheduler does.
//!
//! After a run, the thread prepares one spare sandbox (for the last run's tools) while it waits
//! for work, so the next cold run skips set-up; a run with other tools swaps its own in. A spare
//! is never used twice: every run still gets a runtime and context no guest code has touched.
//! After a Bash run the spare also has the shell loaded (trusted code only), so Bash runs skip
//! loading it too. A thread keeps at most one spare per language, so runs alternating between
//! them still find theirs; a JavaScript run never gets a spare with a shell (its heap would
//! count against the run).

use std::collections::VecDeque;
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Arc, LazyLock, Mutex};
use std::time::Duration;

use super::Sandbox;
use crate::limits::ENGINE_THREAD_STACK_BYTES;
use crate::tools::ToolRegistry;

/// What a job gets from its engine thread.
pub struct EngineThread {
  pub executor: tokio::runtime::Runtime,
  /// Never-used sandboxes (for any tool set): at most one without and one with Bash loaded.
  spares: Vec<Sandbox>,
  /// The tools and language (true: Bash) of the last run, which the next spare is made for.
  prepare_for: Option<(Arc<ToolRegistry>, bool)>,
}

impl EngineThread {
  /// The thread's spare sandbox for the language (`bash`), whatever tools it was made for (the
  /// run swaps in its own registry's `tools` object if they differ, as a session does after a
  /// tool change), so a server that makes a `CodeMode` per request gets one too; asks for a new
  /// spare after this job.
  pub fn take_spare(&mut self, registry: &Arc<ToolRegistry>, bash: bool) -> Option<Sandbox> {
    self.prepare_for = Some((registry.clone(), bash));
    let i = self.spares.iter().position(|s| s.has_bash() == bash)?;
    Some(self.spares.swap_remove(i))
  }

  fn prepare_spare(&mut self) {
    if let Some((registry, bash)) = self.prepare_for.take() {
      let spare = self.executor.block_on(async move {
        let mut sandbox = Sandbox::new(registry).await.ok()?;
        if bash {
          sandbox.preload_bash().await.ok()?;
        }
        Some(sandbox)
      });
      self.spares.extend(spare);
    }
  }
}

/// What becomes of a thread after a job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThreadFate {
  /// Back to the pool for more work.
  Reuse,
  /// The watchdog gave up on this thread's job and the pool already replaced it: exit quietly.
  Abandoned,
}

/// A unit of work for an engine thread.
pub type Job = Box<dyn FnOnce(&mut EngineThread) -> ThreadFate + Send>;

/// How long an idle engine thread of the shared pool waits for work before it exits.
const IDLE_KEEP_ALIVE: Duration = Duration::from_secs(30);

/// Runs beyond this many at once wait for a free engine thread instead of starting another.
pub const MAX_ENGINE_THREADS: usize = 256;

#[derive(Default)]
struct PoolState {
  /// Threads waiting for work (by id); a job is sent to one while the pool lock is held.
  idle: Vec<(u64, Sender<Job>)>,
  /// Jobs waiting for a thread once `max_threads` are busy.
  waiting: VecDeque<Job>,
  threads: usize,
  next_id: u64,
}

/// A pool of engine threads. The process shares one ([`shared`]); tests make small ones.
pub struct EnginePool {
  state: Arc<Mutex<PoolState>>,
  max_threads: usize,
  idle_keep_alive: Duration,
}

/// Thread count and queue length at one moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolSize {
  pub threads: usize,
  pub idle: usize,
  pub waiting: usize,
}

static SHARED: LazyLock<EnginePool> = LazyLock::new(|| EnginePool::new(MAX_ENGINE_THREADS, IDLE_KEEP_ALIVE));

/// The process-wide pool every one-shot run uses.
pub fn shared() -> &'static EnginePool {
  &SHARED
}

/// Builds the executor an engine thread runs guest futures on.
pub fn new_executor() -> std::io::Result<tokio::runtime::Runtime> {
  tokio::runtime::Builder::new_current_thread()
    .enable_time()
    .build()
}

impl EnginePool {
  pub fn new(max_threads: usize, idle_keep_alive: Duration) -> EnginePool {
    EnginePool {
      state: Arc::default(),
      max_threads: max_threads.max(1),
      idle_keep_alive,
    }
  }

  pub fn size(&self) -> PoolSize {
    match self.state.lock() {
      Ok(s) => PoolSize {
        threads: s.threads,
        idle: s.idle.len(),
        waiting: s.waiting.len(),
      },
      Err(_) => PoolSize {
        threads: 0,
        idle: 0,
        waiting: 0,
      },
    }
  }

  /// Forgets a thread stuck in an abandoned job, so the cap counts only live threads, and starts
  /// a replacement if work is waiting.
  pub fn release_stuck_thread(&self) {
    let next = {
      let Ok(mut pool) = self.state.lock() else { return };
      pool.threads = pool.threads.saturating_sub(1);
      pool.waiting.pop_front()
    };
    if let Some(job) = next {
      self.execute(job);
    }
  }

  /// Runs `job` on an idle engine thread, a new one, or (at the thread cap) the next one free.
  pub fn execute(&self, mut job: Job) {
    let Ok(mut pool) = self.state.lock() else { return };
    while let Some((_, tx)) = pool.idle.pop() {
      match tx.send(job) {
        Ok(()) => return,
        Err(err) => job = err.0, // that thread retired meanwhile; try another
      }
    }
    if pool.threads >= self.max_threads {
      pool.waiting.push_back(job);
      return;
    }
    pool.threads += 1;
    pool.next_id += 1;
    let id = pool.next_id;
    drop(pool);
    let (tx, rx) = channel::<Job>();
    let worker = Worker {
      id,
      me: tx,
      rx,
      state: self.state.clone(),
      idle_keep_alive: self.idle_keep_alive,
    };
    let spawned = std::thread::Builder::new()
      .name("codemode-engine".into())
      .stack_size(ENGINE_THREAD_STACK_BYTES)
      .spawn(move || worker.serve(job));
    // If the thread cannot start, the job (and its Completion) is dropped, which reports the run
    // as lost instead of leaving its promise pending.
    if spawned.is_err() {
      if let Ok(mut pool) = self.state.lock() {
        pool.threads -= 1;
      }
    }
  }
}

/// One engine thread's loop: run a job, prepare a spare, take queued work or wait idle.
struct Worker {
  id: u64,
  me: Sender<Job>,
  rx: Receiver<Job>,
  state: Arc<Mutex<PoolState>>,
  idle_keep_alive: Duration,
}

impl Worker {
  fn serve(self, first: Job) {
    let Ok(executor) = new_executor() else {
      self.leave();
      return;
    };
    let mut thread = EngineThread {
      executor,
      spares: Vec::new(),
      prepare_for: None,
    };
    let mut job = first;
    loop {
      // A panic inside a job drops its Completion (the caller gets an internal error); the
      // thread itself stays usable.
      let fate = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| job(&mut thread)));
      if matches!(fate, Ok(ThreadFate::Abandoned)) {
        return; // the pool no longer counts this thread
      }
      // Prepare before offering this thread again: meanwhile new jobs go to threads that are ready.
      let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| thread.prepare_spare()));
      match self.next_job() {
        Some(next) => job = next,
        None => return,
      }
    }
  }

  /// The next job: queued work first, else whatever arrives while idle; `None` to retire.
  fn next_job(&self) -> Option<Job> {
    {
      let mut pool = self.state.lock().ok()?;
      if let Some(next) = pool.waiting.pop_front() {
        return Some(next);
      }
      pool.idle.push((self.id, self.me.clone()));
    }
    if let Ok(next) = self.rx.recv_timeout(self.idle_keep_alive) {
      return Some(next);
    }
    // Retire, unless a job was sent between the timeout and taking the lock.
    let mut pool = self.state.lock().ok()?;
    pool.idle.retain(|(other, _)| *other != self.id);
    match self.rx.try_recv() {
      Ok(next) => Some(next),
      Err(_) => {
        pool.threads -= 1;
        None
      }
    }
  }

  fn leave(&self) {
    if let Ok(mut pool) = self.state.lock() {
      pool.threads -= 1;
    }
  }
}

#[cfg(test)]
mod tests {
  use std::sync::mpsc::channel;
  use std::time::Instant;

  use super::*;

  /// Polls `check` until it holds or two seconds pass.
  fn eventually(what: &str, check: impl Fn() -> bool) {
    let start = Instant::now();
    while !check() {
      assert!(
        start.elapsed() < Duration::from_secs(2),
        "timed out waiting for {what}"
      );
      std::thread::sleep(Duration::from_millis(5));
    }
  }

  #[test]
  fn grows_to_its_cap_queues_the_rest_and_retires_idle_threads() {
    let pool = EnginePool::new(2, Duration::from_millis(100));
    let (release_tx, release_rx) = channel::<()>();
    let release_rx = Arc::new(Mutex::new(release_rx));
    let (done_tx, done_rx) = channel::<usize>();
    for n in 0..4 {
      let release = release_rx.clone();
      let done = done_tx.clone();
      pool.execute(Box::new(move |_thread| {
        let _ = release.lock().map(|r| r.recv());
        let _ = done.send(n);
        ThreadFate::Reuse
      }));
    }
    eventually("two busy threads and two queued jobs", || {
      pool.size()
        == PoolSize {
          threads: 2,
          idle: 0,
          waiting: 2,
        }
    });
    for _ in 0..4 {
      release_tx.send(()).unwrap();
    }
    let mut finished: Vec<usize> = (0..4)
      .map(|_| done_rx.recv_timeout(Duration::from_secs(2)).unwrap())
      .collect();
    finished.sort();
    assert_eq!(finished, [0, 1, 2, 3]);
    eventually("both threads idle", || pool.size().idle == 2);
    assert_eq!(pool.size().threads, 2, "queued jobs reused the threads");
    eventually("idle threads retired", || pool.size().threads == 0);
  }

  #[test]
  fn a_panicking_job_leaves_its_thread_usable() {
    // Idle threads live long here: on a loaded machine (or with RUST_BACKTRACE printing the
    // panic) a short idle time could retire the thread before the count is read.
    let pool = EnginePool::new(1, Duration::from_secs(30));
    pool.execute(Box::new(|_| panic!("a job failed")));
    let (tx, rx) = channel();
    pool.execute(Box::new(move |_| {
      let _ = tx.send("ran");
      ThreadFate::Reuse
    }));
    assert_eq!(rx.recv_timeout(Duration::from_secs(20)).unwrap(), "ran");
    assert_eq!(pool.size().threads, 1);
  }
}
