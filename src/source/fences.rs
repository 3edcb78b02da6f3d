//! Removes a markdown code fence around the whole program (```ts ... ```), as models often send.

/// The code without a surrounding fence, and how many lines were removed above it.
pub fn strip_fences(code: &str) -> (&str, u32) {
  let trimmed_start = code.trim_start();
  if !trimmed_start.starts_with("```") {
    return (code, 0);
  }
  let skipped_lines = code[..code.len() - trimmed_start.len()].matches('\n').count() as u32;
  // The opening fence line: ``` plus an optional language tag, and nothing else.
  let Some(newline) = trimmed_start.find('\n') else {
    return (code, 0);
  };
  let tag = trimmed_start[3..newline].trim();
  if !tag
    .chars()
    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '+' || c == '_')
  {
    return (code, 0);
  }
  let body = &trimmed_start[newline + 1..];
  let body_trimmed = body.trim_end();
  match body_trimmed.strip_suffix("```") {
    Some(inner) => (inner, skipped_lines + 1),
    None => (body, skipped_lines + 1), // an unterminated fence: drop the opener only
  }
}

#[cfg(test)]
mod tests {
  use super::strip_fences;

  #[test]
  fn removes_fences_with_and_without_language() {
    assert_eq!(strip_fences("```ts\nreturn 1\n```"), ("return 1\n", 1));
    assert_eq!(strip_fences("```\nreturn 1\n```\n"), ("return 1\n", 1));
    assert_eq!(
      strip_fences("\n```typescript\nconst a = 1\nreturn a\n```"),
      ("const a = 1\nreturn a\n", 2)
    );
    assert_eq!(strip_fences("```js\nreturn 2"), ("return 2", 1));
    assert_eq!(strip_fences("return 3"), ("return 3", 0));
    assert_eq!(strip_fences("const s = ```x```"), ("const s = ```x```", 0));
  }
}
