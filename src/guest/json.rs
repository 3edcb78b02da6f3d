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
  /// It holds a Promise, which JSON would turn into `{}`: a forgotten `await`. The key it was
  /// found under (empty at the top).
  Promise(String),
}

/// What to say about a Promise found where data was expected.
pub fn promise_message(key: &str) -> String {
  if key.is_empty() {
    "is a Promise, not data: did you forget `await`?".to_string()
  } else {
    format!("holds a Promise under the key \"{key}\", not data: did you forget `await`?")
  }
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
  match ctx.json_stringify(value.clone()) {
    // A Promise becomes `{}`; only then is the slower search for one worth it.
    Ok(Some(s)) => {
      let text = super::exception::lossy_string(&s);
      if text.contains("{}") {
        if let Some(key) = find_promise(ctx, value) {
          return Err(NotJson::Promise(key));
        }
      }
      Ok(Some(text))
    }
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

/// The key of the first Promise JSON.stringify meets in `value`, if any (a replacer that
/// watches every value it is given, after `toJSON`).
fn find_promise<'js>(ctx: &Ctx<'js>, value: Value<'js>) -> Option<String> {
  let found: std::rc::Rc<std::cell::RefCell<Option<String>>> = Default::default();
  let seen = found.clone();
  let replacer = rquickjs::Function::new(
    ctx.clone(),
    move |key: rquickjs::Coerced<std::string::String>, v: Value<'js>| {
      if v.is_promise() && seen.borrow().is_none() {
        *seen.borrow_mut() = Some(key.0);
      }
      v
    },
  )
  .ok()?;
  if value.is_promise() {
    return Some(String::new());
  }
  let _ = ctx.json_stringify_replacer(value, replacer);
  let _ = ctx.catch();
  let key = found.borrow_mut().take();
  key
}
