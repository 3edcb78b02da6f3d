//! A small synonym table for the vocabulary of tools: a query word also finds tools that say
//! the same thing with another word ("popup" finds `handle_dialog`, "directions" finds a route).
//! Kept short and generic on purpose: words whose meaning is the same across tool sets.

use std::collections::HashMap;

use super::words::{stem, terms};

/// Words that stand for one another, in both directions.
const GROUPS: &[&[&str]] = &[
  &["popup", "dialog", "alert", "modal"],
  &["directions", "route"],
  &["folder", "directory"],
  &["delete", "remove", "erase"],
  &["create", "add", "make"],
  &["search", "find", "lookup"],
  &["get", "fetch", "retrieve", "read"],
  &["update", "edit", "modify", "change", "patch"],
  &["run", "execute", "evaluate"],
  &["send", "post"],
  &["issue", "ticket", "bug"],
  &["user", "member", "people", "person"],
  &["email", "mail"],
  &["website", "site"],
  &["url", "link"],
  &["image", "picture", "photo"],
  &["place", "location"],
  &["web", "internet", "online"],
  &["click", "tap"],
  &["documentation", "docs"],
  &["close", "shut"],
];

/// Words a model writes and what tools call the same thing, one way only: abbreviations, and
/// words that would drag a whole group along ("open a PR" creates one, but "open" is no "add").
const ONE_WAY: &[(&str, &str)] = &[
  ("open", "create"),
  ("pr", "pull request"),
  ("mr", "merge request"),
  ("repo", "repository"),
  ("dir", "directory"),
  ("db", "database"),
  ("env", "environment"),
  ("js", "javascript"),
  ("dm", "direct message"),
  ("msg", "message"),
  ("img", "image"),
  ("info", "information"),
  ("doc", "documentation"),
  ("config", "configuration"),
  ("auth", "authentication"),
  ("ci", "status checks"),
];

/// For each stemmed word, the stemmed phrases that it also stands for.
pub struct Synonyms {
  table: HashMap<String, Vec<Vec<String>>>,
}

impl Synonyms {
  /// The table, stemmed like every term.
  pub fn new() -> Self {
    let mut table: HashMap<String, Vec<Vec<String>>> = HashMap::new();
    for group in GROUPS {
      for word in *group {
        let others = group.iter().filter(|w| *w != word).map(|w| vec![stem(w)]);
        table.entry(stem(word)).or_default().extend(others);
      }
    }
    for (short, long) in ONE_WAY {
      table.entry(short.to_string()).or_default().push(terms(long));
    }
    Synonyms { table }
  }

  /// The phrases (each one or more terms) that `term` also stands for.
  pub fn of(&self, term: &str) -> &[Vec<String>] {
    self.table.get(term).map_or(&[], Vec::as_slice)
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn groups_go_both_ways_and_one_way_words_expand() {
    let s = Synonyms::new();
    assert!(s.of(&stem("popup")).contains(&vec![stem("dialog")]));
    assert!(s.of(&stem("dialog")).contains(&vec![stem("popup")]));
    assert!(s.of(&stem("route")).contains(&vec![stem("directions")]));
    assert_eq!(s.of("pr"), [vec![stem("pull"), stem("request")]]);
    assert!(s.of(&stem("request")).is_empty(), "abbreviations expand one way");
    assert_eq!(s.of("open"), [vec![stem("create")]]);
    assert!(!s.of(&stem("create")).contains(&vec!["open".to_string()]));
    assert!(s.of("nothing").is_empty());
  }
}
