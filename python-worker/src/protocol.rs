//! The JSON-lines protocol between the addon and its Python worker: one JSON object per line,
//! requests on the worker's stdin, replies on its stdout. The addon compiles this same file
//! (`src/guest/python/protocol.rs` includes it), so both sides always agree.
//!
//! A run: the addon sends [`Request::Run`]; the worker answers with any number of
//! [`Reply::Print`] and [`Reply::Calls`] (each batch answered by one [`Request::Results`]) and
//! ends with exactly one [`Reply::Done`]. Then it waits for the next run.

use serde::{Deserialize, Serialize};

/// What the addon asks of the worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum Request {
  /// Run `code`. Example: `{"type":"run","code":"1+1","tools":[],"timeoutMs":1000,…}`.
  #[serde(rename_all = "camelCase")]
  Run {
    code: String,
    /// The tools the program may call, by Python name (`weather.get_weather`).
    tools: Vec<ToolName>,
    /// The worker's own time limit for Python code; the addon's SIGKILL backs it up.
    timeout_ms: u64,
    /// Bytes the program may allocate; past it a `MemoryError`, then the process exits (65).
    memory_bytes: u64,
    /// Bytes of `print` output worth sending: past them the addon keeps nothing more.
    max_log_bytes: u64,
    /// Keep the globals of the previous session run (false: a fresh namespace).
    keep_globals: bool,
  },
  /// The outcomes of the last [`Reply::Calls`] batch, every call answered.
  Results { results: Vec<CallResult> },
}

/// One tool as the guest sees it: a dotted Python path and the addon's index for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ToolName {
  /// `get_weather` or `weather.get_weather` (one namespace level at most).
  pub python: String,
  /// The registry index the addon maps a call back to.
  pub index: u32,
}

/// A tool call's outcome: a JSON value, or an error raised in Python.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CallResult {
  pub call: u32,
  #[serde(default, skip_serializing_if = "Option::is_none")]
  pub value: Option<serde_json::Value>,
  #[serde(default, skip_serializing_if = "Option::is_none")]
  pub error: Option<ToolError>,
}

/// A failed tool call, raised in Python as `exception` (`RuntimeError`, `ValueError`, …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ToolError {
  pub exception: String,
  pub message: String,
}

/// What the worker tells the addon.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum Reply {
  /// Output of `print()`, one line per reply (without its newline).
  Print { text: String },
  /// Tool calls the program is waiting for (all the calls made since the last batch).
  Calls { calls: Vec<Call> },
  /// The run ended: the value of its last expression (JSON), or a Python error.
  Done {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    value: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    error: Option<PythonError>,
  },
}

/// One tool call: the tool's index and its input (kwargs, or the one dict passed).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Call {
  pub call: u32,
  pub index: u32,
  pub input: serde_json::Value,
}

/// A Python exception that ended the run. `kind` tells limits apart from program errors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PythonError {
  /// `SyntaxError`, `ValueError`, …
  pub exception: String,
  pub message: String,
  /// `program`, `timeout`, `memory` or `internal`.
  pub kind: String,
  /// 1-based position in the model's code, when known.
  #[serde(default, skip_serializing_if = "Option::is_none")]
  pub line: Option<u32>,
  #[serde(default, skip_serializing_if = "Option::is_none")]
  pub column: Option<u32>,
  /// Python's traceback text.
  #[serde(default, skip_serializing_if = "String::is_empty")]
  pub traceback: String,
}

/// Parses one line; `None` for a line that is not a message of this protocol.
pub fn parse<T: for<'de> Deserialize<'de>>(line: &str) -> Option<T> {
  serde_json::from_str(line).ok()
}

/// One message as a line (with its `\n`).
pub fn line<T: Serialize>(message: &T) -> String {
  let mut text = serde_json::to_string(message).unwrap_or_else(|_| "{}".into());
  text.push('\n');
  text
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn messages_are_one_json_line_each_and_parse_back() {
    let run = Request::Run {
      code: "print(1)\n1".into(),
      tools: vec![ToolName {
        python: "weather.get_weather".into(),
        index: 3,
      }],
      timeout_ms: 500,
      memory_bytes: 1 << 20,
      max_log_bytes: 100,
      keep_globals: true,
    };
    let text = line(&run);
    assert!(text.ends_with('\n') && !text.trim_end().contains('\n'));
    assert!(text.starts_with(r#"{"type":"run","code":"print(1)\n1","tools":[{"python":"weather.get_weather","index":3}],"timeoutMs":500"#), "{text}");
    assert_eq!(parse::<Request>(text.trim_end()), Some(run));
    let done = Reply::Done {
      value: Some(serde_json::json!([1, "a"])),
      error: None,
    };
    assert_eq!(line(&done), "{\"type\":\"done\",\"value\":[1,\"a\"]}\n");
    assert_eq!(
      parse::<Reply>(r#"{"type":"calls","calls":[{"call":0,"index":1,"input":{"a":1}}]}"#),
      Some(Reply::Calls {
        calls: vec![Call {
          call: 0,
          index: 1,
          input: serde_json::json!({"a": 1})
        }]
      })
    );
    assert_eq!(parse::<Reply>("not json"), None);
  }
}
