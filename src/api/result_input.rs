//! `formatResult`'s input: a JS `RunResult`, or anything passed as one, read into a
//! [`ResultText`] one field at a time. Only the fields the text shows are read, and only when
//! they have the type they should; anything else counts as missing. A getter or proxy trap that
//! throws counts as missing too (its exception is cleared). The value goes through the host's
//! own `JSON.stringify(value)`: exact JS semantics at any depth V8 allows, and a value it refuses
//! (a BigInt, a cycle) is shown with the reason. The compact text is laid out in Rust, which
//! stops at the budget; `JSON.stringify(value, null, 2)` would build indentation quadratic in
//! the depth. Nothing here throws, and the work is linear in what is read.

use napi::bindgen_prelude::{Array, FromNapiValue, Function, JsObjectValue, JsValue, Object, Unknown};
use napi::{sys, Env, ValueType};

use crate::prompt::result_text::{ErrorText, LogText, ResultText, ValueText};

/// Entries read from one array; the rest of a longer (or hostile, sparse) one is only counted.
const MAX_ENTRIES: u32 = 100_000;

/// The parts of `result` that `format_result` shows.
pub fn read_result(env: &Env, result: &Unknown) -> ResultText {
  let mut out = ResultText::default();
  let Some(obj) = object(result) else {
    return out;
  };
  out.ok = get(env, &obj, "ok").and_then(|v| boolean(&v));
  out.value = match get(env, &obj, "value") {
    None => ValueText::Absent,
    Some(value) => stringify(env, &value),
  };
  out.error = get(env, &obj, "error").and_then(|e| read_error(env, &e));

  let unread = each_entry(env, get(env, &obj, "logs"), |entry| {
    if let Some(message) = string(&entry) {
      out.logs.push(LogText {
        level: "log".into(),
        message,
      });
    } else if let Some(entry) = object(&entry) {
      let message = get(env, &entry, "message").and_then(|m| string(&m));
      let level = get(env, &entry, "level").and_then(|l| string(&l));
      if let Some(message) = message {
        let level = level.unwrap_or_else(|| "log".into());
        out.logs.push(LogText { level, message });
      }
    }
  });
  if unread > 0 {
    out.logs.push(LogText {
      level: "log".into(),
      message: format!("… [{unread} more console entries not read]"),
    });
  }

  let unread = each_entry(env, get(env, &obj, "warnings"), |entry| {
    out.warnings.extend(string(&entry));
  });
  if unread > 0 {
    out.warnings.push(format!("… [{unread} more warnings not read]"));
  }

  let unread = each_entry(env, get(env, &obj, "toolCalls"), |entry| {
    let Some(call) = object(&entry) else {
      return;
    };
    let field = |key: &str| get(env, &call, key).and_then(|v| string(&v));
    let tool = field("tool").unwrap_or_else(|| "(unnamed)".into());
    let name = match field("namespace") {
      Some(ns) => format!("{ns}.{tool}"),
      None => tool,
    };
    let ok = get(env, &call, "ok").and_then(|v| boolean(&v)) != Some(false);
    out.tool_calls.add(&name, ok);
  });
  out.tool_calls.total += unread as usize;
  out
}

fn read_error(env: &Env, error: &Unknown) -> Option<ErrorText> {
  if let Some(message) = string(error) {
    return Some(ErrorText {
      message,
      ..ErrorText::default()
    });
  }
  let obj = object(error)?;
  let text = |key: &str| get(env, &obj, key).and_then(|v| string(&v));
  let position = |key: &str| get(env, &obj, key).and_then(|v| position(&v));
  Some(ErrorText {
    name: text("name").unwrap_or_default(),
    message: text("message").unwrap_or_default(),
    hint: text("hint"),
    line: position("line"),
    column: position("column"),
    tool: text("tool"),
  })
}

/// `JSON.stringify(value)` in the host, or why it has no JSON form.
fn stringify(env: &Env, value: &Unknown) -> ValueText {
  let attempt = || -> napi::Result<Option<String>> {
    let json: Object = env.get_global()?.get_named_property("JSON")?;
    let stringify: Function<Unknown, Unknown> = json.get_named_property("stringify")?;
    let text = stringify.call(*value)?;
    Ok(string(&text))
  };
  match attempt() {
    Ok(Some(text)) => ValueText::Json(text),
    Ok(None) => ValueText::Unshowable(match value.get_type() {
      Ok(ValueType::Function) => "a function".into(),
      Ok(ValueType::Symbol) => "a symbol".into(),
      _ => "JSON.stringify gave no text".into(),
    }),
    Err(err) => {
      clear_exception(env);
      ValueText::Unshowable(err.reason)
    }
  }
}

/// Calls `f` with each entry of `array` (when it is one) up to [`MAX_ENTRIES`]; returns how
/// many entries were left unread.
fn each_entry(env: &Env, array: Option<Unknown>, mut f: impl FnMut(Unknown)) -> u32 {
  let Some(array) = array.filter(|a| a.is_array().unwrap_or(false)) else {
    return 0;
  };
  // SAFETY: `array` is a live value of this call and `is_array` said it is an array.
  let Ok(array) = (unsafe { Array::from_napi_value(env.raw(), array.raw()) }) else {
    clear_exception(env);
    return 0;
  };
  let len = array.len();
  for i in 0..len.min(MAX_ENTRIES) {
    match array.get::<Unknown>(i) {
      Ok(Some(entry)) => f(entry),
      Ok(None) => {}
      Err(_) => clear_exception(env),
    }
  }
  len.saturating_sub(MAX_ENTRIES)
}

/// `obj[key]`, or `None` when it is `undefined` or reading it threw.
fn get<'e>(env: &Env, obj: &Object<'e>, key: &str) -> Option<Unknown<'e>> {
  match obj.get_named_property::<Unknown>(key) {
    Ok(v) if v.get_type().ok()? != ValueType::Undefined => Some(v),
    Ok(_) => None,
    Err(_) => {
      clear_exception(env);
      None
    }
  }
}

fn object<'e>(v: &Unknown<'e>) -> Option<Object<'e>> {
  match v.get_type() {
    // SAFETY: the value is an object, as `get_type` just said.
    Ok(ValueType::Object) => unsafe { v.cast::<Object>() }.ok(),
    _ => None,
  }
}

fn string(v: &Unknown) -> Option<String> {
  match v.get_type() {
    // SAFETY: the value is a string, as `get_type` just said.
    Ok(ValueType::String) => unsafe { v.cast::<String>() }.ok(),
    _ => None,
  }
}

fn boolean(v: &Unknown) -> Option<bool> {
  match v.get_type() {
    // SAFETY: the value is a boolean, as `get_type` just said.
    Ok(ValueType::Boolean) => unsafe { v.cast::<bool>() }.ok(),
    _ => None,
  }
}

/// A 1-based line or column: a positive integer that fits a `u32`.
fn position(v: &Unknown) -> Option<u32> {
  let n = match v.get_type() {
    // SAFETY: the value is a number, as `get_type` just said.
    Ok(ValueType::Number) => unsafe { v.cast::<f64>() }.ok()?,
    _ => return None,
  };
  (n >= 1.0 && n <= u32::MAX as f64 && n.fract() == 0.0).then_some(n as u32)
}

/// Clears the exception a failed property read or call may have left pending, so the caller
/// can go on and return normally.
pub(super) fn clear_exception(env: &Env) {
  let mut pending = false;
  // SAFETY: `env` is the env of the current call on Node's main thread; both functions only
  // read and reset its exception state, and the cleared exception is dropped with the scope.
  unsafe {
    if sys::napi_is_exception_pending(env.raw(), &mut pending) == sys::Status::napi_ok && pending {
      let mut exception = std::ptr::null_mut();
      sys::napi_get_and_clear_last_exception(env.raw(), &mut exception);
    }
  }
}
