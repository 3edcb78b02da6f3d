//! The source step: turns model-written code (TypeScript or JavaScript, in any accepted form)
//! into the script the guest context evaluates, and maps positions in that script back to the
//! model's own lines and columns (DESIGN §4).
//!
//! Steps: remove a surrounding markdown fence → parse and strip types with oxc → bind imports of
//! the tool modules, rewrite the program form so it returns its result (and, in a session, its
//! top-level declarations so they persist) → wrap it as the body of an async function.

mod fences;
mod forms;
mod imports;
pub mod modules;
mod nesting;
mod nodes;
mod positions;
mod repl;
mod stack_guard;
pub mod transform;

use crate::error::{ErrorCode, RunError};
pub use modules::{NoTools, ToolModules};
pub use positions::LineIndex;
use transform::{Mapping, Mode};

/// The file name guest stack frames carry for model code.
pub const MODEL_FILE: &str = "code.js";

const WRAPPER_HEAD: &str = "(async function () {\n";
const WRAPPER_TAIL: &str = "\n})";
// A session's program reads and declares its top-level names on the session's scope object.
const SESSION_WRAPPER_HEAD: &str = "(async function (__codemode_repl) { with (__codemode_repl.scope) {\n";
const SESSION_WRAPPER_TAIL: &str = "\n}})";

/// What a program is prepared for.
#[derive(Clone, Copy)]
pub struct Target<'t> {
  /// The run's tools, which imports of `./servers/...` resolve against.
  pub tools: &'t dyn ToolModules,
  /// A session run: top-level declarations persist on the session's scope (the script's
  /// function then takes the bootstrap's REPL object as its argument), and a lone function
  /// declaration is kept rather than called (unless it is `main`).
  pub session: bool,
}

/// Code ready to evaluate, with what is needed to map positions back.
#[derive(Debug, Clone, PartialEq)]
pub struct PreparedSource {
  /// A script whose completion value is an async function running the model's program.
  pub script: String,
  /// The model's code exactly as received.
  original: String,
  /// Lines of the original above the code itself (a markdown fence opener).
  fence_lines: u32,
  /// Source map of the transformed code, sorted by generated position.
  mappings: Vec<Mapping>,
}

/// Stack the source step may use on the calling thread before it moves to a bigger one.
/// Engine threads have [`crate::limits::ENGINE_THREAD_STACK_BYTES`]; other callers (Node's main
/// thread, for `stripTypes`) get a small budget.
pub const ENGINE_INLINE_STACK_BYTES: usize = 8 << 20;
pub const HOST_INLINE_STACK_BYTES: usize = 1 << 20;

fn too_deep() -> RunError {
  RunError::new(
    ErrorCode::SyntaxError,
    "SyntaxError",
    "The program is too large or too deeply nested to parse safely.",
  )
  .with_hint("Send a shorter program with less nesting.")
}

/// Prepares `code` for a one-shot run without tools (see [`prepare_for`]).
pub fn prepare(code: &str) -> Result<PreparedSource, RunError> {
  prepare_for(
    code,
    Target {
      tools: &NoTools,
      session: false,
    },
  )
}

/// Prepares `code` for evaluation; a syntax error (or an import of something that does not
/// exist) comes back as a `SYNTAX_ERROR` with the model's line and column and a short code frame.
pub fn prepare_for(code: &str, target: Target<'_>) -> Result<PreparedSource, RunError> {
  let (body, fence_lines) = fences::strip_fences(code);
  nesting::check(body)?;
  let mode = Mode::Program {
    tools: target.tools,
    session: target.session,
  };
  let transformed = stack_guard::run_with_stack(body, ENGINE_INLINE_STACK_BYTES, || {
    transform::transform(body, mode)
  })
  .ok_or_else(too_deep)?;
  let (head, tail) = if target.session {
    (SESSION_WRAPPER_HEAD, SESSION_WRAPPER_TAIL)
  } else {
    (WRAPPER_HEAD, WRAPPER_TAIL)
  };
  match transformed {
    Ok(t) => {
      let mut script = String::with_capacity(t.code.len() + head.len() + tail.len());
      script.push_str(head);
      // QuickJS takes NUL-terminated source: a raw NUL left in a literal or comment is written as
      // the escape `\u0000`, which means the same character in strings, templates and regexes.
      if t.code.contains('\0') {
        script.push_str(&t.code.replace('\0', "\\u0000"));
      } else {
        script.push_str(&t.code);
      }
      script.push_str(tail);
      Ok(PreparedSource {
        script,
        original: code.to_string(),
        fence_lines,
        mappings: t.mappings,
      })
    }
    Err(d) => Err(syntax_error(code, body, fence_lines, &d)),
  }
}

/// Strips TypeScript types from `code`, keeping everything else (for `stripTypes`).
pub fn strip_types(code: &str) -> Result<String, RunError> {
  nesting::check(code)?;
  stack_guard::run_with_stack(code, HOST_INLINE_STACK_BYTES, || {
    transform::transform(code, Mode::StripOnly)
  })
  .ok_or_else(too_deep)?
  .map(|t| t.code)
  .map_err(|d| syntax_error(code, code, 0, &d))
}

fn syntax_error(original: &str, body: &str, fence_lines: u32, d: &transform::Diagnostic) -> RunError {
  let mut err = RunError::new(ErrorCode::SyntaxError, "SyntaxError", d.message.clone());
  if let Some(offset) = d.offset {
    let (line, column) = LineIndex::new(body).position(offset);
    let line = line + fence_lines;
    err.message = format!(
      "{} ({MODEL_FILE}:{line}:{column})\n{}",
      d.message,
      positions::code_frame(original, line, column)
    );
    err.line = Some(line);
    err.column = Some(column);
  }
  if let Some(hint) = &d.hint {
    err.hint = hint.clone();
  }
  err
}

impl PreparedSource {
  /// Code another language runs (a Bash script): kept for the model's lines, never evaluated
  /// as JavaScript, so no position of the guest's script maps into it.
  pub fn verbatim(code: &str) -> PreparedSource {
    PreparedSource {
      script: String::new(),
      original: code.to_string(),
      fence_lines: 0,
      mappings: Vec::new(),
    }
  }

  /// Lines the wrapper adds before the transformed program (either wrapper's head is one line).
  const WRAPPER_LINES: u32 = 1;

  /// Maps a 1-based line/column of the evaluated script to the model's code, if it falls inside it.
  pub fn map_position(&self, line: u32, column: u32) -> Option<(u32, u32)> {
    let gen_line = line.checked_sub(Self::WRAPPER_LINES + 1)?;
    // QuickJS counts columns in UTF-8 bytes; the source map counts characters.
    let text = self.script.lines().nth(line as usize - 1).unwrap_or("");
    let byte_col = (column.saturating_sub(1) as usize).min(text.len());
    let gen_col = text
      .get(..byte_col)
      .map(|t| t.chars().count() as u32)
      .unwrap_or(byte_col as u32);
    let m = positions::lookup(&self.mappings, gen_line, gen_col)?;
    let src_col = if m.gen_line == gen_line && m.gen_col <= gen_col {
      m.src_col + (gen_col - m.gen_col)
    } else {
      m.src_col
    };
    Some((m.src_line + 1 + self.fence_lines, src_col + 1))
  }

  /// The text of 1-based line `line` of the model's code.
  pub fn model_line(&self, line: u32) -> Option<&str> {
    self.original.lines().nth(line.checked_sub(1)? as usize)
  }

  /// The model's code, line by line.
  pub fn model_lines(&self) -> std::str::Lines<'_> {
    self.original.lines()
  }
}

#[cfg(test)]
mod tests;
