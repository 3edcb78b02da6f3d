//! From text to search terms: words split on camelCase, `_`, `-` and any other non-alphanumeric
//! character, lowercased; stop words and single letters dropped; a light stemmer so that
//! "issues", "issue" and "creating", "create" meet. Tool names, descriptions and queries all go
//! through here, so both sides of a match are normalised the same way.

/// Words that carry no meaning for finding a tool ("send a message to a channel").
const STOP_WORDS: &[&str] = &[
  "a", "about", "all", "an", "and", "any", "are", "as", "at", "be", "by", "can", "do", "does", "for", "from",
  "has", "have", "how", "i", "if", "in", "into", "is", "it", "its", "me", "my", "of", "on", "or", "our",
  "please", "should", "so", "some", "that", "the", "their", "them", "then", "there", "these", "this",
  "those", "to", "tool", "using", "via", "want", "we", "what", "when", "which", "will", "with", "you",
  "your",
];

/// Whether `word` (lowercase) is a stop word.
pub fn is_stop_word(word: &str) -> bool {
  STOP_WORDS.binary_search(&word).is_ok()
}

/// Lowercase words of `text`: a new word starts at each non-alphanumeric character and where a
/// lowercase letter or digit meets an uppercase one (`listPullRequests` → list, pull, requests).
pub fn split_words(text: &str) -> Vec<String> {
  let mut out = Vec::new();
  let mut cur = String::new();
  let mut prev_lower = false;
  for c in text.chars() {
    if !c.is_alphanumeric() {
      if !cur.is_empty() {
        out.push(std::mem::take(&mut cur));
      }
      prev_lower = false;
      continue;
    }
    if c.is_uppercase() && prev_lower && !cur.is_empty() {
      out.push(std::mem::take(&mut cur));
    }
    prev_lower = c.is_lowercase() || c.is_ascii_digit();
    cur.extend(c.to_lowercase());
  }
  if !cur.is_empty() {
    out.push(cur);
  }
  out
}

/// The stem of a lowercase word: plural and verb endings removed, a final `e` dropped
/// (entities → entiti → entity, creating → creat, created → creat, create → creat). Light on
/// purpose: it only has to make the forms of one word meet, not be linguistics.
pub fn stem(word: &str) -> String {
  if word.len() <= 3 || !word.is_ascii() {
    return word.to_string();
  }
  let mut w = word.to_string();
  if let Some(base) = w.strip_suffix("ies") {
    w = format!("{base}y");
  } else if w.ends_with("sses") || w.ends_with("shes") || w.ends_with("ches") || w.ends_with("xes") {
    w.truncate(w.len() - 2);
  } else if w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is") {
    w.truncate(w.len() - 1);
  } else if let Some(base) = w.strip_suffix("ing").or_else(|| w.strip_suffix("ed")) {
    if base.len() >= 3 {
      w = undouble(base);
    }
  }
  if w.len() > 3 && w.ends_with('e') {
    w.truncate(w.len() - 1);
  }
  w
}

/// `dropp` → `drop`, `runn` → `run`: a doubled final consonant left by removing `-ed`/`-ing`.
fn undouble(base: &str) -> String {
  let b = base.as_bytes();
  let n = b.len();
  let doubled = n >= 2 && b[n - 1] == b[n - 2] && !matches!(b[n - 1], b'l' | b's' | b'z' | b'e');
  if doubled {
    base[..n - 1].to_string()
  } else {
    base.to_string()
  }
}

/// The search terms of `text`: its words without stop words or single letters, stemmed.
pub fn terms(text: &str) -> Vec<String> {
  split_words(text)
    .into_iter()
    .filter(|w| w.chars().count() > 1 && !is_stop_word(w))
    .map(|w| stem(&w))
    .collect()
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn stop_words_are_sorted_for_binary_search() {
    assert!(
      STOP_WORDS.windows(2).all(|w| w[0] < w[1]),
      "keep STOP_WORDS sorted"
    );
  }

  #[test]
  fn words_split_camel_case_and_separators() {
    assert_eq!(split_words("listPullRequests"), ["list", "pull", "requests"]);
    assert_eq!(split_words("send-email_v2"), ["send", "email", "v2"]);
    assert_eq!(
      split_words("API-retrieve-a-block"),
      ["api", "retrieve", "a", "block"]
    );
  }

  #[test]
  fn forms_of_one_word_share_a_stem() {
    for (a, b) in [
      ("issues", "issue"),
      ("entities", "entity"),
      ("creating", "create"),
      ("created", "create"),
      ("dropped", "drop"),
      ("matches", "match"),
      ("repositories", "repository"),
      ("files", "file"),
    ] {
      assert_eq!(stem(a), stem(b), "{a} / {b}");
    }
    for (a, b) in [
      ("status", "statu"),
      ("address", "addres"),
      ("user", "use"),
      ("fill", "file"),
    ] {
      assert_ne!(stem(a), stem(b), "{a} / {b}");
    }
  }

  #[test]
  fn stop_words_and_single_letters_are_not_terms() {
    assert_eq!(
      terms("send a message to a channel"),
      ["send", "messag", "channel"]
    );
    assert_eq!(terms("directions from A to B"), ["direction"]);
  }
}
