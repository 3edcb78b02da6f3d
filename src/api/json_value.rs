//! JS conversions of the report types: JSON text becomes a JS value through the host's own
//! `JSON.parse` (exact JSON semantics, no nesting or size limits beyond V8's, no intermediate
//! Rust tree), and the report's enums become their strings.

use napi::bindgen_prelude::{Function, JsObjectValue, JsValue, ToNapiValue, TypeName, Unknown};
use napi::{sys, Env, ValueType};

use crate::run::report::{EventKind, JsonText, LogLevel};

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
    let env = Env::from_raw(raw_env);
    let json: napi::bindgen_prelude::Object = env.get_global()?.get_named_property("JSON")?;
    let parse: Function<String, Unknown> = json.get_named_property("parse")?;
    let value = parse.call(val.0)?;
    Ok(value.raw())
  }
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
