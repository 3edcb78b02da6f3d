//! What a finished run reports: plain Rust data, converted to the JS `RunResult` by the API layer.

use serde::Serialize;

use crate::error::RunError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LogLevel {
  Log,
  Info,
  Warn,
  Error,
  Debug,
}

impl LogLevel {
  pub fn parse(s: &str) -> LogLevel {
    match s {
      "info" => LogLevel::Info,
      "warn" => LogLevel::Warn,
      "error" => LogLevel::Error,
      "debug" => LogLevel::Debug,
      _ => LogLevel::Log,
    }
  }
  pub fn as_str(self) -> &'static str {
    match self {
      LogLevel::Log => "log",
      LogLevel::Info => "info",
      LogLevel::Warn => "warn",
      LogLevel::Error => "error",
      LogLevel::Debug => "debug",
    }
  }
}

#[derive(Debug, Clone, PartialEq)]
pub struct LogEntry {
  pub level: LogLevel,
  pub message: String,
  pub time_ms: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ToolCallRecord {
  pub id: String,
  pub tool: String,
  pub namespace: Option<String>,
  /// JSON text of the input; `None` for `undefined`.
  pub input_json: Option<String>,
  /// `None` while the call is pending.
  pub ok: Option<bool>,
  pub output_json: Option<String>,
  pub error: Option<String>,
  pub start_ms: f64,
  pub duration_ms: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct RunStats {
  pub duration_ms: f64,
  pub tool_calls: u32,
  pub memory_used_bytes: f64,
}

/// The outcome of one run.
#[derive(Debug, Clone, PartialEq)]
pub struct RunReport {
  /// JSON text of the program's value; `None` for `undefined` (or on error).
  pub value_json: Option<String>,
  pub error: Option<RunError>,
  pub logs: Vec<LogEntry>,
  pub tool_calls: Vec<ToolCallRecord>,
  pub warnings: Vec<String>,
  pub stats: RunStats,
  /// Tool calls cancelled when the run ended: (call id, reason). The host aborts their signals
  /// before it hands the result over.
  pub cancelled_calls: Vec<(String, String)>,
}

impl RunReport {
  pub fn ok(&self) -> bool {
    self.error.is_none()
  }

  /// A report for a run that failed before any guest code ran.
  pub fn failed(error: RunError) -> Self {
    RunReport {
      value_json: None,
      error: Some(error),
      logs: Vec::new(),
      tool_calls: Vec::new(),
      warnings: Vec::new(),
      stats: RunStats::default(),
      cancelled_calls: Vec::new(),
    }
  }
}

/// Live events of a run in flight (`onEvent`).
#[derive(Debug, Clone, PartialEq)]
pub enum RunEvent {
  Log {
    level: LogLevel,
    message: String,
    time_ms: f64,
  },
  ToolCall {
    id: String,
    tool: String,
    namespace: Option<String>,
    input_json: Option<String>,
    time_ms: f64,
  },
  ToolResult {
    id: String,
    tool: String,
    output_json: Option<String>,
    duration_ms: f64,
  },
  ToolError {
    id: String,
    tool: String,
    error: String,
    duration_ms: f64,
  },
}

/// Receives [`RunEvent`]s from the engine thread; must not block.
pub type EventSink = std::sync::Arc<dyn Fn(RunEvent) + Send + Sync>;
