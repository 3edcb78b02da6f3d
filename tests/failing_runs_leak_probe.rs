//! A probe for memory kept by failing runs, meant for valgrind or heaptrack, not for CI timing:
//!
//!   cargo test --release --test failing_runs_leak_probe -- --ignored --nocapture
//!   valgrind --leak-check=full target/release/deps/failing_runs_leak_probe-* --ignored
//!
//! It runs failing programs of every kind (uncaught exceptions, syntax errors, unserialisable
//! results, tool errors, timeouts, memory and stack breaches) through an instance, then ends.

use std::sync::mpsc::channel;
use std::sync::Arc;
use std::time::Duration;

use futures_util::future::BoxFuture;
use quickjs_codemode::instance::{Instance, RunRequest};
use quickjs_codemode::limits::Limits;
use quickjs_codemode::tools::{ToolBackend, ToolFailure, ToolFailureCode, ToolReply, ToolRequest, ToolSpec};

struct Failing;

impl ToolBackend for Failing {
  fn list_tools(&self) -> BoxFuture<'static, Result<Vec<ToolSpec>, String>> {
    Box::pin(async { Ok(vec![ToolSpec::named(None, "fail")]) })
  }

  fn call(&self, _request: ToolRequest) -> BoxFuture<'static, ToolReply> {
    Box::pin(async { ToolReply::Err(ToolFailure::new(ToolFailureCode::ToolFailed, "no")) })
  }
}

const PROGRAMS: [&str; 7] = [
  "throw new Error('boom ' + 'x'.repeat(100))",
  "const a = ;",
  "return 10n",
  "await tools.fail({})",
  "for (;;) {}",
  "const keep = []; for (;;) keep.push('x'.repeat(1e5))",
  "function f() { return f() + 1 } return f()",
];

#[test]
#[ignore = "a probe for valgrind/heaptrack; run it by hand"]
fn failing_runs() {
  let rounds: usize = std::env::var("PROBE_ROUNDS")
    .ok()
    .and_then(|v| v.parse().ok())
    .unwrap_or(50);
  let instance = Instance::new(Limits {
    timeout_ms: 100,
    memory_limit_bytes: 4 << 20,
    ..Limits::default()
  });
  instance
    .attach_listed("failing", Arc::new(Failing), vec![ToolSpec::named(None, "fail")])
    .unwrap();
  for _ in 0..rounds {
    for code in PROGRAMS {
      let (tx, rx) = channel();
      let request = RunRequest {
        language: Default::default(),
        code: code.into(),
        limits: *instance.limits(),
        events: None,
      };
      instance
        .run(request, move |f| {
          let _ = tx.send(f.report.ok());
        })
        .unwrap();
      assert!(!rx.recv_timeout(Duration::from_secs(30)).unwrap());
    }
  }
  eprintln!(
    "{} rounds of {} failing runs; engine threads quarantined now: {}",
    rounds,
    PROGRAMS.len(),
    quickjs_codemode::engine::watchdog::quarantined()
  );
}
