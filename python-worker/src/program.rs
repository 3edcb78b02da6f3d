//! The model's program as monty compiles it. Models often end a Python program with a
//! top-level `return x`, which Python forbids: a last top-level `return` becomes the expression
//! it returns (the value of the last expression is the run's result).

/// `code` with a trailing top-level `return <expr>` turned into `(<expr>)` (`return` alone
/// into `None`), with `<expr>` at the same line and column so error positions still match the
/// model's code. The parenthesis closes after the last line: everything after the last
/// top-level statement's first line belongs to it.
pub fn accept_top_level_return(code: &str) -> String {
  let lines: Vec<&str> = code.lines().collect();
  // The last top-level statement: the last line that starts at column 0 and is not a comment.
  let Some(last) = lines
    .iter()
    .rposition(|l| !l.trim().is_empty() && !l.starts_with([' ', '\t', '#', ')', ']', '}']))
  else {
    return code.to_string();
  };
  let line = lines[last];
  let (bare, rest) = match line.strip_prefix("return") {
    Some(rest) if rest.trim().is_empty() || rest.trim_start().starts_with('#') => (true, rest),
    Some(rest) if rest.starts_with([' ', '(', '[', '{', '"', '\'']) => (false, rest),
    _ => return code.to_string(),
  };
  let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
  if bare {
    out[last] = format!("None  {rest}");
  } else {
    // `return x` → `(     x`: "(" and spaces take the keyword's place.
    out[last] = format!("({}{rest}", " ".repeat("return".len() - 1));
    out.push(")".into());
  }
  let mut text = out.join("\n");
  if code.ends_with('\n') {
    text.push('\n');
  }
  text
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn a_last_top_level_return_becomes_its_expression() {
    assert_eq!(
      accept_top_level_return("x = 1\nreturn x + 1\n"),
      "x = 1\n(      x + 1\n)\n"
    );
    assert_eq!(accept_top_level_return("return(3)"), "(     (3)\n)");
    assert_eq!(
      accept_top_level_return("return {\n  'a': 1,\n}  # done"),
      "(      {\n  'a': 1,\n}  # done\n)"
    );
    assert_eq!(accept_top_level_return("print(1)\nreturn"), "print(1)\nNone  ");
    // Inside a function, or not last: left to Python.
    let nested = "def f():\n    return 1\nf()";
    assert_eq!(accept_top_level_return(nested), nested);
    assert_eq!(
      accept_top_level_return("returned = 2\nreturned"),
      "returned = 2\nreturned"
    );
  }
}
