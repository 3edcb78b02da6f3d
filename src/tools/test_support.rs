//! Test helpers shared by the tools and engine unit tests.

use std::sync::Arc;

use futures_util::future::BoxFuture;

use super::{ToolBackend, ToolEntry, ToolReply, ToolRequest, ToolSpec};

/// A backend that answers every call with `undefined`.
pub struct Nop;

impl ToolBackend for Nop {
  fn list_tools(&self) -> BoxFuture<'static, Result<Vec<ToolSpec>, String>> {
    Box::pin(async { Ok(Vec::new()) })
  }

  fn call(&self, _r: ToolRequest) -> BoxFuture<'static, ToolReply> {
    Box::pin(async { ToolReply::Ok(None) })
  }
}

/// A registry entry for tool `name` (in `ns`) with an optional description, on [`Nop`].
pub fn entry(ns: Option<&str>, name: &str, description: Option<&str>) -> ToolEntry {
  let mut spec = ToolSpec::named(ns, name);
  spec.description = description.map(str::to_string);
  ToolEntry {
    spec,
    backend: Arc::new(Nop),
    backend_index: 0,
  }
}
