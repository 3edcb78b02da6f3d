//! A linear pre-scan for the one shape known to make oxc's parser slow: type arguments nested
//! deep (`Array<Array<Array<…`), which it parses in time quadratic in the depth (the fuzzer found
//! ~1 s at 2,000 levels and over 60 s at 10,000; `stripTypes` runs on Node's main thread). Past
//! [`MAX_TYPE_ARGUMENT_DEPTH`] the code is refused before it is parsed.
//!
//! The count is deliberately rough: a `<` right after a name (or after `>`) opens a level, `>`
//! closes one, and `;`, `{` and `}` end any run of comparisons, so ordinary `a < b` code never
//! gets near the bound.

use crate::error::{ErrorCode, RunError};

/// Deeper type-argument nesting than this is refused; real code stays in single digits.
pub const MAX_TYPE_ARGUMENT_DEPTH: usize = 100;

/// `Err` with a `SYNTAX_ERROR` when `code` nests type arguments past the bound.
pub fn check(code: &str) -> Result<(), RunError> {
  let mut depth = 0usize;
  let mut after_name = false;
  for b in code.bytes() {
    match b {
      b'<' if after_name => {
        depth += 1;
        if depth > MAX_TYPE_ARGUMENT_DEPTH {
          return Err(too_deep());
        }
      }
      b'>' => depth = depth.saturating_sub(1),
      b';' | b'{' | b'}' => depth = 0,
      _ => {}
    }
    if !b.is_ascii_whitespace() {
      after_name = b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b == b'>' || b >= 0x80;
    }
  }
  Ok(())
}

fn too_deep() -> RunError {
  RunError::new(
    ErrorCode::SyntaxError,
    "SyntaxError",
    format!(
      "Type arguments are nested more than {MAX_TYPE_ARGUMENT_DEPTH} levels deep (like `Array<Array<...`); the code was not parsed."
    ),
  )
  .with_hint("Write the types with less nesting (a type alias per level), or leave them out.")
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn deep_type_arguments_are_refused_before_parsing() {
    let deep = format!("return {}1", "Array<".repeat(5_000));
    let err = check(&deep).unwrap_err();
    assert_eq!(err.code, ErrorCode::SyntaxError);
    assert!(err.message.contains("nested more than"), "{}", err.message);
    let fine = format!("let x: {}number{} = 1", "Array<".repeat(20), ">".repeat(20));
    assert!(check(&fine).is_ok());
  }

  #[test]
  fn comparisons_do_not_add_up() {
    let loops = "for (let i = 0; i < n; i++) { if (a < b) x++ }\n".repeat(2_000);
    assert!(check(&loops).is_ok());
    let chain = (0..90)
      .map(|i| format!("a{i} < b{i}"))
      .collect::<Vec<_>>()
      .join(" && ");
    assert!(check(&chain).is_ok());
  }
}
