//! Printing the type tree as TypeScript text: parentheses where precedence needs them, small
//! types on one line, larger object types one member per line with JSDoc above members.
//!
//! Linear in the size of the tree times its depth (which the converter bounds): whether a type
//! fits on one line is decided by writing its one-line form only up to the width, and each
//! subtree is printed once.

use super::ast::{Index, Object, Prop, Ts, Tuple};
use super::jsdoc::{inline_comment, jsdoc};

/// Longest one-line rendering of an object, tuple or union before it is split over lines.
const WIDTH: usize = 72;
/// The same in the compact style, where a line may also carry members' one-line docs.
const COMPACT_WIDTH: usize = 100;

pub(crate) struct Printer {
  unit: String,
  /// Compact style: members' one-line docs may stay inline (`{ /** doc */ a: T }`).
  compact: bool,
  width: usize,
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
  pub(crate) fn new(indent: usize, compact: bool) -> Self {
    Printer {
      unit: " ".repeat(indent.clamp(1, 8)),
      compact,
      width: if compact { COMPACT_WIDTH } else { WIDTH },
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
    if is_leaf(ty) || is_flat_union(ty) {
      if let Some(line) = self.inline(ty, ctx, usize::MAX) {
        return line;
      }
    } else if let Some(line) = self.inline(ty, ctx, self.width) {
      if line.chars().count() <= self.width {
        return line;
      }
    }
    match ty {
      Ts::Object(obj) => self.object(obj, level),
      Ts::Tuple(tuple) => self.tuple(tuple, level),
      Ts::Array(elem) => {
        // Printed once: printing it again in the other context at every level would take time
        // exponential in the nesting of arrays. On one line, the postfix form is the one-line
        // form (with parentheses where `[]` needs them); the two contexts break lines alike.
        let inner = self.print(elem, level, Ctx::Plain);
        if inner.contains('\n') {
          format!("Array<{inner}>")
        } else {
          let inner = self
            .inline(elem, Ctx::Postfix, usize::MAX)
            .unwrap_or_else(|| format!("({inner})"));
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
      leaf => self
        .inline(leaf, ctx, usize::MAX)
        .unwrap_or_else(|| "unknown".to_string()),
    }
  }

  /// The one-line form, or `None` when the type carries docs that need their own lines or is
  /// longer than `limit` characters (only an upper bound is checked here, from the byte length,
  /// so writing stops early: the caller counts the characters of a result it needs exact).
  fn inline(&self, ty: &Ts, ctx: Ctx, limit: usize) -> Option<String> {
    let max_bytes = limit.saturating_mul(4);
    let fits = |text: &str| (text.len() <= max_bytes).then_some(());
    Some(match ty {
      Ts::Unknown => "unknown".to_string(),
      Ts::Never => "never".to_string(),
      Ts::Keyword(k) => k.text().to_string(),
      Ts::Literal(_, text) => {
        fits(text)?;
        parenthesize(text.clone(), ctx == Ctx::Postfix && text.starts_with('-'))
      }
      Ts::Named(name) => {
        fits(name)?;
        name.clone()
      }
      Ts::Array(elem) => format!("{}[]", self.inline(elem, Ctx::Postfix, limit)?),
      Ts::Tuple(tuple) => {
        let parts = self.tuple_parts(tuple, max_bytes, |t, c| self.inline(t, c, limit))?;
        let text = format!("[{}]", parts.join(", "));
        fits(&text)?;
        text
      }
      Ts::Object(obj) => {
        let mut out = String::from("{ ");
        for (i, p) in obj.props.iter().enumerate() {
          if i > 0 {
            out.push_str("; ");
          }
          out.push_str(&format!(
            "{}{}: {}",
            self.inline_doc(&p.doc)?,
            prop_head(p),
            self.inline(&p.ty, Ctx::Plain, limit)?
          ));
          fits(&out)?;
        }
        if let Some(index) = &obj.index {
          if !obj.props.is_empty() {
            out.push_str("; ");
          }
          out.push_str(&format!(
            "{}[key: string]: {}",
            self.inline_doc(&index.doc)?,
            self.inline(&index.ty, Ctx::Plain, limit)?
          ));
          fits(&out)?;
        }
        if out.len() == 2 {
          "{}".to_string()
        } else {
          out.push_str(" }");
          out
        }
      }
      Ts::Union(members) => {
        if ctx == Ctx::Top && members.iter().any(|m| matches!(m, Ts::Doc(..))) {
          return None;
        }
        let text = self.join_inline(members, " | ", Ctx::Plain, limit)?;
        parenthesize(text, matches!(ctx, Ctx::IntersectionMember | Ctx::Postfix))
      }
      Ts::Intersection(members) => {
        let text = self.join_inline(members, " & ", Ctx::IntersectionMember, limit)?;
        parenthesize(text, ctx == Ctx::Postfix)
      }
      Ts::Note(inner, note) => format!("{} {}", self.inline(inner, ctx, limit)?, inline_comment(note)),
      Ts::Doc(_, inner) => self.inline(inner, ctx, limit)?,
    })
  }

  /// A member's doc before it on the same line: `""` without one, `/** doc */ ` for one line in
  /// the compact style, `None` (the member needs its own lines) otherwise.
  fn inline_doc(&self, doc: &[String]) -> Option<String> {
    let block = jsdoc(doc, "");
    if block.is_empty() {
      return Some(String::new());
    }
    if !self.compact || block.matches('\n').count() > 1 {
      return None;
    }
    Some(format!("{} ", block.trim_end()))
  }

  /// The one-line forms of `members` joined by `sep`, stopping once past `limit` (see `inline`).
  fn join_inline(&self, members: &[Ts], sep: &str, ctx: Ctx, limit: usize) -> Option<String> {
    let max_bytes = limit.saturating_mul(4);
    let mut out = String::new();
    for (i, m) in members.iter().enumerate() {
      if i > 0 {
        out.push_str(sep);
      }
      out.push_str(&self.inline(m, ctx, limit)?);
      if out.len() > max_bytes {
        return None;
      }
    }
    Some(out)
  }

  /// The elements of a tuple; `None` if `print` gives `None` for one or once the parts are
  /// longer than `max_bytes`.
  fn tuple_parts(
    &self,
    tuple: &Tuple,
    max_bytes: usize,
    print: impl Fn(&Ts, Ctx) -> Option<String>,
  ) -> Option<Vec<String>> {
    let mut parts = Vec::new();
    let mut bytes = 0usize;
    for (ty, optional) in &tuple.items {
      let part = if *optional {
        format!("{}?", print(ty, Ctx::Postfix)?)
      } else {
        print(ty, Ctx::Plain)?
      };
      bytes = bytes.saturating_add(part.len());
      if bytes > max_bytes {
        return None;
      }
      parts.push(part);
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
      .tuple_parts(tuple, usize::MAX, |t, c| Some(self.print(t, level + 1, c)))
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
