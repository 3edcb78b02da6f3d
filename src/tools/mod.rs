//! Tools: what the guest can call, and the one trait every tool source implements.
//!
//! A [`ToolBackend`] (JS callbacks today, MCP servers later) answers calls by index; the
//! [`ToolRegistry`] maps guest-visible paths (`tools.ns.name`) to a backend and its index.

pub mod discovery;
pub mod identifiers;
mod registry;
#[cfg(test)]
pub mod test_support;
pub mod validation;

pub use registry::{ToolEntry, ToolRegistry};

use futures_util::future::BoxFuture;
use serde::Serialize;
use tokio_util::sync::CancellationToken;

/// The public description of one tool.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ToolSpec {
  pub name: String,
  #[serde(skip_serializing_if = "Option::is_none")]
  pub namespace: Option<String>,
  #[serde(skip_serializing_if = "Option::is_none")]
  pub description: Option<String>,
  #[serde(skip_serializing_if = "Option::is_none")]
  pub input_schema: Option<serde_json::Value>,
  #[serde(skip_serializing_if = "Option::is_none")]
  pub output_schema: Option<serde_json::Value>,
  #[serde(skip_serializing_if = "Option::is_none")]
  pub annotations: Option<serde_json::Value>,
}

impl ToolSpec {
  /// A spec with only a name (and namespace); everything else unset.
  pub fn named(namespace: Option<&str>, name: &str) -> Self {
    ToolSpec {
      name: name.to_string(),
      namespace: namespace.map(str::to_string),
      description: None,
      input_schema: None,
      output_schema: None,
      annotations: None,
    }
  }

  /// `ns.name` or `name`: how the tool is named in messages and in `RunResult.toolCalls`.
  pub fn path(&self) -> String {
    match &self.namespace {
      Some(ns) => format!("{ns}.{}", self.name),
      None => self.name.clone(),
    }
  }
}

/// One call from the guest to a backend.
#[derive(Debug, Clone)]
pub struct ToolRequest {
  /// Index of the tool within its backend.
  pub index: usize,
  /// Unique id of the call within the CodeMode instance (`call_1`, ...).
  pub call_id: String,
  /// The input as JSON text; `None` when the guest passed `undefined`.
  pub input_json: Option<String>,
  /// Cancelled on timeout, abort, close, or when the run ends with the call still pending.
  pub cancel: CancellationToken,
  /// Why the call was cancelled, for the host's `ctx.signal.reason`.
  pub cancel_reason: std::sync::Arc<std::sync::Mutex<Option<String>>>,
}

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
  pub code: String,
  pub message: String,
}

impl ToolFailure {
  pub fn new(code: &str, message: impl Into<String>) -> Self {
    ToolFailure {
      code: code.to_string(),
      message: message.into(),
    }
  }
}

/// A source of tools. Implemented by the JS-callback bridge and (later) by MCP clients.
pub trait ToolBackend: Send + Sync {
  /// Calls tool `request.index`. The future must finish soon after `request.cancel` fires, and
  /// may also be dropped before it finishes (when the run ends): a backend that must clean up a
  /// remote call does so from the token or on drop, not only when polled.
  fn call(&self, request: ToolRequest) -> BoxFuture<'static, ToolReply>;
}
