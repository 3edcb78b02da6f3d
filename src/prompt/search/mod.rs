//! Tool search for the guest's `codemode.searchTools`: field-weighted BM25 over each tool's
//! name words, namespace, description and parameter names, with stop words, light stemming,
//! typo tolerance for longer words and a small synonym table. The index is built once per
//! registry snapshot, on the first search, and kept with the snapshot.

mod index;
mod query;
mod synonyms;
mod typo;
mod words;

#[cfg(test)]
mod tests;

use std::sync::Arc;

pub use index::SearchIndex;

use crate::tools::ToolRegistry;

/// The search index of `registry`, built on first use.
pub fn index_of(registry: &ToolRegistry) -> Arc<SearchIndex> {
  registry.derived().get_or_build(|| {
    let paths: Vec<String> = (0..registry.len())
      .map(|i| super::discovery::guest_path(registry, i))
      .collect();
    SearchIndex::build(registry, &paths)
  })
}

/// The indices of the tools matching `query`, best first (ties keep registration order),
/// keeping only those `keep` accepts, at most `limit`.
pub fn search(
  registry: &ToolRegistry,
  query: &str,
  limit: usize,
  keep: impl Fn(usize) -> bool,
) -> Vec<usize> {
  let index = index_of(registry);
  query::rank(&index, query)
    .into_iter()
    .map(|(tool, _)| tool)
    .filter(|&tool| keep(tool))
    .take(limit)
    .collect()
}
