//! The one place guest values become JSON text, for program results and tool inputs alike:
//! JSON.stringify semantics (`toJSON`, so a Date becomes its ISO string; `NaN` becomes null;
//! nested `undefined`/functions dropped), with `undefined` at the top kept as "no value".
//!
//! Values JSON would mangle (a Map or Set becomes `{}`, a typed array an index-keyed object, an
//! Error loses its message, a BigInt throws, a Promise becomes `{}`) are found by the
//! bootstrap's `toData`, called only when the plain text looks mangled, so ordinary data pays
//! for one `JSON.stringify` and a substring search.

use rquickjs::{Array, Ctx, Function, Value};

use super::exception::lossy_string;

/// Why a value has no JSON form.
#[derive(Debug, Clone, PartialEq)]
pub enum NotJson {
  /// JSON.stringify gives nothing for it (a function or symbol at the top).
  NoRepresentation(&'static str),
  /// JSON.stringify threw (a cycle, a throwing `toJSON`); the message says why.
  Failed(String),
  /// It holds a Promise, which JSON would turn into `{}`: a forgotten `await`. The key it was
  /// found under (empty at the top).
  Promise(String),
}

/// A value JSON would have mangled, given a JSON form: its kind (`Map`, `Map entries`, `Set`,
/// `BigInt`, `Error` or a typed array's name) and the key of its first occurrence.
#[derive(Debug, Clone, PartialEq)]
pub struct Conversion {
  pub kind: String,
  pub key: String,
}

/// JSON text of a value (`None` for `undefined`) and the conversions it needed.
pub type Data = (Option<String>, Vec<Conversion>);

/// What to say about a Promise found where data was expected.
pub fn promise_message(key: &str) -> String {
  if key.is_empty() {
    "is a Promise, not data: did you forget `await`?".to_string()
  } else {
    format!("holds a Promise under the key \"{key}\", not data: did you forget `await`?")
  }
}

/// Where a converted value was, for messages: `under the key "k"` or nothing at the top.
pub fn location(key: &str) -> String {
  if key.is_empty() {
    String::new()
  } else {
    format!(" under the key \"{key}\"")
  }
}

/// True when plain JSON text may hide a mangled value: an empty object (Map, Set, Error,
/// Promise, empty typed array) or an index-keyed one (a typed array).
fn looks_mangled(text: &str) -> bool {
  text.contains("{}") || text.contains("{\"0\":")
}

/// JSON text of `value`, converting what JSON would mangle with the bootstrap's `to_data`.
pub fn to_json<'js>(
  ctx: &Ctx<'js>,
  value: Value<'js>,
  to_data: Option<&Function<'js>>,
) -> Result<Data, NotJson> {
  if value.is_undefined() {
    return Ok((None, Vec::new()));
  }
  let kind = if value.is_function() {
    "function"
  } else if value.is_symbol() {
    "symbol"
  } else {
    "value"
  };
  match ctx.json_stringify(value.clone()) {
    Ok(Some(s)) => {
      let text = lossy_string(&s);
      match to_data {
        Some(f) if looks_mangled(&text) => converted(ctx, f, value),
        _ => Ok((Some(text), Vec::new())),
      }
    }
    Ok(None) => Err(NotJson::NoRepresentation(kind)),
    Err(_) => {
      let message = thrown_message(ctx);
      match to_data {
        // A BigInt throws in plain JSON; `toData` gives it a form.
        Some(f) => converted(ctx, f, value),
        None => Err(NotJson::Failed(message)),
      }
    }
  }
}

/// The slow path: `toData(value)` → `[text, [[kind, key], …]]`.
fn converted<'js>(ctx: &Ctx<'js>, to_data: &Function<'js>, value: Value<'js>) -> Result<Data, NotJson> {
  let out: Array = match to_data.call((value,)) {
    Ok(out) => out,
    Err(_) => return Err(NotJson::Failed(thrown_message(ctx))),
  };
  let text: Option<rquickjs::String> = out.get(0).ok().flatten();
  let found: Array = out
    .get(1)
    .map_err(|_| NotJson::Failed("internal: no conversions".into()))?;
  let mut conversions = Vec::new();
  for pair in found.iter::<Array>().flatten() {
    let kind: String = pair.get(0).unwrap_or_default();
    let key: String = pair.get(1).unwrap_or_default();
    if kind == "Promise" {
      return Err(NotJson::Promise(key));
    }
    conversions.push(Conversion { kind, key });
  }
  match text {
    Some(t) => Ok((Some(lossy_string(&t)), conversions)),
    None => Err(NotJson::NoRepresentation("value")),
  }
}

/// The message of the exception just thrown, taken off the context.
fn thrown_message(ctx: &Ctx<'_>) -> String {
  let thrown = ctx.catch();
  thrown
    .as_object()
    .and_then(|o| o.get::<_, rquickjs::String>("message").ok())
    .map(|m| lossy_string(&m))
    .unwrap_or_else(|| "the value cannot be converted to JSON".into())
}

/// The warning for a result value converted to a JSON form.
pub fn result_warning(c: &Conversion) -> String {
  let at = location(&c.key);
  let what = match c.kind.as_str() {
    "Map" => "a Map became an object (its keys as fields)".to_string(),
    "Map entries" => "a Map with non-string keys became an array of [key, value] pairs".to_string(),
    "Set" => "a Set became an array".to_string(),
    "BigInt" => "a BigInt became a string".to_string(),
    "Error" => "an Error became { name, message }".to_string(),
    typed => format!("{} became an array of numbers", with_article(typed)),
  };
  format!("In the result{at}, {what} so JSON could carry it; convert it yourself to choose another form.")
}

/// `a Map`, `an Int32Array`.
pub fn with_article(kind: &str) -> String {
  // `U` of `Uint8Array` sounds like "you": a consonant.
  let vowel = kind.starts_with(['A', 'E', 'I', 'O']);
  format!("{} {kind}", if vowel { "an" } else { "a" })
}

/// How to pass a value a tool input cannot carry.
pub fn input_fix(kind: &str) -> &'static str {
  match kind {
    "Map" | "Map entries" => "Object.fromEntries(map) (or [...map] for entries)",
    "Set" => "[...set]",
    "BigInt" => "String(n) or Number(n)",
    "Error" => "{ name: e.name, message: e.message }",
    _ => "Array.from(typedArray)",
  }
}
