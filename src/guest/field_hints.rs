//! A `TypeError` reading a property of `undefined` is usually a field name the model guessed
//! wrong in a tool's result (`r.data.length` when the tool returned `{ items, total }`). When
//! the failing expression can be read from the model's line and a recent tool result shows the
//! field missing, the hint names the fields that result really had. Only failures pay for it.

use serde_json::Value;

use crate::error::RunError;
use crate::source::PreparedSource;

/// Most fields named in a hint.
const MAX_FIELDS: usize = 12;

/// A segment of a member chain: `.name`, `?.name`, `["name"]` or `[0]`.
#[derive(Debug, Clone, PartialEq)]
enum Segment {
  Field(String),
  Index(usize),
}

/// `root.a[0].b` starting at 1-based `column` of `line`: the root identifier and its segments.
fn member_chain(line: &str, column: usize) -> Option<(String, Vec<Segment>)> {
  let chars: Vec<char> = line.chars().collect();
  let is_ident = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
  let mut i = column.checked_sub(1)?;
  let ident = |i: &mut usize| -> Option<String> {
    let start = *i;
    while *i < chars.len() && is_ident(chars[*i]) {
      *i += 1;
    }
    (*i > start).then(|| chars[start..*i].iter().collect())
  };
  let root = ident(&mut i)?;
  let mut segments = Vec::new();
  loop {
    let rest: String = chars[i..chars.len().min(i + 2)].iter().collect();
    if rest == "?." || rest.starts_with('.') {
      i += if rest == "?." { 2 } else { 1 };
      match ident(&mut i) {
        Some(name) => segments.push(Segment::Field(name)),
        None => break,
      }
    } else if rest.starts_with('[') {
      let close = chars[i..].iter().position(|c| *c == ']')? + i;
      let inner: String = chars[i + 1..close].iter().collect();
      let inner = inner.trim();
      let quoted = inner.len() >= 2
        && (inner.starts_with('"') || inner.starts_with('\''))
        && inner.ends_with(&inner[..1]);
      if quoted {
        segments.push(Segment::Field(inner[1..inner.len() - 1].to_string()));
      } else if let Ok(n) = inner.parse() {
        segments.push(Segment::Index(n));
      } else {
        break;
      }
      i = close + 1;
    } else {
      break;
    }
  }
  Some((root, segments))
}

/// The missing field and the path of its parent inside a tool result, from the chain and the
/// property that could not be read (`r.a.b.c` failing on `c` → `b` missing under `[a]`; a bare
/// root such as a destructured `data` is itself the missing field at the top).
fn missing_field(root: &str, segments: &[Segment], property: &str) -> Option<(String, Vec<Segment>)> {
  let at = segments
    .iter()
    .position(|s| *s == Segment::Field(property.to_string()))?;
  if at == 0 {
    return Some((root.to_string(), Vec::new()));
  }
  match &segments[at - 1] {
    Segment::Field(name) => Some((name.clone(), segments[..at - 1].to_vec())),
    Segment::Index(_) => None,
  }
}

fn resolve<'v>(value: &'v Value, path: &[Segment]) -> Option<&'v Value> {
  path.iter().try_fold(value, |v, s| match s {
    Segment::Field(name) => v.get(name.as_str()),
    Segment::Index(n) => v.get(*n),
  })
}

/// True if `key` is a field anywhere in `value` within a few levels (then the guess may be
/// right and the hint would mislead).
fn has_key_nearby(value: &Value, key: &str, depth: usize) -> bool {
  match value {
    Value::Object(map) => {
      map.contains_key(key) || (depth > 0 && map.values().any(|v| has_key_nearby(v, key, depth - 1)))
    }
    Value::Array(items) => items.iter().take(3).any(|v| has_key_nearby(v, key, depth)),
    _ => false,
  }
}

fn path_text(path: &[Segment]) -> String {
  path
    .iter()
    .map(|s| match s {
      Segment::Field(name) => format!(".{name}"),
      Segment::Index(n) => format!("[{n}]"),
    })
    .collect()
}

/// The tool whose result `root` was bound to, from the line declaring it (`const r = await
/// tools.x(...)`, `const { data } = await tools.ns.y(...)`), as the chain written there.
fn binding_tool(source: &PreparedSource, root: &str) -> Option<String> {
  let is_ident = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
  source.model_lines().find_map(|line| {
    let mut from = 0;
    while let Some(at) = line[from..].find(root).map(|i| i + from) {
      from = at + root.len();
      let before = line[..at].chars().next_back();
      let after = line[from..].chars().next();
      if before.is_some_and(is_ident) || after.is_some_and(is_ident) {
        continue;
      }
      let rest = &line[from..];
      let Some(eq) = rest.find('=') else { continue };
      if rest[eq + 1..].starts_with(['=', '>']) {
        continue;
      }
      let offset = line.len() - rest.len() + eq;
      let chain = super::hints::tool_chains(&line[offset..]).into_iter().next()?;
      return Some(chain.2.join("."));
    }
    None
  })
}

/// Adds a hint naming the fields a tool result had, when `err` reads a property of a field
/// that result does not have. `outputs` are `(tool path, JSON text)`, newest first; only the
/// tool whose result the failing expression's variable was bound to is considered.
pub fn explain_missing_field(err: &mut RunError, source: &PreparedSource, outputs: &[(String, String)]) {
  if err.name != "TypeError" {
    return;
  }
  let Some(rest) = err.message.strip_prefix("cannot read property '") else {
    return;
  };
  let Some(property) = rest.split("' of ").next() else {
    return;
  };
  let (Some(line), Some(column)) = (err.line, err.column) else {
    return;
  };
  let Some(text) = source.model_line(line) else {
    return;
  };
  let Some((root, segments)) = member_chain(text, column as usize) else {
    return;
  };
  let Some((missing, parent)) = missing_field(&root, &segments, property) else {
    return;
  };
  let Some(bound) = binding_tool(source, &root) else {
    return;
  };
  for (tool, json) in outputs.iter().filter(|(tool, _)| *tool == bound) {
    let Ok(value) = serde_json::from_str::<Value>(json) else {
      continue;
    };
    let Some(Value::Object(fields)) = resolve(&value, &parent) else {
      continue;
    };
    if fields.contains_key(&missing) || has_key_nearby(&value, &missing, 3) {
      return;
    }
    let names: Vec<&str> = fields.keys().take(MAX_FIELDS).map(String::as_str).collect();
    let more = if fields.len() > MAX_FIELDS { ", …" } else { "" };
    let at = if parent.is_empty() {
      String::new()
    } else {
      format!(" at `{}`", path_text(&parent))
    };
    err.hint = format!(
      "`{missing}` is undefined: the result of tools.{tool}{at} has no field `{missing}`; its fields are {}{more}. Use those names (see the tool's declaration).",
      names.join(", ")
    );
    return;
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn reads_member_chains_from_the_column() {
    let (root, segs) = member_chain("return r.items[0]?.owner['full name'].x + 1", 8).unwrap();
    assert_eq!(root, "r");
    assert_eq!(
      segs,
      vec![
        Segment::Field("items".into()),
        Segment::Index(0),
        Segment::Field("owner".into()),
        Segment::Field("full name".into()),
        Segment::Field("x".into()),
      ]
    );
  }

  #[test]
  fn the_missing_field_is_the_segment_before_the_failing_property() {
    let segs = member_chain("r.a.b.c", 1).unwrap().1;
    assert_eq!(
      missing_field("r", &segs, "c"),
      Some(("b".into(), vec![Segment::Field("a".into())]))
    );
    assert_eq!(
      missing_field("data", &[Segment::Field("map".into())], "map"),
      Some(("data".into(), vec![]))
    );
    assert_eq!(
      missing_field("r", &[Segment::Index(0), Segment::Field("x".into())], "x"),
      None
    );
  }
}
