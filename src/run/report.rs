//! What a run reports: the captured console lines, tool calls, statistics and live events.
//!
//! These are the JS objects themselves (`#[napi(object)]`): one definition serves the engine,
//! which fills them, and the binding, which hands them to JS. Their JS conversions (JSON text
//! as a parsed value, enums as strings) live in `api/`; nothing here touches Node.

use napi_derive::napi;

use crate::error::RunError;

/// JSON text that crosses to JS as the parsed value (`unknown` in typings).
#[derive(Debug, Clone, PartialEq)]
pub struct JsonText(pub String);

impl JsonText {
  /// Wraps optional JSON text; `None` stays `undefined`.
  pub fn maybe(text: Option<String>) -> Option<JsonText> {
    text.map(JsonText)
  }
}

/// The console method a line came from; a string in JS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

/// One captured console line.
#[napi(object, object_from_js = false)]
#[derive(Debug, Clone, PartialEq)]
pub struct LogEntry {
  #[napi(ts_type = "'log' | 'info' | 'warn' | 'error' | 'debug'")]
  pub level: LogLevel,
  pub message: String,
  /// Milliseconds since the run started.
  pub time_ms: f64,
}

/// One tool call made by the guest. A large `input` or `output` (16 KiB of JSON or more) is
/// parsed when first read; it then stays a plain data property.
// Its JS conversion is hand-written (`api/tool_call_js.rs`).
#[napi(object, object_from_js = false, object_to_js = false)]
#[derive(Debug, Clone, PartialEq)]
pub struct ToolCallInfo {
  pub id: String,
  /// The tool's name (without its namespace).
  pub tool: String,
  pub namespace: Option<String>,
  /// The MCP server that ran the call (`cm.connectMcp(name, …)`); absent for host tools.
  pub server: Option<String>,
  #[napi(ts_type = "unknown")]
  pub input: Option<JsonText>,
  /// `true` when the tool returned a value; `false` when it failed or was cancelled.
  pub ok: bool,
  #[napi(ts_type = "unknown")]
  pub output: Option<JsonText>,
  pub error: Option<String>,
  /// Milliseconds since the run started.
  pub start_ms: f64,
  pub duration_ms: f64,
}

#[napi(object, object_from_js = false)]
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct RunStats {
  /// Wall-clock time of the run in milliseconds; with `typecheck`, the check is included.
  pub duration_ms: f64,
  /// How many tool calls the program made.
  pub tool_calls: u32,
  /// QuickJS heap in use when the run ended.
  pub memory_used_bytes: f64,
  /// Engine threads of this process stuck in runs that ignored their deadline (quarantined by
  /// the watchdog) when the run ended; anything above 0 is worth an alert.
  pub quarantined_threads: u32,
}

/// The outcome of one run, before it becomes a `RunResult`.
#[derive(Debug, Clone, PartialEq)]
pub struct RunReport {
  /// JSON text of the program's value; `None` for `undefined` (or on error).
  pub value_json: Option<String>,
  pub error: Option<RunError>,
  pub logs: Vec<LogEntry>,
  pub tool_calls: Vec<ToolCallInfo>,
  pub warnings: Vec<String>,
  pub stats: RunStats,
  /// Tool calls cancelled when the run ended: (call id, reason). The host aborts their signals
  /// before it hands the result over.
  pub cancelled_calls: Vec<(String, super::control::CancelReason)>,
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

/// What a live event is about; a string in JS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
  Log,
  ToolCall,
  ToolResult,
  ToolError,
  ToolProgress,
  McpServer,
}

impl EventKind {
  pub fn as_str(self) -> &'static str {
    match self {
      EventKind::Log => "log",
      EventKind::ToolCall => "tool-call",
      EventKind::ToolResult => "tool-result",
      EventKind::ToolError => "tool-error",
      EventKind::ToolProgress => "tool-progress",
      EventKind::McpServer => "mcp-server",
    }
  }
}

/// A live event of a run in flight (`onEvent`). Every `tool-*` event carries the call's `id`,
/// the tool's `name` as `tool` and its `namespace`, like `RunResult.toolCalls`, and for a tool
/// of an MCP server its `server`. `tool-progress` relays the server's progress notifications;
/// `mcp-server` tells that a call found its server disconnected and what happened next
/// (`state`: `'restarting'`, `'connected'` or `'failed'`). In JS it is an object with `type` and
/// the fields that are set; its typings are the `RunEvent` union in `api/typings-header.d.ts`,
/// one variant per kind.
#[derive(Debug, Clone, PartialEq)]
pub struct RunEvent {
  pub kind: EventKind,
  /// `log`: the console level.
  pub level: Option<LogLevel>,
  /// `log`: the formatted line; `tool-progress`, `mcp-server`: the server's message.
  pub message: Option<String>,
  /// Milliseconds since the run started (`log`, `tool-call`).
  pub time_ms: Option<f64>,
  /// Tool call id (`tool-*`).
  pub id: Option<String>,
  /// The tool's name, without its namespace (`tool-*`).
  pub tool: Option<String>,
  /// The tool's namespace, if it has one (`tool-*`).
  pub namespace: Option<String>,
  /// The MCP server of the tool (`tool-*` of an MCP tool, `mcp-server`).
  pub server: Option<String>,
  /// `tool-progress`: the progress so far, as the server counts it.
  pub progress: Option<f64>,
  /// `tool-progress`: the total, when the server knows it.
  pub total: Option<f64>,
  /// `mcp-server`: `'restarting'`, `'connected'` or `'failed'`.
  pub state: Option<String>,
  /// `tool-call`: the input.
  pub input: Option<JsonText>,
  /// `tool-result`: the output.
  pub output: Option<JsonText>,
  /// `tool-error`: the error message.
  pub error: Option<String>,
  /// `tool-result`, `tool-error`: how long the call took.
  pub duration_ms: Option<f64>,
}

impl RunEvent {
  fn blank(kind: EventKind) -> RunEvent {
    RunEvent {
      kind,
      level: None,
      message: None,
      time_ms: None,
      id: None,
      tool: None,
      namespace: None,
      server: None,
      progress: None,
      total: None,
      state: None,
      input: None,
      output: None,
      error: None,
      duration_ms: None,
    }
  }

  /// What a backend reported about `call` while it was in flight, at `time_ms`.
  pub fn during_call(call: &ToolCallInfo, event: CallEvent, time_ms: f64) -> RunEvent {
    match event {
      CallEvent::Progress {
        progress,
        total,
        message,
      } => RunEvent {
        progress: Some(progress),
        total,
        message,
        time_ms: Some(time_ms),
        ..RunEvent::about(EventKind::ToolProgress, call)
      },
      CallEvent::Server { state, message } => RunEvent {
        state: Some(state),
        message: Some(message),
        time_ms: Some(time_ms),
        ..RunEvent::about(EventKind::McpServer, call)
      },
    }
  }

  pub fn log(entry: &LogEntry) -> RunEvent {
    RunEvent {
      level: Some(entry.level),
      message: Some(entry.message.clone()),
      time_ms: Some(entry.time_ms),
      ..RunEvent::blank(EventKind::Log)
    }
  }

  /// `tool-call` for a call just started.
  pub fn tool_call(call: &ToolCallInfo) -> RunEvent {
    RunEvent {
      input: call.input.clone(),
      time_ms: Some(call.start_ms),
      ..RunEvent::about(EventKind::ToolCall, call)
    }
  }

  /// `tool-result` or `tool-error` for a call just finished.
  pub fn tool_done(call: &ToolCallInfo) -> RunEvent {
    let kind = if call.ok {
      EventKind::ToolResult
    } else {
      EventKind::ToolError
    };
    RunEvent {
      output: call.output.clone(),
      error: call.error.clone(),
      duration_ms: Some(call.duration_ms),
      ..RunEvent::about(kind, call)
    }
  }

  fn about(kind: EventKind, call: &ToolCallInfo) -> RunEvent {
    RunEvent {
      id: Some(call.id.clone()),
      tool: Some(call.tool.clone()),
      namespace: call.namespace.clone(),
      server: call.server.clone(),
      ..RunEvent::blank(kind)
    }
  }
}

/// Something a tool backend reports about a call in flight (`ToolRequest::events`).
#[derive(Debug, Clone, PartialEq)]
pub enum CallEvent {
  /// The tool's progress (MCP `notifications/progress`).
  Progress {
    progress: f64,
    total: Option<f64>,
    message: Option<String>,
  },
  /// The connection behind the tool changed state for this call (an MCP server restarted).
  Server { state: String, message: String },
}

/// Receives [`RunEvent`]s from the engine thread; must not block.
pub type EventSink = std::sync::Arc<dyn Fn(RunEvent) + Send + Sync>;
