//! Tool discovery for large tool sets: the guest's `codemode.searchTools`, `listTools` and
//! `describeTool`. Ranking matches the query against tool names (split into words, so
//! `createIssue` matches "create issue"), namespaces and description words, tolerating typos.

use serde_json::{json, Map, Value};

use super::declarations::tool_declaration;
use crate::codegen::is_identifier_name;
use crate::tools::{edit_distance, ToolRegistry};

/// How much to say about each tool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
  Name,
  Description,
  Full,
}

impl Detail {
  pub fn parse(s: Option<&str>) -> Detail {
    match s {
      Some("name") => Detail::Name,
      Some("full") => Detail::Full,
      _ => Detail::Description,
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

/// Lowercase words of `text`, splitting camelCase and any non-alphanumeric character.
fn words(text: &str) -> Vec<String> {
  let mut out = Vec::new();
  let mut cur = String::new();
  let mut prev_lower = false;
  for c in text.chars() {
    if !c.is_alphanumeric() {
      if !cur.is_empty() {
        out.push(std::mem::take(&mut cur));
      }
      prev_lower = false;
      continue;
    }
    if c.is_uppercase() && prev_lower && !cur.is_empty() {
      out.push(std::mem::take(&mut cur));
    }
    prev_lower = c.is_lowercase() || c.is_ascii_digit();
    cur.extend(c.to_lowercase());
  }
  if !cur.is_empty() {
    out.push(cur);
  }
  out
}

/// Queries are cut to this many characters and terms, so a search costs little whatever the
/// guest passes (it runs on the engine thread, between interrupt checks).
const MAX_QUERY_CHARS: usize = 256;
const MAX_QUERY_TERMS: usize = 16;
/// Typo tolerance only for words up to this length (edit distance is quadratic).
const MAX_FUZZY_WORD_CHARS: usize = 48;

/// How well `term` matches `word`: exact 3, prefix 2, small typo 1, else 0.
fn term_match(term: &str, word: &str) -> u32 {
  let fuzzy = term.len() >= 4 && term.len() <= MAX_FUZZY_WORD_CHARS && word.len() <= MAX_FUZZY_WORD_CHARS;
  if term == word {
    3
  } else if word.starts_with(term) && term.len() >= 2 {
    2
  } else if fuzzy && edit_distance(term, word) <= if term.len() >= 8 { 2 } else { 1 } {
    1
  } else {
    0
  }
}

fn score(registry: &ToolRegistry, index: usize, query: &str, terms: &[String]) -> u32 {
  let Some(entry) = registry.get(index) else {
    return 0;
  };
  let name_l = entry.spec.name.to_lowercase();
  let q = query.trim().to_lowercase();
  let mut total = 0;
  if name_l == q || entry.spec.path().to_lowercase() == q {
    total += 100;
  } else if !q.is_empty() && name_l.contains(&q) {
    total += 30;
  }
  let name_words = words(&entry.spec.name);
  let ns_words = entry.spec.namespace.as_deref().map(words).unwrap_or_default();
  let desc_words = entry.spec.description.as_deref().map(words).unwrap_or_default();
  for t in terms {
    let best = |ws: &[String]| ws.iter().map(|w| term_match(t, w)).max().unwrap_or(0);
    total += 10 * best(&name_words) + 5 * best(&ns_words) + 2 * best(&desc_words);
  }
  total
}

/// Tools matching `query`, best first (ties keep registration order).
pub fn search(
  registry: &ToolRegistry,
  query: &str,
  limit: usize,
  namespace: Option<&str>,
  detail: Detail,
) -> Vec<Value> {
  let query: String = query.chars().take(MAX_QUERY_CHARS).collect();
  let query = query.as_str();
  let mut terms = words(query);
  terms.truncate(MAX_QUERY_TERMS);
  let mut ranked: Vec<(u32, usize)> = (0..registry.len())
    .filter(|&i| {
      namespace.is_none_or(|ns| registry.get(i).and_then(|e| e.spec.namespace.as_deref()) == Some(ns))
    })
    .map(|i| (score(registry, i, query, &terms), i))
    .filter(|(s, _)| *s > 0)
    .collect();
  ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
  ranked
    .into_iter()
    .take(limit)
    .map(|(_, i)| info(registry, i, detail))
    .collect()
}

/// All tools (of `namespace`, if given), in registration order.
pub fn list(registry: &ToolRegistry, namespace: Option<&str>, detail: Detail) -> Vec<Value> {
  (0..registry.len())
    .filter(|&i| {
      namespace.is_none_or(|ns| registry.get(i).and_then(|e| e.spec.namespace.as_deref()) == Some(ns))
    })
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
  fn words_split_camel_case_and_separators() {
    assert_eq!(words("listPullRequests"), ["list", "pull", "requests"]);
    assert_eq!(words("send-email_v2"), ["send", "email", "v2"]);
  }
}
