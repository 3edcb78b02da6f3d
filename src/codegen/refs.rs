//! Local `$ref`s (`#`, `#/$defs/X`, `#/definitions/X`, any JSON pointer, `#anchor`) as named
//! type aliases, recursion included.
//!
//! Every referenced schema becomes one `type Name = ...` declaration, named after its
//! definition key (PascalCase, unique in the scope). TypeScript accepts an alias that refers to
//! itself only through certain constructs: always through an object member or index signature,
//! through an array element (`type Json = string | Json[]`), but not through a tuple element
//! (`type T = [[T]?] | string` is an error), nor directly (`type A = A | string`). A reference
//! closing a cycle that has no object member, and either no array element or any tuple element,
//! is cut to `unknown` with a note. This is a cycle check on the current path (a depth-first
//! search, the path kept in `chain`): bodies reached through an object member cannot close such
//! a cycle, so they are converted later from a work list, which keeps long chains of definitions
//! off the Rust stack.

use serde_json::Value;

use super::ast::Ts;
use super::convert::{Converter, Link, Pending, RootName};
use super::docs::schema_doc;
use super::ident::type_name;
use super::pointer::{local_pointer, unescape_segment, Anchors, DATA_KEYWORDS, MAX_SCAN_DEPTH, NAME_MAPS};
use super::text::{json_text, shorten, string_literal};

/// Longest chain of named types expanded inside one another without an object member between.
const MAX_CHAIN: usize = 32;
/// Keywords that hold subschemas; a pointer segment after one is not a name.
const STRUCTURAL: &[&str] = &[
  "properties",
  "patternProperties",
  "additionalProperties",
  "$defs",
  "definitions",
  "items",
  "prefixItems",
  "additionalItems",
  "anyOf",
  "oneOf",
  "allOf",
  "not",
  "if",
  "then",
  "else",
  "contains",
  "propertyNames",
  "dependentSchemas",
  "unevaluatedItems",
  "unevaluatedProperties",
];

impl Converter<'_> {
  /// The type a `$ref` stands for: a named type for a local reference, `unknown` with a note
  /// for a remote one.
  pub(crate) fn reference(&mut self, reference: &str) -> Ts {
    match local_pointer(self.root, reference, &mut self.anchors) {
      Some(pointer) => self.named(&pointer),
      None => Ts::Unknown.note(format!(
        "unsupported: $ref {}",
        string_literal(&shorten(reference, 80))
      )),
    }
  }

  /// The named type for the schema at `pointer`, declaring it on first use.
  pub(crate) fn named(&mut self, pointer: &str) -> Ts {
    let root = self.root;
    if let Some(name) = self.refs.get(pointer).cloned() {
      if let Some(link) = self.chain.iter().find(|l| l.name == name) {
        if link.tuple || !link.array {
          return Ts::Unknown.note(format!("circular $ref to {name}"));
        }
        return Ts::Named(name);
      }
      // Seen but not converted yet: in a position where a cycle would matter, convert it now so
      // that the chain sees any way back here.
      if !self.chain.is_empty() && self.pending.contains(&name) {
        if self.chain.len() >= MAX_CHAIN {
          return Ts::Unknown.note("$ref chain too deep");
        }
        if let Some(job) = self.pending.take(&name) {
          if let Some(target) = root.pointer(&job.pointer) {
            self.chain.push(Link::new(&name));
            self.declare(job, target);
            self.chain.pop();
          }
        }
      }
      return Ts::Named(name);
    }
    if let Some(name) = self
      .share_doc
      .and_then(|doc| self.shared.get(doc, pointer))
      .cloned()
    {
      self.refs.insert(pointer.to_string(), name.clone());
      return Ts::Named(name);
    }
    let Some(target) = root.pointer(pointer) else {
      return Ts::Unknown.note(format!(
        "unresolved $ref {}",
        string_literal(&shorten(pointer, 80))
      ));
    };
    if self.chain.len() >= MAX_CHAIN {
      return Ts::Unknown.note("$ref chain too deep");
    }
    let name = if pointer.is_empty() {
      match &self.root_name {
        RootName::Fixed(name) => name.clone(),
        RootName::Preferred(name) => self.names.unique(name),
      }
    } else {
      self.names.unique(&pointer_name(pointer, target))
    };
    self.refs.insert(pointer.to_string(), name.clone());
    let slot = self.declarations.len();
    self.declarations.push(String::new());
    let job = Pending {
      pointer: pointer.to_string(),
      name: name.clone(),
      slot,
    };
    if self.chain.is_empty() {
      self.pending.push(job);
    } else {
      self.chain.push(Link::new(&name));
      self.declare(job, target);
      self.chain.pop();
    }
    Ts::Named(name)
  }

  /// Converts the bodies of named types first reached through an object member (or the root).
  pub(crate) fn finish_pending(&mut self) {
    let root = self.root;
    while let Some(job) = self.pending.next() {
      let Some(target) = root.pointer(&job.pointer) else {
        continue;
      };
      let saved_depth = std::mem::replace(&mut self.depth, 0);
      self.chain = vec![Link::new(&job.name)];
      self.declare(job, target);
      self.chain.clear();
      self.depth = saved_depth;
    }
  }

  fn declare(&mut self, job: Pending, target: &Value) {
    let body = self.convert(target);
    let key = job.pointer.rsplit('/').next().map(unescape_segment);
    let doc = schema_doc(target, key.as_deref(), self.compact);
    if let Some(slot) = self.declarations.get_mut(job.slot) {
      *slot = self.printer.alias(&job.name, &doc, &body);
    }
    if let Some(doc) = self.share_doc {
      self.shared.insert(doc, job.pointer, job.name);
    }
  }
}

/// What a first pass over a document finds out.
pub(crate) struct DocInfo {
  /// Some `$ref` designates the whole document.
  pub root_referenced: bool,
  /// Set when every `$ref` stays inside `$defs`/`definitions`: the definitions then render the
  /// same in any document that holds the same ones, and can be shared.
  pub share_key: Option<String>,
  /// The document's anchors, for resolving `$ref`s during the conversion.
  pub anchors: Anchors,
}

pub(crate) fn scan(root: &Value, indent: usize) -> DocInfo {
  let mut found = Vec::new();
  collect_refs(root, false, &mut found, 0);
  let mut anchors = Anchors::default();
  let pointers: Vec<Option<String>> = found
    .iter()
    .map(|r| local_pointer(root, r, &mut anchors))
    .collect();
  let root_referenced = pointers.iter().any(|p| p.as_deref() == Some(""));
  let in_defs = |p: &Option<String>| {
    p.as_deref()
      .is_some_and(|p| p.starts_with("/$defs/") || p.starts_with("/definitions/"))
  };
  let shareable = !pointers.is_empty() && pointers.iter().all(in_defs);
  // Definitions nested deeper than a scan reaches are not shared (their text is not needed).
  let part = |key: &str| match root.get(key) {
    Some(value) => json_text(value, MAX_SCAN_DEPTH),
    None => Some(String::new()),
  };
  let share_key = if shareable {
    match (part("$id"), part("$defs"), part("definitions")) {
      (Some(id), Some(defs), Some(definitions)) => {
        Some(format!("{indent}\u{0}{id}\u{0}{defs}\u{0}{definitions}"))
      }
      _ => None,
    }
  } else {
    None
  };
  DocInfo {
    root_referenced,
    share_key,
    anchors,
  }
}

/// Every `$ref` in a document, `$recursiveRef` counting as `#`. `names` is set for a map from
/// names to schemas (`properties`, `$defs`...), whose keys are not keywords.
fn collect_refs<'v>(value: &'v Value, names: bool, out: &mut Vec<&'v str>, depth: usize) {
  if depth > MAX_SCAN_DEPTH {
    return;
  }
  match value {
    Value::Object(map) if names => map.values().for_each(|v| collect_refs(v, false, out, depth + 1)),
    Value::Object(map) => {
      for (k, v) in map {
        match (k.as_str(), v) {
          ("$ref", Value::String(r)) => out.push(r),
          ("$recursiveRef", _) => out.push("#"),
          (k, _) if DATA_KEYWORDS.contains(&k) => {}
          (k, _) => collect_refs(v, NAME_MAPS.contains(&k), out, depth + 1),
        }
      }
    }
    Value::Array(items) => items.iter().for_each(|v| collect_refs(v, false, out, depth + 1)),
    _ => {}
  }
}

/// A type name for the schema at `pointer`: its definition or property name, `Item` appended
/// when the pointer continues into array items; else its title; else `Type`.
fn pointer_name(pointer: &str, target: &Value) -> String {
  let segments: Vec<String> = pointer.split('/').skip(1).map(unescape_segment).collect();
  for (i, seg) in segments.iter().enumerate().rev() {
    let seg = seg.as_str();
    let prev = i.checked_sub(1).and_then(|j| segments.get(j)).map(String::as_str);
    let after_name_keyword = matches!(
      prev,
      Some("properties" | "$defs" | "definitions" | "dependentSchemas")
    );
    let plain =
      !STRUCTURAL.contains(&seg) && seg.parse::<usize>().is_err() && prev != Some("patternProperties");
    if after_name_keyword || plain {
      let mut name = type_name(seg);
      if segments
        .iter()
        .skip(i + 1)
        .any(|s| matches!(s.as_str(), "items" | "prefixItems" | "additionalItems"))
      {
        name.push_str("Item");
      }
      return name;
    }
  }
  match target.get("title").and_then(Value::as_str) {
    Some(title) => type_name(title),
    None => "Type".to_string(),
  }
}
