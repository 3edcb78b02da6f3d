//! JSON values as TypeScript literal types (`enum` and `const`).

use serde_json::Value;

use super::ast::{Keyword, LitKind, Object, Prop, Ts, Tuple};
use super::ident::property_key;
use super::text::string_literal;

/// Deepest nesting of an object/array `const` or `enum` value written out as a literal type.
const MAX_LITERAL_DEPTH: usize = 16;

/// The literal type of a JSON value: `"a"`, `1.5`, `true`, `null`, and object/array values as
/// object and closed tuple types of literals.
pub(crate) fn literal_type(value: &Value) -> Ts {
  literal_at(value, 0)
}

fn literal_at(value: &Value, depth: usize) -> Ts {
  if depth >= MAX_LITERAL_DEPTH && (value.is_array() || value.is_object()) {
    return Ts::Unknown.note("value nested too deeply");
  }
  match value {
    Value::Null => Ts::Keyword(Keyword::Null),
    Value::Bool(b) => Ts::Literal(LitKind::Boolean, b.to_string()),
    Value::Number(n) => Ts::Literal(LitKind::Number, n.to_string()),
    Value::String(s) => Ts::Literal(LitKind::String, string_literal(s)),
    Value::Array(items) => Ts::Tuple(Tuple {
      items: items.iter().map(|v| (literal_at(v, depth + 1), false)).collect(),
      rest: None,
    }),
    Value::Object(map) => Ts::Object(Object {
      props: map
        .iter()
        .map(|(k, v)| Prop {
          key: property_key(k),
          optional: false,
          ty: literal_at(v, depth + 1),
          doc: Vec::new(),
        })
        .collect(),
      index: None,
    }),
  }
}

/// Whether a JSON value is an instance of the JSON Schema type named `ty`.
pub(crate) fn value_has_type(value: &Value, ty: &str) -> bool {
  match (ty, value) {
    ("null", Value::Null) | ("boolean", Value::Bool(_)) | ("number", Value::Number(_)) => true,
    ("string", Value::String(_)) | ("array", Value::Array(_)) | ("object", Value::Object(_)) => true,
    ("integer", Value::Number(n)) => n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0),
    _ => false,
  }
}
