//! Turns a thrown JS value into a [`RunError`] with the model's own line and column.

use rquickjs::{Ctx, Value};

use crate::error::{ErrorCode, RunError};
use crate::source::{PreparedSource, MODEL_FILE};

const BOOTSTRAP_FILE: &str = "codemode:bootstrap";

/// Reads a property as a string without letting a hostile getter or `toString` escape.
fn string_prop<'js>(v: &Value<'js>, key: &str) -> Option<String> {
  let obj = v.as_object()?;
  let val: Value = obj.get(key).ok()?;
  val.as_string().and_then(|s| s.to_string().ok())
}

/// Best-effort text of a non-Error thrown value (`throw "x"`, `throw {a: 1}`, `throw null`).
fn describe_thrown<'js>(ctx: &Ctx<'js>, v: &Value<'js>) -> String {
  if let Some(s) = v.as_string().and_then(|s| s.to_string().ok()) {
    return s;
  }
  if v.is_undefined() {
    return "undefined".into();
  }
  match ctx.json_stringify(v.clone()) {
    Ok(Some(s)) => s.to_string().unwrap_or_default(),
    _ => {
      let _ = ctx.catch();
      format!("[{}]", v.type_name())
    }
  }
}

/// Rewrites stack frames of model code to model positions and drops the sandbox's own frames.
fn map_stack(stack: &str, source: &PreparedSource) -> (String, Option<(u32, u32)>) {
  let mut first = None;
  let mut out = String::new();
  for line in stack.lines() {
    if line.contains(BOOTSTRAP_FILE) || line.trim().is_empty() {
      continue;
    }
    let mapped = match line.find(MODEL_FILE) {
      Some(at) => {
        let rest = &line[at + MODEL_FILE.len()..];
        let nums: Vec<u32> = rest
          .trim_start_matches(':')
          .split(|c: char| !c.is_ascii_digit())
          .take(2)
          .filter_map(|n| n.parse().ok())
          .collect();
        let pos = match nums.as_slice() {
          [l, c] => source.map_position(*l, *c),
          _ => None,
        };
        match pos {
          Some((l, c)) => {
            if first.is_none() {
              first = Some((l, c));
            }
            let tail_at = rest.find(')').map(|i| &rest[i..]).unwrap_or("");
            format!("{}{MODEL_FILE}:{l}:{c}{tail_at}", &line[..at])
          }
          _ => line.to_string(),
        }
      }
      None => line.to_string(),
    };
    out.push_str(&mapped);
    out.push('\n');
  }
  (out.trim_end().to_string(), first)
}

/// Classifies an uncaught guest exception.
pub fn run_error_from_thrown<'js>(ctx: &Ctx<'js>, thrown: &Value<'js>, source: &PreparedSource) -> RunError {
  let is_error = thrown.as_object().map(|o| o.is_error()).unwrap_or(false);
  if !is_error {
    let text = describe_thrown(ctx, thrown);
    let message = match thrown.type_name() {
      "null" | "undefined" => format!("Uncaught {text} (the program threw {text} instead of an Error)"),
      "string" => format!("Uncaught \"{text}\" (the program threw a string instead of an Error)"),
      other => format!("Uncaught {text} (the program threw a {other} instead of an Error)"),
    };
    return RunError::new(ErrorCode::UncaughtException, "Error", message)
      .with_hint("Throw Error objects (throw new Error('...')) and handle failures with try/catch.");
  }
  let name = string_prop(thrown, "name").unwrap_or_else(|| "Error".into());
  let message = string_prop(thrown, "message").unwrap_or_default();
  let raw_stack = string_prop(thrown, "stack").unwrap_or_default();
  let (stack, position) = map_stack(&raw_stack, source);
  let code = match (name.as_str(), message.as_str()) {
    ("SyntaxError", _) if position.is_some() || raw_stack.is_empty() => ErrorCode::SyntaxError,
    ("InternalError", "out of memory") => ErrorCode::MemoryLimit,
    ("RangeError", m) if m.contains("call stack size exceeded") => ErrorCode::StackOverflow,
    _ => ErrorCode::UncaughtException,
  };
  let mut err = RunError::new(code, &name, message);
  if let Some(hint) = string_prop(thrown, "hint") {
    err.hint = hint;
  }
  err.line = position.map(|p| p.0);
  err.column = position.map(|p| p.1);
  err.stack = (!stack.is_empty()).then_some(stack);
  err
}

#[cfg(test)]
mod tests {
  use super::*;
  use crate::source::prepare;

  #[test]
  fn stack_frames_are_mapped_and_bootstrap_frames_dropped() {
    let src = prepare("a\nb\nc").unwrap();
    let stack =
      "    at f (code.js:3:5)\n    at g (codemode:bootstrap:10:2)\n    at <anonymous> (code.js:4:1)\n";
    let (out, first) = map_stack(stack, &src);
    assert_eq!(first, Some((2, 5)));
    assert_eq!(out, "    at f (code.js:2:5)\n    at <anonymous> (code.js:3:1)");
  }
}
