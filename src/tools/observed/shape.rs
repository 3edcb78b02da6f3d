//! The shape of JSON values: which kinds occurred and, for objects and arrays, the shapes inside.
//! Types only: no string, number, boolean or data-like key of a value is ever kept, so nothing
//! a tool returned can reach the declarations through a shape.

use indexmap::IndexMap;

/// Most non-null kinds (boolean, number, string, array, object) in one union; a value seen as
/// more is `unknown`.
pub const MAX_KINDS: usize = 3;
/// Most named properties an object keeps; past it the object is a map (`{ [key: string]: T }`).
pub const MAX_PROPERTIES: usize = 48;
/// Fewest properties whose values all share one object or array shape for an object to count as
/// a map keyed by data (`{ "u_1": { name }, "u_2": { name }, ... }`).
pub const MIN_MAP_ENTRIES: usize = 3;
/// Fewest properties for the "key sets vary wildly" rule: an object whose properties mostly
/// come and go between results is a map.
const MIN_VARYING_PROPERTIES: usize = 4;

/// What a JSON value (or the values merged into one place) looked like. The empty shape (no
/// kind at all) is the identity of [`Shape::merge`]: nothing seen yet.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Shape {
  pub null: bool,
  pub boolean: bool,
  pub number: bool,
  pub string: bool,
  /// The merged shape of the arrays' elements (empty when only empty arrays were seen).
  pub array: Option<Box<Shape>>,
  pub object: Option<Box<ObjectShape>>,
  /// Too varied (or too deep) to say more: absorbs everything merged into it.
  pub unknown: bool,
}

/// The objects seen in one place.
#[derive(Debug, Clone, PartialEq)]
pub enum ObjectShape {
  /// Named properties in first-seen order, each with how many of the `objects` had it, and the
  /// merged shape of the values under keys that are data (`"@odata.context"`, `"x-id"`), if any.
  Fields {
    fields: IndexMap<String, Field>,
    objects: u64,
    extra: Option<Shape>,
  },
  /// A map whose keys are data (ids, emails, dates...): only its values' shape is kept.
  Map(Shape),
}

/// One named property: its merged shape and in how many objects it occurred.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
  pub shape: Shape,
  pub seen: u64,
}

impl Shape {
  pub fn unknown() -> Shape {
    Shape {
      unknown: true,
      ..Shape::default()
    }
  }

  pub fn array(elements: Shape) -> Shape {
    Shape {
      array: Some(Box::new(elements)),
      ..Shape::default()
    }
  }

  pub fn object(object: ObjectShape) -> Shape {
    Shape {
      object: Some(Box::new(object)),
      ..Shape::default()
    }
  }

  /// Nothing seen: no kind at all.
  pub fn is_empty(&self) -> bool {
    *self == Shape::default()
  }

  /// How many non-null kinds it has.
  fn kinds(&self) -> usize {
    [
      self.boolean,
      self.number,
      self.string,
      self.array.is_some(),
      self.object.is_some(),
    ]
    .into_iter()
    .filter(|k| *k)
    .count()
  }

  /// Adds `other`'s kinds and inner shapes to this one; a union wider than [`MAX_KINDS`]
  /// becomes `unknown`. True when the result is a different type (a new kind, property or
  /// optional property), not just more counted objects.
  pub fn merge(&mut self, other: Shape) -> bool {
    if self.unknown {
      return false;
    }
    if other.unknown {
      *self = Shape::unknown();
      return true;
    }
    let kinds_before = self.kind_flags();
    self.null |= other.null;
    self.boolean |= other.boolean;
    self.number |= other.number;
    self.string |= other.string;
    let mut changed = false;
    self.array = match (self.array.take(), other.array) {
      (Some(mut mine), Some(theirs)) => {
        changed |= mine.merge(*theirs);
        Some(mine)
      }
      (mine, theirs) => mine.or(theirs),
    };
    self.object = match (self.object.take(), other.object) {
      (Some(mine), Some(theirs)) => {
        let (merged, object_changed) = mine.merge(*theirs);
        changed |= object_changed;
        Some(Box::new(merged))
      }
      (mine, theirs) => mine.or(theirs),
    };
    if self.kinds() > MAX_KINDS {
      *self = Shape::unknown();
      return true;
    }
    changed || self.kind_flags() != kinds_before
  }

  fn kind_flags(&self) -> [bool; 6] {
    [
      self.null,
      self.boolean,
      self.number,
      self.string,
      self.array.is_some(),
      self.object.is_some(),
    ]
  }
}

impl ObjectShape {
  /// One object: its named properties (each seen once) and the merged values under its data
  /// keys (`extra`). A map when its keys look like data: none is a name, more than
  /// [`MAX_PROPERTIES`], or at least [`MIN_MAP_ENTRIES`] whose values all have the same object
  /// keys (or are all arrays of one shape).
  pub fn from_fields(values: IndexMap<String, Shape>, extra: Option<Shape>) -> ObjectShape {
    let no_names = values.is_empty() && extra.is_some();
    if no_names || values.len() > MAX_PROPERTIES || looks_like_map(&values) {
      return ObjectShape::Map(merged(values.into_values().chain(extra)));
    }
    let fields = values
      .into_iter()
      .map(|(key, shape)| (key, Field { shape, seen: 1 }))
      .collect();
    ObjectShape::Fields {
      fields,
      objects: 1,
      extra,
    }
  }

  /// The objects of both; a property missing from some becomes optional. Fields turn into a map
  /// past [`MAX_PROPERTIES`], or when most properties come and go (keys that vary wildly between
  /// results are data); a map stays a map. True when the type changed (see [`Shape::merge`]).
  pub fn merge(self, other: ObjectShape) -> (ObjectShape, bool) {
    match (self, other) {
      (
        ObjectShape::Fields {
          mut fields,
          objects,
          extra,
        },
        ObjectShape::Fields {
          fields: theirs,
          objects: their_objects,
          extra: their_extra,
        },
      ) => {
        let mut changed = false;
        let extra = match (extra, their_extra) {
          (Some(mut mine), Some(theirs)) => {
            changed |= mine.merge(theirs);
            Some(mine)
          }
          (None, Some(theirs)) => {
            changed = true;
            Some(theirs)
          }
          (mine, None) => mine,
        };
        // Merging never makes a property required, and a new one is optional (the earlier
        // objects lacked it): fewer required properties or a new one is a new type.
        let required_before = fields.values().filter(|f| f.seen >= objects).count();
        for (key, field) in theirs {
          match fields.get_mut(&key) {
            Some(mine) => {
              changed |= mine.shape.merge(field.shape);
              mine.seen += field.seen;
            }
            None => {
              changed = true;
              fields.insert(key, field);
            }
          }
        }
        let objects = objects + their_objects;
        let required = fields.values().filter(|f| f.seen >= objects).count();
        changed |= required != required_before;
        let varies = fields.len() >= MIN_VARYING_PROPERTIES && required * 4 < fields.len();
        if fields.len() > MAX_PROPERTIES || varies {
          let values = merged(fields.into_values().map(|f| f.shape).chain(extra));
          return (ObjectShape::Map(values), true);
        }
        let object = ObjectShape::Fields {
          fields,
          objects,
          extra,
        };
        (object, changed)
      }
      (ObjectShape::Map(mut values), other) => {
        let changed = values.merge(other.values());
        (ObjectShape::Map(values), changed)
      }
      (fields, ObjectShape::Map(mut values)) => {
        values.merge(fields.values());
        (ObjectShape::Map(values), true)
      }
    }
  }

  /// The merged shape of every value, whatever its key.
  fn values(self) -> Shape {
    match self {
      ObjectShape::Fields { fields, extra, .. } => merged(fields.into_values().map(|f| f.shape).chain(extra)),
      ObjectShape::Map(values) => values,
    }
  }
}

fn merged(shapes: impl IntoIterator<Item = Shape>) -> Shape {
  let mut out = Shape::default();
  for s in shapes {
    out.merge(s);
  }
  out
}

/// Many properties whose values are all objects with the same keys, or all arrays of the same
/// shape: the keys name entries (`{ alice: {...}, bob: {...} }`), not fields.
fn looks_like_map(values: &IndexMap<String, Shape>) -> bool {
  if values.len() < MIN_MAP_ENTRIES {
    return false;
  }
  let mut shapes = values.values();
  let Some(first) = shapes.next() else {
    return false;
  };
  let only_object = |s: &Shape| s.object.is_some() && s.kinds() == 1 && !s.null;
  let only_array = |s: &Shape| s.array.is_some() && s.kinds() == 1 && !s.null;
  if only_array(first) {
    return shapes.all(|s| only_array(s) && s.array == first.array);
  }
  if !only_object(first) {
    return false;
  }
  // Objects with the same named keys, or maps of the same values.
  let signature = |s: &Shape| -> Option<(Vec<String>, Option<Shape>)> {
    match s.object.as_deref()? {
      ObjectShape::Fields { fields, .. } => {
        let mut keys: Vec<String> = fields.keys().cloned().collect();
        keys.sort();
        Some((keys, None))
      }
      ObjectShape::Map(values) => Some((Vec::new(), Some(values.clone()))),
    }
  };
  let first_signature = signature(first);
  shapes.all(|s| only_object(s) && signature(s) == first_signature)
}
