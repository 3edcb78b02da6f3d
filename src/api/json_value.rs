//! JSON text from the engine becomes a JS value through the host's own `JSON.parse`: exact JSON
//! semantics, no nesting or size limits beyond V8's, and no intermediate Rust tree.

use napi::bindgen_prelude::{
  FromNapiValue, Function, JsObjectValue, JsValue, ToNapiValue, TypeName, Unknown, ValidateNapiValue,
};
use napi::{sys, Env, ValueType};

/// JSON text that crosses to JS as the parsed value (`unknown` in typings).
#[derive(Debug, Clone, PartialEq)]
pub struct JsonValue(pub String);

impl TypeName for JsonValue {
  fn type_name() -> &'static str {
    "unknown"
  }
  fn value_type() -> ValueType {
    ValueType::Unknown
  }
}

impl ValidateNapiValue for JsonValue {}

impl FromNapiValue for JsonValue {
  unsafe fn from_napi_value(_env: sys::napi_env, _val: sys::napi_value) -> napi::Result<Self> {
    Err(napi::Error::from_reason("JsonValue is output-only"))
  }
}

impl ToNapiValue for JsonValue {
  unsafe fn to_napi_value(raw_env: sys::napi_env, val: Self) -> napi::Result<sys::napi_value> {
    let env = Env::from_raw(raw_env);
    let json: napi::bindgen_prelude::Object = env.get_global()?.get_named_property("JSON")?;
    let parse: Function<String, Unknown> = json.get_named_property("parse")?;
    let value = parse.call(val.0)?;
    Ok(value.raw())
  }
}

/// Converts optional JSON text; `None` stays `undefined`.
pub fn json(text: Option<String>) -> Option<JsonValue> {
  text.map(JsonValue)
}
