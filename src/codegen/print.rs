//! Printing the type tree as TypeScript text: parentheses where precedence needs them, small
//! types on one line, larger object types one member per line with JSDoc above members.

use super::ast::{Index, Object, Prop, Ts, Tuple};
use super::jsdoc::{inline_comment, jsdoc};

/// Longest one-line rendering of an object, tuple or union before it is split over lines.
const WIDTH: usize = 72;

pub(crate) struct Printer {
  unit: String,
}

/// Where a type is printed; decides parentheses and whether a union may use the
/// one-member-per-line `| A` layout (only where a type stands alone after `=` or `:`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ctx {
  /// After `type X =`, `key:` or `[key: string]:`.
  Top,
  /// Anywhere else with no precedence constraint.
  Plain,
  /// A member of an intersection: unions need parentheses.
  IntersectionMember,
  /// Before `[]` or `?`: unions and intersections need parentheses.
  Postfix,
}

impl Printer {
  pub(crate) fn new(indent: usize) -> Self {
    Printer {
      unit: " ".repeat(indent.clamp(1, 8)),
    }
  }

  fn indent(&self, level: usize) -> String {
    self.unit.repeat(level)
  }

  /// A type expression, multi-line pieces indented from `level`, with no leading newline.
  pub(crate) fn expr(&self, ty: &Ts, level: usize) -> String {
    self.print(ty, level, Ctx::Plain)
  }

  /// `/** doc */ type Name = T;`
  pub(crate) fn alias(&self, name: &str, doc: &[String], ty: &Ts) -> String {
    let body = self.print(ty, 0, Ctx::Top);
    format!("{}type {name} ={};", jsdoc(doc, ""), after_colon(&body))
  }

  fn print(&self, ty: &Ts, level: usize, ctx: Ctx) -> String {
    if let Some(line) = self.inline(ty, ctx) {
      if line.chars().count() <= WIDTH || is_leaf(ty) || is_flat_union(ty) {
        return line;
      }
    }
    match ty {
      Ts::Object(obj) => self.object(obj, level),
      Ts::Tuple(tuple) => self.tuple(tuple, level),
      Ts::Array(elem) => {
        let inner = self.print(elem, level, Ctx::Postfix);
        if inner.contains('\n') {
          format!("Array<{}>", self.print(elem, level, Ctx::Plain))
        } else {
          format!("{inner}[]")
        }
      }
      Ts::Union(members) if ctx == Ctx::Top => {
        let mut out = String::new();
        let pad = self.indent(level + 1);
        for m in members {
          let (doc, inner) = match m {
            Ts::Doc(doc, inner) => (doc.as_slice(), inner.as_ref()),
            other => (&[][..], other),
          };
          out.push('\n');
          out.push_str(&jsdoc(doc, &pad));
          out.push_str(&format!("{pad}| {}", self.print(inner, level + 1, Ctx::Plain)));
        }
        out
      }
      Ts::Union(members) => {
        let parts: Vec<String> = members.iter().map(|m| self.print(m, level, Ctx::Plain)).collect();
        parenthesize(
          parts.join(" | "),
          matches!(ctx, Ctx::IntersectionMember | Ctx::Postfix),
        )
      }
      Ts::Intersection(members) => {
        let parts: Vec<String> = members
          .iter()
          .map(|m| self.print(m, level, Ctx::IntersectionMember))
          .collect();
        parenthesize(parts.join(" & "), ctx == Ctx::Postfix)
      }
      Ts::Note(inner, note) => format!("{} {}", self.print(inner, level, ctx), inline_comment(note)),
      Ts::Doc(_, inner) => self.print(inner, level, ctx),
      leaf => self.inline(leaf, ctx).unwrap_or_else(|| "unknown".to_string()),
    }
  }

  /// The one-line form, or `None` when the type carries docs that need their own lines.
  fn inline(&self, ty: &Ts, ctx: Ctx) -> Option<String> {
    Some(match ty {
      Ts::Unknown => "unknown".to_string(),
      Ts::Never => "never".to_string(),
      Ts::Keyword(k) => k.text().to_string(),
      Ts::Literal(_, text) => parenthesize(text.clone(), ctx == Ctx::Postfix && text.starts_with('-')),
      Ts::Named(name) => name.clone(),
      Ts::Array(elem) => format!("{}[]", self.inline(elem, Ctx::Postfix)?),
      Ts::Tuple(tuple) => {
        let parts = self.tuple_parts(tuple, |t, c| self.inline(t, c))?;
        format!("[{}]", parts.join(", "))
      }
      Ts::Object(obj) => {
        if obj.props.iter().any(|p| !p.doc.is_empty())
          || obj.index.as_ref().is_some_and(|i| !i.doc.is_empty())
        {
          return None;
        }
        let mut parts = Vec::new();
        for p in &obj.props {
          parts.push(format!("{}: {}", prop_head(p), self.inline(&p.ty, Ctx::Plain)?));
        }
        if let Some(index) = &obj.index {
          parts.push(format!("[key: string]: {}", self.inline(&index.ty, Ctx::Plain)?));
        }
        if parts.is_empty() {
          "{}".to_string()
        } else {
          format!("{{ {} }}", parts.join("; "))
        }
      }
      Ts::Union(members) => {
        if ctx == Ctx::Top && members.iter().any(|m| matches!(m, Ts::Doc(..))) {
          return None;
        }
        let parts = members
          .iter()
          .map(|m| self.inline(m, Ctx::Plain))
          .collect::<Option<Vec<_>>>()?;
        parenthesize(
          parts.join(" | "),
          matches!(ctx, Ctx::IntersectionMember | Ctx::Postfix),
        )
      }
      Ts::Intersection(members) => {
        let parts = members
          .iter()
          .map(|m| self.inline(m, Ctx::IntersectionMember))
          .collect::<Option<Vec<_>>>()?;
        parenthesize(parts.join(" & "), ctx == Ctx::Postfix)
      }
      Ts::Note(inner, note) => format!("{} {}", self.inline(inner, ctx)?, inline_comment(note)),
      Ts::Doc(_, inner) => self.inline(inner, ctx)?,
    })
  }

  fn tuple_parts(&self, tuple: &Tuple, print: impl Fn(&Ts, Ctx) -> Option<String>) -> Option<Vec<String>> {
    let mut parts = Vec::new();
    for (ty, optional) in &tuple.items {
      if *optional {
        parts.push(format!("{}?", print(ty, Ctx::Postfix)?));
      } else {
        parts.push(print(ty, Ctx::Plain)?);
      }
    }
    // `...T[]`, never `...Array<T>`: TypeScript resolves a generic rest element eagerly, which
    // breaks tuples that refer to themselves.
    if let Some(rest) = &tuple.rest {
      parts.push(format!("...{}[]", print(rest, Ctx::Postfix)?));
    }
    Some(parts)
  }

  fn tuple(&self, tuple: &Tuple, level: usize) -> String {
    let pad = self.indent(level + 1);
    let parts = self
      .tuple_parts(tuple, |t, c| Some(self.print(t, level + 1, c)))
      .unwrap_or_default();
    if parts.is_empty() {
      return "[]".to_string();
    }
    let lines: Vec<String> = parts.iter().map(|p| format!("{pad}{p}")).collect();
    format!("[\n{}\n{}]", lines.join(",\n"), self.indent(level))
  }

  fn object(&self, obj: &Object, level: usize) -> String {
    let pad = self.indent(level + 1);
    let mut out = String::from("{\n");
    for p in &obj.props {
      let ty = self.print(&p.ty, level + 1, Ctx::Top);
      out.push_str(&format!(
        "{}{pad}{}:{};\n",
        jsdoc(&p.doc, &pad),
        prop_head(p),
        after_colon(&ty)
      ));
    }
    if let Some(Index { ty, doc }) = &obj.index {
      let ty = self.print(ty, level + 1, Ctx::Top);
      out.push_str(&format!(
        "{}{pad}[key: string]:{};\n",
        jsdoc(doc, &pad),
        after_colon(&ty)
      ));
    }
    out.push_str(&self.indent(level));
    out.push('}');
    out
  }
}

fn prop_head(p: &Prop) -> String {
  if p.optional {
    format!("{}?", p.key)
  } else {
    p.key.clone()
  }
}

/// The text after `=` or `:`: a space, unless it starts on its own line.
fn after_colon(text: &str) -> String {
  if text.starts_with('\n') {
    text.to_string()
  } else {
    format!(" {text}")
  }
}

fn parenthesize(text: String, yes: bool) -> String {
  if yes {
    format!("({text})")
  } else {
    text
  }
}

fn is_leaf(ty: &Ts) -> bool {
  matches!(
    ty,
    Ts::Unknown | Ts::Never | Ts::Keyword(_) | Ts::Literal(..) | Ts::Named(_)
  )
}

/// A union of literals and keywords (a long `enum`): one line is more compact than one per line.
fn is_flat_union(ty: &Ts) -> bool {
  matches!(ty, Ts::Union(members) if members.iter().all(is_leaf))
}
