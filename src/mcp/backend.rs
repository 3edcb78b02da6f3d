//! An MCP server as a tool backend. Calls come from an engine thread's executor; each runs as a
//! task on the runtime that drives the connection, so a call dropped with its run still sends
//! the server its cancellation.

use std::sync::Arc;

use futures_util::future::BoxFuture;

use super::server::McpServer;
use crate::run::control::CancelReason;
use crate::tools::{CallCancel, ToolBackend, ToolListSink, ToolReply, ToolRequest, ToolSpec};

/// The tools of one MCP server.
pub struct McpBackend(pub Arc<McpServer>);

/// Cancels the call (so its task tells the server) unless it finished.
struct CancelOnDrop(Option<CallCancel>);

impl Drop for CancelOnDrop {
  fn drop(&mut self) {
    if let Some(cancel) = self.0.take() {
      cancel.cancel(CancelReason::ProgramEnded);
    }
  }
}

impl ToolBackend for McpBackend {
  fn list_tools(&self) -> BoxFuture<'static, Result<Vec<ToolSpec>, String>> {
    let server = self.0.clone();
    let runtime = server.runtime().clone();
    Box::pin(async move {
      match runtime.spawn(async move { server.list_specs().await }).await {
        Ok(r) => r,
        Err(e) => Err(e.to_string()),
      }
    })
  }

  fn call(&self, request: ToolRequest) -> BoxFuture<'static, ToolReply> {
    let guard = CancelOnDrop(Some(request.cancel.clone()));
    let server = self.0.clone();
    let name = server.name().to_string();
    let task = server.runtime().clone().spawn(server.call(request));
    Box::pin(async move {
      // Move the whole guard in (not just the field written below), so it lives as long as the call.
      let mut guard = guard;
      let reply = match task.await {
        Ok(reply) => reply,
        Err(_) => ToolReply::Err(crate::tools::ToolFailure::new(
          crate::tools::ToolFailureCode::ToolFailed,
          format!("The call to MCP server \"{name}\" ended unexpectedly."),
        )),
      };
      guard.0 = None;
      reply
    })
  }

  fn server_name(&self) -> Option<String> {
    Some(self.0.name().to_string())
  }

  fn watch_tools(&self, on_change: ToolListSink) {
    self.0.watch(on_change);
  }

  fn close(&self) -> BoxFuture<'static, ()> {
    let server = self.0.clone();
    Box::pin(async move { server.close().await })
  }
}
