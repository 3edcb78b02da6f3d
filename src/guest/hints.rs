//! Model-facing hints that need more context than the exception itself: an unknown tool name
//! (found from the failing expression in the model's source) gets the nearest real tool, and an
//! unknown global gets what does exist.

use crate::error::RunError;
use crate::source::PreparedSource;
use crate::tools::ToolRegistry;

/// The `tools.a.b` chains in `line` with their 1-based start and end columns.
pub(super) fn tool_chains(line: &str) -> Vec<(usize, usize, Vec<String>)> {
  let chars: Vec<char> = line.chars().collect();
  let is_ident = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
  let mut found = Vec::new();
  let mut i = 0;
  while i + 5 <= chars.len() {
    let word: String = chars[i..i + 5].iter().collect();
    let boundary = i == 0 || !is_ident(chars[i - 1]);
    if word != "tools" || !boundary {
      i += 1;
      continue;
    }
    let start = i;
    let mut j = i + 5;
    let mut parts = Vec::new();
    loop {
      if j < chars.len() && chars[j] == '.' {
        let s = j + 1;
        let mut e = s;
        while e < chars.len() && is_ident(chars[e]) {
          e += 1;
        }
        if e == s {
          break;
        }
        parts.push(chars[s..e].iter().collect());
        j = e;
      } else if j + 1 < chars.len() && chars[j] == '[' && (chars[j + 1] == '"' || chars[j + 1] == '\'') {
        let q = chars[j + 1];
        let s = j + 2;
        let Some(len) = chars[s..].iter().position(|c| *c == q) else {
          break;
        };
        parts.push(chars[s..s + len].iter().collect());
        j = s + len + 1;
        if j < chars.len() && chars[j] == ']' {
          j += 1;
        }
      } else {
        break;
      }
    }
    if !parts.is_empty() {
      found.push((start + 1, j + 1, parts));
    }
    i = j.max(i + 1);
  }
  found
}

/// Adds what a model needs to fix `err` when the exception alone does not say: the nearest real
/// tool for an unknown one, what exists for an unknown global.
pub fn explain(err: &mut RunError, source: &PreparedSource, registry: &ToolRegistry) {
  explain_unknown_tool(err, source, registry);
  explain_unknown_global(err, registry);
}

/// If `err` comes from calling a tool that does not exist, names it and suggests the nearest one.
pub fn explain_unknown_tool(err: &mut RunError, source: &PreparedSource, registry: &ToolRegistry) {
  let looks_like_missing = err.name == "TypeError"
    && (err.message.contains("not a function") || err.message.contains("cannot read property"));
  let (Some(line), Some(column)) = (err.line, err.column) else {
    return;
  };
  if !looks_like_missing {
    return;
  }
  let Some(text) = source.model_line(line) else {
    return;
  };
  let column = column as usize;
  let chain = tool_chains(text)
    .into_iter()
    .rfind(|(s, e, _)| *s <= column + 1 && column <= *e + 1);
  let Some((_, _, parts)) = chain else { return };
  let known = |path: &str| registry.entries().iter().any(|e| e.spec.path() == path);
  // The longest prefix that is not a tool is what the model called.
  let mut wanted = String::new();
  for p in &parts {
    if !wanted.is_empty() {
      wanted.push('.');
    }
    wanted.push_str(p);
    if known(&wanted) {
      return; // the tool exists; the error is about something else
    }
    let is_namespace = registry
      .entries()
      .iter()
      .any(|e| e.spec.namespace.as_deref() == Some(wanted.as_str()));
    if !is_namespace {
      break;
    }
  }
  err.message = format!("tools.{wanted} is not a tool: {}", err.message);
  err.hint = match registry.nearest(&wanted) {
    Some(near) => {
      format!("There is no tools.{wanted}; did you mean tools.{near}? Tool names are case-sensitive.")
    }
    None => {
      let names: Vec<String> = registry
        .entries()
        .iter()
        .take(20)
        .map(|e| format!("tools.{}", e.spec.path()))
        .collect();
      if names.is_empty() {
        format!("There is no tools.{wanted}; no tools are available in this sandbox.")
      } else {
        format!(
          "There is no tools.{wanted}; available tools include: {}.",
          names.join(", ")
        )
      }
    }
  };
}

/// If `err` is a `ReferenceError` for a global that does not exist (`host.readFile`, `fs`),
/// says what the sandbox has instead.
pub fn explain_unknown_global(err: &mut RunError, registry: &ToolRegistry) {
  if err.name != "ReferenceError" {
    return;
  }
  let Some(name) = err.message.strip_suffix(" is not defined") else {
    return;
  };
  let mut namespaces: Vec<&str> = Vec::new();
  for ns in registry
    .entries()
    .iter()
    .filter_map(|e| e.spec.namespace.as_deref())
  {
    if !namespaces.contains(&ns) {
      namespaces.push(ns);
    }
  }
  let tools = match namespaces.len() {
    0 => "`tools`".to_string(),
    _ => format!(
      "`tools` (namespaces: {})",
      namespaces.iter().take(12).copied().collect::<Vec<_>>().join(", ")
    ),
  };
  err.hint = format!(
    "`{name}` does not exist in this sandbox. It has {tools}, `codemode` (to find tools), `console` and the standard built-ins; no host objects, require, fetch or file system. Reach the outside through the tools."
  );
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn finds_tool_chains_with_columns() {
    let chains = tool_chains("const x = await tools.github.createIsue({})");
    assert_eq!(chains.len(), 1);
    assert_eq!(chains[0].0, 17);
    assert_eq!(chains[0].2, vec!["github".to_string(), "createIsue".to_string()]);
    let chains = tool_chains("tools['get-sum']({}) + mytools.x");
    assert_eq!(chains.len(), 1);
    assert_eq!(chains[0].2, vec!["get-sum".to_string()]);
  }
}
