//! MCP servers on `CodeMode`: `connectMcp`, `connectMcpServers`, `disconnectMcp`, `mcpServers`.
//! Each server is a tool source of the instance (its tools in the namespace of its name); the
//! connection and every call live in Rust (`crate::mcp`), never on Node's main thread.

use std::sync::{Arc, Mutex, Once};

use futures_util::future::join_all;
use napi::bindgen_prelude::{FromNapiValue, Function, JsValue, PromiseRaw, Unknown};
use napi::Env;
use napi_derive::napi;

use super::code_mode::CodeMode;
use super::to_napi_error;
use crate::error::HostError;
use crate::instance::Instance;
use crate::mcp::{self, McpBackend, McpServer, ServerConfig, ServerStatus};

const EXIT_HOOKS: &str = include_str!("exit_hooks.js");

/// One connected (or once connected) MCP server, as `cm.mcpServers()` lists it.
#[napi(object, object_from_js = false)]
#[derive(Debug, Clone)]
pub struct McpServerInfo {
  /// The name given to `connectMcp`: the namespace of its tools (`tools.<name>.<tool>`).
  pub name: String,
  #[napi(ts_type = "'stdio' | 'http'")]
  pub transport: String,
  /// `disconnected`: the server exited or its HTTP session failed; the next call that needs it
  /// restarts it (at most 5 times in a row, with backoff). `closed`: `disconnectMcp` or `close`.
  #[napi(ts_type = "'connected' | 'disconnected' | 'closed'")]
  pub state: String,
  /// Tools it listed.
  pub tool_count: u32,
  /// A connected stdio server's process id, which is also its process group id (`npx` and
  /// what it starts are in that group).
  pub pid: Option<u32>,
  /// `serverInfo.name` from its handshake.
  pub server_name: Option<String>,
  /// `serverInfo.version` from its handshake.
  pub server_version: Option<String>,
  /// The MCP protocol version agreed in the handshake.
  pub protocol_version: Option<String>,
  /// The server's `instructions` for the model (they also appear in `description()`).
  pub instructions: Option<String>,
  /// Why it is disconnected.
  pub error: Option<String>,
  /// Tools left out or offered without input validation, and why.
  pub warnings: Vec<String>,
}

impl From<ServerStatus> for McpServerInfo {
  fn from(s: ServerStatus) -> Self {
    McpServerInfo {
      name: s.name,
      transport: s.transport.to_string(),
      state: s.state.to_string(),
      tool_count: s.tool_count as u32,
      pid: s.pid.map(|p| p as u32),
      server_name: s.server.name,
      server_version: s.server.version,
      protocol_version: Some(s.server.protocol_version).filter(|v| !v.is_empty()),
      instructions: s.server.instructions,
      error: s.error,
      warnings: s.warnings,
    }
  }
}

/// The instance's MCP servers by name, in the order they were connected.
#[derive(Default)]
pub struct McpServers(Mutex<Vec<Arc<McpServer>>>);

impl McpServers {
  /// Adds `server`, returning the one it replaces.
  fn put(&self, server: Arc<McpServer>) -> Option<Arc<McpServer>> {
    let mut list = self.0.lock().unwrap_or_else(|p| p.into_inner());
    match list.iter().position(|s| s.name() == server.name()) {
      Some(i) => Some(std::mem::replace(&mut list[i], server)),
      None => {
        list.push(server);
        None
      }
    }
  }

  fn remove(&self, name: &str) -> Option<Arc<McpServer>> {
    let mut list = self.0.lock().unwrap_or_else(|p| p.into_inner());
    let i = list.iter().position(|s| s.name() == name)?;
    Some(list.remove(i))
  }

  fn all(&self) -> Vec<Arc<McpServer>> {
    self.0.lock().unwrap_or_else(|p| p.into_inner()).clone()
  }

  /// `(server, instructions)` of every server that gave instructions, for `description()`.
  pub fn instructions(&self) -> Vec<(String, String)> {
    (self.all().iter())
      .filter_map(|s| Some((s.name().to_string(), s.instructions()?)))
      .collect()
  }
}

/// The instance's tool source of server `name` (prefixed: a server may be called `host`).
fn source_name(name: &str) -> String {
  format!("mcp:{name}")
}

/// Connects `name` and adds its tools; a server already of that name is replaced and closed.
async fn connect(
  instance: Arc<Instance>,
  servers: Arc<McpServers>,
  name: String,
  config: ServerConfig,
) -> Result<McpServerInfo, HostError> {
  if instance.is_closed() {
    return Err(HostError::Closed);
  }
  let (server, specs) = McpServer::connect(&name, config)
    .await
    .map_err(HostError::McpConnect)?;
  let backend = Arc::new(McpBackend(server.clone()));
  if let Err(e) = instance.attach_listed(&source_name(&name), backend, specs) {
    server.close().await;
    return Err(match e {
      HostError::InvalidOptions(why) => {
        HostError::McpConnect(format!("MCP server \"{name}\": its tools cannot be added: {why}"))
      }
      other => other,
    });
  }
  if let Some(replaced) = servers.put(server.clone()) {
    replaced.close().await;
  }
  Ok(server.status().into())
}

/// Reads a JS config value as JSON; anything JSON cannot carry is a misuse.
fn config_json(env: &Env, value: Unknown<'_>, what: &str) -> Result<serde_json::Value, HostError> {
  // SAFETY: `value` is a live value of this call's scope in `env`.
  unsafe { serde_json::Value::from_napi_value(env.raw(), value.raw()) }
    .map_err(|e| HostError::InvalidOptions(format!("{what} must be a JSON object: {}", e.reason)))
}

/// Kills every MCP server's process group when Node exits or dies of SIGINT/SIGTERM/SIGHUP.
fn install_exit_hooks(env: &Env) -> napi::Result<()> {
  static ONCE: Once = Once::new();
  let mut result = Ok(());
  ONCE.call_once(|| {
    result = (|| {
      let install: Function<Function<(), u32>, ()> = env.run_script(EXIT_HOOKS)?;
      let kill_all = env.create_function_from_closure::<(), u32, _>("killMcpServers", |_| {
        Ok(mcp::process_group::kill_all_now() as u32)
      })?;
      install.call(kill_all)
    })();
  });
  result
}

/// Rejects with `error` (its `code` set), from a future's callback.
fn settle<T>(env: &Env, outcome: Result<T, HostError>) -> napi::Result<T> {
  outcome.map_err(|e| to_napi_error(env, e))
}

#[napi]
impl CodeMode {
  /// Connects an MCP server and adds its tools as `tools.<name>.<tool>` (names that are not
  /// identifiers also get an alias: `tools.name.get_sum` for `get-sum`) for the next runs; runs
  /// in flight keep the tools they started with. `config` is `{ command, args?, env?, cwd? }`
  /// for a stdio server (started in its own process group) or `{ url, headers? }` for streamable
  /// HTTP, plus `timeoutMs` (default 30 000) for the handshake and each call. Connecting a name
  /// again replaces that server at once.
  ///
  /// Rejects with `code: 'ERR_MCP_CONNECT'` and a message naming the server and the cause
  /// (command not found, the server exited, handshake failed, HTTP 401, …; for stdio with the
  /// end of its stderr), or `ERR_INVALID_OPTIONS` for a malformed config.
  ///
  /// @example
  /// ```ts
  /// await cm.connectMcp('memory', { command: 'npx', args: ['-y', '@modelcontextprotocol/server-memory'] })
  /// await cm.connectMcp('docs', { url: 'http://127.0.0.1:3000/mcp', headers: { Authorization: 'Bearer …' } })
  /// const r = await cm.run('return await tools.memory.read_graph({})')
  /// ```
  #[napi(
    catch_unwind,
    ts_args_type = "name: string, config: McpServerConfig",
    ts_return_type = "Promise<McpServerInfo>"
  )]
  pub fn connect_mcp<'env>(
    &self,
    env: &'env Env,
    name: String,
    config: Unknown<'_>,
  ) -> napi::Result<PromiseRaw<'env, McpServerInfo>> {
    install_exit_hooks(env)?;
    let parsed = config_json(env, config, "The MCP server config")
      .and_then(|c| mcp::parse_server(&name, &c).map_err(HostError::InvalidOptions));
    let (instance, servers) = (self.instance.clone(), self.mcp.clone());
    env.spawn_future_with_callback(
      async move {
        Ok(match parsed {
          Ok(config) => connect(instance, servers, name, config).await,
          Err(e) => Err(e),
        })
      },
      settle,
    )
  }

  /// Connects every server of a Claude Desktop config (`{ "mcpServers": { name: config } }`),
  /// at the same time. If any fails, the ones this call connected are disconnected again and
  /// the promise rejects with every failure (`ERR_MCP_CONNECT`).
  ///
  /// @example
  /// ```ts
  /// await cm.connectMcpServers(JSON.parse(fs.readFileSync('claude_desktop_config.json', 'utf8')))
  /// cm.mcpServers().map((s) => `${s.name}: ${s.toolCount} tools`)
  /// ```
  #[napi(
    catch_unwind,
    ts_args_type = "config: McpConfig",
    ts_return_type = "Promise<McpServerInfo[]>"
  )]
  pub fn connect_mcp_servers<'env>(
    &self,
    env: &'env Env,
    config: Unknown<'_>,
  ) -> napi::Result<PromiseRaw<'env, Vec<McpServerInfo>>> {
    install_exit_hooks(env)?;
    let parsed = config_json(env, config, "The MCP config")
      .and_then(|c| mcp::parse_servers(&c).map_err(HostError::InvalidOptions));
    let (instance, servers) = (self.instance.clone(), self.mcp.clone());
    env.spawn_future_with_callback(
      async move {
        let list = match parsed {
          Ok(list) => list,
          Err(e) => return Ok(Err(e)),
        };
        let names: Vec<String> = list.iter().map(|(n, _)| n.clone()).collect();
        let outcomes = join_all(
          (list.into_iter()).map(|(name, config)| connect(instance.clone(), servers.clone(), name, config)),
        )
        .await;
        let failures: Vec<String> = (outcomes.iter())
          .filter_map(|o| o.as_ref().err().map(|e| e.to_string()))
          .collect();
        if failures.is_empty() {
          return Ok(Ok(outcomes.into_iter().filter_map(Result::ok).collect()));
        }
        for (name, outcome) in names.iter().zip(&outcomes) {
          if outcome.is_ok() {
            disconnect(&instance, &servers, name).await;
          }
        }
        Ok(Err(HostError::McpConnect(failures.join("\n"))))
      },
      settle,
    )
  }

  /// Disconnects MCP server `name`: its tools leave the next runs, its calls in flight fail, and
  /// a stdio server's whole process group is terminated. Resolves `false` if there was none.
  ///
  /// @example
  /// ```ts
  /// await cm.disconnectMcp('memory')
  /// ```
  #[napi(catch_unwind, ts_return_type = "Promise<boolean>")]
  pub fn disconnect_mcp<'env>(&self, env: &'env Env, name: String) -> napi::Result<PromiseRaw<'env, bool>> {
    let (instance, servers) = (self.instance.clone(), self.mcp.clone());
    env.spawn_future(async move { Ok(disconnect(&instance, &servers, &name).await) })
  }

  /// The MCP servers connected to this instance, with their state (`connected`, `disconnected`
  /// after a crash until a call restarts it, `closed`), tool count and what they said about
  /// themselves.
  ///
  /// @example
  /// ```ts
  /// for (const s of cm.mcpServers()) console.log(s.name, s.state, s.toolCount, s.serverName)
  /// ```
  #[napi(catch_unwind)]
  pub fn mcp_servers(&self) -> Vec<McpServerInfo> {
    self.mcp.all().iter().map(|s| s.status().into()).collect()
  }
}

async fn disconnect(instance: &Instance, servers: &McpServers, name: &str) -> bool {
  let detached = instance.detach(&source_name(name)).await;
  match servers.remove(name) {
    Some(server) => {
      server.close().await;
      true
    }
    None => detached,
  }
}
