//! JSDoc blocks and inline comments that stay comments whatever text they carry.

/// A JSDoc block for `lines`, each line prefixed with `indent`, ending with a newline; `""` when
/// there is no text. Every entry may itself hold several lines (`\n`, `\r\n`, `\r`, U+2028,
/// U+2029); surrounding blank lines are dropped and runs of blank lines collapse to one. A `*/`
/// in the text is written `*\/`, so the text can never end the comment. One line of text gives
/// `/** text */`.
///
/// ```
/// use quickjs_codemode::codegen::jsdoc;
/// assert_eq!(jsdoc(&["Closes */ early?".into()], "  "), "  /** Closes *\\/ early? */\n");
/// assert_eq!(jsdoc(&["A".into(), "@minimum 0".into()], ""), "/**\n * A\n * @minimum 0\n */\n");
/// assert_eq!(jsdoc(&[" ".into()], ""), "");
/// ```
pub fn jsdoc(lines: &[String], indent: &str) -> String {
  let mut text: Vec<String> = Vec::new();
  for entry in lines {
    for line in entry
      .replace("\r\n", "\n")
      .split(['\n', '\r', '\u{2028}', '\u{2029}'])
    {
      let line = escape_comment(line.trim_end());
      if line.is_empty() && text.last().is_none_or(|l| l.is_empty()) {
        continue;
      }
      text.push(line);
    }
  }
  while text.last().is_some_and(|l| l.is_empty()) {
    text.pop();
  }
  match text.as_slice() {
    [] => String::new(),
    [one] => format!("{indent}/** {} */\n", one.trim_start()),
    many => {
      let mut out = format!("{indent}/**\n");
      for line in many {
        if line.is_empty() {
          out.push_str(&format!("{indent} *\n"));
        } else {
          out.push_str(&format!("{indent} * {line}\n"));
        }
      }
      out.push_str(&format!("{indent} */\n"));
      out
    }
  }
}

/// Text made safe inside a block comment: `*/` becomes `*\/`.
pub(crate) fn escape_comment(text: &str) -> String {
  text.replace("*/", "*\\/")
}

/// An inline `/* text */` comment on one line, safe whatever `text` holds.
pub(crate) fn inline_comment(text: &str) -> String {
  let one_line: String = text
    .chars()
    .map(|c| {
      if c.is_control() || c == '\u{2028}' || c == '\u{2029}' {
        ' '
      } else {
        c
      }
    })
    .collect();
  format!("/* {} */", escape_comment(one_line.trim()))
}

#[cfg(test)]
mod tests {
  use super::*;

  fn doc(lines: &[&str], indent: &str) -> String {
    jsdoc(&lines.iter().map(|s| s.to_string()).collect::<Vec<_>>(), indent)
  }

  #[test]
  fn blocks() {
    assert_eq!(doc(&[], ""), "");
    assert_eq!(doc(&["", "  ", "\n\n"], ""), "");
    assert_eq!(doc(&["One line."], "  "), "  /** One line. */\n");
    assert_eq!(doc(&["  indented"], ""), "/** indented */\n");
    assert_eq!(
      doc(&["First\r\nsecond\n\n\n\nthird  ", "@default 1"], "  "),
      "  /**\n   * First\n   * second\n   *\n   * third\n   * @default 1\n   */\n"
    );
    assert_eq!(doc(&["\n\nx\n\n"], ""), "/** x */\n");
  }

  #[test]
  fn comment_terminators_are_escaped() {
    assert_eq!(doc(&["a */ b"], ""), "/** a *\\/ b */\n");
    assert_eq!(doc(&["**/"], ""), "/** **\\/ */\n");
    assert_eq!(doc(&["ends with *"], ""), "/** ends with * */\n");
    assert_eq!(doc(&["x", "*/"], ""), "/**\n * x\n * *\\/\n */\n");
    assert_eq!(doc(&["a\u{2028}b"], ""), "/**\n * a\n * b\n */\n");
    assert_eq!(inline_comment("bad */ ref\nnext"), "/* bad *\\/ ref next */");
  }
}
