//! One named MCP server over its lifetime: connected, disconnected (it crashed, or its HTTP
//! session failed) or closed. A call that finds it disconnected restarts it first (bounded
//! retries with backoff, reported to the run's events); a call whose transport dies fails at
//! once with a message naming the server; a hung call ends at the server's timeout with an MCP
//! cancellation.

use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use rmcp::model::{
  CallToolRequest, CallToolRequestParams, CancelledNotification, CancelledNotificationParam,
  ClientNotification, ClientRequest, ServerResult,
};
use rmcp::service::PeerRequestOptions;
use rmcp::ServiceError;
use serde_json::Value;
use tokio::runtime::Handle;

use super::config::ServerConfig;
use super::connection::{Live, PeerSummary};
use super::handler::{Handler, Notifications};
use super::result::unwrap_result;
use super::stderr_tail::StderrTail;
use super::tool_list::tool_specs;
use crate::tools::{CallEvent, ToolFailure, ToolFailureCode, ToolListSink, ToolReply, ToolRequest, ToolSpec};

/// Restarts tried in a row before a server is given up (until `connectMcp` again).
pub const MAX_RESTARTS: u32 = 5;
/// The wait after the first failed restart; it doubles with each further failure.
const FIRST_BACKOFF: Duration = Duration::from_millis(500);
const MAX_BACKOFF: Duration = Duration::from_secs(8);
/// How long progress notifications of a finished call are still relayed.
const PROGRESS_GRACE: Duration = Duration::from_millis(50);

enum Link {
  Up(Arc<Live>),
  Down {
    reason: String,
    failures: u32,
    retry_at: Instant,
  },
  Closed,
}

/// What `cm.mcpServers()` shows of a server.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerStatus {
  pub name: String,
  /// `"stdio"` or `"http"`.
  pub transport: &'static str,
  /// `"connected"`, `"disconnected"` or `"closed"`.
  pub state: &'static str,
  pub tool_count: usize,
  pub server: PeerSummary,
  /// A stdio server's process id, also its process group id (while connected).
  pub pid: Option<i32>,
  /// Why it is disconnected.
  pub error: Option<String>,
  /// Tools offered without validation, or left out, and why.
  pub warnings: Vec<String>,
}

/// A named MCP server; its tools are the namespace of that name.
pub struct McpServer {
  name: String,
  config: ServerConfig,
  /// The runtime that drives the connection and every call (napi's, in the addon).
  runtime: Handle,
  notifications: Arc<Notifications>,
  link: Mutex<Link>,
  /// Held while a restart is under way, so concurrent calls wait for one restart.
  restarting: tokio::sync::Mutex<()>,
  /// The last good list: (tool count, warnings, last summary).
  listed: Mutex<(usize, Vec<String>, PeerSummary)>,
  sink: Mutex<Option<ToolListSink>>,
}

fn fail(message: impl Into<String>) -> ToolReply {
  ToolReply::Err(ToolFailure::new(ToolFailureCode::ToolFailed, message))
}

impl McpServer {
  /// Connects to server `name` and lists its tools. Must run on the runtime that will drive it.
  pub async fn connect(name: &str, config: ServerConfig) -> Result<(Arc<McpServer>, Vec<ToolSpec>), String> {
    let notifications = Arc::new(Notifications::default());
    let live = Live::open(name, &config, Handler(notifications.clone())).await?;
    let tools = match live.list_tools(config.timeout).await {
      Ok(t) => t,
      Err(why) => {
        live.shutdown().await;
        return Err(format!("MCP server \"{name}\": could not list its tools: {why}."));
      }
    };
    let (specs, warnings) = tool_specs(name, &tools);
    let server = Arc::new(McpServer {
      name: name.to_string(),
      config,
      runtime: Handle::current(),
      notifications: notifications.clone(),
      listed: Mutex::new((specs.len(), warnings, live.summary.clone())),
      link: Mutex::new(Link::Up(live)),
      restarting: tokio::sync::Mutex::new(()),
      sink: Mutex::new(None),
    });
    let weak = Arc::downgrade(&server);
    let runtime = server.runtime.clone();
    notifications.on_tools_changed(Arc::new(move || {
      let weak: Weak<McpServer> = weak.clone();
      runtime.spawn(async move {
        if let Some(server) = weak.upgrade() {
          server.relist().await;
        }
      });
    }));
    Ok((server, specs))
  }

  pub fn name(&self) -> &str {
    &self.name
  }

  pub fn runtime(&self) -> &Handle {
    &self.runtime
  }

  /// Where re-listed tools go (the instance's tool source).
  pub fn watch(&self, sink: ToolListSink) {
    if let Ok(mut s) = self.sink.lock() {
      *s = Some(sink);
    }
  }

  /// The server's `instructions` from its handshake, if it gave any.
  pub fn instructions(&self) -> Option<String> {
    self.listed.lock().ok().and_then(|l| l.2.instructions.clone())
  }

  pub fn status(&self) -> ServerStatus {
    let (tool_count, warnings, server) = self.listed.lock().map(|l| l.clone()).unwrap_or_default();
    let (state, error, pid) = match &*self.lock_link() {
      Link::Up(live) if !live.is_closed() => ("connected", None, live.pgid),
      Link::Up(live) => (
        "disconnected",
        Some("its connection closed".to_string()),
        live.pgid,
      ),
      Link::Down { reason, .. } => ("disconnected", Some(reason.clone()), None),
      Link::Closed => ("closed", None, None),
    };
    ServerStatus {
      name: self.name.clone(),
      transport: self.config.transport.kind(),
      state,
      tool_count,
      server,
      pid,
      error,
      warnings,
    }
  }

  fn lock_link(&self) -> std::sync::MutexGuard<'_, Link> {
    self.link.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
  }

  /// The tools as listed now (for `ToolBackend::list_tools`).
  pub async fn list_specs(&self) -> Result<Vec<ToolSpec>, String> {
    let live = match &*self.lock_link() {
      Link::Up(live) => live.clone(),
      _ => return Err(format!("MCP server \"{}\" is not connected", self.name)),
    };
    let tools = live.list_tools(self.config.timeout).await?;
    let (specs, warnings) = tool_specs(&self.name, &tools);
    if let Ok(mut l) = self.listed.lock() {
      *l = (specs.len(), warnings, live.summary.clone());
    }
    Ok(specs)
  }

  /// Re-lists the tools and hands them to the watcher (after `tools/list_changed` or a restart).
  async fn relist(&self) {
    let Ok(specs) = self.list_specs().await else {
      return;
    };
    let sink = self.sink.lock().ok().and_then(|s| s.clone());
    if let Some(sink) = sink {
      sink(specs);
    }
  }

  /// Calls tool `request.name` on the server.
  pub async fn call(self: Arc<Self>, request: ToolRequest) -> ToolReply {
    if request.cancel.reason().is_some() {
      // Cancelled before it was sent (the run ended at once): the server never hears of it.
      return ToolReply::Err(ToolFailure::new(
        ToolFailureCode::Aborted,
        "The call was cancelled.",
      ));
    }
    let live = match self.connection_for(&request).await {
      Ok(live) => live,
      Err(message) => return fail(message),
    };
    let mut params = CallToolRequestParams::new(request.name.clone());
    match request.input_json.as_deref().map(serde_json::from_str::<Value>) {
      None | Some(Ok(Value::Null)) => {}
      Some(Ok(Value::Object(arguments))) => params = params.with_arguments(arguments),
      Some(Ok(other)) => {
        return ToolReply::Err(ToolFailure::new(
          ToolFailureCode::InvalidInput,
          format!("MCP tools take an object as input; got {other}."),
        ))
      }
      Some(Err(e)) => return fail(format!("The input is not JSON: {e}")),
    }
    let options = PeerRequestOptions::with_timeout(self.config.timeout);
    let sent = live
      .peer
      .send_cancellable_request(
        ClientRequest::CallToolRequest(CallToolRequest::new(params)),
        options,
      )
      .await;
    let handle = match sent {
      Ok(handle) => handle,
      Err(e) => return fail(self.explain(&live, &request.name, e).await),
    };
    let token = handle.progress_token.clone();
    if let Some(sink) = &request.events {
      self.notifications.track_progress(token.clone(), sink.clone());
    }
    let (id, peer) = (handle.id.clone(), handle.peer.clone());
    let outcome = tokio::select! {
      r = handle.await_response() => Ok(r),
      reason = request.cancel.cancelled() => Err(reason),
    };
    if request.events.is_some() {
      // rmcp handles each notification on a task of its own, so the last progress sent before
      // the answer may still be on its way: stop listening a little later.
      let notifications = self.notifications.clone();
      self.runtime.spawn(async move {
        tokio::time::sleep(PROGRESS_GRACE).await;
        notifications.stop_progress(&token);
      });
    }
    match outcome {
      Err(reason) => {
        let why = CancelledNotificationParam::new(Some(id), Some(reason.message().to_string()));
        let note = ClientNotification::CancelledNotification(CancelledNotification::new(why));
        let _ = tokio::time::timeout(Duration::from_secs(1), peer.send_notification(note)).await;
        ToolReply::Err(ToolFailure::new(
          ToolFailureCode::Aborted,
          "The call was cancelled.",
        ))
      }
      Ok(Ok(ServerResult::CallToolResult(result))) => match serde_json::to_value(result) {
        Ok(json) => unwrap_result(&json),
        Err(e) => fail(format!(
          "MCP server \"{}\" sent a result that is not JSON: {e}",
          self.name
        )),
      },
      Ok(Ok(_)) => fail(format!(
        "MCP server \"{}\" answered the call to {} with something other than a tool result.",
        self.name, request.name
      )),
      Ok(Err(e)) => fail(self.explain(&live, &request.name, e).await),
    }
  }

  /// A failed call's message; a dead transport also marks the server disconnected.
  async fn explain(&self, live: &Arc<Live>, tool: &str, e: ServiceError) -> String {
    let name = &self.name;
    match e {
      ServiceError::Timeout { timeout } => format!(
        "MCP server \"{name}\" did not answer the call to {tool} within {} ms (its timeoutMs); the call was cancelled.",
        timeout.as_millis()
      ),
      ServiceError::McpError(data) => format!("MCP server \"{name}\" refused the call to {tool}: {}", data.message),
      ServiceError::TransportClosed | ServiceError::TransportSend(_) => {
        let tail = live.stderr_tail().await;
        let reason = if self.is_stdio() {
          "the server process exited"
        } else {
          "the HTTP connection failed"
        };
        self.mark_down(live, format!("{reason} during a call to {tool}"));
        format!(
          "MCP server \"{name}\" disconnected during the call to {tool} ({reason}); it will be restarted on the next call.{}",
          StderrTail::explain(&tail)
        )
      }
      other => format!("MCP server \"{name}\": the call to {tool} failed: {other}."),
    }
  }

  fn is_stdio(&self) -> bool {
    self.config.transport.kind() == "stdio"
  }

  /// Marks the server disconnected, if `live` is still its connection, and ends that connection.
  fn mark_down(&self, live: &Arc<Live>, reason: String) {
    let mut link = self.lock_link();
    if matches!(&*link, Link::Up(current) if Arc::ptr_eq(current, live)) {
      *link = Link::Down {
        reason,
        failures: 0,
        retry_at: Instant::now(),
      };
      let live = live.clone();
      self.runtime.spawn(async move { live.shutdown().await });
    }
  }

  /// The live connection, restarting a disconnected server first when its backoff allows.
  async fn connection_for(&self, request: &ToolRequest) -> Result<Arc<Live>, String> {
    let dead = match &*self.lock_link() {
      Link::Up(live) if !live.is_closed() => return Ok(live.clone()),
      Link::Up(live) => Some(live.clone()),
      Link::Closed => {
        return Err(format!(
          "MCP server \"{}\" was disconnected by the host; its tools are no longer available.",
          self.name
        ))
      }
      Link::Down { .. } => None,
    };
    if let Some(live) = dead {
      let tail = live.stderr_tail().await;
      self.mark_down(
        &live,
        format!("its connection closed{}", StderrTail::explain(&tail)),
      );
    }
    let _one_at_a_time = self.restarting.lock().await;
    let (reason, failures) = match &*self.lock_link() {
      Link::Up(live) if !live.is_closed() => return Ok(live.clone()), // restarted meanwhile
      Link::Down { failures, .. } if *failures >= MAX_RESTARTS => {
        return Err(format!(
          "MCP server \"{}\" is disconnected and {MAX_RESTARTS} restarts failed; the host can reconnect it with connectMcp.",
          self.name
        ))
      }
      Link::Down { retry_at, reason, .. } if *retry_at > Instant::now() => {
        return Err(format!(
          "MCP server \"{}\" is disconnected ({reason}); the next restart is allowed in {} ms.",
          self.name,
          retry_at.saturating_duration_since(Instant::now()).as_millis()
        ))
      }
      Link::Down { reason, failures, .. } => (reason.clone(), *failures),
      Link::Up(_) | Link::Closed => return Err(format!("MCP server \"{}\" is not available.", self.name)),
    };
    let report = |state: &str, message: String| {
      if let Some(sink) = &request.events {
        sink(CallEvent::Server {
          state: state.to_string(),
          message,
        });
      }
    };
    report(
      "restarting",
      format!(
        "MCP server \"{}\" is disconnected ({reason}); restarting it.",
        self.name
      ),
    );
    match Live::open(&self.name, &self.config, Handler(self.notifications.clone())).await {
      Ok(live) => {
        let closed = {
          let mut link = self.lock_link();
          let closed = matches!(&*link, Link::Closed);
          if !closed {
            *link = Link::Up(live.clone());
          }
          closed
        };
        if closed {
          live.shutdown().await;
          return Err(format!(
            "MCP server \"{}\" was disconnected by the host.",
            self.name
          ));
        }
        report("connected", format!("MCP server \"{}\" restarted.", self.name));
        self.relist().await;
        Ok(live)
      }
      Err(message) => {
        let failures = failures + 1;
        let backoff = (FIRST_BACKOFF * 2u32.saturating_pow(failures - 1)).min(MAX_BACKOFF);
        {
          let mut link = self.lock_link();
          if !matches!(&*link, Link::Closed) {
            *link = Link::Down {
              reason: message.clone(),
              failures,
              retry_at: Instant::now() + backoff,
            };
          }
        }
        report(
          "failed",
          format!("Restart {failures} of {MAX_RESTARTS} failed: {message}"),
        );
        Err(message)
      }
    }
  }

  /// Ends the connection for good (disconnectMcp, close): the process group is terminated.
  pub async fn close(&self) {
    let previous = std::mem::replace(&mut *self.lock_link(), Link::Closed);
    if let Link::Up(live) = previous {
      live.shutdown().await;
    }
  }
}
