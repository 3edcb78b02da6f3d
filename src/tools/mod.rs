//! Tools: what the guest can call, and the one trait every tool source implements.
//!
//! A [`ToolBackend`] (JS callbacks, MCP servers) lists its tools and answers calls; the
//! [`ToolRegistry`] is an immutable snapshot mapping guest-visible paths (`tools.ns.name`) to a
//! backend and the tool's index there. The instance swaps snapshots when tools change.

mod backend;
pub mod derived;
pub mod identifiers;
pub mod observed;
pub mod python_names;
mod registry;
#[cfg(test)]
pub mod test_support;
pub mod validation;

pub use backend::{
  CallCancel, CallEvent, CallEventSink, ToolBackend, ToolFailure, ToolFailureCode, ToolListSink, ToolReply,
  ToolRequest,
};
pub use registry::{edit_distance, ToolEntry, ToolRegistry};

use serde::Serialize;

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

  /// `ns.name` or `name`: how the tool is named in messages (see [`tool_path`]).
  pub fn path(&self) -> String {
    tool_path(self.namespace.as_deref(), &self.name)
  }
}

/// `ns.name`, or `name` outside a namespace: the one way a tool is named in messages and hints.
pub fn tool_path(namespace: Option<&str>, name: &str) -> String {
  match namespace {
    Some(ns) => format!("{ns}.{name}"),
    None => name.to_string(),
  }
}
