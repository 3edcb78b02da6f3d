//! Stable error codes and model-facing hints.
//!
//! Two kinds of failure exist and they never mix:
//! - [`RunError`]: something the guest program did (an exception, a timeout, a limit). It is *data*
//!   returned in the `RunResult`, with a stable [`ErrorCode`] and a hint written for a model.
//! - [`HostError`]: misuse of the API by the host (bad options, a closed instance). It *throws*.

use serde::Serialize;

/// Stable codes for guest failures; they are API and never renamed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ErrorCode {
  SyntaxError,
  UncaughtException,
  /// A promise rejected and nothing handled it (as Node fails the process since v15).
  UnhandledRejection,
  Timeout,
  MemoryLimit,
  StackOverflow,
  ToolCallLimit,
  ResultTooLarge,
  SourceTooLarge,
  UnserializableResult,
  Aborted,
  /// Too many engine threads are stuck in runs that ignored their deadline.
  EngineExhausted,
  InternalError,
  /// The program did not type-check against the tools' declarations (`typecheck: 'strict'`); it
  /// did not run. Reported by the type checker in `js/typecheck/`, never by the engine.
  TypeError,
}

impl ErrorCode {
  /// Every code: the one list the JS `ERROR_CODES` object and the typings' union come from.
  pub const ALL: [ErrorCode; 14] = [
    ErrorCode::SyntaxError,
    ErrorCode::UncaughtException,
    ErrorCode::UnhandledRejection,
    ErrorCode::Timeout,
    ErrorCode::MemoryLimit,
    ErrorCode::StackOverflow,
    ErrorCode::ToolCallLimit,
    ErrorCode::ResultTooLarge,
    ErrorCode::SourceTooLarge,
    ErrorCode::UnserializableResult,
    ErrorCode::Aborted,
    ErrorCode::EngineExhausted,
    ErrorCode::InternalError,
    ErrorCode::TypeError,
  ];

  pub fn as_str(self) -> &'static str {
    match self {
      ErrorCode::SyntaxError => "SYNTAX_ERROR",
      ErrorCode::UncaughtException => "UNCAUGHT_EXCEPTION",
      ErrorCode::UnhandledRejection => "UNHANDLED_REJECTION",
      ErrorCode::Timeout => "TIMEOUT",
      ErrorCode::MemoryLimit => "MEMORY_LIMIT",
      ErrorCode::StackOverflow => "STACK_OVERFLOW",
      ErrorCode::ToolCallLimit => "TOOL_CALL_LIMIT",
      ErrorCode::ResultTooLarge => "RESULT_TOO_LARGE",
      ErrorCode::SourceTooLarge => "SOURCE_TOO_LARGE",
      ErrorCode::UnserializableResult => "UNSERIALIZABLE_RESULT",
      ErrorCode::Aborted => "ABORTED",
      ErrorCode::EngineExhausted => "ENGINE_EXHAUSTED",
      ErrorCode::InternalError => "INTERNAL_ERROR",
      ErrorCode::TypeError => "TYPE_ERROR",
    }
  }

  /// The default one-line hint for a model; specific errors may replace it.
  pub fn default_hint(self) -> &'static str {
    match self {
      ErrorCode::SyntaxError => "Fix the syntax at the reported line and column, then run the code again.",
      ErrorCode::UncaughtException => {
        "Your code threw an error that nothing caught; wrap risky calls in try/catch or fix the cause."
      }
      ErrorCode::UnhandledRejection => {
        "A promise failed while nothing was waiting for it; `await` every tool call and promise (inside try/catch to handle failures)."
      }
      ErrorCode::Timeout => {
        "The run hit its time limit; do less work per run, avoid endless loops, and await every tool call."
      }
      ErrorCode::MemoryLimit => {
        "The run ran out of memory; process data in smaller pieces and keep only what you need."
      }
      ErrorCode::StackOverflow => "Recursion went too deep; use a loop or limit the recursion depth.",
      ErrorCode::ToolCallLimit => {
        "Too many tool calls in one run; batch the work, filter earlier, or split it across runs."
      }
      ErrorCode::ResultTooLarge => {
        "The returned value is too large; return a summary, a filtered subset, or only the fields needed."
      }
      ErrorCode::SourceTooLarge => "The code is too long; send a shorter program.",
      ErrorCode::UnserializableResult => {
        "Return plain JSON data (objects, arrays, strings, numbers, booleans, null); remove cycles, and make sure every `toJSON` works."
      }
      ErrorCode::Aborted => "The run was cancelled by the host before it finished.",
      ErrorCode::EngineExhausted => {
        "The host cannot start more runs now; tell the user, and retry later (the host process needs a restart)."
      }
      ErrorCode::InternalError => "The sandbox failed internally; run the code again.",
      ErrorCode::TypeError => {
        "Nothing ran: fix every type error listed (tool names, input fields, `await`, output fields), then run the code again."
      }
    }
  }
}

/// A guest failure, as reported in `RunResult.error`.
#[derive(Debug, Clone, PartialEq)]
pub struct RunError {
  pub code: ErrorCode,
  pub name: String,
  pub message: String,
  pub hint: String,
  pub line: Option<u32>,
  pub column: Option<u32>,
  pub stack: Option<String>,
  /// The tool whose failure this is (`ns.name`), for a `ToolError` nothing caught.
  pub tool: Option<String>,
}

impl RunError {
  /// A failure without a guest position, with the code's default hint.
  pub fn new(code: ErrorCode, name: &str, message: impl Into<String>) -> Self {
    RunError {
      code,
      name: name.to_string(),
      message: message.into(),
      hint: code.default_hint().to_string(),
      line: None,
      column: None,
      stack: None,
      tool: None,
    }
  }

  pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
    self.hint = hint.into();
    self
  }
}

/// The most characters of an error message, hint or stack that reach the host.
pub const MAX_ERROR_TEXT_CHARS: usize = 16 * 1024;

/// `text` cut to [`MAX_ERROR_TEXT_CHARS`], saying how much was cut.
pub fn bounded(text: String) -> String {
  match text.char_indices().nth(MAX_ERROR_TEXT_CHARS) {
    None => text,
    Some((cut, _)) => {
      let dropped = text[cut..].chars().count();
      format!("{}… [{dropped} more characters not shown]", &text[..cut])
    }
  }
}

impl RunError {
  /// The same error with its message, hint and stack within [`MAX_ERROR_TEXT_CHARS`] each, so a
  /// guest cannot push megabytes to the host through a thrown error.
  pub fn bounded(mut self) -> Self {
    self.message = bounded(self.message);
    self.hint = bounded(self.hint);
    self.stack = self.stack.map(bounded);
    self
  }
}

/// Host misuse of the API; becomes a thrown JS error whose `code` is [`HostError::code`].
#[derive(Debug, thiserror::Error)]
pub enum HostError {
  #[error("{0}")]
  InvalidOptions(String),
  #[error("This CodeMode instance is closed; create a new CodeMode to run more code.")]
  Closed,
  #[error("This session is closed; call codeMode.session() for a new one.")]
  SessionClosed,
  #[error("Internal error: {0}")]
  Internal(String),
  /// An MCP server could not be connected; the message names it and the cause.
  #[error("{0}")]
  McpConnect(String),
}

impl HostError {
  pub fn code(&self) -> &'static str {
    match self {
      HostError::InvalidOptions(_) => "ERR_INVALID_OPTIONS",
      HostError::Closed => "ERR_CLOSED",
      HostError::SessionClosed => "ERR_SESSION_CLOSED",
      HostError::Internal(_) => "ERR_INTERNAL",
      HostError::McpConnect(_) => "ERR_MCP_CONNECT",
    }
  }
}
