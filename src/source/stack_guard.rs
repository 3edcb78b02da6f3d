//! oxc parses, transforms and prints recursively, and a Rust stack overflow aborts the whole
//! process: `return ((((...` twenty thousand levels deep would take Node down. Before the source
//! step runs, this estimates the stack it could need from the code itself (an upper bound from
//! the characters that can open a nesting level) and, when that is more than the caller's thread
//! can spare, runs the step on a thread with a stack big enough for it.

/// Stack one nesting character can cost in oxc, measured at up to ~1.6 KiB (release) for `(`;
/// debug builds use much larger frames.
const BYTES_PER_LEVEL: usize = if cfg!(debug_assertions) { 16 << 10 } else { 2 << 10 };
/// Stack a word can cost (chains like `new new new` or `await await`).
const BYTES_PER_WORD: usize = BYTES_PER_LEVEL / 4;
/// Fixed headroom for everything that is not nesting.
const BASE_BYTES: usize = 256 << 10;
/// Programs needing more than this are refused rather than parsed.
pub const MAX_STACK_BYTES: usize = 2 << 30;

/// An upper bound of the stack the source step may need for `code`.
pub fn estimate(code: &str) -> usize {
  let mut levels = 0usize;
  let mut words = 0usize;
  let mut in_word = false;
  for b in code.bytes() {
    if matches!(
      b,
      b'('
        | b'['
        | b'{'
        | b'!'
        | b'~'
        | b'-'
        | b'+'
        | b'='
        | b'?'
        | b'<'
        | b'>'
        | b'`'
        | b'$'
        | b'&'
        | b'|'
        | b'*'
        | b'/'
        | b'%'
        | b'^'
        | b'@'
        | b'#'
    ) {
      levels += 1;
    }
    let word_char = b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80;
    if word_char && !in_word {
      words += 1;
    }
    in_word = word_char;
  }
  BASE_BYTES + levels * BYTES_PER_LEVEL + words * BYTES_PER_WORD
}

/// Runs `f` here if `code` fits in `inline_budget` bytes of stack, else on a scoped thread with
/// enough stack. `None` when the code would need an unreasonable stack (or the thread failed).
pub fn run_with_stack<T: Send>(code: &str, inline_budget: usize, f: impl FnOnce() -> T + Send) -> Option<T> {
  let needed = estimate(code);
  if needed <= inline_budget {
    return Some(f());
  }
  if needed > MAX_STACK_BYTES {
    return None;
  }
  std::thread::scope(|s| {
    let handle = std::thread::Builder::new()
      .name("codemode-parse".into())
      .stack_size(needed)
      .spawn_scoped(s, f)
      .ok()?;
    handle.join().ok()
  })
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn small_programs_run_inline_and_deep_ones_get_a_thread() {
    let here = std::thread::current().id();
    let small = run_with_stack("return 1 + 1", 8 << 20, || std::thread::current().id());
    assert_eq!(small, Some(here));
    let deep = "(".repeat(20_000);
    let other = run_with_stack(&deep, 8 << 20, || std::thread::current().id());
    assert!(other.is_some_and(|id| id != here));
  }
}
