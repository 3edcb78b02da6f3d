//! JSDoc lines from a schema's annotations: description (or a meaningful title), then tags for
//! what TypeScript cannot express (`@integer`, `@format email`, `@minimum 0`, `@default "c"`,
//! `@example ...`, `@deprecated`). In the compact style (for a model's prompt) the same facts
//! make one line: `Page size; integer, 1–100, default 10`.

use serde_json::{Map, Value};

use super::text::{json_snippet, shorten};

/// Longest JSON value shown in a `@default` or `@example` tag.
const MAX_VALUE_CHARS: usize = 120;
/// Most `@example` tags shown for one schema.
const MAX_EXAMPLES: usize = 3;
/// Compact style: longest description, and longest value or pattern, on the one line.
const COMPACT_SUMMARY_CHARS: usize = 200;
const COMPACT_VALUE_CHARS: usize = 60;

/// JSDoc lines for a schema used under `name` (a property or definition name, so that a title
/// that only repeats the name is left out). `compact`: at most one line (see the module doc).
pub(crate) fn schema_doc(schema: &Value, name: Option<&str>, compact: bool) -> Vec<String> {
  let Some(s) = schema.as_object() else {
    return Vec::new();
  };
  let inner = nullable_branch(s);
  let text = summary(s, name).or_else(|| inner.and_then(|i| summary(i, name)));
  if compact {
    let mut facts = Vec::new();
    if let Some(inner) = inner {
      compact_tags(inner, &mut facts);
    }
    compact_tags(s, &mut facts);
    let mut seen = std::collections::HashSet::new();
    facts.retain(|l| seen.insert(l.clone()));
    return compact_line(text.as_deref(), &facts).into_iter().collect();
  }
  let mut lines = Vec::new();
  lines.extend(text);
  if let Some(inner) = inner {
    tags(inner, &mut lines);
  }
  tags(s, &mut lines);
  let mut seen = std::collections::HashSet::new();
  lines.retain(|l| seen.insert(l.clone()));
  lines
}

/// Only the description (or meaningful title): for union members. `compact`: on one line.
pub(crate) fn summary_doc(schema: &Value, compact: bool) -> Vec<String> {
  let text = schema.as_object().and_then(|s| summary(s, None));
  if compact {
    return compact_line(text.as_deref(), &[]).into_iter().collect();
  }
  text.into_iter().collect()
}

/// `description; fact, fact`: the description on one line (whitespace collapsed, a final `.`
/// dropped when facts follow, shortened past [`COMPACT_SUMMARY_CHARS`]), then the facts.
pub(crate) fn compact_line(text: Option<&str>, facts: &[String]) -> Option<String> {
  let text = text.map(one_line).filter(|t| !t.is_empty());
  let facts = facts.join(", ");
  match (text, facts.is_empty()) {
    (None, true) => None,
    (None, false) => Some(facts),
    (Some(text), true) => Some(shorten(&text, COMPACT_SUMMARY_CHARS)),
    (Some(text), false) => {
      let text = shorten(&text, COMPACT_SUMMARY_CHARS);
      let text = text.strip_suffix('.').unwrap_or(&text);
      Some(format!("{text}; {facts}"))
    }
  }
}

/// `text` with every run of whitespace (line breaks included) made one space.
pub(crate) fn one_line(text: &str) -> String {
  text.split_whitespace().collect::<Vec<_>>().join(" ")
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

/// The facts of [`tags`] in few words: `integer`, `email`, `1–100`, `≥ 0`, `length ≤ 80`,
/// `default "c"`, `e.g. "Oslo"`, `deprecated`.
fn compact_tags(s: &Map<String, Value>, facts: &mut Vec<String>) {
  let is_integer = match s.get("type") {
    Some(Value::String(t)) => t == "integer",
    Some(Value::Array(ts)) => ts.iter().any(|t| t == "integer"),
    _ => false,
  };
  if is_integer {
    facts.push("integer".to_string());
  }
  if let Some(format) = s.get("format").and_then(Value::as_str) {
    facts.push(shorten(&one_line(format), COMPACT_VALUE_CHARS));
  }
  let (low, high) = (lower_bound(s), upper_bound(s));
  facts.extend(range("", low, high));
  if let Some(n) = s.get("multipleOf").filter(|v| v.is_number()) {
    facts.push(format!("multiple of {n}"));
  }
  let inclusive = |key: &str| -> Vec<(String, bool)> {
    s.get(key)
      .filter(|v| v.is_number())
      .map(|n| (n.to_string(), false))
      .into_iter()
      .collect()
  };
  facts.extend(range("length ", inclusive("minLength"), inclusive("maxLength")));
  if let Some(pattern) = s.get("pattern").and_then(Value::as_str) {
    facts.push(format!("pattern {}", shorten(pattern, COMPACT_VALUE_CHARS)));
  }
  facts.extend(range("items ", inclusive("minItems"), inclusive("maxItems")));
  if s.get("uniqueItems") == Some(&Value::Bool(true)) {
    facts.push("unique items".to_string());
  }
  facts.extend(range(
    "properties ",
    inclusive("minProperties"),
    inclusive("maxProperties"),
  ));
  if let Some(default) = s.get("default") {
    facts.push(format!("default {}", json_snippet(default, COMPACT_VALUE_CHARS)));
  }
  let example = match (s.get("examples"), s.get("example")) {
    (Some(Value::Array(list)), _) => list.first(),
    (_, Some(one)) => Some(one),
    _ => None,
  };
  if let Some(example) = example {
    facts.push(format!("e.g. {}", json_snippet(example, COMPACT_VALUE_CHARS)));
  }
  if s.get("deprecated") == Some(&Value::Bool(true)) {
    facts.push("deprecated".to_string());
  }
}

/// The lower bounds as (number, exclusive): `minimum` (exclusive under draft-04's boolean
/// `exclusiveMinimum`) and a numeric `exclusiveMinimum` (draft-06+).
fn lower_bound(s: &Map<String, Value>) -> Vec<(String, bool)> {
  bounds_of(s, "minimum", "exclusiveMinimum")
}

fn upper_bound(s: &Map<String, Value>) -> Vec<(String, bool)> {
  bounds_of(s, "maximum", "exclusiveMaximum")
}

fn bounds_of(s: &Map<String, Value>, inclusive: &str, exclusive: &str) -> Vec<(String, bool)> {
  let draft4_exclusive = s.get(exclusive) == Some(&Value::Bool(true));
  let mut out = Vec::new();
  if let Some(n) = s.get(inclusive).filter(|v| v.is_number()) {
    out.push((n.to_string(), draft4_exclusive));
  }
  if let Some(n) = s.get(exclusive).filter(|v| v.is_number()) {
    out.push((n.to_string(), true));
  }
  out
}

/// `1–100` for one inclusive bound on each side, `5` when they are equal, else each bound on
/// its own: `≥ 1`, `< 100`, ...
fn range(what: &str, low: Vec<(String, bool)>, high: Vec<(String, bool)>) -> Vec<String> {
  if let ([(a, false)], [(b, false)]) = (low.as_slice(), high.as_slice()) {
    return vec![if a == b {
      format!("{what}{a}")
    } else {
      format!("{what}{a}–{b}")
    }];
  }
  let low = low
    .into_iter()
    .map(|(a, exclusive)| format!("{what}{} {a}", if exclusive { ">" } else { "≥" }));
  let high = high
    .into_iter()
    .map(|(b, exclusive)| format!("{what}{} {b}", if exclusive { "<" } else { "≤" }));
  low.chain(high).collect()
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
