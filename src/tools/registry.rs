//! The set of tools one CodeMode exposes, and lookup by guest-visible path.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use super::derived::Derived;
use super::identifiers::{self, ToolNames};
use super::observed::ObservedOutput;
use super::validation::InputValidator;
use super::{ToolBackend, ToolSpec};

/// A tool with the backend that executes it.
#[derive(Clone)]
pub struct ToolEntry {
  pub spec: ToolSpec,
  pub backend: Arc<dyn ToolBackend>,
  pub backend_index: usize,
}

/// Distinguishes registries, so a sandbox can tell that its instance's tools changed.
static NEXT_GENERATION: AtomicU64 = AtomicU64::new(1);

/// All tools of one CodeMode at one moment, in a stable order (guest calls refer to them by
/// position), with their guest-visible aliases and compiled input validators. Immutable: a
/// change of tools makes a new registry with a new [`ToolRegistry::generation`].
#[derive(Clone, Default)]
pub struct ToolRegistry {
  generation: u64,
  entries: Vec<ToolEntry>,
  names: Vec<ToolNames>,
  validators: Vec<Option<Arc<InputValidator>>>,
  derived: Arc<Derived>,
  /// Where each tool's result shapes are merged (see [`Self::observing`]); empty: none are.
  observed: Vec<Option<Arc<ObservedOutput>>>,
}

impl ToolRegistry {
  pub fn new(entries: Vec<ToolEntry>) -> Result<Self, String> {
    let mut seen = std::collections::HashSet::new();
    for e in &entries {
      if e.spec.name.is_empty() {
        return Err("A tool has an empty name; give every tool a non-empty `name`.".into());
      }
      if matches!(&e.spec.namespace, Some(ns) if ns.is_empty()) {
        return Err(format!(
          "Tool \"{}\" has an empty namespace; omit `namespace` or name it.",
          e.spec.name
        ));
      }
      if !seen.insert(e.spec.path()) {
        return Err(format!(
          "Two tools are both named \"{}\"; tool names must be unique within a namespace.",
          e.spec.path()
        ));
      }
    }
    for e in &entries {
      if let Some(ns) = &e.spec.namespace {
        if entries
          .iter()
          .any(|o| o.spec.namespace.is_none() && &o.spec.name == ns)
        {
          return Err(format!(
            "Namespace \"{ns}\" has the same name as a tool outside any namespace; rename one of them."
          ));
        }
      }
    }
    let mut validators = Vec::with_capacity(entries.len());
    for e in &entries {
      validators.push(match &e.spec.input_schema {
        Some(schema) => Some(Arc::new(InputValidator::compile(schema).map_err(|why| {
          format!(
            "The inputSchema of tool \"{}\" is not a valid JSON Schema: {why}",
            e.spec.path()
          )
        })?)),
        None => None,
      });
    }
    let specs: Vec<ToolSpec> = entries.iter().map(|e| e.spec.clone()).collect();
    Ok(ToolRegistry {
      generation: NEXT_GENERATION.fetch_add(1, Ordering::Relaxed),
      names: identifiers::assign(&specs),
      entries,
      validators,
      derived: Arc::default(),
      observed: Vec::new(),
    })
  }

  /// This registry with `cells[i]` receiving the shapes of tool `i`'s results (shared with the
  /// instance, see `tools::observed`).
  pub fn observing(mut self, cells: Vec<Option<Arc<ObservedOutput>>>) -> Self {
    self.observed = cells;
    self
  }

  /// Where the results of tool `index` are observed, if they are (no `outputSchema`, observing on).
  pub fn observed(&self, index: usize) -> Option<&Arc<ObservedOutput>> {
    self.observed.get(index).and_then(|o| o.as_ref())
  }

  /// A number unique to this registry within the process (0 for the empty default).
  pub fn generation(&self) -> u64 {
    self.generation
  }

  /// The guest-visible aliases of tool `index`.
  pub fn names(&self, index: usize) -> Option<&ToolNames> {
    self.names.get(index)
  }

  /// The input validator of tool `index`, if it has an input schema.
  pub fn validator(&self, index: usize) -> Option<&Arc<InputValidator>> {
    self.validators.get(index).and_then(|v| v.as_ref())
  }

  /// Data derived from this snapshot by the modules above `tools` (the search index), built once.
  pub fn derived(&self) -> &Derived {
    &self.derived
  }

  pub fn entries(&self) -> &[ToolEntry] {
    &self.entries
  }

  pub fn get(&self, index: usize) -> Option<&ToolEntry> {
    self.entries.get(index)
  }

  pub fn len(&self) -> usize {
    self.entries.len()
  }

  pub fn is_empty(&self) -> bool {
    self.entries.is_empty()
  }

  /// The existing tool path closest to `wanted` (case-insensitive edit distance), for hints.
  pub fn nearest(&self, wanted: &str) -> Option<String> {
    // A name this long is no typo of a tool name; edit distance over it would only cost time.
    if wanted.len() > 128 {
      return None;
    }
    let wanted_l = wanted.to_lowercase();
    self
      .entries
      .iter()
      .map(|e| e.spec.path())
      .map(|p| {
        let name_only = p.rsplit('.').next().unwrap_or(&p).to_lowercase();
        let d = edit_distance(&wanted_l, &p.to_lowercase()).min(edit_distance(&wanted_l, &name_only));
        (d, p)
      })
      .filter(|(d, p)| *d <= (p.len() / 2).max(2))
      .min_by_key(|(d, _)| *d)
      .map(|(_, p)| p)
  }
}

/// Levenshtein distance over chars.
pub fn edit_distance(a: &str, b: &str) -> usize {
  let b: Vec<char> = b.chars().collect();
  let mut prev: Vec<usize> = (0..=b.len()).collect();
  for (i, ca) in a.chars().enumerate() {
    let mut cur = vec![i + 1; b.len() + 1];
    for (j, cb) in b.iter().enumerate() {
      let cost = if ca == *cb { 0 } else { 1 };
      cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
    }
    prev = cur;
  }
  prev[b.len()]
}

#[cfg(test)]
mod tests {
  use super::*;
  use crate::tools::test_support;

  fn entry(ns: Option<&str>, name: &str) -> ToolEntry {
    test_support::entry(ns, name, None)
  }

  #[test]
  fn nearest_suggests_close_names() {
    let r = ToolRegistry::new(vec![
      entry(Some("github"), "createIssue"),
      entry(None, "getWeather"),
    ])
    .unwrap();
    assert_eq!(r.nearest("createissue").as_deref(), Some("github.createIssue"));
    assert_eq!(r.nearest("getWether").as_deref(), Some("getWeather"));
    assert_eq!(r.nearest("completelyDifferentThing"), None);
  }

  #[test]
  fn duplicates_and_clashes_are_rejected() {
    assert!(ToolRegistry::new(vec![entry(None, "a"), entry(None, "a")]).is_err());
    assert!(ToolRegistry::new(vec![entry(Some("a"), "x"), entry(None, "a")]).is_err());
    assert!(ToolRegistry::new(vec![entry(Some("a"), "x"), entry(Some("b"), "x")]).is_ok());
  }
}
