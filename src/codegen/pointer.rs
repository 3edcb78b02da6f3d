//! Where a local `$ref` points: JSON pointers (`#/$defs/X`, percent- and `~`-escaped) and
//! anchors (`#name`, from `$anchor: name` or draft-07 `$id: "#name"`). Anchors are indexed in
//! one pass over the document the first time one is looked up, so resolving `n` anchor
//! references costs `O(document + n)`, not `O(document × n)`.

use std::collections::HashMap;

use serde_json::Value;

/// Deepest JSON nesting searched for `$ref`s and anchors.
pub(crate) const MAX_SCAN_DEPTH: usize = 256;

/// Keywords whose values are data, not schemas (a `$ref` key inside them is not a reference).
pub(crate) const DATA_KEYWORDS: &[&str] = &["const", "enum", "default", "examples", "example"];

/// Keywords whose value maps names to subschemas.
pub(crate) const NAME_MAPS: &[&str] = &[
  "properties",
  "patternProperties",
  "$defs",
  "definitions",
  "dependentSchemas",
];

/// A document's anchors → the decoded JSON pointer of the schema declaring them, built on
/// first use.
#[derive(Default)]
pub(crate) struct Anchors(Option<HashMap<String, String>>);

impl Anchors {
  fn get(&mut self, root: &Value, anchor: &str) -> Option<String> {
    let index = self.0.get_or_insert_with(|| {
      let mut index = HashMap::new();
      index_anchors(root, false, &mut Vec::new(), &mut index);
      index
    });
    index.get(anchor).cloned()
  }
}

/// The decoded JSON pointer a `$ref` designates within this document (`""` for the root), or
/// `None` for a reference to another document.
pub(crate) fn local_pointer(root: &Value, reference: &str, anchors: &mut Anchors) -> Option<String> {
  let mut reference = reference;
  if let Some(id) = root.get("$id").and_then(Value::as_str) {
    let base = id.trim_end_matches('#');
    if !base.is_empty() {
      if let Some(rest) = reference.strip_prefix(base) {
        reference = rest;
      }
    }
  }
  if reference.is_empty() {
    return Some(String::new());
  }
  let fragment = percent_decode(reference.strip_prefix('#')?);
  if fragment.is_empty() || fragment.starts_with('/') {
    return Some(fragment);
  }
  anchors.get(root, &fragment)
}

/// Records every anchor under `value` (the first one in document order wins). `names` is set for
/// a map from names to schemas, whose own keys are not keywords; `path` holds the escaped
/// segments down to `value`, joined only when an anchor is found.
fn index_anchors(value: &Value, names: bool, path: &mut Vec<String>, index: &mut HashMap<String, String>) {
  if path.len() > MAX_SCAN_DEPTH {
    return;
  }
  match value {
    Value::Object(map) if names => {
      for (k, v) in map {
        path.push(escape_segment(k));
        index_anchors(v, false, path, index);
        path.pop();
      }
    }
    Value::Object(map) => {
      let id_anchor = map
        .get("$id")
        .and_then(Value::as_str)
        .and_then(|id| id.strip_prefix('#'));
      let anchor = map.get("$anchor").and_then(Value::as_str);
      for name in [anchor, id_anchor].into_iter().flatten() {
        if !index.contains_key(name) {
          let pointer: String = path.iter().map(|s| format!("/{s}")).collect();
          index.insert(name.to_string(), pointer);
        }
      }
      for (k, v) in map {
        if DATA_KEYWORDS.contains(&k.as_str()) {
          continue;
        }
        path.push(escape_segment(k));
        index_anchors(v, NAME_MAPS.contains(&k.as_str()), path, index);
        path.pop();
      }
    }
    Value::Array(items) => {
      for (i, v) in items.iter().enumerate() {
        path.push(i.to_string());
        index_anchors(v, false, path, index);
        path.pop();
      }
    }
    _ => {}
  }
}

fn percent_decode(text: &str) -> String {
  let bytes = text.as_bytes();
  let mut out = Vec::with_capacity(bytes.len());
  let mut i = 0;
  while let Some(&b) = bytes.get(i) {
    let hex = |at: usize| bytes.get(at).and_then(|b| (*b as char).to_digit(16));
    if b == b'%' {
      if let (Some(h), Some(l)) = (hex(i + 1), hex(i + 2)) {
        out.push((h * 16 + l) as u8);
        i += 3;
        continue;
      }
    }
    out.push(b);
    i += 1;
  }
  String::from_utf8_lossy(&out).into_owned()
}

pub(crate) fn unescape_segment(segment: &str) -> String {
  segment.replace("~1", "/").replace("~0", "~")
}

fn escape_segment(segment: &str) -> String {
  segment.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
  use serde_json::json;

  use super::*;

  #[test]
  fn pointers_and_anchors() {
    let root = json!({
      "$defs": {
        "a/b": { "$anchor": "ab" },
        "first": { "$id": "#dup" },
        "second": { "$anchor": "dup" },
        "data": { "const": { "$anchor": "hidden" } }
      },
      "properties": { "$anchor": { "$anchor": "prop" } }
    });
    let mut anchors = Anchors::default();
    let mut at = |r: &str| local_pointer(&root, r, &mut anchors);
    assert_eq!(at("#ab").as_deref(), Some("/$defs/a~1b"));
    assert_eq!(at("#dup").as_deref(), Some("/$defs/first"));
    assert_eq!(at("#prop").as_deref(), Some("/properties/$anchor"));
    assert_eq!(at("#hidden"), None);
    assert_eq!(at("#/$defs/a%2Fb%").as_deref(), Some("/$defs/a/b%"));
    assert_eq!(at("#%4").as_deref(), None);
    assert_eq!(at("").as_deref(), Some(""));
    assert_eq!(at("other.json#/x"), None);
  }
}
