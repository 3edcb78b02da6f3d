//! Standalone helpers exported next to the classes.

use napi::bindgen_prelude::{Function, JsObjectValue, JsValue, Object, Unknown};
use napi::Env;
use napi_derive::napi;

use crate::source;

/// Strips TypeScript types from `code` with oxc (never with regexes), keeping everything else:
/// interfaces, type aliases, generics, `as`, `satisfies`, `!` and type-only imports are removed;
/// enums and parameter properties become plain JavaScript.
///
/// Throws a `SyntaxError` with `code: 'ERR_SYNTAX'`, `line` and `column` when the code does not parse.
///
/// @example
/// ```ts
/// stripTypes('const n: number = f<string>(x as any)') // 'const n = f(x);\n'
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
  #[napi(ts_arg_type = "Record<string, unknown> | boolean")] schema: serde_json::Value,
  options: Option<super::options::TypeScriptOptions>,
) -> String {
  let options = options.unwrap_or_default();
  let ts = crate::codegen::TsOptions {
    name: None,
    indent: options.indent.map(|i| i.min(16) as usize).unwrap_or(2),
    compact: false,
  };
  crate::codegen::schema_to_declaration(options.name.as_deref().unwrap_or("Root"), &schema, &ts)
}
