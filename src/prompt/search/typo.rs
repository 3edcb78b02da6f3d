//! Typo tolerance: a bounded edit distance (insert, delete, substitute, swap two neighbours)
//! and how many edits a word of a given length may have. Short words get none: "is", "pr" or
//! "get" one edit away from something else are other words, not typos.

/// How many edits a query word of `len` characters may be away from a term it matches.
pub fn allowed_edits(len: usize) -> usize {
  match len {
    0..=4 => 0,
    5..=7 => 1,
    _ => 2,
  }
}

/// The edit distance of `a` and `b` counting a swap of neighbours as one edit, if it is at
/// most `max`; `None` as soon as it must be more (so most pairs cost a few steps).
pub fn within(a: &[u8], b: &[u8], max: usize) -> Option<usize> {
  if a.len().abs_diff(b.len()) > max {
    return None;
  }
  let width = b.len() + 1;
  let mut before: Vec<usize> = vec![0; width];
  let mut prev: Vec<usize> = (0..width).collect();
  let mut cur: Vec<usize> = vec![0; width];
  for i in 1..=a.len() {
    cur[0] = i;
    let mut row_min = cur[0];
    for j in 1..=b.len() {
      let cost = usize::from(a[i - 1] != b[j - 1]);
      let mut d = (prev[j - 1] + cost).min(prev[j] + 1).min(cur[j - 1] + 1);
      if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
        d = d.min(before[j - 2] + 1);
      }
      cur[j] = d;
      row_min = row_min.min(d);
    }
    if row_min > max {
      return None;
    }
    std::mem::swap(&mut before, &mut prev);
    std::mem::swap(&mut prev, &mut cur);
  }
  Some(prev[b.len()]).filter(|d| *d <= max)
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn counts_edits_up_to_the_bound() {
    assert_eq!(within(b"screnshot", b"screenshot", 2), Some(1));
    assert_eq!(within(b"fiel", b"file", 1), Some(1), "a swap is one edit");
    assert_eq!(within(b"reqest", b"request", 1), Some(1));
    assert_eq!(within(b"kitten", b"sitting", 3), Some(3));
    assert_eq!(within(b"kitten", b"sitting", 2), None);
    assert_eq!(within(b"abc", b"abcdef", 2), None, "length alone rules it out");
    assert_eq!(within(b"same", b"same", 0), Some(0));
  }

  #[test]
  fn short_words_get_no_typos() {
    assert_eq!(allowed_edits(2), 0);
    assert_eq!(allowed_edits(4), 0);
    assert_eq!(allowed_edits(5), 1);
    assert_eq!(allowed_edits(9), 2);
  }
}
