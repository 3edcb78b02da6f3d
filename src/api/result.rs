//! The `RunResult` and `RunEvent` objects JS receives (DESIGN §5), converted from engine reports.

use napi_derive::napi;

use crate::engine::report::{self, RunReport};
use crate::error::RunError;

use super::json_value::{json, JsonValue};

/// Why a run failed. Line and column point into the model's own code.
#[napi(object, object_from_js = false)]
#[derive(Debug, Clone)]
pub struct RunErrorInfo {
  /// Stable error code.
  #[napi(
    ts_type = "'SYNTAX_ERROR' | 'UNCAUGHT_EXCEPTION' | 'TIMEOUT' | 'MEMORY_LIMIT' | 'STACK_OVERFLOW' | 'TOOL_CALL_LIMIT' | 'RESULT_TOO_LARGE' | 'SOURCE_TOO_LARGE' | 'UNSERIALIZABLE_RESULT' | 'ABORTED' | 'INTERNAL_ERROR'"
  )]
  pub code: String,
  /// The JS error's name (`TypeError`, `ToolError`, your own class name, ...).
  pub name: String,
  pub message: String,
  /// One line for a model on what to do next.
  pub hint: Option<String>,
  /// 1-based line in the model's code.
  pub line: Option<u32>,
  /// 1-based column in the model's code.
  pub column: Option<u32>,
  /// Stack frames of the model's code, mapped to its lines.
  pub stack: Option<String>,
}

impl From<RunError> for RunErrorInfo {
  fn from(e: RunError) -> Self {
    RunErrorInfo {
      code: e.code.as_str().to_string(),
      name: e.name,
      message: e.message,
      hint: Some(e.hint),
      line: e.line,
      column: e.column,
      stack: e.stack,
    }
  }
}

/// One captured console line.
#[napi(object, object_from_js = false)]
#[derive(Debug, Clone)]
pub struct LogEntry {
  #[napi(ts_type = "'log' | 'info' | 'warn' | 'error' | 'debug'")]
  pub level: String,
  pub message: String,
  /// Milliseconds since the run started.
  pub time_ms: f64,
}

/// One tool call made by the guest.
#[napi(object, object_from_js = false)]
#[derive(Debug, Clone)]
pub struct ToolCallInfo {
  pub id: String,
  pub tool: String,
  pub namespace: Option<String>,
  #[napi(ts_type = "unknown")]
  pub input: Option<JsonValue>,
  pub ok: bool,
  #[napi(ts_type = "unknown")]
  pub output: Option<JsonValue>,
  pub error: Option<String>,
  /// Milliseconds since the run started.
  pub start_ms: f64,
  pub duration_ms: f64,
}

#[napi(object, object_from_js = false)]
#[derive(Debug, Clone)]
pub struct RunStats {
  pub duration_ms: f64,
  pub tool_calls: u32,
  /// QuickJS heap in use when the run ended.
  pub memory_used_bytes: f64,
}

/// The outcome of `run`. Guest failures are data here (`ok: false`), never a rejection.
///
/// @example
/// ```ts
/// const r = await cm.run('return 1 + 1')
/// if (r.ok) console.log(r.value) // 2
/// else console.log(r.error.code, r.error.message, r.error.line)
/// ```
#[napi(object, object_from_js = false)]
#[derive(Debug, Clone)]
pub struct RunResult {
  /// `true` when the program finished and its value is in `value`.
  pub ok: bool,
  /// The program's result as JSON-compatible data; `undefined` when it returned nothing.
  #[napi(ts_type = "unknown")]
  pub value: Option<JsonValue>,
  pub error: Option<RunErrorInfo>,
  pub logs: Vec<LogEntry>,
  pub tool_calls: Vec<ToolCallInfo>,
  pub warnings: Vec<String>,
  pub stats: RunStats,
}

impl From<RunReport> for RunResult {
  fn from(r: RunReport) -> Self {
    let ok = r.ok();
    RunResult {
      ok,
      value: json(r.value_json),
      error: r.error.map(RunErrorInfo::from),
      logs: r
        .logs
        .into_iter()
        .map(|l| LogEntry {
          level: l.level.as_str().into(),
          message: l.message,
          time_ms: l.time_ms,
        })
        .collect(),
      tool_calls: r
        .tool_calls
        .into_iter()
        .map(|c| ToolCallInfo {
          input: json(c.input_json),
          output: json(c.output_json),
          id: c.id,
          tool: c.tool,
          namespace: c.namespace,
          ok: c.ok.unwrap_or(false),
          error: c.error,
          start_ms: c.start_ms,
          duration_ms: c.duration_ms,
        })
        .collect(),
      warnings: r.warnings,
      stats: RunStats {
        duration_ms: r.stats.duration_ms,
        tool_calls: r.stats.tool_calls,
        memory_used_bytes: r.stats.memory_used_bytes,
      },
    }
  }
}

/// A live event of a run in flight (`onEvent`).
#[napi(object, object_from_js = false)]
#[derive(Debug, Clone)]
pub struct RunEvent {
  #[napi(
    js_name = "type",
    ts_type = "'log' | 'tool-call' | 'tool-result' | 'tool-error'"
  )]
  pub kind: String,
  /// `log`: the console level.
  pub level: Option<String>,
  /// `log`: the formatted line.
  pub message: Option<String>,
  /// Milliseconds since the run started (`log`, `tool-call`).
  pub time_ms: Option<f64>,
  /// Tool call id (`tool-*`).
  pub id: Option<String>,
  /// Tool name (`tool-*`); `namespace.name` for namespaced tools in results.
  pub tool: Option<String>,
  pub namespace: Option<String>,
  #[napi(ts_type = "unknown")]
  pub input: Option<JsonValue>,
  #[napi(ts_type = "unknown")]
  pub output: Option<JsonValue>,
  /// `tool-error`: the error message.
  pub error: Option<String>,
  pub duration_ms: Option<f64>,
}

impl From<report::RunEvent> for RunEvent {
  fn from(e: report::RunEvent) -> Self {
    let blank = RunEvent {
      kind: String::new(),
      level: None,
      message: None,
      time_ms: None,
      id: None,
      tool: None,
      namespace: None,
      input: None,
      output: None,
      error: None,
      duration_ms: None,
    };
    match e {
      report::RunEvent::Log {
        level,
        message,
        time_ms,
      } => RunEvent {
        kind: "log".into(),
        level: Some(level.as_str().into()),
        message: Some(message),
        time_ms: Some(time_ms),
        ..blank
      },
      report::RunEvent::ToolCall {
        id,
        tool,
        namespace,
        input_json,
        time_ms,
      } => RunEvent {
        kind: "tool-call".into(),
        id: Some(id),
        tool: Some(tool),
        namespace,
        input: json(input_json),
        time_ms: Some(time_ms),
        ..blank
      },
      report::RunEvent::ToolResult {
        id,
        tool,
        output_json,
        duration_ms,
      } => RunEvent {
        kind: "tool-result".into(),
        id: Some(id),
        tool: Some(tool),
        output: json(output_json),
        duration_ms: Some(duration_ms),
        ..blank
      },
      report::RunEvent::ToolError {
        id,
        tool,
        error,
        duration_ms,
      } => RunEvent {
        kind: "tool-error".into(),
        id: Some(id),
        tool: Some(tool),
        error: Some(error),
        duration_ms: Some(duration_ms),
        ..blank
      },
    }
  }
}
