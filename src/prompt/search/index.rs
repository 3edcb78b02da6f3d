//! The search index of one tool set, built once per registry snapshot: every tool's terms by
//! field (name, namespace, description, parameter names), weighted BM25F, so a query only looks
//! terms up and adds precomputed weights — it never splits a description again.

use std::collections::HashMap;

use serde_json::Value;

use super::synonyms::Synonyms;
use super::words::terms;
use crate::tools::ToolRegistry;

/// BM25's term-frequency saturation.
const K1: f32 = 1.2;

/// A field of a tool and how much a match in it counts.
struct Field {
  /// Weight of one occurrence against one in the description.
  weight: f32,
  /// BM25's length normalisation for this field (0 = none, 1 = full).
  b: f32,
}

/// Name, namespace, description, parameter names — in that order in [`FieldTerms`].
const FIELDS: [Field; 4] = [
  Field { weight: 3.0, b: 0.5 },
  Field { weight: 1.5, b: 0.0 },
  Field { weight: 1.0, b: 0.75 },
  Field { weight: 0.5, b: 0.5 },
];

type FieldTerms = [Vec<String>; 4];

/// One tool's entry in a term's posting list.
#[derive(Debug, Clone, Copy)]
pub struct Posting {
  pub tool: u32,
  /// The term's BM25F score in this tool (IDF included).
  pub weight: f32,
  /// Whether the term is one of the tool's name words.
  pub in_name: bool,
}

/// The prebuilt index of one registry's tools.
pub struct SearchIndex {
  /// Term → its id.
  pub ids: HashMap<String, u32>,
  /// Id → term, for typo and prefix matching over the vocabulary.
  pub terms: Vec<String>,
  /// Id → the tools that contain the term.
  pub postings: Vec<Vec<Posting>>,
  /// Per tool, lowercase spellings a query may give verbatim: name, `ns.name`, guest path.
  pub exact_names: Vec<Vec<String>>,
  /// The number of tools indexed.
  pub tools: usize,
  /// Per tool, how many distinct terms its name has.
  pub name_terms: Vec<u32>,
  pub synonyms: Synonyms,
}

impl SearchIndex {
  /// The index of `registry`'s tools; `paths[i]` is tool `i`'s guest path (`tools.ns.name`).
  pub fn build(registry: &ToolRegistry, paths: &[String]) -> SearchIndex {
    let fields: Vec<FieldTerms> = registry.entries().iter().map(|e| field_terms(&e.spec)).collect();
    let tools = fields.len();
    let average: Vec<f32> = (0..FIELDS.len())
      .map(|f| fields.iter().map(|t| t[f].len()).sum::<usize>() as f32 / tools.max(1) as f32)
      .collect();

    let mut ids: HashMap<String, u32> = HashMap::new();
    let mut terms: Vec<String> = Vec::new();
    // Per term: (tool, normalised term frequency over the fields, in the name).
    let mut raw: Vec<Vec<(u32, f32, bool)>> = Vec::new();
    for (tool, field_terms) in fields.iter().enumerate() {
      let mut tf: HashMap<&str, f32> = HashMap::new();
      for (f, words) in field_terms.iter().enumerate() {
        let field = &FIELDS[f];
        let norm = if average[f] > 0.0 {
          1.0 - field.b + field.b * words.len() as f32 / average[f]
        } else {
          1.0
        };
        for w in words {
          *tf.entry(w).or_default() += field.weight / norm;
        }
      }
      for (word, freq) in tf {
        let id = match ids.get(word) {
          Some(&id) => id,
          None => {
            terms.push(word.to_string());
            raw.push(Vec::new());
            let id = (terms.len() - 1) as u32;
            ids.insert(word.to_string(), id);
            id
          }
        };
        let in_name = field_terms[0].iter().any(|n| n == word);
        raw[id as usize].push((tool as u32, freq, in_name));
      }
    }

    let n = tools as f32;
    let postings = raw
      .into_iter()
      .map(|list| {
        let df = list.len() as f32;
        let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
        let mut list: Vec<Posting> = list
          .into_iter()
          .map(|(tool, tf, in_name)| Posting {
            tool,
            weight: idf * tf * (K1 + 1.0) / (tf + K1),
            in_name,
          })
          .collect();
        list.sort_by_key(|p| p.tool);
        list
      })
      .collect();

    let exact_names = registry
      .entries()
      .iter()
      .zip(paths)
      .map(|(e, path)| {
        let mut names = vec![
          e.spec.name.to_lowercase(),
          e.spec.path().to_lowercase(),
          path.to_lowercase(),
        ];
        if let Some(short) = path.strip_prefix("tools.") {
          names.push(short.to_lowercase());
        }
        names
      })
      .collect();
    let name_terms = fields
      .iter()
      .map(|f| {
        let mut distinct: Vec<&String> = f[0].iter().collect();
        distinct.sort();
        distinct.dedup();
        distinct.len() as u32
      })
      .collect();
    SearchIndex {
      ids,
      terms,
      postings,
      exact_names,
      tools,
      name_terms,
      synonyms: Synonyms::new(),
    }
  }
}

/// Descriptions are indexed up to this many bytes: enough for any real tool's, and a bound on
/// the index whatever a host passes.
const MAX_DESCRIPTION_BYTES: usize = 8192;

/// The first [`MAX_DESCRIPTION_BYTES`] of `text`, cut at a character boundary.
fn head(text: &str) -> &str {
  let mut end = text.len().min(MAX_DESCRIPTION_BYTES);
  while !text.is_char_boundary(end) {
    end -= 1;
  }
  &text[..end]
}

/// The terms of each field of one tool.
fn field_terms(spec: &crate::tools::ToolSpec) -> FieldTerms {
  let params = spec
    .input_schema
    .as_ref()
    .and_then(|s| s.get("properties"))
    .and_then(Value::as_object)
    .map(|props| props.keys().flat_map(|k| terms(k)).collect())
    .unwrap_or_default();
  [
    terms(&spec.name),
    spec.namespace.as_deref().map(terms).unwrap_or_default(),
    spec
      .description
      .as_deref()
      .map(|d| terms(head(d)))
      .unwrap_or_default(),
    params,
  ]
}
