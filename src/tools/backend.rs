//! The one trait every tool source implements (JS callbacks, MCP servers), and the typed values
//! that cross it: requests with a cancellation that says why, replies with stable failure codes.

use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::Arc;

use futures_util::future::BoxFuture;
use tokio_util::sync::CancellationToken;

use super::ToolSpec;
use crate::run::control::CancelReason;
pub use crate::run::report::CallEvent;

/// A call's cancellation: a token to await plus the first reason given.
#[derive(Debug, Clone, Default)]
pub struct CallCancel {
  token: CancellationToken,
  reason: Arc<AtomicU8>,
}

impl CallCancel {
  /// Cancels with `reason` unless already cancelled (the first reason wins).
  pub fn cancel(&self, reason: CancelReason) {
    if self
      .reason
      .compare_exchange(0, reason as u8, Ordering::SeqCst, Ordering::SeqCst)
      .is_ok()
    {
      self.token.cancel();
    }
  }

  pub fn reason(&self) -> Option<CancelReason> {
    CancelReason::from_u8(self.reason.load(Ordering::SeqCst))
  }

  /// Resolves with the reason once cancelled.
  pub async fn cancelled(&self) -> CancelReason {
    self.token.cancelled().await;
    self.reason().unwrap_or(CancelReason::RunFailed)
  }
}

/// Stable codes of a failed tool call (`ToolError.code` in the guest).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToolFailureCode {
  /// The tool threw, rejected or could not be reached.
  ToolFailed,
  /// The input did not match the tool's schema; the tool was not called.
  InvalidInput,
  /// The tool's result is not JSON data.
  InvalidOutput,
  /// The tool's result is over `maxToolOutputBytes`.
  OutputTooLarge,
  /// The call was cancelled (the run ended, timed out or was aborted).
  Aborted,
}

impl ToolFailureCode {
  pub const ALL: [ToolFailureCode; 5] = [
    ToolFailureCode::ToolFailed,
    ToolFailureCode::InvalidInput,
    ToolFailureCode::InvalidOutput,
    ToolFailureCode::OutputTooLarge,
    ToolFailureCode::Aborted,
  ];

  pub fn as_str(self) -> &'static str {
    match self {
      ToolFailureCode::ToolFailed => "TOOL_FAILED",
      ToolFailureCode::InvalidInput => "INVALID_INPUT",
      ToolFailureCode::InvalidOutput => "INVALID_OUTPUT",
      ToolFailureCode::OutputTooLarge => "OUTPUT_TOO_LARGE",
      ToolFailureCode::Aborted => "ABORTED",
    }
  }

  /// The code named `s`, or `ToolFailed` for anything unknown.
  pub fn parse(s: &str) -> ToolFailureCode {
    ToolFailureCode::ALL
      .into_iter()
      .find(|c| c.as_str() == s)
      .unwrap_or(ToolFailureCode::ToolFailed)
  }

  /// One line for a model on what to do about it.
  pub fn hint(self) -> &'static str {
    match self {
      ToolFailureCode::InvalidInput => {
        "Fix the listed fields so the input matches the tool's schema; the message shows a valid example."
      }
      ToolFailureCode::OutputTooLarge => {
        "The tool returned too much data; ask for less (filters, pagination, fewer fields)."
      }
      ToolFailureCode::Aborted => "The call was cancelled because the run ended, timed out or was aborted.",
      ToolFailureCode::ToolFailed | ToolFailureCode::InvalidOutput => {
        "The tool reported an error; read its message, fix the input, or handle it with try/catch."
      }
    }
  }
}

/// One call from the guest to a backend.
#[derive(Clone)]
pub struct ToolRequest {
  /// Position of the tool in the list the backend gave (`list_tools`) when the run started.
  pub index: usize,
  /// The tool's own name in that list (backends that call by name, like MCP, use this).
  pub name: String,
  /// Unique id of the call within the instance (`call_1`, ...).
  pub call_id: String,
  /// The input as JSON text; `None` when the guest passed `undefined`.
  pub input_json: Option<String>,
  /// Fires on timeout, abort, close, or when the run ends with the call still pending.
  pub cancel: CallCancel,
  /// Receives what the backend learns while the call is in flight (the run's `onEvent`).
  pub events: Option<CallEventSink>,
}

impl std::fmt::Debug for ToolRequest {
  fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
    f.debug_struct("ToolRequest")
      .field("index", &self.index)
      .field("name", &self.name)
      .field("call_id", &self.call_id)
      .field("input_json", &self.input_json)
      .field("cancel", &self.cancel)
      .field("events", &self.events.is_some())
      .finish()
  }
}

/// Receives [`CallEvent`]s from any thread; must not block.
pub type CallEventSink = Arc<dyn Fn(CallEvent) + Send + Sync>;

/// What a backend answers.
#[derive(Debug, Clone, PartialEq)]
pub enum ToolReply {
  /// JSON text of the output; `None` for `undefined`.
  Ok(Option<String>),
  Err(ToolFailure),
}

/// A failed tool call, shown to the guest as a `ToolError`.
#[derive(Debug, Clone, PartialEq)]
pub struct ToolFailure {
  pub code: ToolFailureCode,
  pub message: String,
}

impl ToolFailure {
  pub fn new(code: ToolFailureCode, message: impl Into<String>) -> Self {
    ToolFailure {
      code,
      message: message.into(),
    }
  }
}

/// Receives a backend's new tool list when it changes (MCP `notifications/tools/list_changed`).
pub type ToolListSink = Arc<dyn Fn(Vec<ToolSpec>) + Send + Sync>;

/// A source of tools: the JS-callback bridge, an MCP client connection, an in-process fake.
pub trait ToolBackend: Send + Sync {
  /// The backend's tools with their schemas and annotations; `ToolRequest::index` refers to
  /// this order.
  fn list_tools(&self) -> BoxFuture<'static, Result<Vec<ToolSpec>, String>>;

  /// Calls one tool. The future must finish soon after `request.cancel` fires, and may also be
  /// dropped before it finishes (when the run ends): a backend that must clean up a remote
  /// call does so from the cancellation or on drop, not only when polled.
  fn call(&self, request: ToolRequest) -> BoxFuture<'static, ToolReply>;

  /// The MCP server behind these tools, named on their calls' events; `None` for others.
  fn server_name(&self) -> Option<String> {
    None
  }

  /// Asks to be told of later changes to the tool list. The default: the list never changes.
  fn watch_tools(&self, _on_change: ToolListSink) {}

  /// False when [`ToolBackend::close`] has nothing to release, so closing an instance need not
  /// wait for it. The default: true.
  fn needs_close(&self) -> bool {
    true
  }

  /// Releases the backend's resources (child processes, connections). The default does nothing.
  fn close(&self) -> BoxFuture<'static, ()> {
    Box::pin(async {})
  }
}
