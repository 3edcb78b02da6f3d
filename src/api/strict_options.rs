//! Strict option objects: every key must be a field the object has, and every value of the type
//! its field declares, before napi converts it. A mistake is an `ERR_INVALID_OPTIONS` that names
//! the field and what was given, with a did-you-mean for a misspelt or misplaced key
//! (`run(code, { timeoutMs })` → "did you mean `{ limits: { timeoutMs } }`?").
//!
//! An options object adopts it with a [`Shape`] (its fields and their kinds) and one call of
//! [`check_object`] on the raw JS value.

use napi::bindgen_prelude::{FromNapiValue, JsObjectValue, JsValue, Object, Unknown};
use napi::ValueType;

use crate::tools::edit_distance;

/// What a field holds. `undefined` is accepted for every field (not given); `null` is not, as
/// napi's conversion of a field refuses it too.
#[derive(Clone, Copy)]
pub enum Kind {
  Number,
  String,
  Boolean,
  Function,
  /// A nested options object, checked against its own shape (`limits`, `annotations`).
  Object(&'static Shape),
  /// A value the caller checks itself (tool lists, schemas, signals); `expected` says what it
  /// must be, `accepts` tells whether it is.
  Custom {
    expected: &'static str,
    accepts: fn(&Unknown) -> bool,
  },
}

/// One field of an options object, by its JS name.
pub struct Field {
  pub name: &'static str,
  pub kind: Kind,
}

/// The fields of an options object, and how messages name it.
pub struct Shape {
  /// One of its fields, in a message: "run option", "limit", "tool definition field".
  pub what: &'static str,
  /// Its fields, in a message: "Run options", "Limits".
  pub plural: &'static str,
  pub fields: &'static [Field],
  /// Keys people write for something else, with the advice to give: `("parameters", "`inputSchema`")`.
  pub advice: &'static [(&'static str, &'static str)],
}

impl Shape {
  fn field(&self, name: &str) -> Option<&Field> {
    self.fields.iter().find(|f| f.name == name)
  }
}

fn reason(e: napi::Error) -> String {
  e.reason.clone()
}

/// Reads an optional options argument strictly and converts it: `undefined` and `null` are
/// `None`; anything but an object, an unknown key or a value of the wrong type is refused.
pub fn read_options<T: FromNapiValue>(value: Option<Unknown>, shape: &Shape) -> Result<Option<T>, String> {
  let Some(value) = value else { return Ok(None) };
  match value.get_type().map_err(reason)? {
    ValueType::Undefined | ValueType::Null => return Ok(None),
    ValueType::Object if !value.is_array().map_err(reason)? => {}
    _ => {
      return Err(format!(
        "{} must be an object; got {}.",
        shape.plural,
        describe(&value)
      ))
    }
  }
  check_object(&value, "options", shape)?;
  // SAFETY: `value` is a live object of this call's environment, checked against `T`'s fields.
  unsafe { T::from_napi_value(value.value().env, value.raw()) }
    .map(Some)
    .map_err(|e| format!("Invalid {}: {}", shape.plural, e.reason))
}

/// Checks the object `value` (the caller has checked it is one) against `shape`; `path` names it
/// in messages (`options`, `options.limits`, `tools[0]`).
pub fn check_object(value: &Unknown, path: &str, shape: &Shape) -> Result<(), String> {
  // SAFETY: the caller checked that `value` is an object; it lives in this call's scope.
  let object: Object = unsafe { value.cast() }.map_err(reason)?;
  for key in Object::keys(&object).map_err(reason)? {
    if shape.field(&key).is_none() {
      return Err(unknown_key(path, &key, shape));
    }
  }
  for field in shape.fields {
    let value: Unknown = object.get_named_property(field.name).map_err(reason)?;
    check_value(&value, &format!("{path}.{}", field.name), field.kind)?;
  }
  Ok(())
}

/// Checks one value against the kind of its field; `path` names it in messages.
pub fn check_value(value: &Unknown, path: &str, kind: Kind) -> Result<(), String> {
  let ty = value.get_type().map_err(reason)?;
  if ty == ValueType::Undefined {
    return Ok(());
  }
  let expected = match kind {
    Kind::Number if ty == ValueType::Number => return Ok(()),
    Kind::String if ty == ValueType::String => return Ok(()),
    Kind::Boolean if ty == ValueType::Boolean => return Ok(()),
    Kind::Function if ty == ValueType::Function => return Ok(()),
    Kind::Object(shape) if ty == ValueType::Object && !value.is_array().map_err(reason)? => {
      return check_object(value, path, shape)
    }
    Kind::Custom { accepts, .. } if accepts(value) => return Ok(()),
    Kind::Number => "a number",
    Kind::String => "a string",
    Kind::Boolean => "true or false",
    Kind::Function => "a function",
    Kind::Object(_) => "an object",
    Kind::Custom { expected, .. } => expected,
  };
  Err(format!("{path} must be {expected}; got {}.", describe(value)))
}

/// What a value is, for "got ..." in a message: its type, and a primitive's value.
pub fn describe(value: &Unknown) -> String {
  let text = |v: &Unknown| -> String {
    let s = v
      .coerce_to_string()
      .and_then(|s| s.into_utf8())
      .map(|s| s.as_str().map(str::to_string).unwrap_or_default())
      .unwrap_or_default();
    if s.chars().count() > 40 {
      format!("{}…", s.chars().take(40).collect::<String>())
    } else {
      s
    }
  };
  match value.get_type() {
    Ok(ValueType::Undefined) => "undefined".into(),
    Ok(ValueType::Null) => "null".into(),
    Ok(ValueType::Boolean) => text(value),
    Ok(ValueType::Number) => format!("the number {}", text(value)),
    Ok(ValueType::String) => format!("the string {:?}", text(value)),
    Ok(ValueType::Function) => "a function".into(),
    Ok(ValueType::Object) if value.is_array().unwrap_or(false) => "an array".into(),
    Ok(ValueType::Object) => "an object".into(),
    Ok(ValueType::Symbol) => "a symbol".into(),
    Ok(ValueType::BigInt) => "a bigint".into(),
    _ => "a value of another kind".into(),
  }
}

fn unknown_key(path: &str, key: &str, shape: &Shape) -> String {
  let names: Vec<&str> = shape.fields.iter().map(|f| f.name).collect();
  let suggestion = match did_you_mean(key, shape) {
    Some(s) => format!("; did you mean {s}?"),
    None => ".".into(),
  };
  format!(
    "{path}.{key} is not a {}{suggestion} {}: {}.",
    shape.what,
    shape.plural,
    names.join(", ")
  )
}

/// The advice for an unknown key: a known alias, a field of a nested object (`{ limits: { timeoutMs } }`),
/// or a field spelt nearly the same.
pub fn did_you_mean(key: &str, shape: &Shape) -> Option<String> {
  let wanted = normalise(key);
  if let Some((_, advice)) = shape.advice.iter().find(|(k, _)| normalise(k) == wanted) {
    return Some((*advice).to_string());
  }
  let nested = |close: &dyn Fn(&str) -> bool| {
    shape.fields.iter().find_map(|outer| match outer.kind {
      Kind::Object(inner) => inner
        .fields
        .iter()
        .find(|f| close(f.name))
        .map(|f| format!("`{{ {}: {{ {} }} }}`", outer.name, f.name)),
      _ => None,
    })
  };
  let same = |name: &str| normalise(name) == wanted;
  let near = |name: &str| nearly_equal(&wanted, &normalise(name));
  if let Some(f) = shape.fields.iter().find(|f| same(f.name)) {
    return Some(format!("`{}`", f.name));
  }
  if let Some(s) = nested(&same) {
    return Some(s);
  }
  if let Some(f) = shape.fields.iter().find(|f| near(f.name)) {
    return Some(format!("`{}`", f.name));
  }
  nested(&near)
}

/// Lower case without `_` and `-`, so `max_chars` and `MaxChars` find `maxChars`.
fn normalise(key: &str) -> String {
  key
    .chars()
    .filter(|c| *c != '_' && *c != '-')
    .flat_map(char::to_lowercase)
    .collect()
}

/// A typo (edit distance within a third of the length) or a missing unit suffix (`timeout`).
fn nearly_equal(a: &str, b: &str) -> bool {
  let shorter = a.len().min(b.len());
  if shorter >= 4 && (a.starts_with(b) || b.starts_with(a)) && a.len().abs_diff(b.len()) <= 5 {
    return true;
  }
  edit_distance(a, b) <= (shorter / 3).max(1)
}

#[cfg(test)]
mod tests {
  use super::*;

  static INNER: Shape = Shape {
    what: "limit",
    plural: "Limits",
    fields: &[Field {
      name: "timeoutMs",
      kind: Kind::Number,
    }],
    advice: &[],
  };
  static OUTER: Shape = Shape {
    what: "run option",
    plural: "Run options",
    fields: &[
      Field {
        name: "limits",
        kind: Kind::Object(&INNER),
      },
      Field {
        name: "onEvent",
        kind: Kind::Function,
      },
    ],
    advice: &[("events", "`onEvent`")],
  };

  #[test]
  fn a_field_of_a_nested_object_is_suggested_nested() {
    assert_eq!(
      did_you_mean("timeoutMs", &OUTER).as_deref(),
      Some("`{ limits: { timeoutMs } }`")
    );
    assert_eq!(
      did_you_mean("timeout", &OUTER).as_deref(),
      Some("`{ limits: { timeoutMs } }`")
    );
  }

  #[test]
  fn spelling_case_and_separators_are_forgiven() {
    assert_eq!(did_you_mean("onevent", &OUTER).as_deref(), Some("`onEvent`"));
    assert_eq!(did_you_mean("on_event", &OUTER).as_deref(), Some("`onEvent`"));
    assert_eq!(did_you_mean("onEvnet", &OUTER).as_deref(), Some("`onEvent`"));
    assert_eq!(did_you_mean("limit", &OUTER).as_deref(), Some("`limits`"));
    assert_eq!(did_you_mean("timeout", &INNER).as_deref(), Some("`timeoutMs`"));
  }

  #[test]
  fn advice_wins_and_unrelated_keys_get_none() {
    assert_eq!(did_you_mean("events", &OUTER).as_deref(), Some("`onEvent`"));
    assert_eq!(did_you_mean("colour", &OUTER), None);
    assert_eq!(did_you_mean("x", &OUTER), None);
  }

  #[test]
  fn edit_distance_counts_insertions_deletions_and_substitutions() {
    assert_eq!(edit_distance("kitten", "sitting"), 3);
    assert_eq!(edit_distance("", "abc"), 3);
    assert_eq!(edit_distance("same", "same"), 0);
  }
}
