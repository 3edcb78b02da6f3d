//! Ranking one query against a [`SearchIndex`]: each query word becomes a term with its
//! alternatives (the word itself; else prefixes and typos of it in the vocabulary; and its
//! synonyms), a tool scores the best alternative's BM25F weight per term, summed, scaled by how
//! many of the query's terms it matched and how much of its name the query covers. A query that
//! spells a tool's name is that tool.

use super::index::SearchIndex;
use super::typo;
use super::words::{is_stop_word, split_words, stem};

/// Queries are cut to this many characters and words, so a search costs little whatever the
/// guest passes (it runs on the engine thread, between interrupt checks).
const MAX_QUERY_CHARS: usize = 256;
const MAX_QUERY_WORDS: usize = 16;
/// Prefix matching only for words at least this long: "pr" or "is" begin too many words.
const MIN_PREFIX_CHARS: usize = 4;

/// How much a match through each kind of alternative counts against an exact one.
const PREFIX: f32 = 0.7;
const TYPO: [f32; 3] = [1.0, 0.7, 0.5];
const SYNONYM: f32 = 0.8;
const ABBREVIATION: f32 = 0.9;
/// How much a name wholly covered by the query adds (a share of the score).
const NAME_COVERAGE: f32 = 0.3;
/// Added for a query that is a tool's name or path, so that tool comes first.
const EXACT_NAME: f32 = 1000.0;

/// One query term: the vocabulary terms that satisfy it, with how much each counts.
struct QueryTerm {
  alternatives: Vec<(u32, f32)>,
}

impl QueryTerm {
  fn add(&mut self, id: u32, weight: f32) {
    match self.alternatives.iter_mut().find(|(i, _)| *i == id) {
      Some(existing) => existing.1 = existing.1.max(weight),
      None => self.alternatives.push((id, weight)),
    }
  }
}

/// Every tool that matches `query` with its score, best first (ties keep registration order).
pub fn rank(index: &SearchIndex, query: &str) -> Vec<(usize, f32)> {
  let query: String = query.chars().take(MAX_QUERY_CHARS).collect();
  let terms = query_terms(index, &query);
  let mut scores = vec![0.0f32; index.tools];
  let mut matched = vec![0u32; index.tools];
  let mut in_name = vec![0u32; index.tools];
  let mut best = vec![(0.0f32, false); index.tools];
  for term in &terms {
    best.iter_mut().for_each(|b| *b = (0.0, false));
    for &(id, weight) in &term.alternatives {
      for p in &index.postings[id as usize] {
        let b = &mut best[p.tool as usize];
        if weight * p.weight > b.0 {
          *b = (weight * p.weight, p.in_name);
        }
      }
    }
    for (tool, &(b, name)) in best.iter().enumerate() {
      if b > 0.0 {
        scores[tool] += b;
        matched[tool] += 1;
        in_name[tool] += u32::from(name);
      }
    }
  }
  // Prefer tools that match more of the query, and whose name the query covers more of
  // ("create a PR": `create_pull_request` before `create_pull_request_review`).
  let total = terms.len().max(1) as f32;
  for tool in 0..index.tools {
    let coverage = matched[tool] as f32 / total;
    let name_coverage = in_name[tool] as f32 / index.name_terms[tool].max(1) as f32;
    scores[tool] *= (0.5 + 0.5 * coverage) * (1.0 + NAME_COVERAGE * name_coverage.min(1.0));
  }
  let verbatim = query.trim().to_lowercase();
  for (tool, names) in index.exact_names.iter().enumerate() {
    if names.contains(&verbatim) {
      scores[tool] += EXACT_NAME;
    }
  }
  let mut ranked: Vec<(usize, f32)> = scores.into_iter().enumerate().filter(|(_, s)| *s > 0.0).collect();
  ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
  ranked
}

/// The query's terms: its words less stop words and single letters (unless that leaves none),
/// each with its alternatives; abbreviations add the terms they stand for.
fn query_terms(index: &SearchIndex, query: &str) -> Vec<QueryTerm> {
  let words: Vec<String> = split_words(query)
    .into_iter()
    .filter(|w| w.chars().count() > 1)
    .collect();
  let mut content: Vec<&String> = words.iter().filter(|w| !is_stop_word(w)).collect();
  if content.is_empty() {
    content = words.iter().collect();
  }
  let mut stems: Vec<String> = Vec::new();
  for w in content {
    let s = stem(w);
    if !stems.contains(&s) {
      stems.push(s);
    }
  }
  stems.truncate(MAX_QUERY_WORDS);

  let mut out = Vec::new();
  let mut expansions: Vec<String> = Vec::new();
  for s in &stems {
    let mut term = QueryTerm {
      alternatives: Vec::new(),
    };
    match index.ids.get(s.as_str()) {
      Some(&id) => term.add(id, 1.0),
      None => fuzzy(index, s, &mut term),
    }
    for phrase in index.synonyms.of(s) {
      match phrase.as_slice() {
        [one] => {
          if let Some(&id) = index.ids.get(one.as_str()) {
            term.add(id, SYNONYM);
          }
        }
        many => expansions.extend(many.iter().filter(|t| !stems.contains(t)).cloned()),
      }
    }
    if !term.alternatives.is_empty() {
      out.push(term);
    }
  }
  expansions.dedup();
  for t in expansions {
    if let Some(&id) = index.ids.get(t.as_str()) {
      out.push(QueryTerm {
        alternatives: vec![(id, ABBREVIATION)],
      });
    }
  }
  out
}

/// Vocabulary terms that `s` (not itself in the vocabulary) begins, or is a typo of.
fn fuzzy(index: &SearchIndex, s: &str, term: &mut QueryTerm) {
  let len = s.chars().count();
  let edits = typo::allowed_edits(len);
  for (id, candidate) in index.terms.iter().enumerate() {
    if len >= MIN_PREFIX_CHARS && candidate.starts_with(s) {
      term.add(id as u32, PREFIX);
    } else if edits > 0 {
      if let Some(d) = typo::within(s.as_bytes(), candidate.as_bytes(), edits) {
        term.add(id as u32, TYPO[d]);
      }
    }
  }
}
