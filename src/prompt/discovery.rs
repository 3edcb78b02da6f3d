//! Tool discovery for large tool sets: the answers of the guest's `codemode.searchTools`,
//! `listTools` and `describeTool`. The ranking itself is [`super::search`].

use serde_json::{json, Map, Value};

use super::declarations::tool_declaration;
use crate::codegen::is_identifier_name;
use crate::tools::ToolRegistry;

/// How much to say about each tool.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Detail {
  Name,
  #[default]
  Description,
  Full,
}

impl Detail {
  /// The guest's spellings, for messages.
  pub const ALLOWED: &'static str = r#""name", "description" or "full""#;

  /// The detail the guest named, if it is one.
  pub fn parse(s: &str) -> Option<Detail> {
    match s {
      "name" => Some(Detail::Name),
      "description" => Some(Detail::Description),
      "full" => Some(Detail::Full),
      _ => None,
    }
  }
}

/// The guest path of tool `index` through identifiers where possible (`tools.github.createIssue`).
pub fn guest_path(registry: &ToolRegistry, index: usize) -> String {
  let Some(entry) = registry.get(index) else {
    return String::new();
  };
  let names = registry.names(index);
  let seg = |exact: &str, alias: Option<&str>| match alias {
    Some(a) if is_identifier_name(a) => format!(".{a}"),
    _ => format!("[{}]", Value::String(exact.to_string())),
  };
  let mut path = String::from("tools");
  if let Some(ns) = &entry.spec.namespace {
    path.push_str(&seg(ns, names.and_then(|n| n.namespace_alias.as_deref())));
  }
  path.push_str(&seg(&entry.spec.name, names.map(|n| n.alias.as_str())));
  path
}

/// Information about tool `index` at `detail`.
pub fn info(registry: &ToolRegistry, index: usize, detail: Detail) -> Value {
  let Some(entry) = registry.get(index) else {
    return Value::Null;
  };
  let mut out = Map::new();
  out.insert("path".into(), json!(guest_path(registry, index)));
  out.insert("name".into(), json!(entry.spec.name));
  if let Some(ns) = &entry.spec.namespace {
    out.insert("namespace".into(), json!(ns));
  }
  if detail != Detail::Name {
    if let Some(d) = &entry.spec.description {
      out.insert("description".into(), json!(d));
    }
  }
  if detail == Detail::Full {
    out.insert("declaration".into(), json!(tool_declaration(registry, index)));
    for (key, v) in [
      ("inputSchema", &entry.spec.input_schema),
      ("outputSchema", &entry.spec.output_schema),
      ("annotations", &entry.spec.annotations),
    ] {
      if let Some(v) = v {
        out.insert(key.into(), v.clone());
      }
    }
  }
  Value::Object(out)
}

/// Tools matching `query`, best first (ties keep registration order), of the exact
/// `namespace` if given (see [`resolve_namespace`]).
pub fn search(
  registry: &ToolRegistry,
  query: &str,
  limit: usize,
  namespace: Option<&str>,
  detail: Detail,
) -> Vec<Value> {
  super::search::search(registry, query, limit, |i| in_namespace(registry, i, namespace))
    .into_iter()
    .map(|i| info(registry, i, detail))
    .collect()
}

fn in_namespace(registry: &ToolRegistry, index: usize, namespace: Option<&str>) -> bool {
  namespace.is_none_or(|ns| registry.get(index).and_then(|e| e.spec.namespace.as_deref()) == Some(ns))
}

/// The exact namespace the guest means by `name`: the namespace itself or its alias
/// (`my_server` for `my-server`), as the guest sees it under `tools`.
pub fn resolve_namespace<'r>(registry: &'r ToolRegistry, name: &str) -> Option<&'r str> {
  (0..registry.len()).find_map(|i| {
    let ns = registry.get(i)?.spec.namespace.as_deref()?;
    let alias = registry.names(i).and_then(|n| n.namespace_alias.as_deref());
    (ns == name || alias == Some(name)).then_some(ns)
  })
}

/// Every namespace once, in registration order, as the guest can write it: `github`, or
/// `my-server (tools.my_server)` when the exact name is not an identifier.
pub fn namespace_names(registry: &ToolRegistry) -> Vec<String> {
  let mut out: Vec<String> = Vec::new();
  let mut seen = std::collections::HashSet::new();
  for i in 0..registry.len() {
    let Some(ns) = registry.get(i).and_then(|e| e.spec.namespace.as_deref()) else {
      continue;
    };
    if !seen.insert(ns) {
      continue;
    }
    match registry.names(i).and_then(|n| n.namespace_alias.as_deref()) {
      Some(alias) if alias != ns => out.push(format!("{ns} (tools.{alias})")),
      _ => out.push(ns.to_string()),
    }
  }
  out
}

/// All tools (of the exact `namespace`, if given), in registration order.
pub fn list(registry: &ToolRegistry, namespace: Option<&str>, detail: Detail) -> Vec<Value> {
  (0..registry.len())
    .filter(|&i| in_namespace(registry, i, namespace))
    .map(|i| info(registry, i, detail))
    .collect()
}

/// The tool at `path` (`ns.name`, `tools.ns.name`, an alias path, or a bare name), fully described.
pub fn describe(registry: &ToolRegistry, path: &str) -> Option<Value> {
  let wanted = path.trim().trim_start_matches("tools.");
  (0..registry.len())
    .find(|&i| {
      registry
        .get(i)
        .is_some_and(|e| e.spec.path() == wanted || e.spec.name == wanted)
        || guest_path(registry, i) == path.trim()
        || guest_path(registry, i).trim_start_matches("tools.") == wanted
    })
    .map(|i| info(registry, i, Detail::Full))
}

#[cfg(test)]
mod tests {
  use super::*;
  use crate::tools::test_support::entry;

  fn registry() -> ToolRegistry {
    ToolRegistry::new(vec![
      entry(
        Some("github"),
        "createIssue",
        Some("Open a new issue in a repository"),
      ),
      entry(
        Some("github"),
        "listPullRequests",
        Some("List pull requests of a repository"),
      ),
      entry(
        Some("weather"),
        "getForecast",
        Some("Weather forecast for a city"),
      ),
      entry(None, "send-email", Some("Send an email message to a recipient")),
    ])
    .unwrap()
  }

  fn paths(v: &[Value]) -> Vec<&str> {
    v.iter().filter_map(|x| x["path"].as_str()).collect()
  }

  #[test]
  fn ranks_by_name_words_descriptions_and_typos() {
    let r = registry();
    assert_eq!(
      paths(&search(&r, "create issue", 3, None, Detail::Name))[0],
      "tools.github.createIssue"
    );
    assert_eq!(
      paths(&search(&r, "forcast", 3, None, Detail::Name))[0],
      "tools.weather.getForecast"
    );
    assert_eq!(
      paths(&search(&r, "email", 3, None, Detail::Name))[0],
      "tools.send_email"
    );
    assert_eq!(
      paths(&search(&r, "city", 3, None, Detail::Name)),
      ["tools.weather.getForecast"]
    );
    assert_eq!(search(&r, "pull", 5, Some("weather"), Detail::Name).len(), 0);
    assert!(search(&r, "zzzz", 5, None, Detail::Name).is_empty());
  }

  #[test]
  fn detail_levels_and_describe() {
    let r = registry();
    let listed = list(&r, Some("github"), Detail::Description);
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[0]["description"], "Open a new issue in a repository");
    assert!(listed[0].get("declaration").is_none());
    let full = describe(&r, "github.createIssue").unwrap();
    assert!(
      full["declaration"].as_str().unwrap().contains("createIssue("),
      "{full}"
    );
    assert_eq!(describe(&r, "tools.send_email").unwrap()["name"], "send-email");
    assert!(describe(&r, "nope").is_none());
  }

  #[test]
  fn namespaces_resolve_by_exact_name_or_alias() {
    let r = ToolRegistry::new(vec![
      entry(Some("my-server"), "a", None),
      entry(Some("github"), "b", None),
      entry(Some("my-server"), "c", None),
    ])
    .unwrap();
    assert_eq!(resolve_namespace(&r, "my-server"), Some("my-server"));
    assert_eq!(resolve_namespace(&r, "my_server"), Some("my-server"));
    assert_eq!(resolve_namespace(&r, "github"), Some("github"));
    assert_eq!(resolve_namespace(&r, "nope"), None);
    assert_eq!(namespace_names(&r), ["my-server (tools.my_server)", "github"]);
  }
}
