//! Past the bound of quarantined engine threads, runs fail at once with `ENGINE_EXHAUSTED`
//! instead of piling up; once the stuck threads come back, runs work again. Its own test binary
//! (so its own process): it fills the process-wide quarantine on purpose.

use std::sync::mpsc::channel;
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::future::BoxFuture;
use quickjs_codemode::engine::watchdog::{self, MAX_QUARANTINED};
use quickjs_codemode::error::ErrorCode;
use quickjs_codemode::instance::{Finished, Instance, RunRequest};
use quickjs_codemode::limits::Limits;
use quickjs_codemode::tools::{ToolBackend, ToolReply, ToolRequest, ToolSpec};

/// One tool, `block`, that holds the engine thread (as a stuck native loop would).
struct Blocking;

impl ToolBackend for Blocking {
  fn list_tools(&self) -> BoxFuture<'static, Result<Vec<ToolSpec>, String>> {
    Box::pin(async { Ok(vec![ToolSpec::named(None, "block")]) })
  }

  fn call(&self, _request: ToolRequest) -> BoxFuture<'static, ToolReply> {
    // Far past the 50 ms deadline plus the watchdog's grace, even on a loaded machine, so all
    // of them are abandoned (and quarantined) before the first comes back.
    std::thread::sleep(Duration::from_secs(4));
    Box::pin(async { ToolReply::Ok(None) })
  }
}

fn run(instance: &Arc<Instance>, code: &str, timeout_ms: u64) -> std::sync::mpsc::Receiver<Finished> {
  let (tx, rx) = channel();
  let request = RunRequest {
    language: Default::default(),
    code: code.into(),
    limits: Limits {
      timeout_ms,
      ..Limits::default()
    },
    events: None,
  };
  instance
    .run(request, move |f| {
      let _ = tx.send(f);
    })
    .unwrap();
  rx
}

fn code_of(f: &Finished) -> Option<ErrorCode> {
  f.report.error.as_ref().map(|e| e.code)
}

#[test]
fn runs_fail_fast_while_too_many_threads_are_stuck_and_recover_after() {
  let instance = Instance::new(Limits::default());
  instance
    .attach_listed(
      "blocking",
      Arc::new(Blocking),
      vec![ToolSpec::named(None, "block")],
    )
    .unwrap();
  let stuck: Vec<_> = (0..MAX_QUARANTINED)
    .map(|_| run(&instance, "await tools.block({})", 50))
    .collect();
  for rx in &stuck {
    let f = rx.recv_timeout(Duration::from_secs(5)).unwrap();
    assert_eq!(code_of(&f), Some(ErrorCode::Timeout));
  }
  assert!(watchdog::quarantined() >= MAX_QUARANTINED);

  let started = Instant::now();
  let refused = run(&instance, "return 1", 5_000)
    .recv_timeout(Duration::from_secs(5))
    .unwrap();
  assert_eq!(code_of(&refused), Some(ErrorCode::EngineExhausted));
  assert!(started.elapsed() < Duration::from_millis(500));
  assert_eq!(
    refused.report.stats.quarantined_threads as usize,
    watchdog::quarantined()
  );

  let wait_start = Instant::now();
  while watchdog::quarantined() > 0 && wait_start.elapsed() < Duration::from_secs(15) {
    std::thread::sleep(Duration::from_millis(20));
  }
  assert_eq!(watchdog::quarantined(), 0);
  let ok = run(&instance, "return 1 + 1", 5_000)
    .recv_timeout(Duration::from_secs(5))
    .unwrap();
  assert!(ok.report.ok(), "{:?}", ok.report.error);
}
