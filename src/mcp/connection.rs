//! One live connection to an MCP server: the transport started (a child process in its own
//! process group, or streamable HTTP), the handshake done within the timeout, and the way to
//! shut it down again. Failures are messages that name the server and the cause, with the
//! server's stderr tail for stdio.

use std::process::Stdio;
use std::sync::Arc;
use std::time::Duration;

use process_wrap::tokio::{CommandWrap, ProcessGroup};
use rmcp::model::{PaginatedRequestParams, ServerPeerInfo};
use rmcp::service::{RoleClient, RunningService};
use rmcp::transport::streamable_http_client::StreamableHttpClientTransportConfig;
use rmcp::transport::{StreamableHttpClientTransport, TokioChildProcess};
use rmcp::{Peer, ServiceExt};
use serde_json::Value;

use super::config::{ServerConfig, Transport, INHERITED_ENV};
use super::handler::Handler;
use super::process_group;
use super::stderr_tail::StderrTail;

/// How long a dying server's stderr gets to arrive before a message is written.
const STDERR_WAIT: Duration = Duration::from_millis(300);
/// How long a closing server gets for its polite shutdown (stdin closed, HTTP session ended).
const CLOSE_GRACE: Duration = Duration::from_millis(1000);
/// How long a process group gets between SIGTERM and SIGKILL.
const KILL_GRACE: Duration = Duration::from_millis(1000);
/// Most `tools/list` pages read from one server (a server whose cursor never ends is cut off).
const MAX_PAGES: usize = 100;

/// What the server said about itself in the handshake.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PeerSummary {
  pub name: Option<String>,
  pub version: Option<String>,
  pub protocol_version: String,
  pub instructions: Option<String>,
}

/// A connection in use.
pub struct Live {
  service: tokio::sync::Mutex<Option<RunningService<RoleClient, Handler>>>,
  pub peer: Peer<RoleClient>,
  pub summary: PeerSummary,
  /// The process group of a stdio server (its leader's pid).
  pub pgid: Option<i32>,
  stderr: Option<StderrTail>,
}

impl Live {
  /// Starts the server and completes the handshake; must run on the tokio runtime that will
  /// drive the connection.
  pub async fn open(name: &str, config: &ServerConfig, handler: Handler) -> Result<Arc<Live>, String> {
    match &config.transport {
      Transport::Stdio {
        command,
        args,
        env,
        cwd,
      } => {
        let mut cmd = tokio::process::Command::new(command);
        cmd.args(args).env_clear();
        for key in INHERITED_ENV {
          if let Some(v) = std::env::var_os(key) {
            cmd.env(key, v);
          }
        }
        cmd.envs(env);
        if let Some(dir) = cwd {
          cmd.current_dir(dir);
        }
        let mut wrap = CommandWrap::from(cmd);
        wrap.wrap(ProcessGroup::leader());
        let (child, stderr) = TokioChildProcess::builder(wrap)
          .stderr(Stdio::piped())
          .spawn()
          .map_err(|e| spawn_error(name, command, cwd.as_deref(), &e))?;
        let pgid = child.id().map(|p| p as i32);
        if let Some(g) = pgid {
          process_group::register(g);
        }
        let tail = stderr.map(StderrTail::spawn);
        let why = match tokio::time::timeout(config.timeout, handler.serve(child)).await {
          Ok(Ok(service)) => return Ok(Live::new(service, pgid, tail)),
          Ok(Err(e)) => format!(
            "the MCP handshake failed ({}); the command exited, or it is not an MCP server on stdio",
            plain(&e.to_string())
          ),
          Err(_) => format!(
            "it did not complete the MCP handshake within {} ms",
            config.timeout.as_millis()
          ),
        };
        if let Some(g) = pgid {
          process_group::terminate(g, Duration::ZERO).await;
        }
        let tail = match &tail {
          Some(t) => t.settled(STDERR_WAIT).await,
          None => String::new(),
        };
        Err(format!(
          "MCP server \"{name}\" (`{command}`): {why}.{}",
          StderrTail::explain(&tail)
        ))
      }
      Transport::Http { url, headers } => {
        let client = http_client(headers).map_err(|e| format!("MCP server \"{name}\" ({url}): {e}"))?;
        let transport = StreamableHttpClientTransport::with_client(
          client,
          StreamableHttpClientTransportConfig::with_uri(url.as_str()),
        );
        match tokio::time::timeout(config.timeout, handler.serve(transport)).await {
          Ok(Ok(service)) => Ok(Live::new(service, None, None)),
          Ok(Err(e)) if e.is_authorization_required() => Err(format!(
            "MCP server \"{name}\" ({url}): the server answered 401 Unauthorized; give the credentials it needs in `headers` (e.g. Authorization)."
          )),
          Ok(Err(e)) => Err(format!(
            "MCP server \"{name}\" ({url}): could not connect: {}{}.",
            plain(&e.to_string()),
            http_causes(&e)
          )),
          Err(_) => Err(format!(
            "MCP server \"{name}\" ({url}): it did not complete the MCP handshake within {} ms.",
            config.timeout.as_millis()
          )),
        }
      }
    }
  }

  fn new(
    service: RunningService<RoleClient, Handler>,
    pgid: Option<i32>,
    stderr: Option<StderrTail>,
  ) -> Arc<Live> {
    let peer = service.peer().clone();
    let summary = summarize(peer.peer_info().as_deref());
    Arc::new(Live {
      service: tokio::sync::Mutex::new(Some(service)),
      peer,
      summary,
      pgid,
      stderr,
    })
  }

  /// Whether the transport has ended (the server exited, the HTTP session failed, or closed).
  pub fn is_closed(&self) -> bool {
    self.peer.is_transport_closed()
  }

  /// The end of the server's stderr (stdio), waiting briefly for its last words.
  pub async fn stderr_tail(&self) -> String {
    match &self.stderr {
      Some(t) => t.settled(STDERR_WAIT).await,
      None => String::new(),
    }
  }

  /// Every tool the server lists (following `nextCursor`), as JSON.
  pub async fn list_tools(&self, timeout: Duration) -> Result<Vec<Value>, String> {
    let list = async {
      let mut tools = Vec::new();
      let mut cursor = None;
      for _ in 0..MAX_PAGES {
        let page = self
          .peer
          .list_tools(Some(PaginatedRequestParams::default().with_cursor(cursor)))
          .await
          .map_err(|e| e.to_string())?;
        for tool in page.tools {
          tools.push(serde_json::to_value(tool).map_err(|e| e.to_string())?);
        }
        match page.next_cursor {
          Some(next) => cursor = Some(next),
          None => return Ok(tools),
        }
      }
      Err(format!("it listed more than {MAX_PAGES} pages of tools"))
    };
    match tokio::time::timeout(timeout, list).await {
      Ok(r) => r,
      Err(_) => Err(format!(
        "`tools/list` got no answer within {} ms",
        timeout.as_millis()
      )),
    }
  }

  /// Ends the connection: the polite shutdown first (stdin closed, HTTP session deleted), then
  /// the whole process group is terminated, grandchildren included.
  pub async fn shutdown(&self) {
    let service = self.service.lock().await.take();
    if let Some(mut service) = service {
      let _ = service.close_with_timeout(CLOSE_GRACE).await;
    }
    if let Some(g) = self.pgid {
      process_group::terminate(g, KILL_GRACE).await;
    }
  }
}

fn summarize(info: Option<&ServerPeerInfo>) -> PeerSummary {
  let Some(info) = info else {
    return PeerSummary::default();
  };
  PeerSummary {
    name: info.server_info.as_ref().map(|i| i.name.clone()),
    version: info.server_info.as_ref().map(|i| i.version.clone()),
    protocol_version: info.protocol_version.to_string(),
    instructions: info.instructions.clone().filter(|i| !i.trim().is_empty()),
  }
}

/// An rmcp error message without the Rust type names it carries
/// (`Transport [rmcp::transport::worker::WorkerTransport<…>] error: Client error: …`).
/// Why an HTTP connection failed underneath (`: invalid peer certificate: UnknownIssuer`,
/// `: Connection refused`): rmcp keeps reqwest's error but not its causes in the chain it exposes.
fn http_causes(e: &rmcp::service::ClientInitializeError) -> String {
  use rmcp::transport::streamable_http_client::StreamableHttpError;
  let rmcp::service::ClientInitializeError::TransportError { error, .. } = e else {
    return String::new();
  };
  let Some(StreamableHttpError::Client(inner)) =
    error.error.downcast_ref::<StreamableHttpError<reqwest::Error>>()
  else {
    return String::new();
  };
  let mut text = String::new();
  let mut cause = std::error::Error::source(inner);
  while let Some(c) = cause {
    let part = c.to_string();
    if !text.contains(&part) {
      text.push_str(": ");
      text.push_str(&part);
    }
    cause = c.source();
  }
  text
}

fn plain(message: &str) -> String {
  let text = match message.find("] error: ") {
    Some(at) => &message[at + "] error: ".len()..],
    None => message,
  };
  text.trim_end_matches('.').to_string()
}

fn spawn_error(name: &str, command: &str, cwd: Option<&str>, e: &std::io::Error) -> String {
  let why = match e.kind() {
    std::io::ErrorKind::NotFound if cwd.is_some_and(|d| !std::path::Path::new(d).is_dir()) => {
      format!("its cwd \"{}\" does not exist", cwd.unwrap_or_default())
    }
    std::io::ErrorKind::NotFound => "command not found (is it installed and on PATH?)".to_string(),
    std::io::ErrorKind::PermissionDenied => "permission denied (is it executable?)".to_string(),
    _ => e.to_string(),
  };
  format!("MCP server \"{name}\": could not start `{command}`: {why}.")
}

/// A reqwest client with the configured headers on every request, TLS by rustls on ring.
fn http_client(headers: &std::collections::BTreeMap<String, String>) -> Result<reqwest::Client, String> {
  // The process-wide default provider; an error only means one is installed already.
  let _ = rustls::crypto::ring::default_provider().install_default();
  let mut map = http::HeaderMap::new();
  for (k, v) in headers {
    let name =
      http::HeaderName::from_bytes(k.as_bytes()).map_err(|_| format!("invalid header name \"{k}\""))?;
    let value = http::HeaderValue::from_str(v).map_err(|_| format!("invalid value for header \"{k}\""))?;
    map.insert(name, value);
  }
  reqwest::Client::builder()
    .default_headers(map)
    .build()
    .map_err(|e| format!("could not set up HTTP: {e}"))
}
