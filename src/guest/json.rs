//! The one place guest values become JSON text, for program results and tool inputs alike:
//! JSON.stringify semantics (`toJSON`, so a Date becomes its ISO string; `NaN` becomes null;
//! nested `undefined`/functions dropped), with `undefined` at the top kept as "no value".

use rquickjs::{Ctx, Value};

/// Why a value has no JSON form.
#[derive(Debug, Clone, PartialEq)]
pub enum NotJson {
  /// JSON.stringify gives nothing for it (a function or symbol at the top).
  NoRepresentation(&'static str),
  /// JSON.stringify threw (a BigInt, a cycle, a throwing `toJSON`); the message says why.
  Failed(String),
}

/// JSON text of `value`; `Ok(None)` for `undefined`.
pub fn to_json<'js>(ctx: &Ctx<'js>, value: Value<'js>) -> Result<Option<String>, NotJson> {
  if value.is_undefined() {
    return Ok(None);
  }
  let kind = if value.is_function() {
    "function"
  } else if value.is_symbol() {
    "symbol"
  } else {
    "value"
  };
  match ctx.json_stringify(value) {
    Ok(Some(s)) => Ok(Some(super::exception::lossy_string(&s))),
    Ok(None) => Err(NotJson::NoRepresentation(kind)),
    Err(_) => {
      let thrown = ctx.catch();
      let message = thrown
        .as_object()
        .and_then(|o| o.get::<_, rquickjs::String>("message").ok())
        .map(|m| super::exception::lossy_string(&m))
        .unwrap_or_else(|| "the value cannot be converted to JSON".into());
      Err(NotJson::Failed(message))
    }
  }
}
