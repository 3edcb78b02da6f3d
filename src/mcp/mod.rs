//! MCP servers as tool sources, through the `rmcp` client, straight from Rust: a server's tools
//! become the namespace named after it, and the guest's calls go from the engine thread to the
//! server without touching Node's main thread.
//!
//! - [`config`]: the `{ command, args, env, cwd }` / `{ url, headers }` configs and Claude
//!   Desktop's `mcpServers` file.
//! - [`connection`]: starting a stdio child (its own process group) or an HTTP session, the
//!   handshake, paginated `tools/list`, shutdown.
//! - [`server`]: one server over its lifetime (connected, disconnected, restarted, closed), and
//!   its calls with cancellation, timeouts and progress.
//! - [`backend`]: the server as a `ToolBackend`; [`result`]: `CallToolResult` → guest value;
//!   [`tool_list`]: `Tool` → `ToolSpec`; [`process_group`]: killing whole process trees.
//!
//! The connection lives on the tokio runtime it was opened on (napi's in the addon); calls from
//! engine threads run as tasks there.

pub mod backend;
pub mod config;
pub mod connection;
mod handler;
pub mod process_group;
pub mod result;
pub mod server;
mod stderr_tail;
pub mod tool_list;

pub use backend::McpBackend;
pub use config::{parse_server, parse_servers, ServerConfig};
pub use server::{McpServer, ServerStatus};
