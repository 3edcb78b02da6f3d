//! Array schemas: `T[]` from `items`, tuples from `prefixItems` (2020-12) or array-form `items`
//! (draft-07), closed by `items: false` / `additionalItems: false` / `maxItems`, otherwise with a
//! rest element. Elements past `minItems` are optional, as JSON Schema allows shorter arrays.

use serde_json::{Map, Value};

use super::ast::{Ts, Tuple};
use super::convert::Converter;

impl Converter<'_> {
  pub(crate) fn array_type(&mut self, s: &Map<String, Value>) -> Ts {
    let (prefix, rest) = match (s.get("prefixItems"), s.get("items")) {
      (Some(Value::Array(prefix)), items) => (Some(prefix), items),
      (_, Some(Value::Array(prefix))) => (Some(prefix), s.get("additionalItems")),
      (_, items) => (None, items),
    };
    let Some(prefix) = prefix else {
      let elem = match rest {
        Some(items) => self.element(items, false),
        None => Ts::Unknown,
      };
      return match elem {
        Ts::Never => Ts::Tuple(Tuple {
          items: Vec::new(),
          rest: None,
        }),
        elem => Ts::Array(Box::new(elem)),
      };
    };
    let count = |key: &str| {
      s.get(key)
        .and_then(Value::as_u64)
        .map(|n| usize::try_from(n).unwrap_or(usize::MAX))
    };
    let min = count("minItems").unwrap_or(0);
    let max = count("maxItems");
    let len = prefix.len().min(max.unwrap_or(usize::MAX));
    let mut items = Vec::with_capacity(len);
    for (i, sub) in prefix.iter().take(len).enumerate() {
      items.push((self.element(sub, true), i >= min));
    }
    let rest = if max.is_some_and(|m| m <= prefix.len()) {
      None
    } else {
      match rest.map(|r| self.element(r, true)) {
        None => Some(Ts::Unknown),
        Some(Ts::Never) => None,
        Some(ty) => Some(ty),
      }
    };
    Ts::Tuple(Tuple {
      items,
      rest: rest.map(Box::new),
    })
  }
}
