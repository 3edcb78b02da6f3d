//! Each tool as a shell command of the Bash language: its command name, the types of its input
//! fields (so `--a 2` becomes a number), its usage line and `--help` text. The guest's Bash driver
//! receives them as JSON; `description({ language: 'bash' })` prints the usage lines.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::tools::{ToolRegistry, ToolSpec};

/// The commands just-bash provides (generated with the bundle from its `getCommandNames()`).
const BUNDLED_COMMANDS: &str = include_str!(concat!(
  env!("CARGO_MANIFEST_DIR"),
  "/vendor/just-bash/commands.txt"
));

/// Names the shell itself resolves before any command, plus our own `tools` command.
const SHELL_WORDS: &[&str] = &[
  ".", ":", "[", "alias", "break", "builtin", "cd", "command", "continue", "declare", "dirs", "eval", "exec",
  "exit", "export", "getopts", "hash", "jobs", "kill", "let", "local", "popd", "pushd", "read", "readonly",
  "return", "set", "shift", "shopt", "source", "test", "tools", "trap", "type", "typeset", "ulimit", "umask",
  "unset", "wait",
];

/// True if `name` is a command or word of the shell, which a tool of that name must not shadow.
pub fn is_shell_name(name: &str) -> bool {
  SHELL_WORDS.contains(&name) || BUNDLED_COMMANDS.lines().any(|l| l == name)
}

/// One tool as a command, as the Bash driver reads it.
#[derive(Debug, Serialize)]
pub struct ToolCommand {
  /// `ns.name` or `name`: what the script types (or `tools <command>` when `shadowed`).
  pub command: String,
  /// The tool's namespace and name, to find its function on the guest's `tools`.
  pub ns: Option<String>,
  pub name: String,
  /// Field name → `string`, `number`, `integer`, `boolean`, `object`, `array` or `any`.
  pub fields: Map<String, Value>,
  /// Array field name → its items' kind (repeated flags collect into the array).
  pub items: Map<String, Value>,
  /// True if a shell command has the same name: the tool runs as `tools <command> ...`.
  pub shadowed: bool,
  pub usage: String,
  pub help: String,
}

fn kind_of(schema: &Value) -> &str {
  let ty = match schema.get("type") {
    Some(Value::String(t)) => Some(t.as_str()),
    Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).find(|t| *t != "null"),
    _ => None,
  };
  match ty {
    Some(t @ ("string" | "number" | "integer" | "boolean" | "object" | "array")) => t,
    _ if schema
      .get("enum")
      .and_then(Value::as_array)
      .is_some_and(|e| e.iter().all(Value::is_string)) =>
    {
      "string"
    }
    _ => "any",
  }
}

/// `<string>`, `<number>`, `<a|b>` for an enum, `<json>` for objects and arrays.
fn placeholder(schema: &Value) -> String {
  if let Some(values) = schema.get("enum").and_then(Value::as_array) {
    let words: Vec<String> = values
      .iter()
      .map(|v| v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string()))
      .collect();
    if !words.is_empty() && words.len() <= 8 {
      return format!("<{}>", words.join("|"));
    }
  }
  match kind_of(schema) {
    "object" | "array" | "any" => "<json>".into(),
    k => format!("<{k}>"),
  }
}

fn one_line(text: &str, max: usize) -> String {
  let line = text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("");
  if line.chars().count() <= max {
    return line.to_string();
  }
  let cut: String = line.chars().take(max.saturating_sub(1)).collect();
  format!("{}…", cut.trim_end())
}

impl ToolCommand {
  /// The command of `spec`.
  pub fn of(spec: &ToolSpec) -> ToolCommand {
    let command = spec.path();
    let shadowed = spec.namespace.is_none() && is_shell_name(&command);
    let invoke = if shadowed {
      format!("tools {command}")
    } else {
      command.clone()
    };
    let schema = spec.input_schema.as_ref();
    let empty = Map::new();
    let props = schema
      .and_then(|s| s.get("properties"))
      .and_then(Value::as_object)
      .unwrap_or(&empty);
    let required: Vec<&str> = schema
      .and_then(|s| s.get("required"))
      .and_then(Value::as_array)
      .map(|r| r.iter().filter_map(Value::as_str).collect())
      .unwrap_or_default();
    let mut fields = Map::new();
    let mut items = Map::new();
    let mut usage = invoke.clone();
    let mut field_lines = Vec::new();
    for (name, prop) in props {
      let kind = kind_of(prop);
      fields.insert(name.clone(), Value::String(kind.into()));
      if kind == "array" {
        if let Some(item) = prop.get("items") {
          let k = kind_of(item);
          if !matches!(k, "object" | "array" | "any") {
            items.insert(name.clone(), Value::String(k.into()));
          }
        }
      }
      let flag = if kind == "boolean" {
        format!("--{name}")
      } else {
        format!("--{name} {}", placeholder(prop))
      };
      let is_required = required.contains(&name.as_str());
      usage.push(' ');
      usage.push_str(&if is_required {
        flag.clone()
      } else {
        format!("[{flag}]")
      });
      let doc = prop
        .get("description")
        .and_then(Value::as_str)
        .map(|d| one_line(d, 100))
        .unwrap_or_default();
      let mark = if is_required { "required" } else { "optional" };
      field_lines.push(format!("  {flag}  ({mark}) {doc}").trim_end().to_string());
    }
    if props.is_empty() && schema.is_none() {
      usage.push_str(" [--field value ...]");
    }
    let mut help = String::new();
    match spec
      .description
      .as_deref()
      .map(str::trim)
      .filter(|d| !d.is_empty())
    {
      Some(d) => help.push_str(&format!("{command}: {d}\n")),
      None => help.push_str(&format!("{command}\n")),
    }
    help.push_str(&format!("\nusage: {usage}\n"));
    if !field_lines.is_empty() {
      help.push_str("\nfields:\n");
      for l in &field_lines {
        help.push_str(l);
        help.push('\n');
      }
    }
    help.push_str(&format!(
      "\nThe input may also be one JSON argument ({invoke} '{{...}}') or, without arguments, JSON on stdin.\nPrints the result as JSON (text as is); on failure prints the error on stderr and exits 1 (2 for invalid input).\n"
    ));
    if let Some(out) = spec.output_schema.as_ref() {
      help.push_str(&format!("Output schema: {}\n", one_line(&out.to_string(), 300)));
    }
    ToolCommand {
      command,
      ns: spec.namespace.clone(),
      name: spec.name.clone(),
      fields,
      items,
      shadowed,
      usage: if spec.description.is_some() {
        format!(
          "{usage}  # {}",
          one_line(spec.description.as_deref().unwrap_or(""), 80)
        )
      } else {
        usage
      },
      help,
    }
  }
}

/// Every tool of `registry` as a command, in registry order.
pub fn tool_commands(registry: &ToolRegistry) -> Vec<ToolCommand> {
  registry
    .entries()
    .iter()
    .map(|e| ToolCommand::of(&e.spec))
    .collect()
}

/// The commands as the JSON text the guest's Bash driver parses.
pub fn tool_commands_json(registry: &ToolRegistry) -> String {
  serde_json::to_string(&tool_commands(registry)).unwrap_or_else(|_| "[]".into())
}

#[cfg(test)]
mod tests {
  use super::*;
  use serde_json::json;

  fn spec(ns: Option<&str>, name: &str, schema: Value) -> ToolSpec {
    let mut s = ToolSpec::named(ns, name);
    s.description = Some("Current weather for a city".into());
    s.input_schema = Some(schema);
    s
  }

  #[test]
  fn flags_follow_the_schema() {
    let c = ToolCommand::of(&spec(
      Some("weather"),
      "getWeather",
      json!({ "type": "object", "properties": {
        "city": { "type": "string", "description": "City name" },
        "units": { "enum": ["c", "f"] },
        "days": { "type": ["integer", "null"] },
        "tags": { "type": "array", "items": { "type": "string" } },
        "verbose": { "type": "boolean" } }, "required": ["city"] }),
    ));
    assert_eq!(c.command, "weather.getWeather");
    assert!(!c.shadowed);
    assert_eq!(
      c.usage,
      "weather.getWeather --city <string> [--units <c|f>] [--days <integer>] [--tags <json>] [--verbose]  # Current weather for a city"
    );
    assert_eq!(c.fields["days"], "integer");
    assert_eq!(c.fields["units"], "string");
    assert_eq!(c.items["tags"], "string");
    assert!(
      c.help.contains("--city <string>  (required) City name"),
      "{}",
      c.help
    );
  }

  #[test]
  fn a_tool_named_like_a_shell_command_runs_through_tools() {
    let c = ToolCommand::of(&spec(None, "sort", json!({ "type": "object" })));
    assert!(c.shadowed);
    assert!(c.usage.starts_with("tools sort"), "{}", c.usage);
    assert!(is_shell_name("jq") && is_shell_name("cd") && !is_shell_name("get-sum"));
  }
}
