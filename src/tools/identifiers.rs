//! Guest-visible names: every tool is reachable by its exact name (`tools["get-sum"]`) and, when
//! that is not a plain identifier, also by a stable sanitised alias (`tools.get_sum`); namespaces
//! likewise. Declarations, the runtime and discovery all use this one mapping.

use std::collections::HashSet;

use super::ToolSpec;

/// The aliases of one tool (equal to the exact names when those are already identifiers).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToolNames {
  pub namespace_alias: Option<String>,
  pub alias: String,
}

use crate::codegen::is_identifier_name;

/// `get-sum` → `get_sum`, `2fa` → `_2fa`, `héllo` → `h_llo`.
pub fn sanitize(name: &str) -> String {
  let mut out: String = name
    .chars()
    .map(|c| {
      if c.is_ascii_alphanumeric() || c == '_' || c == '$' {
        c
      } else {
        '_'
      }
    })
    .collect();
  if !out.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_' || c == '$') {
    out.insert(0, '_');
  }
  out
}

/// An alias for `exact` that is an identifier and not already `taken` (which it then joins).
fn alias_for(exact: &str, taken: &mut HashSet<String>) -> String {
  if is_identifier_name(exact) {
    return exact.to_string();
  }
  let base = sanitize(exact);
  let mut candidate = base.clone();
  let mut n = 2;
  while taken.contains(&candidate) {
    candidate = format!("{base}_{n}");
    n += 1;
  }
  taken.insert(candidate.clone());
  candidate
}

/// Assigns aliases to `specs` (in order, so the result is stable for the same tool list).
pub fn assign(specs: &[ToolSpec]) -> Vec<ToolNames> {
  // Top level: tools without a namespace and the namespaces themselves.
  let mut top: HashSet<String> = specs
    .iter()
    .map(|s| s.namespace.clone().unwrap_or_else(|| s.name.clone()))
    .collect();
  let mut namespace_aliases: Vec<(String, String)> = Vec::new();
  let mut scopes: Vec<(Option<String>, HashSet<String>)> = Vec::new();
  for s in specs {
    if let Some(ns) = &s.namespace {
      if !namespace_aliases.iter().any(|(n, _)| n == ns) {
        let alias = alias_for(ns, &mut top);
        namespace_aliases.push((ns.clone(), alias));
      }
    }
    if !scopes.iter().any(|(n, _)| n == &s.namespace) {
      let names = specs
        .iter()
        .filter(|o| o.namespace == s.namespace)
        .map(|o| o.name.clone())
        .collect();
      scopes.push((s.namespace.clone(), names));
    }
  }
  specs
    .iter()
    .map(|s| {
      let scope = match scopes.iter_mut().find(|(n, _)| n == &s.namespace) {
        Some((_, names)) => names,
        None => &mut top,
      };
      let scope = if s.namespace.is_none() { &mut top } else { scope };
      ToolNames {
        namespace_alias: s.namespace.as_ref().and_then(|ns| {
          namespace_aliases
            .iter()
            .find(|(n, _)| n == ns)
            .map(|(_, a)| a.clone())
        }),
        alias: alias_for(&s.name, scope),
      }
    })
    .collect()
}

#[cfg(test)]
mod tests {
  use super::*;

  fn spec(ns: Option<&str>, name: &str) -> ToolSpec {
    ToolSpec::named(ns, name)
  }

  #[test]
  fn identifiers_stay_and_others_get_stable_aliases() {
    let specs = vec![
      spec(None, "getSum"),
      spec(None, "get-sum"),
      spec(None, "get_sum"),
      spec(None, "2fa"),
      spec(Some("my-server"), "list.items"),
      spec(Some("my-server"), "delete"),
    ];
    let names = assign(&specs);
    let aliases: Vec<&str> = names.iter().map(|n| n.alias.as_str()).collect();
    assert_eq!(
      aliases,
      ["getSum", "get_sum_2", "get_sum", "_2fa", "list_items", "delete"]
    );
    assert_eq!(names[4].namespace_alias.as_deref(), Some("my_server"));
    assert_eq!(names[0].namespace_alias, None);
  }

  #[test]
  fn namespace_alias_avoids_top_level_names() {
    let names = assign(&[spec(None, "a_b"), spec(Some("a-b"), "x")]);
    assert_eq!(names[1].namespace_alias.as_deref(), Some("a_b_2"));
  }
}
