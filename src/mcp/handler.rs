//! The client side of the MCP conversation: who we are in the handshake, and where the
//! server's notifications go (progress to the call that asked for it, `tools/list_changed` to a
//! re-list).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use rmcp::model::{
  ClientCapabilities, ClientConfig, Implementation, ProgressNotificationParam, ProgressToken, ProtocolVersion,
};
use rmcp::service::{NotificationContext, RoleClient};
use rmcp::ClientHandler;

use crate::tools::{CallEvent, CallEventSink};

/// Called when the server says its tool list changed.
pub type OnToolsChanged = Arc<dyn Fn() + Send + Sync>;

/// Where notifications go; shared by the handler and the calls in flight.
#[derive(Default)]
pub struct Notifications {
  progress: Mutex<HashMap<ProgressToken, CallEventSink>>,
  tools_changed: Mutex<Option<OnToolsChanged>>,
}

impl Notifications {
  /// Sends progress for `token` to `sink` until [`Self::stop_progress`].
  pub fn track_progress(&self, token: ProgressToken, sink: CallEventSink) {
    if let Ok(mut p) = self.progress.lock() {
      p.insert(token, sink);
    }
  }

  pub fn stop_progress(&self, token: &ProgressToken) {
    if let Ok(mut p) = self.progress.lock() {
      p.remove(token);
    }
  }

  pub fn on_tools_changed(&self, f: OnToolsChanged) {
    if let Ok(mut slot) = self.tools_changed.lock() {
      *slot = Some(f);
    }
  }
}

/// The rmcp client handler of one connection.
#[derive(Clone)]
pub struct Handler(pub Arc<Notifications>);

impl ClientHandler for Handler {
  async fn on_progress(&self, params: ProgressNotificationParam, _context: NotificationContext<RoleClient>) {
    let sink = self
      .0
      .progress
      .lock()
      .ok()
      .and_then(|p| p.get(&params.progress_token).cloned());
    if let Some(sink) = sink {
      sink(CallEvent::Progress {
        progress: params.progress,
        total: params.total,
        message: params.message,
      });
    }
  }

  async fn on_tool_list_changed(&self, _context: NotificationContext<RoleClient>) {
    let f = self.0.tools_changed.lock().ok().and_then(|f| f.clone());
    if let Some(f) = f {
      f();
    }
  }

  fn get_info(&self) -> ClientConfig {
    ClientConfig::new(
      ClientCapabilities::default(),
      Implementation::new("quickjs-codemode", env!("CARGO_PKG_VERSION")),
    )
    .with_protocol_version(ProtocolVersion::LATEST_WITH_INITIALIZE)
  }
}
