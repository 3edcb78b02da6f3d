//! `ToolCallInfo` as the JS object in `RunResult.toolCalls`. A large input or output (JSON text
//! of at least [`LAZY_JSON_BYTES`]) is parsed by V8 only when a caller reads it: a 1 MB tool
//! result used to cost ~5 ms of `JSON.parse` per run even when nobody looked at `toolCalls`.
//! Reading it once turns the property into a plain data property holding the parsed value, so
//! it behaves like any other field (assignable, enumerable, `JSON.stringify`-able).

use napi::bindgen_prelude::{
  Array, FromNapiValue, JsObjectValue, JsValue, Object, Property, PropertyAttributes, This, ToNapiValue,
  Unknown,
};
use napi::{sys, Env};
use serde::Serialize;

use super::json_value::json_parse;
use crate::run::report::{JsonText, ToolCallInfo};

/// JSON text this long or longer crosses as a getter that parses on first read; shorter text is
/// parsed right away (a getter costs more than parsing a small value).
pub const LAZY_JSON_BYTES: usize = 16 * 1024;

/// A run's `toolCalls` as one JS array. The records cross as one JSON text that the host parses
/// once (with their small inputs and outputs inline): building each object property by property
/// through napi cost more than the tool call itself in a loop of small calls. A large input or
/// output is `null` there and becomes its lazy getter afterwards, in the same place. Text that
/// does not parse (a backend's output that is not JSON) falls back to one object per call, so its
/// error is the same as before.
pub fn tool_calls_to_js(env: &Env, calls: Vec<ToolCallInfo>) -> napi::Result<sys::napi_value> {
  if calls.is_empty() {
    // SAFETY: forwarded from the caller's environment (an empty array, no parse needed).
    return unsafe { Vec::<ToolCallInfo>::to_napi_value(env.raw(), calls) };
  }
  let (text, lazy) = records_json(&calls);
  let parsed = json_parse(env, text).and_then(|value| {
    // SAFETY: `value` is the live result of JSON.parse of an array literal, in `env`'s scope.
    let array = unsafe { Array::from_napi_value(env.raw(), value.raw()) }?;
    for (index, key, text) in lazy {
      let mut record: Object = array
        .get(index)?
        .ok_or_else(|| napi::Error::from_reason("missing record"))?;
      set_json(&mut record, key, Some(text))?;
    }
    Ok(value.raw())
  });
  match parsed {
    Ok(raw) => Ok(raw),
    // SAFETY: forwarded from the caller's environment, as the derived conversion would be.
    Err(_) => unsafe { Vec::<ToolCallInfo>::to_napi_value(env.raw(), calls) },
  }
}

/// The JSON array of the records, keys in the order of [`ToolCallInfo`]'s object, and the large
/// inputs and outputs left out of it (`null` there): `(record index, key, text)`.
fn records_json(calls: &[ToolCallInfo]) -> (String, Vec<(u32, &'static str, JsonText)>) {
  let inline: usize = calls
    .iter()
    .map(|c| 160 + small_len(&c.input) + small_len(&c.output))
    .sum();
  let mut out = Vec::with_capacity(inline + 2);
  let mut lazy = Vec::new();
  out.push(b'[');
  for (i, call) in calls.iter().enumerate() {
    if i > 0 {
      out.push(b',');
    }
    field(&mut out, "{\"id\":", &call.id);
    field(&mut out, ",\"tool\":", &call.tool);
    field(&mut out, ",\"ok\":", &call.ok);
    field(&mut out, ",\"startMs\":", &call.start_ms);
    field(&mut out, ",\"durationMs\":", &call.duration_ms);
    if let Some(namespace) = &call.namespace {
      field(&mut out, ",\"namespace\":", namespace);
    }
    if let Some(server) = &call.server {
      field(&mut out, ",\"server\":", server);
    }
    let values = [
      ("input", ",\"input\":", &call.input),
      ("output", ",\"output\":", &call.output),
    ];
    for (key, prefix, text) in values {
      let Some(text) = text else { continue };
      out.extend_from_slice(prefix.as_bytes());
      if text.0.len() < LAZY_JSON_BYTES {
        out.extend_from_slice(text.0.as_bytes());
      } else {
        out.extend_from_slice(b"null");
        lazy.push((i as u32, key, text.clone()));
      }
    }
    if let Some(error) = &call.error {
      field(&mut out, ",\"error\":", error);
    }
    out.push(b'}');
  }
  out.push(b']');
  // Every piece is UTF-8: serde_json's output and the records' own JSON text.
  (String::from_utf8(out).unwrap_or_default(), lazy)
}

fn small_len(text: &Option<JsonText>) -> usize {
  text
    .as_ref()
    .map_or(0, |t| if t.0.len() < LAZY_JSON_BYTES { t.0.len() } else { 4 })
}

/// Appends `prefix` and `value` as JSON (a non-finite number as `null`, as JSON.stringify would).
fn field(out: &mut Vec<u8>, prefix: &str, value: &(impl Serialize + ?Sized)) {
  out.extend_from_slice(prefix.as_bytes());
  if serde_json::to_writer(&mut *out, value).is_err() {
    out.extend_from_slice(b"null");
  }
}

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

#[cfg(test)]
mod tests {
  use super::*;

  fn call(id: &str, input: Option<&str>, output: Option<&str>, error: Option<&str>) -> ToolCallInfo {
    ToolCallInfo {
      id: id.into(),
      tool: "échö \"t\"".into(),
      namespace: Some("ns\n1".into()),
      server: None,
      input: input.map(|t| JsonText(t.into())),
      ok: error.is_none(),
      output: output.map(|t| JsonText(t.into())),
      error: error.map(Into::into),
      start_ms: 1.25,
      duration_ms: f64::NAN,
    }
  }

  /// The batch text must itself be JSON (else every run would take the slow fallback).
  #[test]
  fn records_are_one_json_array_with_large_values_left_out_in_place() {
    let big = format!("\"{}\"", "x".repeat(LAZY_JSON_BYTES));
    let calls = [
      call("call_1", Some(r#"{"a":[1,"\u2028🚀"]}"#), Some("null"), None),
      call("call_2", Some(&big), None, Some("bad \"quote\" \\ 🚀")),
    ];
    let (text, lazy) = records_json(&calls);
    let parsed: serde_json::Value = serde_json::from_str(&text).expect("the records are JSON");
    assert_eq!(
      parsed,
      serde_json::json!([
        { "id": "call_1", "tool": "échö \"t\"", "ok": true, "startMs": 1.25, "durationMs": null,
          "namespace": "ns\n1", "input": { "a": [1, "\u{2028}🚀"] }, "output": null },
        { "id": "call_2", "tool": "échö \"t\"", "ok": false, "startMs": 1.25, "durationMs": null,
          "namespace": "ns\n1", "input": null, "error": "bad \"quote\" \\ 🚀" },
      ])
    );
    assert_eq!(lazy.len(), 1);
    assert_eq!(
      (lazy[0].0, lazy[0].1, lazy[0].2 .0.as_str()),
      (1, "input", big.as_str())
    );
  }
}
