//! Byte offsets to line/column, source-map lookup, and code frames for messages.

use super::transform::Mapping;

/// Start offsets of every line of a text, for offset → (line, column) conversion.
pub struct LineIndex<'a> {
  text: &'a str,
  starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
  pub fn new(text: &'a str) -> Self {
    let mut starts = vec![0];
    starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
    LineIndex { text, starts }
  }

  /// 1-based line and column (in characters) of byte `offset`.
  pub fn position(&self, offset: usize) -> (u32, u32) {
    let offset = offset.min(self.text.len());
    let line = self.starts.partition_point(|s| *s <= offset) - 1;
    let column = self
      .text
      .get(self.starts[line]..offset)
      .map(|s| s.chars().count())
      .unwrap_or(0);
    (line as u32 + 1, column as u32 + 1)
  }
}

/// The mapping covering generated (line, col), both 0-based: the last segment at or before it on
/// that line, else the first segment later on that line (code the rewrite added, like `return`),
/// else the nearest segment on an earlier line.
pub fn lookup(mappings: &[Mapping], line: u32, col: u32) -> Option<Mapping> {
  let idx = mappings.partition_point(|m| (m.gen_line, m.gen_col) <= (line, col));
  let before = idx.checked_sub(1).map(|i| mappings[i]);
  match (before, mappings.get(idx)) {
    (Some(b), _) if b.gen_line == line => Some(b),
    (_, Some(next)) if next.gen_line == line => Some(*next),
    (Some(b), _) => Some(b),
    (None, next) => next.copied(),
  }
}

/// A two-line code frame: the offending line with its number, and a caret under the column.
pub fn code_frame(text: &str, line: u32, column: u32) -> String {
  let Some(src) = text.lines().nth(line.saturating_sub(1) as usize) else {
    return String::new();
  };
  let gutter = format!("{line} | ");
  let pad: String = src
    .chars()
    .take(column.saturating_sub(1) as usize)
    .map(|c| if c == '\t' { '\t' } else { ' ' })
    .collect();
  format!("> {gutter}{src}\n  {}| {pad}^", " ".repeat(gutter.len() - 2))
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn offsets_become_lines_and_columns() {
    let idx = LineIndex::new("ab\ncdé\nf");
    assert_eq!(idx.position(0), (1, 1));
    assert_eq!(idx.position(3), (2, 1));
    assert_eq!(idx.position(7), (2, 4));
    assert_eq!(idx.position(8), (3, 1));
  }

  #[test]
  fn frame_points_at_the_column() {
    assert_eq!(
      code_frame("a\nconst b = ;", 2, 11),
      "> 2 | const b = ;\n    |           ^"
    );
  }
}
