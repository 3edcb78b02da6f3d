//! The small TypeScript type tree the converter builds. [`union`] and [`intersection`] simplify
//! as they combine, so the printed output stays compact (`string | "a"` is `string`,
//! `{ a: string } & { b: number }` is `{ a: string; b: number }`, `unknown & T` is `T`).

#[derive(Debug, Clone, PartialEq)]
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LitKind {
  String,
  Number,
  Boolean,
}

impl LitKind {
  fn keyword(self) -> Keyword {
    match self {
      LitKind::String => Keyword::String,
      LitKind::Number => Keyword::Number,
      LitKind::Boolean => Keyword::Boolean,
    }
  }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Tuple {
  /// Element types; `true` marks an optional element (`T?`), only ever trailing.
  pub items: Vec<(Ts, bool)>,
  /// Element type of a rest element (`...T[]`); `None` for a closed tuple.
  pub rest: Option<Box<Ts>>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Object {
  pub props: Vec<Prop>,
  pub index: Option<Index>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Prop {
  /// The key as written (identifier or quoted string).
  pub key: String,
  pub optional: bool,
  pub ty: Ts,
  pub doc: Vec<String>,
}

/// A `[key: string]: T` index signature.
#[derive(Debug, Clone, PartialEq)]
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
  if let Some(unknown) = flat.iter().find(|m| m.is_unknown()) {
    return unknown.clone();
  }
  let mut out: Vec<Ts> = Vec::new();
  for m in flat {
    if !matches!(m.bare(), Ts::Never) && !out.iter().any(|o| o.bare() == m.bare()) {
      out.push(m);
    }
  }
  let keywords: Vec<Keyword> = out
    .iter()
    .filter_map(|m| match m.bare() {
      Ts::Keyword(k) => Some(*k),
      _ => None,
    })
    .collect();
  out.retain(|m| match m.bare() {
    Ts::Literal(kind, _) => !keywords.contains(&kind.keyword()),
    _ => true,
  });
  match out.len() {
    0 => Ts::Never,
    1 => out.remove(0),
    _ => Ts::Union(out),
  }
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
  let mut notes = Vec::new();
  let mut out: Vec<Ts> = Vec::new();
  for m in flat {
    if m.is_unknown() {
      collect_notes(&m, &mut notes);
    } else if matches!(m, Ts::Never) {
      return Ts::Never;
    } else if !out.contains(&m) {
      out.push(m);
    }
  }
  let snapshot = out.clone();
  out = out
    .into_iter()
    .enumerate()
    .filter(|(i, m)| match m {
      Ts::Keyword(k) => !snapshot
        .iter()
        .enumerate()
        .any(|(j, o)| j != *i && o != m && o.is_within(*k)),
      _ => true,
    })
    .map(|(_, m)| m)
    .collect();
  let mut merged: Vec<Ts> = Vec::new();
  for m in out {
    if let Ts::Object(obj) = &m {
      if let Some(Ts::Object(prev)) = merged.iter_mut().rev().find(|p| mergeable(p, obj)) {
        prev.props.extend(obj.props.iter().cloned());
        continue;
      }
    }
    merged.push(m);
  }
  let mut result = match merged.len() {
    0 => Ts::Unknown,
    1 => merged.remove(0),
    _ => Ts::Intersection(merged),
  };
  for note in notes {
    result = result.note(note);
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

fn mergeable(prev: &Ts, next: &Object) -> bool {
  match prev {
    Ts::Object(p) => {
      p.index.is_none()
        && next.index.is_none()
        && !next.props.iter().any(|n| p.props.iter().any(|q| q.key == n.key))
    }
    _ => false,
  }
}
