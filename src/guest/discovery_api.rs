//! The host side of the guest's `codemode` discovery API: JSON arguments in, JSON text out, or
//! a [`Misuse`] that the guest sees thrown (a wrong `limit`, `detail` or `namespace` says what
//! was wrong and what is allowed, rather than being silently replaced by a default).

use serde_json::{json, Value};

use crate::prompt::discovery::{self, Detail};
use crate::tools::ToolRegistry;

/// `searchTools` returns this many tools unless asked otherwise, and at most [`MAX_LIMIT`].
const DEFAULT_LIMIT: usize = 10;
const MAX_LIMIT: u64 = 100;

/// A discovery call the guest got wrong, thrown in the guest as the named error class.
#[derive(Debug, PartialEq)]
pub enum Misuse {
  Type(String),
  Range(String),
}

/// Answers `op` (`search`, `list`, `describe`) for JSON `args`, as JSON text.
pub fn answer(registry: &ToolRegistry, op: &str, args: &str) -> Result<String, Misuse> {
  let args: Value = serde_json::from_str(args).unwrap_or_default();
  let arg = |key: &str| args.get(key).filter(|v| !v.is_null());
  let text = |key: &str| arg(key).and_then(Value::as_str);
  let out = match op {
    "search" => {
      let f = "codemode.searchTools";
      let limit = limit(f, arg("limit"))?;
      let namespace = namespace(registry, f, arg("namespace"))?;
      let detail = detail(f, arg("detail"))?;
      json!(discovery::search(
        registry,
        text("query").unwrap_or(""),
        limit,
        namespace,
        detail
      ))
    }
    "list" => {
      let f = "codemode.listTools";
      let namespace = namespace(registry, f, arg("namespace"))?;
      json!(discovery::list(registry, namespace, detail(f, arg("detail"))?))
    }
    "describe" => discovery::describe(registry, text("path").unwrap_or("")).unwrap_or(Value::Null),
    _ => Value::Null,
  };
  Ok(out.to_string())
}

fn limit(f: &str, v: Option<&Value>) -> Result<usize, Misuse> {
  let Some(v) = v else {
    return Ok(DEFAULT_LIMIT);
  };
  let allowed = format!("{f}: limit must be a whole number from 1 to {MAX_LIMIT}");
  let Some(n) = v.as_f64() else {
    return Err(Misuse::Type(format!("{allowed}; got {}.", shown(v))));
  };
  if n.fract() != 0.0 || n < 1.0 {
    return Err(Misuse::Range(format!("{allowed}; got {v}.")));
  }
  if n > MAX_LIMIT as f64 {
    return Err(Misuse::Range(format!(
      "{allowed}; got {v}. To see every tool, use codemode.listTools()."
    )));
  }
  Ok(n as usize)
}

fn detail(f: &str, v: Option<&Value>) -> Result<Detail, Misuse> {
  match v {
    None => Ok(Detail::default()),
    Some(v) => v.as_str().and_then(Detail::parse).ok_or_else(|| {
      Misuse::Type(format!(
        "{f}: detail must be {}; got {}.",
        Detail::ALLOWED,
        shown(v)
      ))
    }),
  }
}

/// The exact namespace meant by the guest's `namespace` option (its name or its alias).
fn namespace<'r>(registry: &'r ToolRegistry, f: &str, v: Option<&Value>) -> Result<Option<&'r str>, Misuse> {
  let Some(v) = v else {
    return Ok(None);
  };
  let Some(name) = v.as_str() else {
    return Err(Misuse::Type(format!(
      "{f}: namespace must be a string; got {}.",
      shown(v)
    )));
  };
  if let Some(ns) = discovery::resolve_namespace(registry, name) {
    return Ok(Some(ns));
  }
  let names = discovery::namespace_names(registry);
  let known = if names.is_empty() {
    "no tool has a namespace".to_string()
  } else {
    format!("the namespaces are: {}", names.join(", "))
  };
  Err(Misuse::Type(format!(
    "{f}: there is no namespace {}; {known}.",
    json!(name)
  )))
}

/// A guest value as a message shows it: `the string "3"`, `true`, `an object`.
fn shown(v: &Value) -> String {
  match v {
    Value::String(s) => format!("the string {}", json!(s.chars().take(60).collect::<String>())),
    Value::Array(_) => "an array".into(),
    Value::Object(_) => "an object".into(),
    other => other.to_string(),
  }
}

#[cfg(test)]
mod tests {
  use super::*;
  use crate::tools::test_support::entry;

  fn registry() -> ToolRegistry {
    ToolRegistry::new(vec![
      entry(Some("my-server"), "createIssue", Some("Open a new issue")),
      entry(Some("github"), "listIssues", Some("List issues")),
    ])
    .unwrap()
  }

  fn paths(answer: Result<String, Misuse>) -> Vec<String> {
    let v: Value = serde_json::from_str(&answer.unwrap()).unwrap();
    v.as_array()
      .unwrap()
      .iter()
      .map(|t| t["path"].as_str().unwrap().to_string())
      .collect()
  }

  #[test]
  fn namespace_accepts_the_alias_the_guest_sees() {
    let r = registry();
    let args = r#"{"query":"issue","namespace":"my_server"}"#;
    assert_eq!(paths(answer(&r, "search", args)), ["tools.my_server.createIssue"]);
    let args = r#"{"namespace":"my_server","detail":"name"}"#;
    assert_eq!(paths(answer(&r, "list", args)), ["tools.my_server.createIssue"]);
    assert_eq!(
      answer(&r, "list", r#"{"namespace":"nope"}"#),
      Err(Misuse::Type(
        r#"codemode.listTools: there is no namespace "nope"; the namespaces are: my-server (tools.my_server), github."#
          .into()
      ))
    );
  }

  #[test]
  fn wrong_limits_and_details_say_what_is_allowed() {
    let r = registry();
    let search = |args: &str| answer(&r, "search", args);
    let range = |got: &str| {
      Err(Misuse::Range(format!(
        "codemode.searchTools: limit must be a whole number from 1 to 100; got {got}."
      )))
    };
    assert_eq!(search(r#"{"query":"x","limit":0}"#), range("0"));
    assert_eq!(search(r#"{"query":"x","limit":-2}"#), range("-2"));
    assert_eq!(search(r#"{"query":"x","limit":2.5}"#), range("2.5"));
    assert!(
      matches!(search(r#"{"query":"x","limit":101}"#), Err(Misuse::Range(m)) if m.contains("listTools"))
    );
    assert_eq!(
      search(r#"{"query":"x","limit":"3"}"#),
      Err(Misuse::Type(
        r#"codemode.searchTools: limit must be a whole number from 1 to 100; got the string "3"."#.into()
      ))
    );
    assert_eq!(
      answer(&r, "list", r#"{"detail":"short"}"#),
      Err(Misuse::Type(
        r#"codemode.listTools: detail must be "name", "description" or "full"; got the string "short"."#
          .into()
      ))
    );
    assert_eq!(
      paths(search(r#"{"query":"issue","limit":1,"detail":"full"}"#)).len(),
      1
    );
    assert_eq!(
      paths(search(r#"{"query":"issue","limit":null}"#)).len(),
      2,
      "null is the default"
    );
  }
}
