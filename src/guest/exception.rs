//! Turns a thrown JS value into a [`RunError`] with the model's own line and column.

use rquickjs::{Ctx, Type, Value};

use crate::error::{ErrorCode, RunError};
use crate::source::{PreparedSource, MODEL_FILE};

/// Every script of the sandbox itself is named `codemode:<name>`; its frames are never shown.
const SANDBOX_FILE_PREFIX: &str = "codemode:";

/// A JS string as Rust text; lone surrogates become U+FFFD instead of failing the conversion.
pub fn lossy_string(s: &rquickjs::String<'_>) -> String {
  if let Ok(text) = s.to_string() {
    return text;
  }
  let ctx = s.ctx();
  let mut len: rquickjs::qjs::size_t = 0;
  // SAFETY: `s` is a live string of `ctx`; the returned buffer is released with JS_FreeCString.
  unsafe {
    let ptr = rquickjs::qjs::JS_ToCStringLen2(ctx.as_raw().as_ptr(), &mut len, s.as_raw(), false);
    if ptr.is_null() {
      let _ = ctx.catch();
      return String::new();
    }
    let bytes = std::slice::from_raw_parts(ptr as *const u8, len as usize);
    let text = String::from_utf8_lossy(bytes).into_owned();
    rquickjs::qjs::JS_FreeCString(ctx.as_raw().as_ptr(), ptr);
    text
  }
}

/// Reads a property as a string without letting a hostile getter or `toString` escape.
fn string_prop<'js>(v: &Value<'js>, key: &str) -> Option<String> {
  let obj = v.as_object()?;
  let val: Value = obj.get(key).ok()?;
  val.as_string().map(lossy_string)
}

/// A readable name for the type of a thrown value.
fn kind_of(v: &Value<'_>) -> &'static str {
  match v.type_of() {
    Type::Int | Type::Float => "number",
    Type::BigInt => "BigInt",
    Type::Bool => "boolean",
    Type::Symbol => "symbol",
    Type::Array => "array",
    Type::Function | Type::Constructor => "function",
    _ => "object",
  }
}

/// Best-effort text of a non-Error thrown value (`throw "x"`, `throw {a: 1}`, `throw 1n`).
fn describe_thrown<'js>(ctx: &Ctx<'js>, v: &Value<'js>) -> String {
  if let Some(s) = v.as_string() {
    return lossy_string(s);
  }
  if v.is_undefined() {
    return "undefined".into();
  }
  if let Some(big) = v.as_big_int() {
    return match big.clone().to_i64() {
      Ok(n) => format!("{n}n"),
      Err(_) => "a BigInt".into(),
    };
  }
  if let Some(sym) = v.as_symbol() {
    return match sym
      .description()
      .ok()
      .and_then(|d| d.as_string().map(lossy_string))
    {
      Some(d) => format!("Symbol({d})"),
      None => "Symbol()".into(),
    };
  }
  match ctx.json_stringify(v.clone()) {
    Ok(Some(s)) => lossy_string(&s),
    _ => {
      let _ = ctx.catch();
      format!("[{}]", kind_of(v))
    }
  }
}

/// Maps one `code.js:L:C` stack line to model positions; `None` for the sandbox's own frames.
fn map_frame(line: &str, source: &PreparedSource) -> Option<(String, Option<(u32, u32)>)> {
  if line.contains(SANDBOX_FILE_PREFIX) && line.trim_start().starts_with("at ") {
    return None;
  }
  let Some(at) = line.find(MODEL_FILE) else {
    return Some((line.to_string(), None));
  };
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
      let tail = rest.find(')').map(|i| &rest[i..]).unwrap_or("");
      Some((format!("{}{MODEL_FILE}:{l}:{c}{tail}", &line[..at]), Some((l, c))))
    }
    None => Some((line.to_string(), None)),
  }
}

/// Rewrites stack frames of model code to model positions and drops the sandbox's own frames.
fn map_stack(stack: &str, source: &PreparedSource) -> (String, Option<(u32, u32)>) {
  let mut first = None;
  let mut out = String::new();
  for line in stack.lines().filter(|l| !l.trim().is_empty()) {
    if let Some((mapped, pos)) = map_frame(line, source) {
      first = first.or(pos);
      out.push_str(&mapped);
      out.push('\n');
    }
  }
  (out.trim_end().to_string(), first)
}

/// Maps stack positions inside logged text (e.g. `console.log(err)`), keeping every other line.
pub fn map_positions_in_text(text: &str, source: &PreparedSource) -> String {
  if !text.contains(MODEL_FILE) && !text.contains(SANDBOX_FILE_PREFIX) {
    return text.to_string();
  }
  text
    .split('\n')
    .filter_map(|line| map_frame(line, source).map(|(l, _)| l))
    .collect::<Vec<_>>()
    .join("\n")
}

/// Classifies an uncaught guest exception.
pub fn run_error_from_thrown<'js>(ctx: &Ctx<'js>, thrown: &Value<'js>, source: &PreparedSource) -> RunError {
  let is_error = thrown.as_object().map(|o| o.is_error()).unwrap_or(false);
  if !is_error {
    let text = describe_thrown(ctx, thrown);
    let message = match thrown.type_name() {
      "null" | "undefined" => format!("Uncaught {text} (the program threw {text} instead of an Error)"),
      "string" => format!("Uncaught \"{text}\" (the program threw a string instead of an Error)"),
      _ => {
        let kind = kind_of(thrown);
        let article = if matches!(kind, "object" | "array") {
          "an"
        } else {
          "a"
        };
        format!("Uncaught {text} (the program threw {article} {kind} instead of an Error)")
      }
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
  if name == "ToolError" || name == "ToolInputError" {
    err.tool = string_prop(thrown, "tool");
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
    let src = prepare("a\nfoo.bar()\nc").unwrap();
    let stack =
      "    at f (code.js:3:5)\n    at g (codemode:bootstrap:10:2)\n    at h (codemode:web-url:3:1)\n    at <anonymous> (code.js:4:1)\n";
    let (out, first) = map_stack(stack, &src);
    assert_eq!(first, Some((2, 5)));
    assert_eq!(out, "    at f (code.js:2:5)\n    at <anonymous> (code.js:3:1)");
  }
}
