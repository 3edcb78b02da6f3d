//! The instance in plain Rust, with an in-process fake backend: registry swaps, sessions across
//! a tool change, close with runs in flight, and the backend trait's list/watch/close.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{channel, Receiver};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::future::BoxFuture;

use super::{Finished, Instance, RunRequest};
use crate::error::{ErrorCode, HostError};
use crate::limits::Limits;
use crate::run::control::CancelReason;
use crate::tools::{
  CallCancel, ToolBackend, ToolFailure, ToolFailureCode, ToolListSink, ToolReply, ToolRequest, ToolSpec,
};

/// Tools by name: `never` waits for its cancellation, `slow` answers after 100 ms, anything
/// else echoes its input.
#[derive(Default)]
struct FakeBackend {
  specs: Mutex<Vec<ToolSpec>>,
  sink: Mutex<Option<ToolListSink>>,
  /// The cancellation of the last `never` call (its future may be dropped, not polled again).
  never_cancel: Mutex<Option<CallCancel>>,
  calls: AtomicUsize,
  closed: AtomicBool,
}

impl FakeBackend {
  fn with_tools(names: &[&str]) -> Arc<FakeBackend> {
    let backend = FakeBackend::default();
    *backend.specs.lock().unwrap() = names.iter().map(|n| ToolSpec::named(None, n)).collect();
    Arc::new(backend)
  }

  /// Changes the tool list, as an MCP server's `tools/list_changed` would.
  fn change_tools(&self, names: &[&str]) {
    let specs: Vec<ToolSpec> = names.iter().map(|n| ToolSpec::named(None, n)).collect();
    *self.specs.lock().unwrap() = specs.clone();
    let sink = self.sink.lock().unwrap().clone();
    (sink.expect("the instance watches the backend"))(specs);
  }
}

/// How long the `block` tool holds its engine thread: far past every deadline and grace used
/// here, so the watchdog must act even on a slow, loaded machine.
const BLOCK: Duration = Duration::from_secs(4);

/// Lets a test keep its `Arc<FakeBackend>` and hand the instance a trait object.
struct Shared(Arc<FakeBackend>);

impl ToolBackend for Shared {
  fn list_tools(&self) -> BoxFuture<'static, Result<Vec<ToolSpec>, String>> {
    let specs = self.0.specs.lock().unwrap().clone();
    Box::pin(async move { Ok(specs) })
  }

  fn call(&self, request: ToolRequest) -> BoxFuture<'static, ToolReply> {
    self.0.calls.fetch_add(1, Ordering::SeqCst);
    match request.name.as_str() {
      "never" => {
        *self.0.never_cancel.lock().unwrap() = Some(request.cancel.clone());
        Box::pin(async move {
          request.cancel.cancelled().await;
          ToolReply::Err(ToolFailure::new(ToolFailureCode::Aborted, "cancelled"))
        })
      }
      // Holds the engine thread itself, as a native loop that never checks the deadline would.
      "block" => {
        std::thread::sleep(BLOCK);
        Box::pin(async { ToolReply::Ok(None) })
      }
      "slow" => Box::pin(async move {
        tokio::time::sleep(Duration::from_millis(100)).await;
        ToolReply::Ok(Some(format!("\"{}\"", request.name)))
      }),
      name => {
        let answer = ToolReply::Ok(Some(format!("\"{name}\"")));
        Box::pin(async move { answer })
      }
    }
  }

  fn watch_tools(&self, on_change: ToolListSink) {
    *self.0.sink.lock().unwrap() = Some(on_change);
  }

  fn close(&self) -> BoxFuture<'static, ()> {
    self.0.closed.store(true, Ordering::SeqCst);
    Box::pin(async {})
  }
}

fn instance_with(backend: &Arc<FakeBackend>) -> Arc<Instance> {
  let instance = Instance::new(Limits::default());
  let specs = backend.specs.lock().unwrap().clone();
  instance
    .attach_listed("fake", Arc::new(Shared(backend.clone())), specs)
    .unwrap();
  instance
}

fn request(code: &str) -> RunRequest {
  RunRequest {
    language: Default::default(),
    code: code.into(),
    limits: Limits::default(),
    events: None,
  }
}

fn done_channel() -> (impl FnOnce(Finished) + Send + 'static, Receiver<Finished>) {
  let (tx, rx) = channel();
  (
    move |f: Finished| {
      let _ = tx.send(f);
    },
    rx,
  )
}

fn wait(rx: &Receiver<Finished>) -> Finished {
  rx.recv_timeout(Duration::from_secs(10))
    .expect("the run finishes")
}

fn value(f: &Finished) -> String {
  assert!(f.report.ok(), "run failed: {:?}", f.report.error);
  f.report.value_json.clone().unwrap_or_default()
}

/// Queues `code` on `session` with its own time limit; the receiver gets the outcome.
fn run_in_session(session: &super::Session, code: &str, timeout_ms: u64) -> Receiver<Finished> {
  let (done, rx) = done_channel();
  let mut r = request(code);
  r.limits.timeout_ms = timeout_ms;
  session.run(r, done).unwrap();
  rx
}

fn run(instance: &Arc<Instance>, code: &str) -> Finished {
  let (done, rx) = done_channel();
  instance.run(request(code), done).unwrap();
  wait(&rx)
}

#[test]
fn runs_call_the_backend_by_name() {
  let backend = FakeBackend::with_tools(&["alpha", "beta"]);
  let instance = instance_with(&backend);
  let f = run(&instance, "return [await tools.alpha({}), await tools.beta({})]");
  assert_eq!(value(&f), r#"["alpha","beta"]"#);
  assert_eq!(backend.calls.load(Ordering::SeqCst), 2);
}

#[test]
fn attach_rejects_a_clashing_tool_set_and_keeps_the_old_one() {
  let backend = FakeBackend::with_tools(&["alpha"]);
  let instance = instance_with(&backend);
  let before = instance.tools();
  let other = FakeBackend::with_tools(&["alpha"]);
  let err = instance
    .attach_listed(
      "other",
      Arc::new(Shared(other)),
      vec![ToolSpec::named(None, "alpha")],
    )
    .unwrap_err();
  assert!(err.to_string().contains("both named \"alpha\""), "{err}");
  assert!(Arc::ptr_eq(&before, &instance.tools()));
  assert_eq!(instance.source_names(), ["fake"]);
}

#[test]
fn a_run_keeps_the_tools_it_started_with() {
  let backend = FakeBackend::with_tools(&["slow", "alpha"]);
  let instance = instance_with(&backend);
  let (done, rx) = done_channel();
  instance
    .run(
      request("await tools.slow({}); return await tools.alpha({})"),
      done,
    )
    .unwrap();
  std::thread::sleep(Duration::from_millis(30));
  backend.change_tools(&["gamma"]);
  assert_eq!(value(&wait(&rx)), r#""alpha""#);
  let f = run(&instance, "return [typeof tools.alpha, await tools.gamma({})]");
  assert_eq!(value(&f), r#"["undefined","gamma"]"#);
}

#[test]
fn a_session_sees_a_tool_change_from_its_next_run_and_keeps_its_globals() {
  let backend = FakeBackend::with_tools(&["alpha"]);
  let instance = instance_with(&backend);
  let session = instance.session().unwrap();
  let session_run = |code: &str| {
    let (done, rx) = done_channel();
    session.run(request(code), done).unwrap();
    wait(&rx)
  };
  let first = session_run("globalThis.kept = tools.alpha; globalThis.n = 41; return await tools.alpha({})");
  assert_eq!(value(&first), r#""alpha""#);

  let second_source = FakeBackend::with_tools(&["beta"]);
  instance
    .attach_listed(
      "second",
      Arc::new(Shared(second_source)),
      vec![ToolSpec::named(None, "beta")],
    )
    .unwrap();
  let second = session_run("return [n + 1, await tools.alpha({}), await tools.beta({})]");
  assert_eq!(value(&second), r#"[42,"alpha","beta"]"#);

  // A tool function kept from the old tool set is refused, not sent to whatever has its index now.
  let stale = session_run("try { await kept({}) } catch (e) { return e.message }");
  assert!(
    value(&stale).contains("earlier set of tools"),
    "{}",
    value(&stale)
  );
  session.close();
}

#[test]
fn a_backend_can_change_its_tool_list() {
  let backend = FakeBackend::with_tools(&["alpha"]);
  let instance = instance_with(&backend);
  let generation = instance.tools().generation();
  backend.change_tools(&["alpha", "beta"]);
  assert_ne!(instance.tools().generation(), generation);
  assert_eq!(instance.tools().len(), 2);
  // An invalid list (a duplicate name) is ignored: runs keep the last good tools.
  backend.change_tools(&["beta", "beta"]);
  assert_eq!(instance.tools().len(), 2);
}

#[test]
fn attach_lists_the_tools_of_a_backend() {
  let instance = Instance::new(Limits::default());
  let backend = FakeBackend::with_tools(&["listed"]);
  let executor = crate::engine::pool::new_executor().unwrap();
  executor
    .block_on(instance.attach("fake", Arc::new(Shared(backend.clone()))))
    .unwrap();
  assert_eq!(
    value(&run(&instance, "return await tools.listed({})")),
    r#""listed""#
  );
  assert!(executor.block_on(instance.detach("fake")));
  assert!(backend.closed.load(Ordering::SeqCst));
  assert!(instance.tools().is_empty());
}

#[test]
fn close_stops_runs_in_flight_and_closes_backends() {
  let backend = FakeBackend::with_tools(&["never"]);
  let instance = instance_with(&backend);
  let (done, rx) = done_channel();
  instance
    .run(request("return await tools.never({})"), done)
    .unwrap();
  while backend.calls.load(Ordering::SeqCst) == 0 {
    std::thread::sleep(Duration::from_millis(5));
  }
  assert_eq!(instance.active_runs(), 1);
  let executor = crate::engine::pool::new_executor().unwrap();
  executor.block_on(instance.close());
  let f = wait(&rx);
  assert_eq!(f.report.error.as_ref().map(|e| e.code), Some(ErrorCode::Aborted));
  assert_eq!(f.stopped_by, Some(crate::run::control::StopReason::Closed));
  assert!(backend.closed.load(Ordering::SeqCst));
  let cancel = backend.never_cancel.lock().unwrap().clone().unwrap();
  assert_eq!(cancel.reason(), Some(CancelReason::Closed));
  assert_eq!(instance.active_runs(), 0);

  let (done, _rx) = done_channel();
  assert!(matches!(
    instance.run(request("return 1"), done),
    Err(HostError::Closed)
  ));
  assert!(matches!(instance.session(), Err(HostError::Closed)));
}

#[test]
fn a_session_resets_after_a_timeout_and_says_so_once() {
  let backend = FakeBackend::with_tools(&["alpha"]);
  let instance = instance_with(&backend);
  let session = instance.session().unwrap();
  let session_run = |code: &str, timeout_ms: u64| wait(&run_in_session(&session, code, timeout_ms));
  assert_eq!(
    value(&session_run("globalThis.kept = 1; return kept", 5_000)),
    "1"
  );
  let spin = session_run("for (;;) {}", 100);
  assert_eq!(
    spin.report.error.as_ref().map(|e| e.code),
    Some(ErrorCode::Timeout)
  );
  let after = session_run("return typeof kept", 5_000);
  assert_eq!(value(&after), r#""undefined""#);
  assert!(
    after.report.warnings[0].contains("globals were reset"),
    "{:?}",
    after.report.warnings
  );
  let next = session_run("return 2", 5_000);
  assert!(next.report.warnings.is_empty());
}

#[test]
fn the_watchdog_settles_a_run_whose_thread_is_stuck_and_quarantines_the_thread() {
  use crate::engine::watchdog;
  let backend = FakeBackend::with_tools(&["block", "alpha"]);
  let instance = instance_with(&backend);
  let (done, rx) = done_channel();
  let mut r = request("await tools.block({}); return 1");
  r.limits.timeout_ms = 200;
  let started = std::time::Instant::now();
  instance.run(r, done).unwrap();
  let f = wait(&rx);
  let took = started.elapsed();
  assert_eq!(f.report.error.as_ref().map(|e| e.code), Some(ErrorCode::Timeout));
  assert!(
    took < BLOCK - Duration::from_millis(500),
    "settled after {took:?}, before the thread came back"
  );
  assert!(
    f.report.warnings[0].contains("abandoned"),
    "{:?}",
    f.report.warnings
  );
  assert!(f.report.stats.quarantined_threads >= 1);
  // Other runs go on meanwhile, on other threads.
  assert_eq!(
    value(&run(&instance, "return await tools.alpha({})")),
    r#""alpha""#
  );
  // The stuck thread comes back, sees it was abandoned, and leaves the quarantine count.
  let start = std::time::Instant::now();
  while watchdog::quarantined() > 0 && start.elapsed() < BLOCK + Duration::from_secs(5) {
    std::thread::sleep(Duration::from_millis(20));
  }
  assert_eq!(watchdog::quarantined(), 0);
}

#[test]
fn a_session_whose_thread_is_stuck_goes_on_with_fresh_globals() {
  let backend = FakeBackend::with_tools(&["block", "alpha"]);
  let instance = instance_with(&backend);
  let session = instance.session().unwrap();
  let session_run = |code: &str, timeout_ms: u64| run_in_session(&session, code, timeout_ms);
  assert_eq!(
    value(&wait(&session_run("globalThis.kept = 1; return kept", 5_000))),
    "1"
  );
  let stuck = session_run("await tools.block({}); return 1", 200);
  let queued = session_run("return typeof kept", 5_000);
  let f = wait(&stuck);
  assert_eq!(f.report.error.as_ref().map(|e| e.code), Some(ErrorCode::Timeout));
  let after = wait(&queued);
  assert_eq!(value(&after), r#""undefined""#);
  assert!(
    after.report.warnings[0].contains("globals were reset"),
    "{:?}",
    after.report.warnings
  );
  session.close();
}
