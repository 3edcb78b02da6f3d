//! The small TypeScript type tree the converter builds. [`union`] and [`intersection`] simplify
//! as they combine, so the printed output stays compact (`string | "a"` is `string`,
//! `{ a: string } & { b: number }` is `{ a: string; b: number }`, `unknown & T` is `T`).
//! Both take time linear in the size of their members (duplicates are found by hashing), since
//! a schema may hold a 100,000-member `enum` or `anyOf`.

use std::collections::HashSet;

/// Most notes kept on one intersection (each distinct unsupported part of an `allOf` adds one);
/// the rest are counted in a last note, so the tree stays shallow.
const MAX_NOTES: usize = 4;
/// How many earlier object members of an intersection a plain object type tries to merge into.
const MAX_MERGE_TRIES: usize = 8;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Ts {
  Unknown,
  Never,
  Keyword(Keyword),
  /// A literal type, already rendered (`"a"`, `1.5`, `true`).
  Literal(LitKind, String),
  /// A named type alias.
  Named(String),
  Array(Box<Ts>),
  Tuple(Tuple),
  Object(Object),
  Union(Vec<Ts>),
  Intersection(Vec<Ts>),
  /// A type followed by a `/* note */` comment (for what could not be expressed).
  Note(Box<Ts>, String),
  /// A union member with JSDoc lines, printed above it when the union is laid out one member
  /// per line.
  Doc(Vec<String>, Box<Ts>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Keyword {
  String,
  Number,
  Boolean,
  Null,
  Undefined,
  /// `object`: any non-primitive (a bare `type: "object"` beside `anyOf`/`oneOf`/`$ref`).
  Object,
}

impl Keyword {
  pub(crate) fn text(self) -> &'static str {
    match self {
      Keyword::String => "string",
      Keyword::Number => "number",
      Keyword::Boolean => "boolean",
      Keyword::Null => "null",
      Keyword::Undefined => "undefined",
      Keyword::Object => "object",
    }
  }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum LitKind {
  String,
  Number,
  Boolean,
}

impl LitKind {
  pub(crate) fn keyword(self) -> Keyword {
    match self {
      LitKind::String => Keyword::String,
      LitKind::Number => Keyword::Number,
      LitKind::Boolean => Keyword::Boolean,
    }
  }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Tuple {
  /// Element types; `true` marks an optional element (`T?`), only ever trailing.
  pub items: Vec<(Ts, bool)>,
  /// Element type of a rest element (`...T[]`); `None` for a closed tuple.
  pub rest: Option<Box<Ts>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Object {
  pub props: Vec<Prop>,
  pub index: Option<Index>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Prop {
  /// The key as written (identifier or quoted string).
  pub key: String,
  pub optional: bool,
  pub ty: Ts,
  pub doc: Vec<String>,
}

/// A `[key: string]: T` index signature.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Index {
  pub ty: Box<Ts>,
  pub doc: Vec<String>,
}

impl Ts {
  /// The type without `Doc` wrappers.
  pub(crate) fn bare(&self) -> &Ts {
    match self {
      Ts::Doc(_, inner) => inner.bare(),
      other => other,
    }
  }

  /// `unknown`, possibly with a note or docs.
  pub(crate) fn is_unknown(&self) -> bool {
    match self.bare() {
      Ts::Unknown => true,
      Ts::Note(inner, _) => inner.is_unknown(),
      _ => false,
    }
  }

  pub(crate) fn note(self, note: impl Into<String>) -> Ts {
    Ts::Note(Box::new(self), note.into())
  }

  /// Whether every value of this type is also a value of `keyword`.
  fn is_within(&self, keyword: Keyword) -> bool {
    match self.bare() {
      Ts::Keyword(k) => *k == keyword,
      Ts::Literal(kind, _) => kind.keyword() == keyword,
      Ts::Union(members) => members.iter().all(|m| m.is_within(keyword)),
      Ts::Object(_) | Ts::Array(_) | Ts::Tuple(_) | Ts::Named(_) => keyword == Keyword::Object,
      Ts::Intersection(members) => members.iter().any(|m| m.is_within(keyword)),
      _ => false,
    }
  }
}

/// `A | B | ...`, flattened and simplified: `unknown` absorbs everything, `never` disappears,
/// duplicates go, literals inside their own primitive (`"a"` beside `string`) go.
pub(crate) fn union(members: Vec<Ts>) -> Ts {
  let mut flat = Vec::new();
  for m in members {
    flatten_union(m, &mut flat);
  }
  if let Some(at) = flat.iter().position(Ts::is_unknown) {
    return flat.swap_remove(at);
  }
  let mut seen = HashSet::new();
  let keep: Vec<bool> = flat
    .iter()
    .map(|m| !matches!(m.bare(), Ts::Never) && seen.insert(m.bare()))
    .collect();
  let keywords: HashSet<Keyword> = flat
    .iter()
    .filter_map(|m| match m.bare() {
      Ts::Keyword(k) => Some(*k),
      _ => None,
    })
    .collect();
  let mut out: Vec<Ts> = flat
    .into_iter()
    .zip(keep)
    .filter(|(m, keep)| {
      *keep
        && match m.bare() {
          Ts::Literal(kind, _) => !keywords.contains(&kind.keyword()),
          _ => true,
        }
    })
    .map(|(m, _)| m)
    .collect();
  if out.len() > 1 {
    return Ts::Union(out);
  }
  out.pop().unwrap_or(Ts::Never)
}

fn flatten_union(ty: Ts, out: &mut Vec<Ts>) {
  match ty {
    Ts::Union(members) => members.into_iter().for_each(|m| flatten_union(m, out)),
    Ts::Doc(_, inner) if matches!(*inner, Ts::Union(_)) => flatten_union(*inner, out),
    other => out.push(other),
  }
}

/// `A & B & ...`, flattened and simplified: `unknown` members go (their notes kept), `never`
/// wins, duplicates go, a primitive beside a narrower member goes (`string & ("a" | "b")`),
/// and plain object types with distinct keys merge into one.
pub(crate) fn intersection(members: Vec<Ts>) -> Ts {
  let mut flat = Vec::new();
  for m in members {
    flatten_intersection(m, &mut flat);
  }
  if flat.iter().any(|m| !m.is_unknown() && matches!(m, Ts::Never)) {
    return Ts::Never;
  }
  let mut notes = Vec::new();
  for m in flat.iter().filter(|m| m.is_unknown()) {
    collect_notes(m, &mut notes);
  }
  let mut seen = HashSet::new();
  let keep: Vec<bool> = flat.iter().map(|m| !m.is_unknown() && seen.insert(m)).collect();
  let out: Vec<Ts> = flat
    .into_iter()
    .zip(keep)
    .filter(|(_, keep)| *keep)
    .map(|(m, _)| m)
    .collect();
  // A keyword goes when another member lies within it (`string & "a"`). Members are distinct
  // now, so there are at most six keywords to check, each against every member once.
  let present: HashSet<Keyword> = out
    .iter()
    .filter_map(|m| match m {
      Ts::Keyword(k) => Some(*k),
      _ => None,
    })
    .collect();
  let covered: HashSet<Keyword> = present
    .into_iter()
    .filter(|k| out.iter().any(|o| *o != Ts::Keyword(*k) && o.is_within(*k)))
    .collect();
  let mut merged: Vec<Ts> = Vec::new();
  // For each merged plain object type (no index signature): its position and its keys.
  let mut objects: Vec<(usize, HashSet<String>)> = Vec::new();
  for m in out {
    let m = match m {
      Ts::Keyword(k) if covered.contains(&k) => continue,
      Ts::Object(obj) if obj.index.is_none() => obj,
      other => {
        merged.push(other);
        continue;
      }
    };
    let target = objects
      .iter_mut()
      .rev()
      .take(MAX_MERGE_TRIES)
      .find(|(_, keys)| m.props.iter().all(|p| !keys.contains(&p.key)));
    if let Some((at, keys)) = target {
      if let Some(Ts::Object(prev)) = merged.get_mut(*at) {
        keys.extend(m.props.iter().map(|p| p.key.clone()));
        prev.props.extend(m.props);
        continue;
      }
    }
    objects.push((merged.len(), m.props.iter().map(|p| p.key.clone()).collect()));
    merged.push(Ts::Object(m));
  }
  let mut result = if merged.len() > 1 {
    Ts::Intersection(merged)
  } else {
    merged.pop().unwrap_or(Ts::Unknown)
  };
  let mut seen_notes = HashSet::new();
  notes.retain(|n| seen_notes.insert(n.clone()));
  let more = notes.len().saturating_sub(MAX_NOTES);
  for note in notes.into_iter().take(MAX_NOTES) {
    result = result.note(note);
  }
  if more > 0 {
    result = result.note(format!("and {more} more"));
  }
  result
}

fn flatten_intersection(ty: Ts, out: &mut Vec<Ts>) {
  match ty {
    Ts::Intersection(members) => members.into_iter().for_each(|m| flatten_intersection(m, out)),
    Ts::Doc(_, inner) => flatten_intersection(*inner, out),
    other => out.push(other),
  }
}

fn collect_notes(ty: &Ts, notes: &mut Vec<String>) {
  if let Ts::Note(inner, note) = ty.bare() {
    collect_notes(inner, notes);
    notes.push(note.clone());
  }
}
