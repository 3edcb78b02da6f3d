//! The modules a program may import, all of them views of what the guest already has: the
//! file-tree layout of Anthropic's "code execution with MCP" (`./servers/<ns>`,
//! `./servers/<ns>/<tool>`, `./servers/<ns>/index`, with or without `.ts`/`.js`) and the
//! Stencila module names (`@codemode/servers/<ns>`, `@codemode/discovery`, `@codemode/errors`).
//! A specifier is parsed here; which namespaces and tools exist is asked of [`ToolModules`]
//! (the run's tool registry), so this step needs no tools of its own.

use crate::codegen::is_identifier_name;

/// The run's tools, as imports see them.
pub trait ToolModules: Sync {
  /// The exact name of the namespace `wanted` names (exactly, by its alias, or spelled with a
  /// different case or `-`/`_`), or every namespace there is.
  fn namespace(&self, wanted: &str) -> Result<String, Vec<String>>;
  /// The exact name of the tool `wanted` names in namespace `namespace` (`None`: the tools
  /// outside any namespace), or every tool there.
  fn tool(&self, namespace: Option<&str>, wanted: &str) -> Result<String, Vec<String>>;
}

/// No tools at all (for the source step on its own).
pub struct NoTools;

impl ToolModules for NoTools {
  fn namespace(&self, _: &str) -> Result<String, Vec<String>> {
    Err(Vec::new())
  }
  fn tool(&self, _: Option<&str>, _: &str) -> Result<String, Vec<String>> {
    Err(Vec::new())
  }
}

/// A value the guest already has: a global followed by property keys (`tools`, `"math"`,
/// `"get-sum"`), or an object of such values (a module namespace built for the import).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
  Path(Vec<String>),
  Object(Vec<(String, Vec<String>)>),
}

/// Why an import cannot be bound: the message and a hint that names the fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
  pub message: String,
  pub hint: String,
}

/// A module a specifier names.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Request<'s> {
  /// `./servers`: every namespace and every tool outside one.
  Servers,
  /// `./servers/<ns>`.
  Server(&'s str),
  /// `./servers/<ns>/<tool>`.
  Tool(&'s str, &'s str),
  Discovery,
  Errors,
}

const SERVER_ROOTS: [&str; 5] = [
  "./servers",
  "servers",
  "/servers",
  "@codemode/servers",
  "@stencila/mcp/servers",
];
const DISCOVERY: [&str; 2] = ["@codemode/discovery", "@stencila/mcp/discovery"];
const ERRORS: [&str; 2] = ["@codemode/errors", "@stencila/mcp/errors"];
const DISCOVERY_EXPORTS: [&str; 3] = ["searchTools", "listTools", "describeTool"];
/// The error classes, under their own names and the Stencila spec's names for the same failures.
const ERROR_EXPORTS: [(&str, &str); 5] = [
  ("ToolError", "ToolError"),
  ("ToolInputError", "ToolInputError"),
  ("CodemodeError", "ToolError"),
  ("ToolCallError", "ToolError"),
  ("SchemaValidationError", "ToolInputError"),
];

fn strip_extension(segment: &str) -> &str {
  [".d.ts", ".ts", ".js", ".mjs"]
    .iter()
    .find_map(|ext| segment.strip_suffix(ext))
    .unwrap_or(segment)
}

fn parse(specifier: &str) -> Option<Request<'_>> {
  if DISCOVERY.contains(&specifier) {
    return Some(Request::Discovery);
  }
  if ERRORS.contains(&specifier) {
    return Some(Request::Errors);
  }
  let rest = SERVER_ROOTS
    .iter()
    .find_map(|root| specifier.strip_prefix(root))?;
  let segments: Vec<&str> = rest
    .split('/')
    .filter(|s| !s.is_empty())
    .map(strip_extension)
    .collect();
  if !rest.is_empty() && !rest.starts_with('/') {
    return None; // `./serversX`
  }
  match segments.as_slice() {
    [] | ["index"] => Some(Request::Servers),
    [ns] | [ns, "index"] => Some(Request::Server(ns)),
    [ns, tool] => Some(Request::Tool(ns, tool)),
    _ => None,
  }
}

/// True when `specifier` names one of the modules above (whether or not its tools exist).
pub fn is_known(specifier: &str) -> bool {
  parse(specifier).is_some()
}

/// What one import binds: `*` (the namespace), `default`, or a named export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Import<'n> {
  Namespace,
  Default,
  Named(&'n str),
}

/// A module resolved against the run's tools.
enum Resolved {
  /// `tools` itself.
  Servers,
  Namespace(String),
  /// One tool: its namespace, exact name, and the file name it was imported by.
  Tool(Option<String>, String, String),
  Discovery,
  Errors,
}

/// A list of names for a message, shortened past a dozen.
fn listing(names: &[String]) -> String {
  const SHOWN: usize = 12;
  let mut text = names
    .iter()
    .take(SHOWN)
    .map(|n| n.as_str())
    .collect::<Vec<_>>()
    .join(", ");
  if names.len() > SHOWN {
    text.push_str(&format!(" and {} more", names.len() - SHOWN));
  }
  text
}

fn no_namespace(specifier: &str, wanted: &str, namespaces: &[String], top: &[String]) -> ImportError {
  let mut message = format!("Cannot import '{specifier}': there is no tool namespace \"{wanted}\"");
  if !namespaces.is_empty() {
    message.push_str(&format!("; the namespaces are: {}", listing(namespaces)));
  }
  if !top.is_empty() {
    message.push_str(&format!(
      "; the tools outside any namespace are: {}",
      listing(top)
    ));
  }
  if namespaces.is_empty() && top.is_empty() {
    message.push_str("; this run has no tools");
  }
  let hint = match namespaces.first() {
    Some(ns) => format!(
      "Import a namespace that exists (`import * as {} from './servers/{ns}'`) or call its tools as `tools.{}.<tool>(...)`.",
      js_name(ns),
      js_name(ns)
    ),
    None => "Call the tools through the global `tools` object (see the declarations).".to_string(),
  };
  ImportError { message, hint }
}

fn no_tool(specifier: &str, namespace: Option<&str>, wanted: &str, tools: &[String]) -> ImportError {
  let place = match namespace {
    Some(ns) => format!("namespace \"{ns}\" has no tool \"{wanted}\""),
    None => format!("there is no tool \"{wanted}\""),
  };
  let mut message = format!("Cannot import '{specifier}': {place}");
  if !tools.is_empty() {
    message.push_str(&format!("; its tools are: {}", listing(tools)));
  }
  ImportError {
    message,
    hint: format!(
      "Import one of the tools that exist, or find one with `await codemode.searchTools(\"{wanted}\")`."
    ),
  }
}

/// `name` made an identifier, for examples in hints (`google-drive` → `google_drive`).
fn js_name(name: &str) -> String {
  if is_identifier_name(name) {
    return name.to_string();
  }
  let ident: String = name
    .chars()
    .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
    .collect();
  if ident.starts_with(|c: char| c.is_ascii_digit()) {
    format!("_{ident}")
  } else {
    ident
  }
}

fn resolve(specifier: &str, tools: &dyn ToolModules) -> Result<Resolved, ImportError> {
  let Some(request) = parse(specifier) else {
    return Err(unknown_module(specifier));
  };
  Ok(match request {
    Request::Servers => Resolved::Servers,
    Request::Discovery => Resolved::Discovery,
    Request::Errors => Resolved::Errors,
    Request::Server(wanted) => match tools.namespace(wanted) {
      Ok(ns) => Resolved::Namespace(ns),
      Err(namespaces) => match tools.tool(None, wanted) {
        Ok(tool) => Resolved::Tool(None, tool, wanted.to_string()),
        Err(top) => return Err(no_namespace(specifier, wanted, &namespaces, &top)),
      },
    },
    Request::Tool(wanted_ns, wanted) => {
      let ns = tools
        .namespace(wanted_ns)
        .map_err(|namespaces| no_namespace(specifier, wanted_ns, &namespaces, &[]))?;
      let tool = tools
        .tool(Some(&ns), wanted)
        .map_err(|all| no_tool(specifier, Some(&ns), wanted, &all))?;
      Resolved::Tool(Some(ns), tool, wanted.to_string())
    }
  })
}

/// The refusal for any other module.
pub fn unknown_module(specifier: &str) -> ImportError {
  ImportError {
    message: format!(
      "Cannot import '{specifier}': this sandbox has no modules besides views of the global `tools` ('./servers/<namespace>', './servers/<namespace>/<tool>', '@codemode/servers/<namespace>', '@codemode/discovery', '@codemode/errors')"
    ),
    hint: "Call tools through the global `tools` object (`await tools.<namespace>.<tool>({ ... })`); nothing else can be imported.".into(),
  }
}

fn path(parts: &[&str]) -> Vec<String> {
  parts.iter().map(|p| p.to_string()).collect()
}

fn tool_path(namespace: &Option<String>, tool: &str) -> Vec<String> {
  match namespace {
    Some(ns) => path(&["tools", ns, tool]),
    None => path(&["tools", tool]),
  }
}

/// What `import` of `what` from `specifier` binds, or why it cannot.
pub fn bind(specifier: &str, what: Import<'_>, tools: &dyn ToolModules) -> Result<Value, ImportError> {
  let module = resolve(specifier, tools)?;
  let missing = |exports: String| ImportError {
    message: format!(
      "Cannot import '{}' from '{specifier}': the module exports {exports}",
      match what {
        Import::Named(n) => n,
        _ => "default",
      }
    ),
    hint: "Import one of the names the module exports.".into(),
  };
  match (module, what) {
    (Resolved::Servers, Import::Namespace | Import::Default) => Ok(Value::Path(path(&["tools"]))),
    (Resolved::Servers, Import::Named(wanted)) => match tools.namespace(wanted) {
      Ok(ns) => Ok(Value::Path(path(&["tools", &ns]))),
      Err(namespaces) => match tools.tool(None, wanted) {
        Ok(tool) => Ok(Value::Path(tool_path(&None, &tool))),
        Err(top) => Err(no_namespace(specifier, wanted, &namespaces, &top)),
      },
    },
    (Resolved::Namespace(ns), Import::Namespace | Import::Default) => Ok(Value::Path(path(&["tools", &ns]))),
    (Resolved::Namespace(ns), Import::Named(wanted)) => tools
      .tool(Some(&ns), wanted)
      .map(|tool| Value::Path(tool_path(&Some(ns.clone()), &tool)))
      .map_err(|all| no_tool(specifier, Some(&ns), wanted, &all)),
    (Resolved::Tool(ns, tool, _), Import::Default) => Ok(Value::Path(tool_path(&ns, &tool))),
    (Resolved::Tool(ns, tool, file), Import::Namespace) => {
      let target = tool_path(&ns, &tool);
      let mut keys = vec![tool.clone()];
      if file != tool {
        keys.push(file);
      }
      keys.push("default".into());
      Ok(Value::Object(
        keys.into_iter().map(|k| (k, target.clone())).collect(),
      ))
    }
    (Resolved::Tool(ns, tool, file), Import::Named(wanted)) => {
      let same = wanted == file || tools.tool(ns.as_deref(), wanted).as_deref() == Ok(tool.as_str());
      if same {
        Ok(Value::Path(tool_path(&ns, &tool)))
      } else {
        Err(missing(format!("the tool `{tool}` (as `{file}`) and `default`")))
      }
    }
    (Resolved::Discovery, Import::Namespace | Import::Default) => Ok(Value::Path(path(&["codemode"]))),
    (Resolved::Discovery, Import::Named(wanted)) => DISCOVERY_EXPORTS
      .iter()
      .find(|e| **e == wanted)
      .map(|e| Value::Path(path(&["codemode", e])))
      .ok_or_else(|| missing(DISCOVERY_EXPORTS.join(", "))),
    (Resolved::Errors, Import::Namespace | Import::Default) => Ok(Value::Object(
      ERROR_EXPORTS
        .iter()
        .map(|(name, class)| (name.to_string(), path(&[class])))
        .collect(),
    )),
    (Resolved::Errors, Import::Named(wanted)) => ERROR_EXPORTS
      .iter()
      .find(|(name, _)| *name == wanted)
      .map(|(_, class)| Value::Path(path(&[class])))
      .ok_or_else(|| {
        missing(
          ERROR_EXPORTS
            .iter()
            .map(|(n, _)| *n)
            .collect::<Vec<_>>()
            .join(", "),
        )
      }),
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn specifiers_name_the_tool_modules() {
    let table: &[(&str, Option<Request>)] = &[
      ("./servers/google-drive", Some(Request::Server("google-drive"))),
      (
        "./servers/google-drive/index",
        Some(Request::Server("google-drive")),
      ),
      (
        "./servers/google-drive/index.ts",
        Some(Request::Server("google-drive")),
      ),
      ("./servers/google-drive/", Some(Request::Server("google-drive"))),
      ("./servers/math/getSum.ts", Some(Request::Tool("math", "getSum"))),
      (
        "./servers/math/get-sum.js",
        Some(Request::Tool("math", "get-sum")),
      ),
      ("./servers", Some(Request::Servers)),
      ("@codemode/servers/math", Some(Request::Server("math"))),
      ("@stencila/mcp/servers/math", Some(Request::Server("math"))),
      ("@codemode/discovery", Some(Request::Discovery)),
      ("@codemode/errors", Some(Request::Errors)),
      ("./serversX/a", None),
      ("./servers/a/b/c", None),
      ("fs", None),
      ("node:fs", None),
    ];
    for (spec, expected) in table {
      assert_eq!(&parse(spec), expected, "{spec}");
    }
  }
}
