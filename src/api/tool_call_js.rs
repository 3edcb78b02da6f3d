//! `ToolCallInfo` as the JS object in `RunResult.toolCalls`. A large input or output (JSON text
//! of at least [`LAZY_JSON_BYTES`]) is parsed by V8 only when a caller reads it: a 1 MB tool
//! result used to cost ~5 ms of `JSON.parse` per run even when nobody looked at `toolCalls`.
//! Reading it once turns the property into a plain data property holding the parsed value, so
//! it behaves like any other field (assignable, enumerable, `JSON.stringify`-able).

use napi::bindgen_prelude::{
  JsObjectValue, JsValue, Object, Property, PropertyAttributes, This, ToNapiValue, Unknown,
};
use napi::{sys, Env};

use crate::run::report::{JsonText, ToolCallInfo};

/// JSON text this long or longer crosses as a getter that parses on first read; shorter text is
/// parsed right away (a getter costs more than parsing a small value).
pub const LAZY_JSON_BYTES: usize = 16 * 1024;

impl ToNapiValue for ToolCallInfo {
  unsafe fn to_napi_value(raw_env: sys::napi_env, val: Self) -> napi::Result<sys::napi_value> {
    let env = Env::from_raw(raw_env);
    let mut obj = Object::new(&env)?;
    // Same keys, in the same order, as the derived conversion: fields always present first,
    // then the optional ones that have a value.
    obj.set_named_property("id", val.id)?;
    obj.set_named_property("tool", val.tool)?;
    obj.set_named_property("ok", val.ok)?;
    obj.set_named_property("startMs", val.start_ms)?;
    obj.set_named_property("durationMs", val.duration_ms)?;
    if let Some(namespace) = val.namespace {
      obj.set_named_property("namespace", namespace)?;
    }
    if let Some(server) = val.server {
      obj.set_named_property("server", server)?;
    }
    set_json(&mut obj, "input", val.input)?;
    set_json(&mut obj, "output", val.output)?;
    if let Some(error) = val.error {
      obj.set_named_property("error", error)?;
    }
    Ok(obj.raw())
  }
}

fn set_json(obj: &mut Object<'_>, key: &'static str, text: Option<JsonText>) -> napi::Result<()> {
  let Some(text) = text else { return Ok(()) };
  if text.0.len() < LAZY_JSON_BYTES {
    return obj.set_named_property(key, text);
  }
  let getter = Property::new()
    .with_utf8_name(key)?
    .with_getter_closure(move |env: Env, mut this: This| -> napi::Result<sys::napi_value> {
      // SAFETY: `env` is the live environment of this getter call; JsonText's conversion parses
      // a copy of the text with the host's `JSON.parse`.
      let value = unsafe { JsonText::to_napi_value(env.raw(), text.clone())? };
      define_value(&env, &mut this, key, value)?;
      Ok(value)
    })
    .with_setter_closure(
      move |env: Env, mut this: This, value: Unknown<'static>| -> napi::Result<()> {
        define_value(&env, &mut this, key, value.raw())
      },
    )
    .with_property_attributes(PropertyAttributes::Enumerable | PropertyAttributes::Configurable);
  obj.define_properties(&[getter])
}

/// Replaces the accessor with a plain writable, enumerable, configurable data property.
fn define_value(env: &Env, this: &mut Object<'_>, key: &str, value: sys::napi_value) -> napi::Result<()> {
  let property = Property::new()
    .with_utf8_name(key)?
    .with_napi_value(env, value)?
    .with_property_attributes(PropertyAttributes::default());
  this.define_properties(&[property])
}
