//! Engine tests in plain Rust: a sandbox with in-process tool backends, no Node involved.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::future::BoxFuture;

use super::{RunJob, Sandbox};
use crate::error::ErrorCode;
use crate::limits::Limits;
use crate::run::control::RunControl;
use crate::run::language::Language;
use crate::run::report::RunReport;
use crate::tools::{ToolBackend, ToolEntry, ToolRegistry, ToolReply, ToolRequest, ToolSpec};

/// Answers with its input, or never answers when the tool is `never` (and then records whether
/// its cancellation token fired; the future itself may be dropped rather than polled again).
struct TestBackend {
  saw_cancel: Arc<AtomicBool>,
}

impl ToolBackend for TestBackend {
  fn list_tools(&self) -> BoxFuture<'static, Result<Vec<ToolSpec>, String>> {
    Box::pin(async {
      Ok(vec![
        ToolSpec::named(None, "echo"),
        ToolSpec::named(None, "never"),
      ])
    })
  }

  fn call(&self, r: ToolRequest) -> BoxFuture<'static, ToolReply> {
    if r.index == 1 {
      let saw_cancel = self.saw_cancel.clone();
      let token = r.cancel.clone();
      std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
        rt.block_on(token.cancelled());
        saw_cancel.store(true, Ordering::SeqCst);
      });
      return Box::pin(std::future::pending());
    }
    Box::pin(async move { ToolReply::Ok(r.input_json) })
  }
}

fn registry(saw_cancel: Arc<AtomicBool>) -> Arc<ToolRegistry> {
  let backend: Arc<dyn ToolBackend> = Arc::new(TestBackend { saw_cancel });
  let spec = |name: &str| ToolSpec::named(None, name);

  Arc::new(
    ToolRegistry::new(vec![
      ToolEntry {
        spec: spec("echo"),
        backend: backend.clone(),
        backend_index: 0,
      },
      ToolEntry {
        spec: spec("never"),
        backend,
        backend_index: 1,
      },
    ])
    .unwrap(),
  )
}

/// Runs `code` once in a new sandbox made for the tools of `made_for`, with those of `registry`
/// (the same, or others swapped in as for a spare made for another run).
pub(super) fn run_once(
  made_for: Arc<ToolRegistry>,
  registry: Arc<ToolRegistry>,
  code: &str,
  language: Language,
  limits: Limits,
) -> RunReport {
  let executor = super::pool::new_executor().unwrap();
  executor.block_on(async {
    let mut sandbox = Sandbox::new(made_for).await.unwrap();
    let control = Arc::new(RunControl::new(Instant::now() + limits.timeout()));
    sandbox
      .run(RunJob {
        code: code.into(),
        language,
        registry,
        limits,
        control,
        events: None,
        call_ids: Default::default(),
      })
      .await
  })
}

/// Runs `code`; the flag tells (see [`cancelled`]) whether the `never` call was cancelled.
fn run(code: &str, limits: Limits) -> (RunReport, Arc<AtomicBool>) {
  let saw_cancel = Arc::new(AtomicBool::new(false));
  let reg = registry(saw_cancel.clone());
  let report = run_once(reg.clone(), reg, code, Language::default(), limits);
  (report, saw_cancel)
}

/// Waits up to a second for the watcher thread to see the cancellation.
fn cancelled(flag: &AtomicBool) -> bool {
  let until = Instant::now() + Duration::from_secs(1);
  while !flag.load(Ordering::SeqCst) && Instant::now() < until {
    std::thread::sleep(Duration::from_millis(2));
  }
  flag.load(Ordering::SeqCst)
}

#[test]
fn returns_json_value_and_records_tool_calls() {
  let (r, _) = run(
    "const a = await tools.echo({ n: 2 }); return { doubled: a.n * 2 }",
    Limits::default(),
  );
  assert_eq!(r.error, None);
  assert_eq!(r.value_json.as_deref(), Some(r#"{"doubled":4}"#));
  assert_eq!(r.tool_calls.len(), 1);
  assert_eq!(r.tool_calls[0].tool, "echo");
  assert_eq!(
    r.tool_calls[0].input.as_ref().map(|j| j.0.as_str()),
    Some(r#"{"n":2}"#)
  );
}

#[test]
fn never_answering_tool_times_out_and_is_cancelled() {
  let limits = Limits {
    timeout_ms: 150,
    ..Limits::default()
  };
  let started = Instant::now();
  let (r, saw_cancel) = run("await tools.never({})", limits);
  assert_eq!(r.error.map(|e| e.code), Some(ErrorCode::Timeout));
  assert!(started.elapsed() < Duration::from_secs(2));
  assert!(
    cancelled(&saw_cancel),
    "the pending call's cancellation token must fire"
  );
}

#[test]
fn busy_loop_after_await_times_out() {
  let limits = Limits {
    timeout_ms: 100,
    ..Limits::default()
  };
  let (r, _) = run("await tools.echo(1); while (true) {}", limits);
  assert_eq!(r.error.map(|e| e.code), Some(ErrorCode::Timeout));
}

#[test]
fn tool_call_limit_holds_even_when_caught() {
  let limits = Limits {
    max_tool_calls: 2,
    ..Limits::default()
  };
  let (r, _) = run(
    "for (let i = 0; i < 5; i++) { try { await tools.echo(i) } catch {} } return 'done'",
    limits,
  );
  assert_eq!(r.error.map(|e| e.code), Some(ErrorCode::ToolCallLimit));
}

#[test]
fn unawaited_calls_are_cancelled_and_named() {
  let (r, saw_cancel) = run("tools.never({}); return 1", Limits::default());
  assert_eq!(r.value_json.as_deref(), Some("1"));
  assert!(cancelled(&saw_cancel));
  assert!(
    r.warnings.iter().any(|w| w.contains("tools.never")),
    "{:?}",
    r.warnings
  );
}

#[test]
fn syntax_and_runtime_errors_point_at_model_lines() {
  let (r, _) = run("const a = 1\nconst b = ;", Limits::default());
  let e = r.error.unwrap();
  assert_eq!(
    (e.code, e.line, e.column),
    (ErrorCode::SyntaxError, Some(2), Some(11))
  );
  let (r, _) = run(
    "type T = { x: number }\nconst o: T | null = null\n\nconst v = o!.x",
    Limits::default(),
  );
  let e = r.error.unwrap();
  assert_eq!(
    (e.code, e.name.as_str(), e.line, e.column),
    (ErrorCode::UncaughtException, "TypeError", Some(4), Some(11))
  );
}

#[test]
fn unknown_tool_gets_nearest_name_hint() {
  let (r, _) = run("await tools.ecoh({})", Limits::default());
  let e = r.error.unwrap();
  assert!(e.hint.contains("tools.echo"), "{}", e.hint);
}

#[test]
fn a_sandbox_made_for_other_tools_runs_with_the_jobs_own() {
  // An engine thread's spare was made for the previous run's tools, maybe another CodeMode's:
  // the run swaps its own registry in (tools, discovery), as a session does after a change.
  let made_for = registry(Arc::default());
  let backend: Arc<dyn ToolBackend> = Arc::new(TestBackend {
    saw_cancel: Arc::default(),
  });
  let other = Arc::new(
    ToolRegistry::new(vec![ToolEntry {
      spec: ToolSpec::named(None, "other"),
      backend,
      backend_index: 0,
    }])
    .unwrap(),
  );
  let code = "const r = await tools.other({ n: 1 })\n\
              const listed = (await codemode.listTools()).map((t) => t.path)\n\
              return [Object.keys(tools), r.n, typeof tools.echo, listed]";
  let report = run_once(made_for, other, code, Language::default(), Limits::default());
  assert_eq!(report.error, None);
  assert_eq!(
    report.value_json.as_deref(),
    Some(r#"[["other"],1,"undefined",["tools.other"]]"#)
  );
}
