//! The source step: turns model-written code into the script the guest context evaluates, and
//! maps positions in that script back to the model's own lines and columns.
//!
//! Today the code runs as the body of an async function, so top-level `await` and `return` work.
//! TypeScript stripping and the other accepted forms slot in here (DESIGN §4).

/// The file name guest stack frames carry for model code.
pub const MODEL_FILE: &str = "code.js";

/// Code ready to evaluate, with what is needed to map positions back.
#[derive(Debug, Clone, PartialEq)]
pub struct PreparedSource {
  /// A script whose completion value is an async function running the model's program.
  pub script: String,
  /// Lines the wrapper adds before the model's first line.
  pub line_offset: u32,
}

/// Wraps `code` as the body of an async function expression.
pub fn prepare(code: &str) -> PreparedSource {
  let mut script = String::with_capacity(code.len() + 32);
  script.push_str("(async function () {\n");
  script.push_str(code);
  script.push_str("\n})");
  PreparedSource {
    script,
    line_offset: 1,
  }
}

impl PreparedSource {
  /// The text of 1-based line `line` of the model's code.
  pub fn model_line(&self, line: u32) -> Option<&str> {
    self.script.lines().nth((line + self.line_offset - 1) as usize)
  }

  /// Maps a 1-based line/column of the evaluated script to the model's source, if it falls inside it.
  pub fn map_position(&self, line: u32, column: u32) -> Option<(u32, u32)> {
    if line <= self.line_offset {
      return None;
    }
    let model_lines = self.script.lines().count() as u32 - self.line_offset - 1;
    let l = line - self.line_offset;
    (l <= model_lines.max(1)).then_some((l, column))
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn wraps_as_async_body_and_maps_lines() {
    let p = prepare("const a = 1\nreturn a");
    assert!(p.script.starts_with("(async function () {\n"));
    assert!(p.script.ends_with("\n})"));
    assert_eq!(p.map_position(2, 7), Some((1, 7)));
    assert_eq!(p.map_position(3, 1), Some((2, 1)));
    assert_eq!(p.map_position(1, 1), None);
    assert_eq!(p.model_line(2), Some("return a"));
  }
}
