//! JS conversions of the report types: JSON text becomes a JS value through the host's own
//! `JSON.parse` (exact JSON semantics, no nesting or size limits beyond V8's, no intermediate
//! Rust tree), the report's enums become their strings, and a `RunEvent` an object with only
//! the fields its kind has (typed as a union in `typings-header.d.ts`).

use napi::bindgen_prelude::{Function, JsObjectValue, JsValue, Object, ToNapiValue, TypeName, Unknown};
use napi::{sys, Env, ValueType};

use crate::run::report::{EventKind, JsonText, LogLevel, RunEvent};

impl TypeName for JsonText {
  fn type_name() -> &'static str {
    "unknown"
  }
  fn value_type() -> ValueType {
    ValueType::Unknown
  }
}

impl ToNapiValue for JsonText {
  unsafe fn to_napi_value(raw_env: sys::napi_env, val: Self) -> napi::Result<sys::napi_value> {
    Ok(json_parse(&Env::from_raw(raw_env), val.0)?.raw())
  }
}

/// The value of JSON `text`, parsed by the host's own `JSON.parse` (its throw, as an error, for
/// text that is not JSON).
pub(super) fn json_parse<'env>(env: &'env Env, text: String) -> napi::Result<Unknown<'env>> {
  let json: napi::bindgen_prelude::Object = env.get_global()?.get_named_property("JSON")?;
  let parse: Function<String, Unknown> = json.get_named_property("parse")?;
  parse.call(text)
}

/// Implements `ToNapiValue` (as its string) and `TypeName` for a report enum with `as_str`.
macro_rules! as_js_string {
  ($ty:ty) => {
    impl TypeName for $ty {
      fn type_name() -> &'static str {
        "string"
      }
      fn value_type() -> ValueType {
        ValueType::String
      }
    }

    impl ToNapiValue for $ty {
      unsafe fn to_napi_value(env: sys::napi_env, val: Self) -> napi::Result<sys::napi_value> {
        // SAFETY: forwarded unchanged from napi's own call of this function.
        unsafe { <&str>::to_napi_value(env, val.as_str()) }
      }
    }
  };
}

as_js_string!(LogLevel);
as_js_string!(EventKind);

impl TypeName for RunEvent {
  fn type_name() -> &'static str {
    "RunEvent"
  }
  fn value_type() -> ValueType {
    ValueType::Object
  }
}

/// Sets `name` on `object` when `value` is set (an absent field stays absent, not `undefined`).
pub(super) fn set_if<T: ToNapiValue>(object: &mut Object, name: &str, value: Option<T>) -> napi::Result<()> {
  match value {
    Some(v) => object.set_named_property(name, v),
    None => Ok(()),
  }
}

impl ToNapiValue for RunEvent {
  unsafe fn to_napi_value(raw_env: sys::napi_env, val: Self) -> napi::Result<sys::napi_value> {
    let env = Env::from_raw(raw_env);
    let mut o = Object::new(&env)?;
    o.set_named_property("type", val.kind)?;
    set_if(&mut o, "level", val.level)?;
    set_if(&mut o, "message", val.message)?;
    set_if(&mut o, "timeMs", val.time_ms)?;
    set_if(&mut o, "id", val.id)?;
    set_if(&mut o, "tool", val.tool)?;
    set_if(&mut o, "namespace", val.namespace)?;
    set_if(&mut o, "server", val.server)?;
    set_if(&mut o, "progress", val.progress)?;
    set_if(&mut o, "total", val.total)?;
    set_if(&mut o, "state", val.state)?;
    set_if(&mut o, "input", val.input)?;
    set_if(&mut o, "output", val.output)?;
    set_if(&mut o, "error", val.error)?;
    set_if(&mut o, "durationMs", val.duration_ms)?;
    Ok(o.raw())
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  /// Each event kind has its variant in the typings' `RunEvent` union (the match fails to
  /// compile when a kind is added, until it is listed here and typed).
  #[test]
  fn every_event_kind_is_a_variant_of_the_typed_union() {
    let header = include_str!("typings-header.d.ts");
    let kinds = [
      EventKind::Log,
      EventKind::ToolCall,
      EventKind::ToolResult,
      EventKind::ToolError,
      EventKind::ToolProgress,
      EventKind::McpServer,
    ];
    for kind in kinds {
      match kind {
        EventKind::Log
        | EventKind::ToolCall
        | EventKind::ToolResult
        | EventKind::ToolError
        | EventKind::ToolProgress
        | EventKind::McpServer => {}
      }
      assert!(
        header.contains(&format!("  type: '{}'\n", kind.as_str())),
        "{}",
        kind.as_str()
      );
    }
  }
}
