//! JSDoc lines from a schema's annotations: description (or a meaningful title), then tags for
//! what TypeScript cannot express (`@integer`, `@format email`, `@minimum 0`, `@default "c"`,
//! `@example ...`, `@deprecated`).

use serde_json::{Map, Value};

use super::text::{json_snippet, shorten};

/// Longest JSON value shown in a `@default` or `@example` tag.
const MAX_VALUE_CHARS: usize = 120;
/// Most `@example` tags shown for one schema.
const MAX_EXAMPLES: usize = 3;

/// JSDoc lines for a schema used under `name` (a property or definition name, so that a title
/// that only repeats the name is left out).
pub(crate) fn schema_doc(schema: &Value, name: Option<&str>) -> Vec<String> {
  let Some(s) = schema.as_object() else {
    return Vec::new();
  };
  let inner = nullable_branch(s);
  let mut lines = Vec::new();
  if let Some(text) = summary(s, name).or_else(|| inner.and_then(|i| summary(i, name))) {
    lines.push(text);
  }
  if let Some(inner) = inner {
    tags(inner, &mut lines);
  }
  tags(s, &mut lines);
  let mut seen = std::collections::HashSet::new();
  lines.retain(|l| seen.insert(l.clone()));
  lines
}

/// Only the description (or meaningful title): for union members.
pub(crate) fn summary_doc(schema: &Value) -> Vec<String> {
  schema
    .as_object()
    .and_then(|s| summary(s, None))
    .into_iter()
    .collect()
}

fn summary(s: &Map<String, Value>, name: Option<&str>) -> Option<String> {
  if let Some(d) = s.get("description").and_then(Value::as_str) {
    if !d.trim().is_empty() {
      return Some(d.to_string());
    }
  }
  // A title helps only when it is prose: pydantic and others emit machine titles (`User Id` for
  // `user_id`, `place_orderArguments` for a tool's input), which repeat the name.
  let title = s.get("title").and_then(Value::as_str)?.trim();
  if !title.contains(char::is_whitespace) || name.is_some_and(|n| normalize(n) == normalize(title)) {
    return None;
  }
  Some(title.to_string())
}

fn normalize(text: &str) -> String {
  text
    .chars()
    .filter(char::is_ascii_alphanumeric)
    .map(|c| c.to_ascii_lowercase())
    .collect()
}

/// The one non-null branch of `anyOf: [T, {type: "null"}]` (pydantic's `Optional[T]`), whose
/// constraints belong to the property.
fn nullable_branch(s: &Map<String, Value>) -> Option<&Map<String, Value>> {
  let branches = s.get("anyOf").or_else(|| s.get("oneOf"))?.as_array()?;
  let mut rest = branches
    .iter()
    .filter(|b| b.get("type").and_then(Value::as_str) != Some("null"));
  let only = rest.next()?;
  if rest.next().is_some() || branches.len() < 2 {
    return None;
  }
  only.as_object()
}

fn tags(s: &Map<String, Value>, lines: &mut Vec<String>) {
  let is_integer = match s.get("type") {
    Some(Value::String(t)) => t == "integer",
    Some(Value::Array(ts)) => ts.iter().any(|t| t == "integer"),
    _ => false,
  };
  if is_integer {
    lines.push("@integer".to_string());
  }
  if let Some(format) = s.get("format").and_then(Value::as_str) {
    lines.push(format!("@format {format}"));
  }
  bound(s, "minimum", "exclusiveMinimum", lines);
  bound(s, "maximum", "exclusiveMaximum", lines);
  for key in ["multipleOf", "minLength", "maxLength"] {
    number_tag(s, key, lines);
  }
  if let Some(pattern) = s.get("pattern").and_then(Value::as_str) {
    lines.push(format!("@pattern {}", shorten(pattern, MAX_VALUE_CHARS)));
  }
  for key in ["minItems", "maxItems"] {
    number_tag(s, key, lines);
  }
  if s.get("uniqueItems") == Some(&Value::Bool(true)) {
    lines.push("@uniqueItems".to_string());
  }
  for key in ["minProperties", "maxProperties"] {
    number_tag(s, key, lines);
  }
  if let Some(default) = s.get("default") {
    lines.push(format!("@default {}", json_snippet(default, MAX_VALUE_CHARS)));
  }
  let examples: Vec<&Value> = match (s.get("examples"), s.get("example")) {
    (Some(Value::Array(list)), _) => list.iter().collect(),
    (_, Some(one)) => vec![one],
    _ => Vec::new(),
  };
  for example in examples.into_iter().take(MAX_EXAMPLES) {
    lines.push(format!("@example {}", json_snippet(example, MAX_VALUE_CHARS)));
  }
  if s.get("deprecated") == Some(&Value::Bool(true)) {
    lines.push("@deprecated".to_string());
  }
}

/// `@minimum n` / `@exclusiveMinimum n`, for draft-06+ (numeric `exclusiveMinimum`) and
/// draft-04 (boolean `exclusiveMinimum` beside `minimum`).
fn bound(s: &Map<String, Value>, inclusive: &str, exclusive: &str, lines: &mut Vec<String>) {
  let draft4_exclusive = s.get(exclusive) == Some(&Value::Bool(true));
  if let Some(n) = s.get(inclusive).filter(|v| v.is_number()) {
    let tag = if draft4_exclusive { exclusive } else { inclusive };
    lines.push(format!("@{tag} {n}"));
  }
  if let Some(n) = s.get(exclusive).filter(|v| v.is_number()) {
    lines.push(format!("@{exclusive} {n}"));
  }
}

fn number_tag(s: &Map<String, Value>, key: &str, lines: &mut Vec<String>) {
  if let Some(n) = s.get(key).filter(|v| v.is_number()) {
    lines.push(format!("@{key} {n}"));
  }
}
