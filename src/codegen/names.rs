//! What a [`super::TsScope`] remembers across conversions: the type names given out, and the
//! definitions already declared (to share them between documents that hold the same `$defs`).

use std::collections::{HashMap, HashSet};

use super::ident::is_global_type_name;

/// Type names taken in one output file.
#[derive(Debug, Clone, Default)]
pub(crate) struct Names {
  taken: HashSet<String>,
  /// The next numeric suffix to try for a base name, so that `n` names with the same base cost
  /// `O(n)` in all rather than `O(n²)`.
  next_suffix: HashMap<String, usize>,
}

impl Names {
  /// Marks `name` as taken (a name the caller chose).
  pub(crate) fn insert(&mut self, name: &str) {
    self.taken.insert(name.to_string());
  }

  /// `base`, or `base2`, `base3`... : a name not yet taken nor a global type, then taken.
  pub(crate) fn unique(&mut self, base: &str) -> String {
    let base = if is_global_type_name(base) {
      format!("{base}Type")
    } else {
      base.to_string()
    };
    if !self.taken.contains(&base) && !is_global_type_name(&base) {
      self.taken.insert(base.clone());
      return base;
    }
    let next = self.next_suffix.entry(base.clone()).or_insert(2);
    loop {
      let name = format!("{base}{next}");
      *next += 1;
      if !self.taken.contains(&name) && !is_global_type_name(&name) {
        self.taken.insert(name.clone());
        return name;
      }
    }
  }
}

/// Definitions declared by earlier conversions in the scope, by document and JSON pointer.
#[derive(Debug, Clone, Default)]
pub(crate) struct SharedDefs {
  /// A document's definitions (serialized, with the options that affect their text) → its id.
  documents: HashMap<String, usize>,
  /// (document id, JSON pointer) → the type name declared for it.
  types: HashMap<(usize, String), String>,
}

impl SharedDefs {
  /// The id of documents whose definitions serialize to `key`.
  pub(crate) fn document(&mut self, key: String) -> usize {
    let next = self.documents.len();
    *self.documents.entry(key).or_insert(next)
  }

  pub(crate) fn get(&self, document: usize, pointer: &str) -> Option<&String> {
    self.types.get(&(document, pointer.to_string()))
  }

  pub(crate) fn insert(&mut self, document: usize, pointer: String, name: String) {
    self.types.insert((document, pointer), name);
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn unique_names_count_up_per_base() {
    let mut names = Names::default();
    names.insert("User3");
    let got: Vec<String> = (0..4).map(|_| names.unique("User")).collect();
    assert_eq!(got, ["User", "User2", "User4", "User5"]);
    assert_eq!(names.unique("Node"), "NodeType");
    assert_eq!(names.unique("Node"), "NodeType2");
    assert_eq!(names.unique("NodeType"), "NodeType3");
  }
}
