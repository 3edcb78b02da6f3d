//! Object schemas: named properties (required or optional) and the index signature made from
//! `additionalProperties` and `patternProperties`, kept compatible with the named properties.

use std::collections::HashSet;

use serde_json::{Map, Value};

use super::ast::{intersection, union, Index, Keyword, Object, Prop, Ts};
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
    let required_set: HashSet<&str> = required.iter().copied().collect();

    let mut obj = Object {
      props: Vec::new(),
      index: None,
    };
    for (name, sub) in props.into_iter().flatten() {
      let optional = !required_set.contains(name.as_str()) && sub.get("required") != Some(&Value::Bool(true));
      let ty = self.member(sub);
      obj.props.push(Prop {
        key: property_key(name),
        optional,
        ty,
        doc: schema_doc(sub, Some(name), self.compact),
      });
    }
    // Required names without a property schema are typed by `additionalProperties`.
    let mut keys: HashSet<String> = obj.props.iter().map(|p| p.key.clone()).collect();
    let extra: Vec<String> = required
      .into_iter()
      .map(property_key)
      .filter(|key| keys.insert(key.clone()))
      .collect();
    let extra_ty = match additional {
      Some(schema @ Value::Object(_)) if !extra.is_empty() => self.member(schema),
      _ => Ts::Unknown,
    };
    // Repeating a large type for each name would make the output grow as names × schema size:
    // those names are then `unknown` in a separate object intersected with this one, where
    // TypeScript gives them the index signature's type (`unknown & T` is `T`).
    let repeat = extra.len() <= 1 || is_small(&extra_ty);
    let separate: Vec<Prop> = extra
      .into_iter()
      .map(|key| Prop {
        key,
        optional: false,
        ty: if repeat { extra_ty.clone() } else { Ts::Unknown },
        doc: Vec::new(),
      })
      .collect();
    let separate = if repeat {
      obj.props.extend(separate);
      Vec::new()
    } else {
      separate
    };

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
        doc.extend(summary_doc(schema, self.compact));
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
    if separate.is_empty() {
      return Ts::Object(obj);
    }
    let required = Ts::Object(Object {
      props: separate,
      index: None,
    });
    intersection(vec![Ts::Object(obj), required])
  }
}

/// The index signature type widened so that every named property's type is assignable to it
/// (TypeScript requires that): the union with the property types when they are small, else
/// `unknown`. Optional properties add `undefined`. One union of all the types, so the cost is
/// linear in the number of properties.
fn covering(index: Ts, props: &[Prop]) -> Ts {
  if index.is_unknown() || props.is_empty() {
    return index;
  }
  // A property type adds nothing when the index type already has it as a member (or is it).
  let index_members: HashSet<&Ts> = match index.bare() {
    Ts::Union(members) => members.iter().map(Ts::bare).collect(),
    other => std::iter::once(other).collect(),
  };
  let covered = |m: &Ts| match m {
    Ts::Never => true,
    Ts::Literal(kind, _) => index_members.contains(&Ts::Keyword(kind.keyword())) || index_members.contains(m),
    other => index_members.contains(other),
  };
  let adds = |ty: &Ts| match ty.bare() {
    Ts::Union(members) => !members.iter().all(|m| covered(m.bare())),
    other => !covered(other),
  };
  if props.iter().any(|p| adds(&p.ty) && !is_small(&p.ty)) {
    return Ts::Unknown;
  }
  let mut members = vec![index.clone()];
  members.extend(props.iter().map(|p| p.ty.clone()));
  if props.iter().any(|p| p.optional) {
    members.push(Ts::Keyword(Keyword::Undefined));
  }
  union(members)
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
