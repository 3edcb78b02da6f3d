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
#[napi]
pub fn strip_types(env: Env, code: String) -> napi::Result<String> {
  source::strip_types(&code).map_err(|err| {
    let build = || -> napi::Result<napi::Error> {
      let ctor: Function<String, Unknown> = env.get_global()?.get_named_property("SyntaxError")?;
      let mut obj: Object = unsafe { ctor.new_instance(err.message.clone())?.cast()? };
      obj.set_named_property("code", "ERR_SYNTAX")?;
      obj.set_named_property("line", err.line)?;
      obj.set_named_property("column", err.column)?;
      Ok(napi::Error::from(obj.to_unknown()))
    };
    build().unwrap_or_else(|e| e)
  })
}
