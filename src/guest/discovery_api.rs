//! The host side of the guest's `codemode` discovery API: JSON arguments in, JSON text out.

use serde_json::{json, Value};

use crate::prompt::discovery::{self, Detail};
use crate::tools::ToolRegistry;

/// Answers `op` (`search`, `list`, `describe`) for JSON `args`; always JSON text.
pub fn answer(registry: &ToolRegistry, op: &str, args: &str) -> String {
  let args: Value = serde_json::from_str(args).unwrap_or_default();
  let text = |key: &str| args.get(key).and_then(|v| v.as_str());
  let detail = Detail::parse(text("detail"));
  let out = match op {
    "search" => {
      let limit = args
        .get("limit")
        .and_then(|v| v.as_u64())
        .unwrap_or(10)
        .clamp(1, 100) as usize;
      json!(discovery::search(
        registry,
        text("query").unwrap_or(""),
        limit,
        text("namespace"),
        detail
      ))
    }
    "list" => json!(discovery::list(registry, text("namespace"), detail)),
    "describe" => discovery::describe(registry, text("path").unwrap_or("")).unwrap_or(Value::Null),
    _ => Value::Null,
  };
  out.to_string()
}
