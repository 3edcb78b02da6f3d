//! Standalone helpers exported next to the classes.

use napi::bindgen_prelude::{Function, JsObjectValue, JsValue, Object, Unknown};
use napi::Env;
use napi_derive::napi;

use super::options::{FormatResultOptions, TypeScriptOptions, FORMAT_RESULT_OPTIONS, TYPESCRIPT_OPTIONS};
use super::strict_options::read_options;
use crate::error::HostError;
use crate::prompt::result_text;
use crate::source;

/// Strips TypeScript types from `code` with oxc (never with regexes), keeping everything else:
/// interfaces, type aliases, generics, `as`, `satisfies`, `!` and type-only imports are removed;
/// enums and parameter properties become plain JavaScript.
///
/// Throws a `SyntaxError` with `code: 'ERR_SYNTAX'`, `line` and `column` when the code does not parse.
///
/// @example
/// ```ts
/// stripTypes('const n: number = f<string>(x as any)').trim() // 'const n = f(x);'
/// ```
#[napi(catch_unwind)]
pub fn strip_types(env: Env, code: String) -> napi::Result<String> {
  source::strip_types(&code).map_err(|err| {
    let build = || -> napi::Result<napi::Error> {
      let ctor: Function<String, Unknown> = env.get_global()?.get_named_property("SyntaxError")?;
      // SAFETY: `new SyntaxError(...)` returns an object.
      let mut obj: Object = unsafe { ctor.new_instance(err.message.clone())?.cast()? };
      obj.set_named_property("code", "ERR_SYNTAX")?;
      obj.set_named_property("line", err.line)?;
      obj.set_named_property("column", err.column)?;
      Ok(napi::Error::from(obj.to_unknown()))
    };
    build().unwrap_or_else(|e| e)
  })
}

/// Converts a JSON Schema (draft-07 or 2020-12, as MCP servers and zod emit them) to a
/// TypeScript declaration `type Name = ...;` plus the named types it needs (`$defs`, recursion),
/// with descriptions and constraints as JSDoc. Unsupported keywords become `unknown` with a
/// comment; the output always compiles.
///
/// @example
/// ```ts
/// jsonSchemaToTypeScript({ type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }, { name: 'Input' })
/// // 'type Input = { city: string };'
/// ```
#[napi(js_name = "jsonSchemaToTypeScript", catch_unwind)]
pub fn json_schema_to_typescript(
  env: Env,
  #[napi(ts_arg_type = "Record<string, unknown> | boolean")] schema: serde_json::Value,
  #[napi(ts_arg_type = "TypeScriptOptions")] options: Option<Unknown>,
) -> napi::Result<String> {
  let options: TypeScriptOptions = read_options(options, &TYPESCRIPT_OPTIONS)
    .map_err(|m| invalid(&env, m))?
    .unwrap_or_default();
  let indent = match options.indent {
    None => 2,
    Some(i) if i >= 0.0 && i.fract() == 0.0 => (i as usize).min(16),
    Some(i) => {
      return Err(invalid(
        &env,
        format!("options.indent must be a whole number of spaces (0 or more); got {i}."),
      ))
    }
  };
  let ts = crate::codegen::TsOptions {
    name: None,
    indent,
    compact: false,
  };
  Ok(crate::codegen::schema_to_declaration(
    options.name.as_deref().unwrap_or("Root"),
    &schema,
    &ts,
  ))
}

fn invalid(env: &Env, message: String) -> napi::Error {
  super::to_napi_error(env, HostError::InvalidOptions(message))
}

/// The model-facing text of a `RunResult`: the error (`name: message`, line and column, the
/// offending line of the model's code when `options.code` is given, and the hint), the value as
/// 2-space JSON, console lines (with their level unless `log`), warnings and a one-line tool-call
/// summary. Past `maxChars` the value, console and warnings share the budget and are cut with
/// markers saying how much is missing; the error and its hint are kept. The same result always
/// gives the same text. It never throws for the result, whatever it holds (a partial object, a
/// value with no JSON form); only invalid options throw (`ERR_INVALID_OPTIONS`).
///
/// @example
/// ```ts
/// const code = `const user = await tools.getUser({ id: 1 })
/// return user.profile.name`
/// const result = await cm.run(code)
/// formatResult(result, { code })
/// // Error: TypeError: cannot read property 'name' of undefined
/// // At line 2, column 8:
/// // > 2 | return user.profile.name
/// //     |        ^
/// // Hint: Your code threw an error that nothing caught; wrap risky calls in try/catch or fix the cause.
/// //
/// // Tool calls: 1
/// ```
#[napi(catch_unwind)]
pub fn format_result(
  env: Env,
  #[napi(ts_arg_type = "RunResult")] result: Unknown,
  #[napi(ts_arg_type = "FormatResultOptions")] options: Option<Unknown>,
) -> napi::Result<String> {
  let options: FormatResultOptions = read_options(options, &FORMAT_RESULT_OPTIONS)
    .map_err(|m| invalid(&env, m))?
    .unwrap_or_default();
  let max_chars = match options.max_chars {
    None => result_text::DEFAULT_MAX_CHARS,
    Some(n) if n >= 0.0 && n.fract() == 0.0 && n <= u32::MAX as f64 => n as usize,
    Some(n) => {
      let message = format!("formatResult: maxChars must be a non-negative integer, got {n}.");
      return Err(invalid(&env, message));
    }
  };
  let text = super::result_input::read_result(&env, &result);
  Ok(result_text::format_result(
    &text,
    options.code.as_deref(),
    max_chars,
  ))
}
