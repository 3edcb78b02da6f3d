//! How an MCP server is reached: a child process speaking stdio, or a streamable HTTP endpoint.
//! Parsed from the JSON a host passes to `connectMcp(name, config)` or from Claude Desktop's
//! `{ "mcpServers": { name: config } }` file; every mistake is a message naming the server.

use std::collections::BTreeMap;
use std::time::Duration;

use serde_json::{Map, Value};

use crate::tools::edit_distance;

/// The connect and per-call timeout when a config does not say.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// Variables a stdio server inherits from the host (as the MCP TypeScript SDK does): enough to
/// find programs and a home, not the host's secrets.
pub const INHERITED_ENV: [&str; 6] = ["HOME", "LOGNAME", "PATH", "SHELL", "TERM", "USER"];

/// One server's configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerConfig {
  pub transport: Transport,
  /// Bounds the handshake and every call (a call also ends with its run).
  pub timeout: Duration,
}

/// The two transports.
#[derive(Debug, Clone, PartialEq)]
pub enum Transport {
  /// A child process (in its own process group) speaking JSON-RPC over stdin/stdout.
  Stdio {
    command: String,
    args: Vec<String>,
    /// Added to [`INHERITED_ENV`].
    env: BTreeMap<String, String>,
    cwd: Option<String>,
  },
  /// Streamable HTTP (`http://` or `https://`).
  Http {
    url: String,
    headers: BTreeMap<String, String>,
  },
}

impl Transport {
  /// `"stdio"` or `"http"`.
  pub fn kind(&self) -> &'static str {
    match self {
      Transport::Stdio { .. } => "stdio",
      Transport::Http { .. } => "http",
    }
  }
}

/// Parses the config of server `name`.
pub fn parse_server(name: &str, config: &Value) -> Result<ServerConfig, String> {
  check_name(name)?;
  let bad = |why: String| format!("MCP server \"{name}\": {why}");
  let Some(obj) = config.as_object() else {
    return Err(bad(format!(
      "the config must be an object, {{ command, args?, env?, cwd? }} or {{ url, headers? }}; got {}.",
      kind_of(config)
    )));
  };
  check_keys(obj).map_err(bad)?;
  let timeout = match obj.get("timeoutMs") {
    None | Some(Value::Null) => DEFAULT_TIMEOUT,
    Some(v) => match v.as_f64() {
      Some(ms) if ms.is_finite() && ms >= 1.0 => Duration::from_millis(ms.min(2_147_483_647.0) as u64),
      _ => {
        return Err(bad(format!(
          "`timeoutMs` must be a number of milliseconds (1 or more); got {v}."
        )))
      }
    },
  };
  let declared = obj.get("type").and_then(Value::as_str);
  if declared == Some("sse") {
    return Err(bad(
      "the deprecated HTTP+SSE transport is not supported (the Rust MCP client has none); use the server's streamable HTTP endpoint as `url`."
        .into(),
    ));
  }
  let transport = match (obj.get("command"), obj.get("url")) {
    (Some(_), Some(_)) => return Err(bad("give either `command` (stdio) or `url` (HTTP), not both.".into())),
    (Some(command), None) => stdio(obj, command).map_err(bad)?,
    (None, Some(url)) => http(obj, url).map_err(bad)?,
    (None, None) => {
      return Err(bad(
        "the config needs `command` (a stdio server: { command, args?, env?, cwd? }) or `url` (streamable HTTP: { url, headers? })."
          .into(),
      ))
    }
  };
  Ok(ServerConfig { transport, timeout })
}

/// The keys a server config may have.
const KNOWN_KEYS: [&str; 8] = [
  "command",
  "args",
  "env",
  "cwd",
  "url",
  "headers",
  "timeoutMs",
  "type",
];

/// Keys other MCP clients write in the same file (Cline, Cursor, Roo, Claude Code). They mean
/// nothing here, so they are accepted and ignored rather than refused, and a shared config file
/// works as it is. (`disabled: true` skips the server in [`parse_servers`].)
const OTHER_CLIENTS_KEYS: [&str; 6] = [
  "disabled",
  "autoApprove",
  "alwaysAllow",
  "description",
  "timeout",
  "transportType",
];

/// A key that is neither ours nor another client's is a mistake (`arg`, `header`, `timeout_ms`)
/// that would otherwise be silently ignored: refuse it, naming the key meant.
fn check_keys(obj: &Map<String, Value>) -> Result<(), String> {
  let Some(key) = obj
    .keys()
    .find(|k| !KNOWN_KEYS.contains(&k.as_str()) && !OTHER_CLIENTS_KEYS.contains(&k.as_str()))
  else {
    return Ok(());
  };
  let plain = |k: &str| k.to_lowercase().replace(['_', '-'], "");
  let meant = KNOWN_KEYS
    .iter()
    .find(|known| edit_distance(&plain(key), &plain(known)) <= 2);
  let advice = match meant {
    Some(known) => format!(" Did you mean `{known}`?"),
    None => String::new(),
  };
  Err(format!(
    "unknown key `{key}`.{advice} A config has {}.",
    KNOWN_KEYS.map(|k| format!("`{k}`")).join(", ")
  ))
}

/// Parses Claude Desktop's format, `{ "mcpServers": { name: config, ... } }`, in file order.
/// A server with `"disabled": true` (as Cline and Cursor write it) is left out.
pub fn parse_servers(config: &Value) -> Result<Vec<(String, ServerConfig)>, String> {
  let servers = match config.get("mcpServers") {
    Some(Value::Object(servers)) => servers,
    Some(other) => {
      return Err(format!(
        "`mcpServers` must be an object of server configs keyed by name; got {}.",
        kind_of(other)
      ))
    }
    None => {
      return Err(
        "The MCP config needs an `mcpServers` object: { \"mcpServers\": { \"name\": { \"command\": \"npx\", \"args\": [...] } } }."
          .into(),
      )
    }
  };
  servers
    .iter()
    .filter(|(_, c)| c.get("disabled") != Some(&Value::Bool(true)))
    .map(|(name, c)| Ok((name.clone(), parse_server(name, c)?)))
    .collect()
}

/// A server name becomes a namespace and appears in messages: it must be non-empty and short.
fn check_name(name: &str) -> Result<(), String> {
  if name.trim().is_empty() {
    return Err("An MCP server needs a non-empty name (it becomes the namespace of its tools).".into());
  }
  if name.chars().count() > 64 {
    return Err(format!(
      "MCP server name \"{}…\" is too long; use at most 64 characters (it becomes a namespace).",
      name.chars().take(64).collect::<String>()
    ));
  }
  Ok(())
}

fn stdio(obj: &Map<String, Value>, command: &Value) -> Result<Transport, String> {
  let command = match command.as_str() {
    Some(c) if !c.trim().is_empty() => c.to_string(),
    _ => return Err(format!("`command` must be a non-empty string; got {command}.")),
  };
  let args = match obj.get("args") {
    None | Some(Value::Null) => Vec::new(),
    Some(Value::Array(items)) => items
      .iter()
      .map(|a| {
        a.as_str()
          .map(str::to_string)
          .ok_or(format!("`args` must be strings; got {a}."))
      })
      .collect::<Result<_, _>>()?,
    Some(other) => {
      return Err(format!(
        "`args` must be an array of strings; got {}.",
        kind_of(other)
      ))
    }
  };
  let cwd = match obj.get("cwd") {
    None | Some(Value::Null) => None,
    Some(Value::String(dir)) => Some(dir.clone()),
    Some(other) => return Err(format!("`cwd` must be a directory path; got {}.", kind_of(other))),
  };
  Ok(Transport::Stdio {
    command,
    args,
    env: string_map(obj, "env")?,
    cwd,
  })
}

fn http(obj: &Map<String, Value>, url: &Value) -> Result<Transport, String> {
  let Some(text) = url.as_str() else {
    return Err(format!("`url` must be a string; got {}.", kind_of(url)));
  };
  match url::Url::parse(text) {
    Ok(u) if matches!(u.scheme(), "http" | "https") => {}
    Ok(u) => {
      return Err(format!(
        "`url` must be http:// or https://; got the scheme \"{}\".",
        u.scheme()
      ))
    }
    Err(e) => return Err(format!("`url` is not a valid URL ({e}): \"{text}\".")),
  }
  let headers = string_map(obj, "headers")?;
  for name in headers.keys() {
    if http::HeaderName::from_bytes(name.as_bytes()).is_err() {
      return Err(format!("`headers` has an invalid header name \"{name}\"."));
    }
  }
  Ok(Transport::Http {
    url: text.to_string(),
    headers,
  })
}

fn string_map(obj: &Map<String, Value>, key: &str) -> Result<BTreeMap<String, String>, String> {
  match obj.get(key) {
    None | Some(Value::Null) => Ok(BTreeMap::new()),
    Some(Value::Object(map)) => map
      .iter()
      .map(|(k, v)| match v.as_str() {
        Some(s) => Ok((k.clone(), s.to_string())),
        None => Err(format!("`{key}.{k}` must be a string; got {v}.")),
      })
      .collect(),
    Some(other) => Err(format!(
      "`{key}` must be an object of strings; got {}.",
      kind_of(other)
    )),
  }
}

fn kind_of(v: &Value) -> &'static str {
  match v {
    Value::Null => "null",
    Value::Bool(_) => "a boolean",
    Value::Number(_) => "a number",
    Value::String(_) => "a string",
    Value::Array(_) => "an array",
    Value::Object(_) => "an object",
  }
}

#[cfg(test)]
mod tests {
  use super::*;
  use serde_json::json;

  #[test]
  fn unknown_keys_are_refused_with_the_key_meant_and_other_clients_keys_ignored() {
    let e = parse_server("fs", &json!({ "command": "npx", "arg": ["x"] })).unwrap_err();
    assert!(e.contains("unknown key `arg`. Did you mean `args`?"), "{e}");
    let e = parse_server("fs", &json!({ "url": "http://h/mcp", "timeout_ms": 5 })).unwrap_err();
    assert!(e.contains("Did you mean `timeoutMs`?"), "{e}");
    let e = parse_server("fs", &json!({ "command": "npx", "restart": true })).unwrap_err();
    assert!(e.contains("unknown key `restart`. A config has `command`"), "{e}");
    let ok = json!({ "command": "npx", "autoApprove": [], "disabled": false, "type": "stdio" });
    assert!(parse_server("fs", &ok).is_ok());
  }

  #[test]
  fn disabled_servers_are_left_out_of_a_config_file() {
    let file = json!({ "mcpServers": {
      "a": { "command": "x" },
      "b": { "command": "y", "disabled": true },
    } });
    let names: Vec<String> = parse_servers(&file)
      .unwrap()
      .into_iter()
      .map(|(n, _)| n)
      .collect();
    assert_eq!(names, ["a"]);
  }

  #[test]
  fn stdio_and_http_configs_parse() {
    let c = parse_server(
      "fs",
      &json!({ "command": "npx", "args": ["-y", "server"], "env": { "K": "v" }, "cwd": "/tmp", "timeoutMs": 500 }),
    )
    .unwrap();
    assert_eq!(c.timeout, Duration::from_millis(500));
    assert_eq!(
      c.transport,
      Transport::Stdio {
        command: "npx".into(),
        args: vec!["-y".into(), "server".into()],
        env: [("K".to_string(), "v".to_string())].into(),
        cwd: Some("/tmp".into()),
      }
    );
    let h = parse_server(
      "docs",
      &json!({ "url": "https://example.com/mcp", "headers": { "Authorization": "Bearer x" } }),
    )
    .unwrap();
    assert_eq!(h.timeout, DEFAULT_TIMEOUT);
    assert_eq!(h.transport.kind(), "http");
  }

  #[test]
  fn mistakes_name_the_server_and_the_field() {
    let err = |c: Value| parse_server("gh", &c).unwrap_err();
    assert!(err(json!({})).contains("MCP server \"gh\": the config needs `command`"));
    assert!(err(json!({ "command": "x", "url": "http://a" })).contains("not both"));
    assert!(err(json!({ "command": "" })).contains("`command` must be a non-empty string"));
    assert!(err(json!({ "command": "x", "args": "a b" })).contains("`args` must be an array"));
    assert!(err(json!({ "command": "x", "env": { "A": 1 } })).contains("`env.A` must be a string"));
    assert!(err(json!({ "url": "ftp://x" })).contains("http:// or https://"));
    assert!(err(json!({ "url": "not a url" })).contains("not a valid URL"));
    assert!(err(json!({ "url": "http://a", "headers": { "bad name": "x" } })).contains("invalid header name"));
    assert!(err(json!({ "url": "http://a", "type": "sse" })).contains("HTTP+SSE"));
    assert!(err(json!({ "command": "x", "timeoutMs": 0 })).contains("`timeoutMs`"));
    assert!(err(json!("npx")).contains("must be an object"));
    assert!(parse_server(" ", &json!({ "command": "x" }))
      .unwrap_err()
      .contains("non-empty name"));
  }

  #[test]
  fn claude_desktop_format_keeps_file_order() {
    let servers = parse_servers(&json!({ "mcpServers": {
      "zeta": { "command": "node", "args": ["z.js"] },
      "alpha": { "url": "http://127.0.0.1:3000/mcp" },
    }}))
    .unwrap();
    let names: Vec<&str> = servers.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["zeta", "alpha"]);
    assert!(parse_servers(&json!({ "servers": {} }))
      .unwrap_err()
      .contains("`mcpServers`"));
    assert!(parse_servers(&json!({ "mcpServers": { "a": { "args": [] } } }))
      .unwrap_err()
      .contains("MCP server \"a\""));
  }
}
