//! A tool result's JSON text → its [`Shape`], in one bounded pass: the text is read by serde
//! without building a value, only the first elements of an array (until they stop adding to its
//! type) and a bounded number of properties are walked, nesting past [`MAX_DEPTH`] is kept as a kind only, and a result that
//! would take more than [`MAX_NODES`] steps (or is over [`MAX_BYTES`]) is not observed at all.

use std::cell::Cell;
use std::fmt;

use indexmap::IndexMap;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::shape::{ObjectShape, Shape, MAX_PROPERTIES};

/// Objects and arrays nested deeper than this are kept as `{ [key: string]: unknown }` and
/// `unknown[]`.
pub const MAX_DEPTH: usize = 5;
/// Elements of one array whose shapes are merged at most; the rest are skipped unread.
pub const MAX_ELEMENTS: usize = 32;
/// An array's walk stops early once this many elements in a row added nothing to its type.
pub const STABLE_ELEMENTS: usize = 6;
/// Values walked in one result at most; a result that needs more is not observed.
pub const MAX_NODES: usize = 4096;
/// Results longer than this (bytes of JSON) are not observed.
pub const MAX_BYTES: usize = 1 << 20;

/// The shape of the JSON value `json`, or `None` when it is too large to observe (or not JSON).
pub fn shape_of(json: &str) -> Option<Shape> {
  if json.len() > MAX_BYTES {
    return None;
  }
  let budget = Cell::new(MAX_NODES);
  let mut de = serde_json::Deserializer::from_str(json);
  let shape = Walk {
    depth: 0,
    budget: &budget,
  }
  .deserialize(&mut de)
  .ok()?;
  de.end().ok()?;
  Some(shape)
}

/// Reads one value at `depth`, charging the shared budget.
#[derive(Clone, Copy)]
struct Walk<'b> {
  depth: usize,
  budget: &'b Cell<usize>,
}

impl Walk<'_> {
  fn charge<E: de::Error>(&self) -> Result<(), E> {
    match self.budget.get().checked_sub(1) {
      Some(left) => {
        self.budget.set(left);
        Ok(())
      }
      None => Err(E::custom("too large to observe")),
    }
  }

  fn inner(&self) -> Self {
    Walk {
      depth: self.depth + 1,
      budget: self.budget,
    }
  }

  fn too_deep(&self) -> bool {
    self.depth >= MAX_DEPTH
  }
}

impl<'de> DeserializeSeed<'de> for Walk<'_> {
  type Value = Shape;

  fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Shape, D::Error> {
    deserializer.deserialize_any(self)
  }
}

impl<'de> Visitor<'de> for Walk<'_> {
  type Value = Shape;

  fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
    f.write_str("a JSON value")
  }

  fn visit_bool<E: de::Error>(self, _: bool) -> Result<Shape, E> {
    self.charge()?;
    Ok(Shape {
      boolean: true,
      ..Shape::default()
    })
  }

  fn visit_i64<E: de::Error>(self, _: i64) -> Result<Shape, E> {
    self.visit_f64(0.0)
  }

  fn visit_u64<E: de::Error>(self, _: u64) -> Result<Shape, E> {
    self.visit_f64(0.0)
  }

  fn visit_f64<E: de::Error>(self, _: f64) -> Result<Shape, E> {
    self.charge()?;
    Ok(Shape {
      number: true,
      ..Shape::default()
    })
  }

  fn visit_str<E: de::Error>(self, _: &str) -> Result<Shape, E> {
    self.charge()?;
    Ok(Shape {
      string: true,
      ..Shape::default()
    })
  }

  fn visit_unit<E: de::Error>(self) -> Result<Shape, E> {
    self.charge()?;
    Ok(Shape {
      null: true,
      ..Shape::default()
    })
  }

  fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Shape, A::Error> {
    self.charge()?;
    if self.too_deep() {
      while seq.next_element::<IgnoredAny>()?.is_some() {}
      return Ok(Shape::array(Shape::unknown()));
    }
    let mut elements = Shape::default();
    let mut taken = 0;
    let mut unchanged = 0;
    // The first element always; more while they still teach something and at least half the
    // budget is left, so one long array cannot use up what the rest of the result needs.
    while taken < MAX_ELEMENTS
      && unchanged < STABLE_ELEMENTS
      && (taken == 0 || self.budget.get() > MAX_NODES / 2)
    {
      match seq.next_element_seed(self.inner())? {
        Some(shape) => {
          unchanged = if elements.merge(shape) { 0 } else { unchanged + 1 };
        }
        None => return Ok(Shape::array(elements)),
      }
      taken += 1;
    }
    while seq.next_element::<IgnoredAny>()?.is_some() {}
    Ok(Shape::array(elements))
  }

  fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Shape, A::Error> {
    self.charge()?;
    if self.too_deep() {
      while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
      return Ok(Shape::object(ObjectShape::Map(Shape::unknown())));
    }
    let mut values: IndexMap<String, Shape> = IndexMap::new();
    // The values under keys that are data.
    let mut extra: Option<Shape> = None;
    let mut entries = 0;
    while let Some(key) = map.next_key_seed(KeySeed)? {
      entries += 1;
      // One past the bound is enough to make the object a map; the rest go unread.
      if entries > MAX_PROPERTIES + 1 {
        map.next_value::<IgnoredAny>()?;
        continue;
      }
      let shape = map.next_value_seed(self.inner())?;
      match key {
        Key::Name(name) => match values.get_mut(&name) {
          Some(existing) => {
            existing.merge(shape); // a duplicate key counts once
          }
          None => {
            values.insert(name, shape);
          }
        },
        Key::Data => {
          extra.get_or_insert_with(Shape::default).merge(shape);
        }
      }
    }
    Ok(Shape::object(ObjectShape::from_fields(values, extra)))
  }
}

/// An object key: a name worth showing, or data.
enum Key {
  Name(String),
  Data,
}

struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
  type Value = Key;

  fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
    deserializer.deserialize_str(self)
  }
}

impl<'de> Visitor<'de> for KeySeed {
  type Value = Key;

  fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
    f.write_str("an object key")
  }

  fn visit_str<E: de::Error>(self, key: &str) -> Result<Key, E> {
    Ok(if is_field_name(key) {
      Key::Name(key.to_string())
    } else {
      Key::Data
    })
  }
}

/// Longest key shown as a property name.
const MAX_NAME_LEN: usize = 40;
/// Most digits in a key shown as a property name (`sha256`, `line2` are names; `user_10234`,
/// `y2024m05` are data).
const MAX_NAME_DIGITS: usize = 3;

/// Whether `key` reads like a field name rather than data: an ASCII identifier (`a-z`, `A-Z`,
/// `0-9`, `_`, `$`, not starting with a digit) of at most [`MAX_NAME_LEN`] characters and
/// [`MAX_NAME_DIGITS`] digits. Ids, emails, dates, URLs, paths and phrases all fail it.
pub fn is_field_name(key: &str) -> bool {
  let mut chars = key.chars();
  let Some(first) = chars.next() else {
    return false;
  };
  key.len() <= MAX_NAME_LEN
    && (first.is_ascii_alphabetic() || first == '_' || first == '$')
    && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
    && key.chars().filter(char::is_ascii_digit).count() <= MAX_NAME_DIGITS
}
