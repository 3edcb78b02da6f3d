//! Object schemas: named properties (required or optional) and the index signature made from
//! `additionalProperties` and `patternProperties`, kept compatible with the named properties.

use serde_json::{Map, Value};

use super::ast::{union, Index, Keyword, Object, Prop, Ts};
use super::convert::Converter;
use super::docs::{schema_doc, summary_doc};
use super::ident::property_key;

impl Converter<'_> {
  /// `{ a: T; b?: U; [key: string]: V }` for an object schema. A bare `type: "object"` beside
  /// `anyOf`/`oneOf`/`allOf`/`$ref` is just `object`, which those members then narrow.
  pub(crate) fn object_type(&mut self, s: &Map<String, Value>, combined: bool) -> Ts {
    let props = s.get("properties").and_then(Value::as_object);
    let patterns = s
      .get("patternProperties")
      .and_then(Value::as_object)
      .filter(|p| !p.is_empty());
    let additional = s.get("additionalProperties");
    if combined && props.is_none() && patterns.is_none() && additional.is_none() {
      return Ts::Keyword(Keyword::Object);
    }
    let required: Vec<&str> = match s.get("required") {
      Some(Value::Array(names)) => names.iter().filter_map(Value::as_str).collect(),
      _ => Vec::new(),
    };

    let mut obj = Object {
      props: Vec::new(),
      index: None,
    };
    for (name, sub) in props.into_iter().flatten() {
      let optional = !required.contains(&name.as_str()) && sub.get("required") != Some(&Value::Bool(true));
      let ty = self.member(sub);
      obj.props.push(Prop {
        key: property_key(name),
        optional,
        ty,
        doc: schema_doc(sub, Some(name)),
      });
    }
    // Required names without a property schema are typed by `additionalProperties`.
    for name in required {
      let key = property_key(name);
      if obj.props.iter().any(|p| p.key == key) {
        continue;
      }
      let ty = match additional {
        Some(schema @ Value::Object(_)) => self.member(schema),
        _ => Ts::Unknown,
      };
      obj.props.push(Prop {
        key,
        optional: false,
        ty,
        doc: Vec::new(),
      });
    }

    let mut members = Vec::new();
    let mut doc = Vec::new();
    for (pattern, sub) in patterns.into_iter().flatten() {
      members.push(self.member(sub));
      doc.push(format!("Keys matching {pattern}"));
    }
    if let Some(Value::String(pattern)) = s.get("propertyNames").and_then(|p| p.get("pattern")) {
      doc.push(format!("Keys matching {pattern}"));
    }
    match additional {
      Some(Value::Bool(true)) => members.push(Ts::Unknown),
      Some(schema @ Value::Object(_)) => {
        members.push(self.member(schema));
        doc.extend(summary_doc(schema));
      }
      Some(Value::Bool(false)) if members.is_empty() && obj.props.is_empty() => members.push(Ts::Never),
      None if props.is_none() && patterns.is_none() => members.push(Ts::Unknown),
      _ => {}
    }
    if !members.is_empty() {
      let ty = covering(union(members), &obj.props);
      obj.index = Some(Index {
        ty: Box::new(ty),
        doc,
      });
    }
    Ts::Object(obj)
  }
}

/// The index signature type widened so that every named property's type is assignable to it
/// (TypeScript requires that): the union with the property types when they are small, else
/// `unknown`. Optional properties add `undefined`.
fn covering(index: Ts, props: &[Prop]) -> Ts {
  if index.is_unknown() || props.is_empty() {
    return index;
  }
  let mut widened = index.clone();
  let mut simple = true;
  for p in props {
    let next = union(vec![widened.clone(), p.ty.clone()]);
    if next != widened {
      simple &= is_small(&p.ty);
      widened = next;
    }
  }
  if props.iter().any(|p| p.optional) {
    widened = union(vec![widened, Ts::Keyword(Keyword::Undefined)]);
  }
  if simple {
    widened
  } else {
    Ts::Unknown
  }
}

/// A type short enough to repeat inside an index signature.
fn is_small(ty: &Ts) -> bool {
  match ty.bare() {
    Ts::Unknown | Ts::Never | Ts::Keyword(_) | Ts::Literal(..) | Ts::Named(_) => true,
    Ts::Array(elem) => is_small(elem),
    Ts::Union(members) => members.len() <= 4 && members.iter().all(is_small),
    Ts::Note(inner, _) => is_small(inner),
    _ => false,
  }
}
