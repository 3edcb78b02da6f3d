//! Schema → type tree: the keyword dispatch (`type`, `enum`, `const`, combinators, `nullable`)
//! and the state one conversion carries. Objects, arrays and `$ref` live in their own files.

use std::collections::{HashMap, HashSet, VecDeque};

use serde_json::{Map, Value};

use super::ast::{intersection, union, Keyword, Ts};
use super::docs::summary_doc;
use super::literal::{literal_type, value_has_type};
use super::names::{Names, SharedDefs};
use super::pointer::Anchors;
use super::print::Printer;
use super::text::{shorten, string_literal};

/// Deepest schema nesting converted; deeper parts become `unknown` with a note.
const MAX_DEPTH: usize = 64;

/// The type names JSON Schema defines for values.
const JSON_TYPES: &[&str] = &[
  "null", "boolean", "number", "integer", "string", "array", "object",
];

/// What the root type is called if the schema refers to itself (`$ref: "#"`).
pub(crate) enum RootName {
  /// Exactly this name (already reserved by the caller).
  Fixed(String),
  /// This name, made unique within the scope.
  Preferred(String),
}

/// A named type on the current path, with what the path passed through since its body began.
pub(crate) struct Link {
  pub name: String,
  /// Through an array element (`T[]`).
  pub array: bool,
  /// Through a tuple element.
  pub tuple: bool,
}

impl Link {
  pub(crate) fn new(name: &str) -> Self {
    Link {
      name: name.to_string(),
      array: false,
      tuple: false,
    }
  }
}

/// A named type whose body is converted after the current one (see `refs.rs`).
pub(crate) struct Pending {
  pub pointer: String,
  pub name: String,
  pub slot: usize,
}

/// Named types waiting for their bodies, in first-use order; one can also be taken out early by
/// name, in constant time.
#[derive(Default)]
pub(crate) struct PendingQueue {
  order: VecDeque<String>,
  jobs: HashMap<String, Pending>,
}

impl PendingQueue {
  pub(crate) fn push(&mut self, job: Pending) {
    self.order.push_back(job.name.clone());
    self.jobs.insert(job.name.clone(), job);
  }

  pub(crate) fn contains(&self, name: &str) -> bool {
    self.jobs.contains_key(name)
  }

  /// Takes the job for `name` out of the queue.
  pub(crate) fn take(&mut self, name: &str) -> Option<Pending> {
    self.jobs.remove(name)
  }

  /// The oldest job still waiting.
  pub(crate) fn next(&mut self) -> Option<Pending> {
    while let Some(name) = self.order.pop_front() {
      if let Some(job) = self.jobs.remove(&name) {
        return Some(job);
      }
    }
    None
  }
}

/// The state of converting one schema document.
pub(crate) struct Converter<'a> {
  pub root: &'a Value,
  pub names: &'a mut Names,
  pub shared: &'a mut SharedDefs,
  pub printer: Printer,
  /// Docs in the compact style (see `docs.rs`).
  pub compact: bool,
  pub root_name: RootName,
  /// Whether a `$ref` points at the whole document, which then becomes a named type.
  pub root_referenced: bool,
  /// Identifies this document's definitions, so an identical set converted earlier in the same
  /// scope is reused rather than declared twice; `None` when not shareable.
  pub share_doc: Option<usize>,
  pub anchors: Anchors,
  /// JSON pointer (decoded, `""` for the root) → type name, for this document.
  pub refs: HashMap<String, String>,
  /// Named types whose body is being converted and that the current position is reachable from
  /// without passing through an object member (see `refs.rs`).
  pub chain: Vec<Link>,
  pub pending: PendingQueue,
  /// Declarations made by this conversion, in the order their names were given.
  pub declarations: Vec<String>,
  pub depth: usize,
}

impl Converter<'_> {
  /// Converts the whole document; named types are declared in `self.declarations`.
  pub(crate) fn run(&mut self) -> Ts {
    let ty = if self.root_referenced {
      self.named("")
    } else {
      self.convert(self.root)
    };
    self.finish_pending();
    ty
  }

  pub(crate) fn convert(&mut self, schema: &Value) -> Ts {
    match schema {
      Value::Bool(true) => Ts::Unknown,
      Value::Bool(false) => Ts::Never,
      Value::Object(s) => {
        if self.depth >= MAX_DEPTH {
          return Ts::Unknown.note("schema nested too deeply");
        }
        self.depth += 1;
        let ty = self.schema(s);
        self.depth -= 1;
        ty
      }
      _ => Ts::Unknown.note("not a schema"),
    }
  }

  /// Converts the type of an object member or index signature, which TypeScript resolves
  /// lazily: a named type may refer to itself from here.
  pub(crate) fn member(&mut self, schema: &Value) -> Ts {
    let saved = std::mem::take(&mut self.chain);
    let ty = self.convert(schema);
    self.chain = saved;
    ty
  }

  /// Converts an array element (`tuple == false`) or a tuple element (`tuple == true`), marking
  /// the path for the recursion check.
  pub(crate) fn element(&mut self, schema: &Value, tuple: bool) -> Ts {
    let saved: Vec<(bool, bool)> = self.chain.iter().map(|l| (l.array, l.tuple)).collect();
    for link in &mut self.chain {
      if tuple {
        link.tuple = true;
      } else {
        link.array = true;
      }
    }
    let ty = self.convert(schema);
    for (link, (array, tuple)) in self.chain.iter_mut().zip(saved) {
      link.array = array;
      link.tuple = tuple;
    }
    ty
  }

  fn schema(&mut self, s: &Map<String, Value>) -> Ts {
    let mut parts = Vec::new();
    if let Some(r) = s.get("$ref").and_then(Value::as_str) {
      parts.push(self.reference(r));
    } else if s.contains_key("$recursiveRef") {
      parts.push(self.reference("#"));
    }
    let combined = !parts.is_empty()
      || ["anyOf", "oneOf", "allOf"]
        .iter()
        .any(|k| s.get(*k).is_some_and(Value::is_array));
    if let Some(base) = self.base(s, combined) {
      parts.push(base);
    }
    for key in ["anyOf", "oneOf"] {
      if let Some(Value::Array(branches)) = s.get(key) {
        let members = branches.iter().map(|b| self.branch(b)).collect();
        parts.push(union(members));
      }
    }
    if let Some(Value::Array(all)) = s.get("allOf") {
      for sub in all {
        parts.push(self.convert(sub));
      }
    }
    let mut ty = intersection(parts);
    if s.get("nullable") == Some(&Value::Bool(true)) {
      ty = union(vec![ty, Ts::Keyword(Keyword::Null)]);
    }
    let unsupported = unsupported_keywords(s);
    if !unsupported.is_empty() {
      ty = ty.note(format!("unsupported: {}", unsupported.join(", ")));
    }
    ty
  }

  /// One `anyOf`/`oneOf` branch, keeping its description for the union's layout.
  fn branch(&mut self, schema: &Value) -> Ts {
    let ty = self.convert(schema);
    let doc = summary_doc(schema, self.compact);
    if doc.is_empty() {
      ty
    } else {
      Ts::Doc(doc, Box::new(ty))
    }
  }

  /// The type from `const`, `enum` or `type` (given, or implied by object/array keywords).
  fn base(&mut self, s: &Map<String, Value>, combined: bool) -> Option<Ts> {
    if let Some(value) = s.get("const") {
      return Some(literal_type(value));
    }
    // Each type name once, so a long `type` array costs no more than its length.
    let types: Option<Vec<&str>> = match s.get("type") {
      Some(Value::String(t)) => Some(vec![t.as_str()]),
      Some(Value::Array(list)) => {
        let mut seen = HashSet::new();
        Some(
          list
            .iter()
            .filter_map(Value::as_str)
            .filter(|t| seen.insert(*t))
            .collect(),
        )
      }
      _ => None,
    };
    if let Some(Value::Array(values)) = s.get("enum") {
      // Only the JSON types can match a value: at most seven checks per value.
      let known: Option<Vec<&str>> = types
        .as_ref()
        .map(|ts| ts.iter().copied().filter(|t| JSON_TYPES.contains(t)).collect());
      let members = values
        .iter()
        .filter(|v| {
          known
            .as_ref()
            .is_none_or(|ts| ts.iter().any(|t| value_has_type(v, t)))
        })
        .map(literal_type)
        .collect();
      return Some(union(members));
    }
    let types = match types {
      Some(types) if !types.is_empty() => types,
      Some(_) => return None,
      None
        if ["properties", "additionalProperties", "patternProperties"]
          .iter()
          .any(|k| s.contains_key(*k)) =>
      {
        vec!["object"]
      }
      None if s.contains_key("items") || s.contains_key("prefixItems") => vec!["array"],
      None => return None,
    };
    let mut members = Vec::new();
    for t in types {
      members.push(match t {
        "string" => Ts::Keyword(Keyword::String),
        "number" | "integer" => Ts::Keyword(Keyword::Number),
        "boolean" => Ts::Keyword(Keyword::Boolean),
        "null" => Ts::Keyword(Keyword::Null),
        "object" => self.object_type(s, combined),
        "array" => self.array_type(s),
        "any" => Ts::Unknown,
        other => Ts::Unknown.note(format!(
          "unsupported: type {}",
          string_literal(&shorten(other, 80))
        )),
      });
    }
    Some(union(members))
  }
}

/// Keywords that constrain values in ways TypeScript cannot express. Ignoring them only widens
/// the type, so the type stays correct; a comment says what was left out.
fn unsupported_keywords(s: &Map<String, Value>) -> Vec<&'static str> {
  let mut out = Vec::new();
  if s.contains_key("not") {
    out.push("not");
  }
  if s.contains_key("if") {
    out.push("if/then/else");
  }
  if s.contains_key("dependentSchemas") {
    out.push("dependentSchemas");
  }
  if let Some(Value::Object(deps)) = s.get("dependencies") {
    if deps.values().any(|d| !d.is_array()) {
      out.push("dependencies");
    }
  }
  if s.contains_key("$dynamicRef") {
    out.push("$dynamicRef");
  }
  out
}
