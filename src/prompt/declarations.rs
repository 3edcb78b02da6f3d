//! The `.d.ts` text the model reads: the `tools` object with one typed, documented method per
//! tool (namespaces as nested objects, aliases for names that are not identifiers), the
//! `codemode` discovery API and the error classes the guest can catch. Also the compact
//! rendering of the same tools that `description()` shows: one call signature per tool by its
//! guest path, made by the same codegen with one-line docs.

use std::sync::Arc;

use serde_json::Value;

use crate::codegen::{indent_after_first_line, jsdoc, property_key, TsOptions, TsScope};
use crate::tools::ToolRegistry;

/// Declarations of what every guest sees besides its tools.
pub const GUEST_API: &str = r#"/** A tool failed; `message` carries the tool's own error message. */
declare class ToolError extends Error {
  /** `TOOL_FAILED`, `OUTPUT_TOO_LARGE`, `INVALID_INPUT`, `ABORTED`, ... */
  readonly code: string;
  /** The tool's path, e.g. `github.createIssue`. */
  readonly tool: string;
  readonly hint?: string;
}
/** The input did not match the tool's schema; the tool was not called. */
declare class ToolInputError extends ToolError {
  /** Every problem, e.g. `{ path: "input.city", message: "42 is not of type \"string\"" }`. */
  readonly issues: { path: string; message: string }[];
  /** An input that would be valid. */
  readonly example: unknown;
}
type ToolDetail = "name" | "description" | "full";
interface ToolInfo {
  /** How to call it, e.g. `tools.github.createIssue`. */
  path: string;
  name: string;
  namespace?: string;
  description?: string;
  /** With `detail: "full"`: the TypeScript declaration of the tool. */
  declaration?: string;
  inputSchema?: unknown;
  outputSchema?: unknown;
  annotations?: unknown;
}
/** Find tools without reading every declaration. */
declare const codemode: {
  /** Tools whose name, namespace or description match `query` (typos tolerated), best first. @default limit 10, detail "description" */
  searchTools(query: string, options?: { limit?: number; detail?: ToolDetail; namespace?: string }): Promise<ToolInfo[]>;
  /** Every tool, or those of one namespace. @default detail "description" */
  listTools(options?: { namespace?: string; detail?: ToolDetail }): Promise<ToolInfo[]>;
  /** Everything about one tool, by path (`"github.createIssue"` or `"tools.github.createIssue"`). */
  describeTool(path: string): Promise<ToolInfo>;
};
"#;

/// JSDoc lines for a tool: its description and what its annotations promise. `compact`: the
/// description, then the promises in a word each (`Read-only.`), no title, no open-world note.
/// `observed`: the return type was learned from results, and the docs say so.
fn tool_doc(
  registry: &ToolRegistry,
  index: usize,
  input_doc: &[String],
  compact: bool,
  observed: bool,
) -> Vec<String> {
  let Some(entry) = registry.get(index) else {
    return Vec::new();
  };
  if compact {
    return compact_tool_doc(registry, index, input_doc, observed);
  }
  let mut lines: Vec<String> = entry
    .spec
    .description
    .iter()
    .flat_map(|d| d.lines().map(str::to_string))
    .collect();
  let hint = |key: &str| {
    entry
      .spec
      .annotations
      .as_ref()
      .and_then(|a| a.get(key))
      .and_then(Value::as_bool)
  };
  if let Some(title) = entry
    .spec
    .annotations
    .as_ref()
    .and_then(|a| a.get("title"))
    .and_then(Value::as_str)
  {
    lines.insert(0, title.to_string());
  }
  if hint("readOnlyHint") == Some(true) {
    lines.push("Read-only: does not change anything.".into());
  }
  if hint("destructiveHint") == Some(true) {
    lines.push("Destructive: may delete or overwrite data.".into());
  }
  if hint("idempotentHint") == Some(true) {
    lines.push("Idempotent: repeating a call has no further effect.".into());
  }
  if hint("openWorldHint") == Some(true) {
    lines.push("Reaches outside systems.".into());
  }
  lines.extend(input_doc.iter().cloned());
  if observed {
    lines.push(OBSERVED_NOTE.into());
  }
  lines
}

fn compact_tool_doc(
  registry: &ToolRegistry,
  index: usize,
  input_doc: &[String],
  observed: bool,
) -> Vec<String> {
  let Some(entry) = registry.get(index) else {
    return Vec::new();
  };
  let annotations = entry.spec.annotations.as_ref();
  let hint = |key: &str| annotations.and_then(|a| a.get(key)).and_then(Value::as_bool) == Some(true);
  let mut promises: Vec<&str> = [
    ("readOnlyHint", "Read-only."),
    ("destructiveHint", "Destructive."),
    ("idempotentHint", "Idempotent."),
  ]
  .into_iter()
  .filter(|(key, _)| hint(key))
  .map(|(_, word)| word)
  .collect();
  if observed {
    promises.push(COMPACT_OBSERVED_NOTE);
  }
  let title = annotations.and_then(|a| a.get("title")).and_then(Value::as_str);
  let mut lines: Vec<String> = match entry.spec.description.as_deref().or(title) {
    Some(text) => text.lines().map(str::to_string).collect(),
    None => Vec::new(),
  };
  while lines.last().is_some_and(|l| l.trim().is_empty()) {
    lines.pop();
  }
  if !promises.is_empty() {
    match lines.last_mut() {
      Some(last) => {
        let text = last.trim_end();
        let stop = if text.ends_with(['.', '!', '?', ':']) {
          ""
        } else {
          "."
        };
        *last = format!("{text}{stop} {}", promises.join(" "));
      }
      None => lines.push(promises.join(" ")),
    }
  }
  lines.extend(input_doc.iter().cloned());
  lines
}

/// The doc line of a return type learned from results: the model should know it is inferred
/// (a field may be missing next time), not promised. Without a count, so the text changes only
/// when the shape does.
const OBSERVED_NOTE: &str =
  "@returns Output type observed in earlier results, not declared by the tool: fields may be missing or differ.";
/// The same for the description, beside the annotations' words.
const COMPACT_OBSERVED_NOTE: &str = "Output type observed, not declared.";

/// Who reads a tool's method: the model (the `.d.ts`, or the description's compact form with
/// one-line docs and no `;`) or the type checker, for which an undeclared output is `any`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Reader {
  Model,
  ModelCompact,
  Checker,
}

/// `name(input: T): Promise<U>;` with its JSDoc, plus the type declarations it needs.
fn method(
  scope: &mut TsScope,
  registry: &ToolRegistry,
  index: usize,
  key: &str,
  indent: &str,
  reader: Reader,
) -> (String, Vec<String>) {
  let compact = reader == Reader::ModelCompact;
  let Some(entry) = registry.get(index) else {
    return (String::new(), Vec::new());
  };
  let opts = TsOptions {
    name: Some(format!("{} Input", entry.spec.name)),
    compact,
    ..TsOptions::default()
  };
  let (input, mut decls, input_doc) = match &entry.spec.input_schema {
    Some(schema) => {
      let t = scope.convert(schema, &opts);
      let required = schema
        .get("required")
        .and_then(Value::as_array)
        .is_some_and(|r| !r.is_empty());
      let param = if required { "input" } else { "input?" };
      (
        format!("{param}: {}", indent_after_first_line(&t.expr, indent)),
        t.declarations,
        t.doc,
      )
    }
    None => ("input?: unknown".to_string(), Vec::new(), Vec::new()),
  };
  // A declared output schema wins; otherwise the shape observed in the tool's results, if any.
  let observed = match &entry.spec.output_schema {
    Some(_) => None,
    None if reader == Reader::Checker => None,
    None => registry.observed(index).and_then(|o| o.schema()),
  };
  let output = match entry.spec.output_schema.as_ref().or(observed.as_ref()) {
    Some(schema) => {
      let opts = TsOptions {
        name: Some(format!("{} Output", entry.spec.name)),
        compact,
        ..TsOptions::default()
      };
      let t = scope.convert(schema, &opts);
      decls.extend(t.declarations);
      indent_after_first_line(&t.expr, indent)
    }
    None if reader == Reader::Checker => "any".to_string(),
    None => "unknown".to_string(),
  };
  let doc_lines = tool_doc(registry, index, &input_doc, compact, observed.is_some());
  let doc = jsdoc(&doc_lines, indent);
  let end = if compact { "" } else { ";" };
  (
    format!("{doc}{indent}{key}({input}): Promise<{output}>{end}\n"),
    decls,
  )
}

/// The tools for `description()`: the named types they need, then each tool as a documented
/// call signature under its guest path (`tools.weather.getWeather(input: { city: string }):
/// Promise<{ tempC: number }>`). Not a `.d.ts` file: [`declarations`] is. `None` as soon as the
/// text would be longer than `max_len` UTF-16 code units, so a large tool set costs little.
pub fn compact_declarations(registry: &ToolRegistry, max_len: usize) -> Option<String> {
  let mut scope = TsScope::new();
  let mut types = String::new();
  let mut methods = String::new();
  let mut len = 0usize;
  for index in 0..registry.len() {
    let path = super::discovery::guest_path(registry, index);
    let (text, decls) = method(&mut scope, registry, index, &path, "", Reader::ModelCompact);
    for d in decls {
      len += js_len(&d) + 1;
      types.push_str(&d);
      types.push('\n');
    }
    len += js_len(&text);
    if len > max_len {
      return None;
    }
    methods.push_str(&text);
  }
  types.push_str(&methods);
  Some(types)
}

/// Length as JavaScript counts it (UTF-16 code units).
pub(super) fn js_len(text: &str) -> usize {
  text.chars().map(char::len_utf16).sum()
}

/// The complete declarations text for `registry`: guest API, named types, and `tools`.
pub fn declarations(registry: &ToolRegistry) -> String {
  declarations_for(registry, Reader::Model)
}

/// The declarations the type checker reads (see [`Reader::Checker`]), built once per registry
/// snapshot: they do not depend on observed output types, which change between runs.
pub fn checker_declarations(registry: &ToolRegistry) -> Arc<CheckerDeclarations> {
  registry
    .derived()
    .get_or_build(|| CheckerDeclarations(declarations_for(registry, Reader::Checker)))
}

/// The text of [`checker_declarations`], a type of its own in the registry's derived data.
pub struct CheckerDeclarations(pub String);

fn declarations_for(registry: &ToolRegistry, reader: Reader) -> String {
  let mut scope = TsScope::new();
  // An interface (not an inline type) so aliases can point at members: `Tools["get-sum"]`.
  let tools_type = scope.reserve("Tools");
  let mut types: Vec<String> = Vec::new();
  let mut body = String::new();
  let mut namespaces: Vec<&str> = Vec::new();
  for (i, entry) in registry.entries().iter().enumerate() {
    match &entry.spec.namespace {
      None => body.push_str(&tool_members(
        &mut scope,
        registry,
        i,
        "  ",
        &tools_type,
        &mut types,
        reader,
      )),
      Some(ns) if !namespaces.contains(&ns.as_str()) => namespaces.push(ns),
      Some(_) => {}
    }
  }
  for ns in namespaces {
    let mut inner = String::new();
    for (i, entry) in registry.entries().iter().enumerate() {
      if entry.spec.namespace.as_deref() == Some(ns) {
        inner.push_str(&tool_members(
          &mut scope,
          registry,
          i,
          "    ",
          &tools_type,
          &mut types,
          reader,
        ));
      }
    }
    let alias = registry
      .entries()
      .iter()
      .position(|e| e.spec.namespace.as_deref() == Some(ns))
      .and_then(|i| registry.names(i))
      .and_then(|n| n.namespace_alias.clone());
    body.push_str(&format!("  {}: {{\n{inner}  }};\n", property_key(ns)));
    if let Some(alias) = alias.filter(|a| a != ns) {
      let key = Value::String(ns.into());
      body.push_str(&format!(
        "  /** Alias of `tools[{key}]`. */\n  {alias}: {tools_type}[{key}];\n"
      ));
    }
  }
  let mut out = String::from(GUEST_API);
  for t in types {
    out.push_str(&t);
    out.push('\n');
  }
  out.push_str(&format!("interface {tools_type} {{\n{body}}}\n"));
  out.push_str(
    "/** Your tools. Every call is async: `await` it (use `Promise.all` to run calls in parallel). */\n",
  );
  out.push_str(&format!("declare const tools: {tools_type};\n"));
  out
}

/// A tool's method, and its alias when its name is not an identifier.
fn tool_members(
  scope: &mut TsScope,
  registry: &ToolRegistry,
  index: usize,
  indent: &str,
  tools_type: &str,
  types: &mut Vec<String>,
  reader: Reader,
) -> String {
  let Some(entry) = registry.get(index) else {
    return String::new();
  };
  let (text, decls) = method(
    scope,
    registry,
    index,
    &property_key(&entry.spec.name),
    indent,
    reader,
  );
  types.extend(decls);
  let mut out = text;
  if let Some(alias) = registry
    .names(index)
    .map(|n| n.alias.clone())
    .filter(|a| a != &entry.spec.name)
  {
    let key = Value::String(entry.spec.name.clone());
    let holder = match &entry.spec.namespace {
      Some(ns) => format!("{tools_type}[{}]", Value::String(ns.clone())),
      None => tools_type.to_string(),
    };
    let shown = holder.replacen(tools_type, "tools", 1);
    out.push_str(&format!(
      "{indent}/** Alias of `{shown}[{key}]`. */\n{indent}{alias}: {holder}[{key}];\n"
    ));
  }
  out
}

/// One tool's declaration for discovery (`detail: "full"`): its named types and its method as
/// it appears inside `tools`.
pub fn tool_declaration(registry: &ToolRegistry, index: usize) -> String {
  let mut scope = TsScope::new();
  let Some(entry) = registry.get(index) else {
    return String::new();
  };
  let (text, decls) = method(
    &mut scope,
    registry,
    index,
    &property_key(&entry.spec.name),
    "",
    Reader::Model,
  );
  let mut out = decls.join("\n");
  if !out.is_empty() {
    out.push('\n');
  }
  out.push_str(&format!(
    "// {}\n{text}",
    super::discovery::guest_path(registry, index)
  ));
  out
}
