//! The Bash language in a sandbox, in plain Rust: just-bash loads into the hardened context,
//! tools run as commands, and the deadline stops a busy script.

use std::sync::Arc;

use futures_util::future::BoxFuture;

use crate::error::ErrorCode;
use crate::limits::Limits;
use crate::run::language::{BashRun, Language};
use crate::run::report::RunReport;
use crate::tools::{ToolBackend, ToolEntry, ToolRegistry, ToolReply, ToolRequest, ToolSpec};

/// Answers every call with its input.
struct Echo;

impl ToolBackend for Echo {
  fn list_tools(&self) -> BoxFuture<'static, Result<Vec<ToolSpec>, String>> {
    Box::pin(async { Ok(Vec::new()) })
  }

  fn call(&self, r: ToolRequest) -> BoxFuture<'static, ToolReply> {
    Box::pin(async move { ToolReply::Ok(r.input_json) })
  }
}

fn registry() -> Arc<ToolRegistry> {
  let mut spec = ToolSpec::named(Some("util"), "echo");
  spec.input_schema = Some(serde_json::json!({
    "type": "object", "properties": { "n": { "type": "number" }, "word": { "type": "string" } }
  }));
  Arc::new(
    ToolRegistry::new(vec![ToolEntry {
      spec,
      backend: Arc::new(Echo),
      backend_index: 0,
    }])
    .unwrap(),
  )
}

fn bash(script: &str, limits: Limits) -> RunReport {
  let reg = registry();
  super::tests::run_once(
    reg.clone(),
    reg,
    script,
    Language::Bash(BashRun::default()),
    limits,
  )
}

fn value(report: &RunReport) -> serde_json::Value {
  assert!(report.error.is_none(), "{:?}", report.error);
  serde_json::from_str(report.value_json.as_deref().unwrap()).unwrap()
}

#[test]
fn a_pipeline_runs_in_the_hardened_context() {
  let r = bash("echo hi | tr a-z A-Z", Limits::default());
  let v = value(&r);
  assert_eq!(v["stdout"], "HI\n");
  assert_eq!(v["exitCode"], 0);
}

#[test]
fn a_tool_is_a_command_with_typed_flags() {
  let r = bash("util.echo --n 2 --word hi | jq .n", Limits::default());
  let v = value(&r);
  assert_eq!(v["stdout"], "2\n");
  assert_eq!(v["json"], 2);
  assert_eq!(r.tool_calls.len(), 1);
}

#[test]
fn the_deadline_stops_a_busy_loop() {
  let limits = Limits {
    timeout_ms: 300,
    ..Limits::default()
  };
  let r = bash("while true; do :; done", limits);
  assert_eq!(r.error.map(|e| e.code), Some(ErrorCode::Timeout));
}

#[test]
fn the_bundle_is_loaded_from_build_time_bytecode() {
  let r = bash("echo warm", Limits::default());
  assert_eq!(value(&r)["stdout"], "warm\n");
  assert!(!crate::guest::bash::bundle_compiled_at_run_time());
}
