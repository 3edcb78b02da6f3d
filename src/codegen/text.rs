//! Text from input that goes into generated TypeScript: string literals, shortened snippets, and
//! JSON values written out with a bound on their size. The leaf of `codegen`: imports nothing
//! from it.

use serde_json::Value;

/// A double-quoted string literal, escaped as JSON (valid TypeScript and JavaScript), with the
/// line separators U+2028/U+2029 escaped too so the literal stays on one line.
pub(crate) fn string_literal(s: &str) -> String {
  // Serialising a `str` cannot fail; the fallback only keeps the code free of `unwrap`.
  let json = serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string());
  json.replace('\u{2028}', "\\u2028").replace('\u{2029}', "\\u2029")
}

/// `text` cut to at most `max` characters, with `…` marking a cut.
pub(crate) fn shorten(text: &str, max: usize) -> String {
  if text.chars().nth(max).is_none() {
    return text.to_string();
  }
  let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
  out.push('…');
  out
}

/// A JSON value as compact text for a JSDoc tag, shortened past `max` characters (as
/// [`shorten`] would). Only the first `max + 1` characters are ever written, so the cost does not
/// depend on the size or depth of the value.
pub(crate) fn json_snippet(value: &Value, max: usize) -> String {
  let mut out = Bounded {
    text: String::new(),
    chars: 0,
    limit: max.saturating_add(1),
  };
  if out.value(value) && out.chars <= max {
    return out.text;
  }
  let mut cut: String = out.text.chars().take(max.saturating_sub(1)).collect();
  cut.push('…');
  cut
}

/// Compact JSON text of at most `limit` characters.
struct Bounded {
  text: String,
  chars: usize,
  limit: usize,
}

impl Bounded {
  /// Appends `s`; `false` once the limit is reached (the text is then cut).
  fn push(&mut self, s: &str) -> bool {
    for c in s.chars() {
      if self.chars >= self.limit {
        return false;
      }
      self.text.push(c);
      self.chars += 1;
    }
    true
  }

  /// Appends `value`; `false` once the limit is reached. Recursion is bounded by the limit, as
  /// every level writes at least one character.
  fn value(&mut self, value: &Value) -> bool {
    match value {
      Value::Null => self.push("null"),
      Value::Bool(b) => self.push(if *b { "true" } else { "false" }),
      Value::Number(n) => self.push(&n.to_string()),
      Value::String(s) => self.string(s),
      Value::Array(items) => {
        if !self.push("[") {
          return false;
        }
        for (i, item) in items.iter().enumerate() {
          if (i > 0 && !self.push(",")) || !self.value(item) {
            return false;
          }
        }
        self.push("]")
      }
      Value::Object(map) => {
        if !self.push("{") {
          return false;
        }
        for (i, (key, item)) in map.iter().enumerate() {
          if (i > 0 && !self.push(",")) || !self.string(key) || !self.push(":") || !self.value(item) {
            return false;
          }
        }
        self.push("}")
      }
    }
  }

  /// A string literal; only the part of a long string that can still fit is escaped.
  fn string(&mut self, s: &str) -> bool {
    let room = self.limit.saturating_sub(self.chars);
    let head: String = s.chars().take(room).collect();
    self.push(&string_literal(&head))
  }
}

/// Compact JSON text of `value`, or `None` when it nests deeper than `max_depth` (the recursion
/// stays bounded whatever the input).
pub(crate) fn json_text(value: &Value, max_depth: usize) -> Option<String> {
  fn write(value: &Value, depth: usize, out: &mut String) -> Option<()> {
    match value {
      Value::Array(items) => {
        let depth = depth.checked_sub(1)?;
        out.push('[');
        for (i, item) in items.iter().enumerate() {
          if i > 0 {
            out.push(',');
          }
          write(item, depth, out)?;
        }
        out.push(']');
      }
      Value::Object(map) => {
        let depth = depth.checked_sub(1)?;
        out.push('{');
        for (i, (key, item)) in map.iter().enumerate() {
          if i > 0 {
            out.push(',');
          }
          out.push_str(&string_literal(key));
          out.push(':');
          write(item, depth, out)?;
        }
        out.push('}');
      }
      Value::String(s) => out.push_str(&string_literal(s)),
      scalar => out.push_str(&scalar.to_string()),
    }
    Some(())
  }
  let mut out = String::new();
  write(value, max_depth, &mut out)?;
  Some(out)
}

#[cfg(test)]
mod tests {
  use serde_json::json;

  use super::*;

  #[test]
  fn snippets_match_shortened_json() {
    let values = [
      json!(null),
      json!("a\u{2028}b \"q\""),
      json!([1, 2.5, -3, true, null]),
      json!({ "k": { "nested": ["x", { "y": [] }] }, "é": "ü" }),
      json!("x".repeat(300)),
      json!((0..100).collect::<Vec<_>>()),
    ];
    for value in values {
      let full = serde_json::to_string(&value)
        .unwrap()
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029");
      for max in [0, 1, 2, 5, 10, 40, 120, 1000] {
        assert_eq!(json_snippet(&value, max), shorten(&full, max), "{value} at {max}");
      }
    }
  }

  #[test]
  fn deep_values_stay_bounded() {
    let mut deep = json!(1);
    for _ in 0..5_000 {
      deep = Value::Array(vec![deep]);
    }
    assert_eq!(json_snippet(&deep, 6), "[[[[[…");
    assert_eq!(json_text(&deep, 100), None);
    assert_eq!(
      json_text(&json!({ "a": [1, "b"] }), 2).as_deref(),
      Some(r#"{"a":[1,"b"]}"#)
    );
    // Dropping a deep `Value` recurses; take it apart from the outside in.
    while let Value::Array(mut items) = deep {
      deep = items.pop().unwrap_or(Value::Null);
    }
  }
}
