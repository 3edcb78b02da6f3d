//! A Python run: the program goes to a worker process (`guest::python`), its tool calls come
//! back in batches and go to the same backends as a JavaScript run's (validation, `toolCalls`,
//! events, `maxToolCalls`, `maxConcurrentToolCalls`), and the run ends at its deadline or stop
//! whatever the worker does: a worker that does not answer in time is killed (SIGKILL). A
//! worker that died is a `MEMORY_LIMIT` (exit 65) or `INTERNAL_ERROR` result, never a hung run.

use std::rc::Rc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::future::join_all;

use super::sandbox::{cancel_unfinished, split, stop_error, within_source_limit};
use super::RunJob;
use crate::error::{ErrorCode, RunError};
use crate::guest::python::pool;
use crate::guest::python::protocol::{Call, CallResult, PythonError, Reply, Request, ToolError, ToolName};
use crate::guest::python::worker::{Death, Worker};
use crate::guest::run_state::{Outcome, RunState};
use crate::guest::tool_call::{invalid_input_message, send, takes_object, within_output_limit};
use crate::limits::Limits;
use crate::run::control::{RunControl, StopReason};
use crate::run::report::{LogLevel, RunReport, RunStats};
use crate::source::PreparedSource;
use crate::tools::python_names::{python_paths, restore_input_keys};
use crate::tools::{ToolFailureCode, ToolRegistry, ToolReply, ToolRequest};

/// A session's worker, kept between its runs with the session's globals in it.
#[derive(Default)]
pub struct SessionWorker {
  worker: Option<Worker>,
  /// A Python run of this session lost its worker (and so the globals) since the last one.
  reset: bool,
}

/// The warning a session's Python run gets when the previous one lost the worker.
const RESET_WARNING: &str = "The session's Python globals were reset: the previous Python run hit a limit, was aborted or lost its worker, so its worker was discarded.";

/// Why the loop ended, besides the program's own outcome.
enum End {
  /// The worker finished the run and can serve another.
  Clean,
  /// The worker was killed or died; it is not reused.
  Lost,
}

/// A one-shot Python run on a pooled worker.
pub async fn run_once(job: RunJob) -> RunReport {
  let mut slot = None;
  let (report, _) = run(job, &mut slot, false).await;
  if let Some(worker) = slot {
    pool::give_back(worker);
  }
  report
}

/// A session's Python run: its worker keeps the globals of the session's earlier runs. After a
/// run that lost the worker, the next starts from fresh globals and says so.
pub async fn run_in_session(session: &mut SessionWorker, job: RunJob) -> RunReport {
  let keep = session.worker.is_some();
  let (mut report, lost) = run(job, &mut session.worker, keep).await;
  if std::mem::take(&mut session.reset) {
    report.warnings.insert(0, RESET_WARNING.into());
  }
  session.reset = lost;
  report
}

/// Runs `job` on `slot`'s worker (a pooled one when empty); the worker is left in `slot` when
/// it can serve again. True with the report: the run had a worker and lost it.
async fn run(job: RunJob, slot: &mut Option<Worker>, keep_globals: bool) -> (RunReport, bool) {
  let RunJob {
    code,
    registry,
    limits,
    control,
    events,
    call_ids,
    ..
  } = job;
  if let Err(err) = within_source_limit(&code, &limits) {
    return (RunReport::failed(err), false);
  }
  let mut worker = match slot.take() {
    Some(w) => w,
    None => match pool::take() {
      Ok(w) => w,
      Err(message) => {
        let err = RunError::new(ErrorCode::InternalError, "Error", message);
        return (RunReport::failed(err), false);
      }
    },
  };
  let state = RunState::new(
    limits,
    control.clone(),
    registry.clone(),
    PreparedSource::verbatim(&code),
    events,
    call_ids,
  );
  // The worker's own clock ends a busy program a little before the deadline, cleanly (a
  // session keeps its globals); the SIGKILL at the deadline is for what that clock misses.
  let remaining = control.deadline.saturating_duration_since(Instant::now());
  let remaining = remaining.saturating_sub((remaining / 10).min(Duration::from_millis(100)));
  let request = Request::Run {
    code,
    tools: tool_names(&registry),
    timeout_ms: remaining.as_millis() as u64,
    memory_bytes: limits.memory_limit_bytes as u64,
    max_log_bytes: limits.max_log_bytes as u64,
    keep_globals,
  };
  let (outcome, end) = if worker.send(&request) {
    drive(&mut worker, &state, &control, &limits).await
  } else {
    lost(&mut worker, &limits)
  };
  let outcome = match stop_error(&control, &limits) {
    Some(err) => Err(err),
    None => outcome,
  };
  let (mut warnings, cancelled_calls) = cancel_unfinished(&state, &control, &outcome);
  warnings.splice(0..0, state.take_warnings());
  let lost = matches!(end, End::Lost);
  match end {
    End::Clean => *slot = Some(worker),
    End::Lost => worker.kill(),
  }
  let tool_calls = state.take_calls();
  let (value_json, error) = split(outcome);
  let report = RunReport {
    value_json,
    error,
    logs: state.take_logs(),
    stats: RunStats {
      duration_ms: state.elapsed_ms(),
      tool_calls: tool_calls.len() as u32,
      memory_used_bytes: 0.0,
      quarantined_threads: 0,
    },
    tool_calls,
    warnings,
    cancelled_calls,
  };
  (report, lost)
}

/// Each tool by its Python path, with its registry index.
fn tool_names(registry: &ToolRegistry) -> Vec<ToolName> {
  let specs: Vec<_> = registry.entries().iter().map(|e| e.spec.clone()).collect();
  (python_paths(&specs).into_iter().enumerate())
    .map(|(index, python)| ToolName {
      python,
      index: index as u32,
    })
    .collect()
}

/// Serves the worker until its `Done`, the deadline, a stop, or its death.
async fn drive(
  worker: &mut Worker,
  state: &Rc<RunState>,
  control: &Arc<RunControl>,
  limits: &Limits,
) -> (Outcome, End) {
  loop {
    let reply = tokio::select! {
      biased;
      _ = control.stopped() => return (Ok(None), End::Lost),
      _ = tokio::time::sleep_until(control.deadline.into()) => return (Ok(None), End::Lost),
      reply = worker.recv() => reply,
    };
    match reply {
      None => return lost(worker, limits),
      Some(Reply::Print { text }) => state.push_log(LogLevel::Log, text),
      Some(Reply::Done { value, error }) => {
        let outcome = match error {
          Some(error) => Err(run_error(error, limits)),
          None => result_json(value, limits),
        };
        return (outcome, End::Clean);
      }
      Some(Reply::Calls { calls }) => {
        let answers = tokio::select! {
          biased;
          _ = control.stopped() => return (Ok(None), End::Lost),
          _ = tokio::time::sleep_until(control.deadline.into()) => return (Ok(None), End::Lost),
          answers = answer_calls(state, control, calls) => answers,
        };
        let Some(results) = answers else {
          return (Ok(None), End::Lost); // past maxToolCalls: the stop reason reports it
        };
        if !worker.send(&Request::Results { results }) {
          return lost(worker, limits);
        }
      }
    }
  }
}

/// The worker died: how, as the run's error.
fn lost(worker: &mut Worker, limits: &Limits) -> (Outcome, End) {
  let error = match worker.death() {
    Death::OutOfMemory => memory_error(limits),
    Death::Crashed(message) => RunError::new(ErrorCode::InternalError, "InternalError", message).with_hint(
      "The Python worker process ended during the run (it was killed, or the program crashed it); the next run gets a new worker.",
    ),
  };
  (Err(error), End::Lost)
}

fn memory_error(limits: &Limits) -> RunError {
  RunError::new(
    ErrorCode::MemoryLimit,
    "MemoryError",
    format!(
      "out of memory: the run exceeded its memory limit of {} bytes.",
      limits.memory_limit_bytes
    ),
  )
}

/// A batch of calls, all started at once (within `maxConcurrentToolCalls`); `None` when one
/// is past `maxToolCalls` (the run is stopped).
async fn answer_calls(
  state: &Rc<RunState>,
  control: &RunControl,
  calls: Vec<Call>,
) -> Option<Vec<CallResult>> {
  let mut pending = Vec::new();
  for call in calls {
    if state.count_call_attempt() > state.limits.max_tool_calls as usize {
      control.stop(StopReason::ToolCallLimit);
      return None;
    }
    pending.push(answer_call(state.clone(), call));
  }
  Some(join_all(pending).await)
}

async fn answer_call(state: Rc<RunState>, call: Call) -> CallResult {
  let index = call.index as usize;
  let Some(entry) = state.registry.get(index).cloned() else {
    return failure(call.call, "NameError", "unknown tool".into());
  };
  let path = entry.spec.path();
  let mut input = call.input;
  restore_input_keys(&mut input, entry.spec.input_schema.as_ref());
  let input_json = match input {
    serde_json::Value::Null if takes_object(&entry) => Some("{}".to_string()),
    serde_json::Value::Null => None,
    input => Some(input.to_string()),
  };
  let started = state.begin_call(index, input_json.clone());
  if let Some(validator) = state.registry.validator(index) {
    if let Err(violations) = validator.check(input_json.as_deref()) {
      let message = invalid_input_message(&path, &violations, &validator.example);
      state.finish_call(started.slot, Err(message.clone()));
      return failure(call.call, "ValueError", message);
    }
  }
  let request = ToolRequest {
    index: entry.backend_index,
    name: entry.spec.name.clone(),
    call_id: started.id.clone(),
    input_json,
    cancel: started.cancel.clone(),
    events: started.events.clone(),
  };
  let reply = within_output_limit(
    send(&state, &entry, request).await,
    &path,
    state.limits.max_tool_output_bytes,
  );
  state.finish_call(
    started.slot,
    match &reply {
      ToolReply::Ok(out) => Ok(out.clone()),
      ToolReply::Err(f) => Err(f.message.clone()),
    },
  );
  match reply {
    ToolReply::Ok(text) => {
      if let (Some(observed), Some(text)) = (state.registry.observed(index), &text) {
        observed.record(text);
      }
      let value = text.and_then(|t| serde_json::from_str(&t).ok());
      CallResult {
        call: call.call,
        value,
        error: None,
      }
    }
    ToolReply::Err(f) => {
      let exception = match f.code {
        ToolFailureCode::InvalidInput => "ValueError",
        ToolFailureCode::Aborted => "TimeoutError",
        _ => "RuntimeError",
      };
      failure(
        call.call,
        exception,
        format!("{path} failed ({}): {}", f.code.as_str(), f.message),
      )
    }
  }
}

fn failure(call: u32, exception: &str, message: String) -> CallResult {
  CallResult {
    call,
    value: None,
    error: Some(ToolError {
      exception: exception.to_string(),
      message,
    }),
  }
}

/// The program's value as JSON text, within `maxResultBytes`.
fn result_json(value: Option<serde_json::Value>, limits: &Limits) -> Outcome {
  let Some(value) = value else { return Ok(None) };
  let text = value.to_string();
  if text.len() > limits.max_result_bytes {
    return Err(RunError::new(
      ErrorCode::ResultTooLarge,
      "RangeError",
      format!(
        "The result is {} bytes of JSON, over the limit of {} bytes.",
        text.len(),
        limits.max_result_bytes
      ),
    ));
  }
  Ok(Some(text))
}

/// A Python exception as the run's error: limits by their codes, the rest as the program's.
fn run_error(error: PythonError, limits: &Limits) -> RunError {
  let mut err = match error.kind.as_str() {
    "timeout" => {
      return RunError::new(
        ErrorCode::Timeout,
        "TimeoutError",
        format!(
          "The run did not finish within its time limit of {} ms.",
          limits.timeout_ms
        ),
      )
    }
    "memory" => return memory_error(limits),
    _ if error.exception == "SyntaxError" => {
      RunError::new(ErrorCode::SyntaxError, "SyntaxError", error.message)
    }
    _ => RunError::new(ErrorCode::UncaughtException, &error.exception, error.message),
  };
  err.line = error.line;
  err.column = error.column;
  if !error.traceback.is_empty() {
    err.stack = Some(error.traceback);
  }
  err
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn python_errors_map_to_run_errors() {
    let limits = Limits::default();
    let error = |exception: &str, kind: &str| PythonError {
      exception: exception.into(),
      message: "m".into(),
      kind: kind.into(),
      line: Some(3),
      column: Some(5),
      traceback: "Traceback…".into(),
    };
    let syntax = run_error(error("SyntaxError", "program"), &limits);
    assert_eq!(
      (syntax.code, syntax.line, syntax.column),
      (ErrorCode::SyntaxError, Some(3), Some(5))
    );
    let value = run_error(error("ValueError", "program"), &limits);
    assert_eq!(
      (value.code, value.name.as_str()),
      (ErrorCode::UncaughtException, "ValueError")
    );
    assert_eq!(
      run_error(error("TimeoutError", "timeout"), &limits).code,
      ErrorCode::Timeout
    );
    assert_eq!(
      run_error(error("MemoryError", "memory"), &limits).code,
      ErrorCode::MemoryLimit
    );
  }

  #[test]
  fn a_result_over_max_result_bytes_is_refused() {
    let limits = Limits {
      max_result_bytes: 10,
      ..Limits::default()
    };
    assert_eq!(
      result_json(Some(serde_json::json!([1, 2])), &limits)
        .unwrap()
        .as_deref(),
      Some("[1,2]")
    );
    let big = result_json(Some(serde_json::json!("a long string of text")), &limits);
    assert_eq!(big.unwrap_err().code, ErrorCode::ResultTooLarge);
    assert_eq!(result_json(None, &limits).unwrap(), None);
  }
}
