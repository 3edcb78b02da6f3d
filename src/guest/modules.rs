//! The run's tools as the source step's imports see them: `./servers/<ns>/<tool>` names a
//! namespace and a tool by their exact names, their guest aliases (`my_server` for
//! `my-server`), or a file-name spelling that differs only in case and separators (`get-sum.ts`
//! for the tool `getSum`), as long as that spelling names only one.

use crate::source::ToolModules;
use crate::tools::ToolRegistry;

/// [`ToolModules`] over one registry snapshot.
pub struct RegistryModules<'r>(pub &'r ToolRegistry);

/// `getSum`, `get-sum`, `get_sum` and `GET_SUM` all become `getsum`.
fn loose(name: &str) -> String {
  name
    .chars()
    .filter(|c| c.is_alphanumeric())
    .flat_map(char::to_lowercase)
    .collect()
}

/// The exact name of the one candidate `wanted` names: exactly, by alias, then loosely.
fn find(candidates: &[(String, String)], wanted: &str) -> Option<String> {
  if let Some((exact, _)) = candidates.iter().find(|(exact, _)| exact == wanted) {
    return Some(exact.clone());
  }
  if let Some((exact, _)) = candidates.iter().find(|(_, alias)| alias == wanted) {
    return Some(exact.clone());
  }
  let key = loose(wanted);
  let mut matches = candidates
    .iter()
    .filter(|(exact, alias)| !key.is_empty() && (loose(exact) == key || loose(alias) == key));
  match (matches.next(), matches.next()) {
    (Some((exact, _)), None) => Some(exact.clone()),
    _ => None,
  }
}

impl RegistryModules<'_> {
  /// `(exact, alias)` of every namespace, in registry order.
  fn namespaces(&self) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for (i, entry) in self.0.entries().iter().enumerate() {
      let Some(ns) = &entry.spec.namespace else { continue };
      if out.iter().any(|(n, _)| n == ns) {
        continue;
      }
      let alias = self
        .0
        .names(i)
        .and_then(|n| n.namespace_alias.clone())
        .unwrap_or_else(|| ns.clone());
      out.push((ns.clone(), alias));
    }
    out
  }

  /// `(exact, alias)` of every tool in `namespace`.
  fn tools_in(&self, namespace: Option<&str>) -> Vec<(String, String)> {
    self
      .0
      .entries()
      .iter()
      .enumerate()
      .filter(|(_, e)| e.spec.namespace.as_deref() == namespace)
      .map(|(i, e)| {
        let alias = self
          .0
          .names(i)
          .map(|n| n.alias.clone())
          .unwrap_or_else(|| e.spec.name.clone());
        (e.spec.name.clone(), alias)
      })
      .collect()
  }
}

fn exact_names(candidates: Vec<(String, String)>) -> Vec<String> {
  candidates.into_iter().map(|(exact, _)| exact).collect()
}

impl ToolModules for RegistryModules<'_> {
  fn namespace(&self, wanted: &str) -> Result<String, Vec<String>> {
    let all = self.namespaces();
    find(&all, wanted).ok_or_else(|| exact_names(all))
  }

  fn tool(&self, namespace: Option<&str>, wanted: &str) -> Result<String, Vec<String>> {
    let all = self.tools_in(namespace);
    find(&all, wanted).ok_or_else(|| exact_names(all))
  }
}

#[cfg(test)]
mod tests {
  use super::*;
  use crate::tools::test_support::entry;

  #[test]
  fn names_resolve_exactly_by_alias_and_by_file_spelling() {
    let registry = ToolRegistry::new(vec![
      entry(Some("google-drive"), "getDocument", None),
      entry(Some("math"), "getSum", None),
      entry(Some("math"), "get-product", None),
      entry(Some("math"), "add", None),
      entry(None, "echo", None),
    ])
    .unwrap();
    let m = RegistryModules(&registry);
    assert_eq!(m.namespace("google-drive").as_deref(), Ok("google-drive"));
    assert_eq!(m.namespace("google_drive").as_deref(), Ok("google-drive"));
    assert_eq!(m.namespace("GoogleDrive").as_deref(), Ok("google-drive"));
    assert_eq!(
      m.namespace("slack"),
      Err(vec!["google-drive".to_string(), "math".to_string()])
    );
    assert_eq!(m.tool(Some("math"), "get-sum").as_deref(), Ok("getSum"));
    assert_eq!(m.tool(Some("math"), "get_product").as_deref(), Ok("get-product"));
    assert_eq!(m.tool(Some("math"), "getProduct").as_deref(), Ok("get-product"));
    assert_eq!(m.tool(None, "echo").as_deref(), Ok("echo"));
    assert_eq!(m.tool(None, "getSum"), Err(vec!["echo".to_string()]));
    assert!(m.tool(Some("math"), "").is_err());
  }

  #[test]
  fn an_ambiguous_spelling_names_nothing() {
    let registry = ToolRegistry::new(vec![
      entry(Some("m"), "get-sum", None),
      entry(Some("m"), "get_sum", None),
    ])
    .unwrap();
    let m = RegistryModules(&registry);
    assert_eq!(m.tool(Some("m"), "get-sum").as_deref(), Ok("get-sum"));
    assert!(m.tool(Some("m"), "GetSum").is_err());
  }
}
