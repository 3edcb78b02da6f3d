//! A real instance with an in-process tool backend, shared by the `json` and `runs` targets.
//!
//! Tools: `echo` answers its input; `give` answers the JSON text last set with [`give`];
//! `slow` answers its input after 20 ms; `fail` fails; `never` waits for its cancellation;
//! `bad` answers text that is not JSON; `big` answers a string of `input.n` characters.

use std::sync::mpsc::channel;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use futures_util::future::BoxFuture;
use quickjs_codemode::instance::{Finished, Instance, RunRequest};
use quickjs_codemode::limits::Limits;
use quickjs_codemode::tools::{ToolBackend, ToolFailure, ToolFailureCode, ToolReply, ToolRequest, ToolSpec};

const TOOLS: &[&str] = &["echo", "give", "slow", "fail", "never", "bad", "big"];

static GIVE: Mutex<String> = Mutex::new(String::new());

/// Sets what the `give` tool answers.
pub fn give(json: String) {
  *GIVE.lock().unwrap_or_else(|e| e.into_inner()) = json;
}

struct Backend;

impl ToolBackend for Backend {
  fn list_tools(&self) -> BoxFuture<'static, Result<Vec<ToolSpec>, String>> {
    Box::pin(async { Ok(specs()) })
  }

  fn call(&self, request: ToolRequest) -> BoxFuture<'static, ToolReply> {
    match request.name.as_str() {
      "give" => {
        let json = GIVE.lock().unwrap_or_else(|e| e.into_inner()).clone();
        Box::pin(async move { ToolReply::Ok(Some(json)) })
      }
      "slow" => Box::pin(async move {
        tokio::time::sleep(Duration::from_millis(20)).await;
        ToolReply::Ok(request.input_json)
      }),
      "fail" => {
        Box::pin(async { ToolReply::Err(ToolFailure::new(ToolFailureCode::ToolFailed, "it failed")) })
      }
      "never" => Box::pin(async move {
        request.cancel.cancelled().await;
        ToolReply::Err(ToolFailure::new(ToolFailureCode::Aborted, "cancelled"))
      }),
      "bad" => Box::pin(async { ToolReply::Ok(Some("{not json".into())) }),
      "big" => {
        let n = request
          .input_json
          .as_deref()
          .and_then(|t| serde_json::from_str::<serde_json::Value>(t).ok())
          .and_then(|v| v.get("n").and_then(|n| n.as_u64()))
          .unwrap_or(10)
          .min(16 << 20) as usize;
        Box::pin(async move { ToolReply::Ok(Some(format!("\"{}\"", "x".repeat(n)))) })
      }
      _ => Box::pin(async move { ToolReply::Ok(request.input_json) }),
    }
  }
}

fn specs() -> Vec<ToolSpec> {
  TOOLS.iter().map(|n| ToolSpec::named(None, n)).collect()
}

/// The process's one instance with the tools above.
pub fn instance() -> &'static Arc<Instance> {
  static INSTANCE: OnceLock<Arc<Instance>> = OnceLock::new();
  INSTANCE.get_or_init(|| {
    let instance = Instance::new(Limits::default());
    instance
      .attach_listed("fuzz", Arc::new(Backend), specs())
      .unwrap_or_else(|e| panic!("attach: {e}"));
    instance
  })
}

/// Runs `code` with `limits`; the outcome (`None` if it did not settle within `wait`) and the
/// time it took to settle.
pub fn run(code: &str, limits: Limits, wait: Duration) -> (Option<Finished>, Duration) {
  let (tx, rx) = channel();
  let request = RunRequest {
    language: Default::default(),
    code: code.into(),
    limits,
    events: None,
  };
  let started = Instant::now();
  instance()
    .run(request, move |f| {
      let _ = tx.send((f, Instant::now()));
    })
    .unwrap_or_else(|e| panic!("the instance refused a run: {e}"));
  match rx.recv_timeout(wait) {
    Ok((f, at)) => (Some(f), at - started),
    Err(_) => (None, started.elapsed()),
  }
}
