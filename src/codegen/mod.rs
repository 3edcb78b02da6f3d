//! JSON Schema → TypeScript, for the declarations a model reads.
//!
//! Converts the schemas MCP servers, zod-to-json-schema and pydantic emit (draft-07 and
//! 2020-12) into compact type expressions that compile under `tsc --strict`:
//! objects with required/optional members and index signatures, arrays and tuples, `enum` and
//! `const` literals, `anyOf`/`oneOf` unions (discriminants kept), `allOf` intersections,
//! nullability, and local `$ref`s (recursion included) as named type aliases. What TypeScript
//! cannot say (integer, formats, bounds, defaults, examples, deprecation) becomes JSDoc tags;
//! what this module does not model (`not`, `if`/`then`/`else`, remote `$ref`...) widens to a
//! correct, looser type with a `/* unsupported: ... */` comment. The output is never invalid
//! TypeScript, whatever the input. [`TsOptions::compact`] renders the same types for a model's
//! prompt, with each schema's docs on one line (`/** integer, 1–100, default 10 */`).
//!
//! ```
//! use quickjs_codemode::codegen::{schema_to_ts, TsOptions};
//! let schema = serde_json::json!({
//!   "type": "object",
//!   "properties": { "city": { "type": "string" }, "units": { "enum": ["c", "f"] } },
//!   "required": ["city"]
//! });
//! let ts = schema_to_ts(&schema, &TsOptions::default());
//! assert_eq!(ts.expr, r#"{ city: string; units?: "c" | "f" }"#);
//! ```
//!
//! Layout: `convert` (keyword dispatch), `object`, `array`, `refs` build a small type tree
//! (`ast`), `print` writes it; `docs` and `jsdoc` make comments; `pointer` resolves `$ref`s,
//! `names` hands out type names; `literal`, `ident` and `text` write literals, names and
//! escaped text.
//!
//! Imports go one way, down this list (a module may `use` only modules after it; this file, the
//! entry point, may use any; `tests_layers` checks it):
//! `refs` → `object` → `array` → `convert` → `pointer` → `names` → `print` → `docs` → `jsdoc` →
//! `literal` → `ident` → `text` → `ast`. (`object`, `array` and `refs` add methods to
//! `convert::Converter`, which calls them without importing them.)
//!
//! Hostile input: every step takes time linear in the schema (or `n log n`), apart from a factor
//! of the nesting depth, which is bounded: schemas deeper than 64 levels, literal values deeper
//! than 16 and `$ref` chains longer than 32 become `unknown` with a comment saying so, so the
//! recursion stays far from the end of the stack (an overflow would abort Node). Named types are
//! referred to by name, never expanded inline, so the output stays linear in the input too.

mod array;
mod ast;
mod convert;
mod docs;
mod ident;
mod jsdoc;
mod literal;
mod names;
mod object;
mod pointer;
mod print;
mod refs;
mod text;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_compact;
#[cfg(test)]
mod tests_fuzz;
#[cfg(test)]
mod tests_hostile;
#[cfg(test)]
mod tests_layers;
#[cfg(test)]
mod tests_realistic;
#[cfg(test)]
mod tests_refs;
#[cfg(test)]
mod tests_scaling;

use std::collections::HashMap;

use serde_json::Value;

pub use ident::{is_identifier, is_identifier_name, property_key, type_name};
pub use jsdoc::jsdoc;

use convert::{Converter, RootName};
use names::{Names, SharedDefs};
use print::Printer;

/// Options for [`schema_to_ts`] and [`schema_to_declaration`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TsOptions {
  /// Name of the root type when it has to be declared (a schema that refers to itself with
  /// `$ref: "#"`). @default `Root`
  pub name: Option<String>,
  /// Spaces per indentation level in multi-line output. @default 2
  pub indent: usize,
  /// For a model's prompt rather than a `.d.ts` file: each schema's description and constraints
  /// on one JSDoc line (`/** Page size; integer, 1–100, default 10 */` instead of a block of
  /// `@integer`, `@minimum 1`, ... tags), and objects whose members carry such lines kept on one
  /// line while short. Still valid TypeScript. @default false
  pub compact: bool,
}

impl Default for TsOptions {
  fn default() -> Self {
    TsOptions {
      name: None,
      indent: 2,
      compact: false,
    }
  }
}

/// A converted schema.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TsType {
  /// A TypeScript type expression, e.g. `{ city: string; units?: "c" | "f" }`. Multi-line
  /// expressions are indented from column 0; see [`indent_after_first_line`] to nest them.
  pub expr: String,
  /// Declarations `expr` needs (`type Node = { ... };`, for `$ref`s), each with its JSDoc, in
  /// first-use order. Aliases already declared by an earlier conversion in the same
  /// [`TsScope`] are not repeated.
  pub declarations: Vec<String>,
  /// JSDoc lines for the root schema (description or title, then tags such as `@minimum 0`),
  /// for the caller to place (they are not part of `expr`).
  pub doc: Vec<String>,
}

/// A set of conversions whose declarations go into one file: type names stay unique across
/// them, and identical definitions (the same `$defs` in several tools' schemas) are declared
/// once and shared.
#[derive(Debug, Clone, Default)]
pub struct TsScope {
  names: Names,
  shared: SharedDefs,
}

impl TsScope {
  pub fn new() -> Self {
    Self::default()
  }

  /// Claims a type name for the caller (made PascalCase and unique: `getWeatherInput` →
  /// `GetWeatherInput`, then `GetWeatherInput2`, ...), so no generated alias takes it.
  pub fn reserve(&mut self, name: &str) -> String {
    self.names.unique(&type_name(name))
  }

  /// Converts one schema; see [`schema_to_ts`].
  pub fn convert(&mut self, schema: &Value, options: &TsOptions) -> TsType {
    let preferred = options
      .name
      .as_deref()
      .map(type_name)
      .unwrap_or_else(|| "Root".to_string());
    let (ty, declarations, printer) = self.run(schema, options, RootName::Preferred(preferred));
    TsType {
      expr: printer.expr(&ty, 0),
      declarations,
      doc: docs::schema_doc(schema, None, options.compact),
    }
  }

  /// Declares `name` as the schema's type; see [`schema_to_declaration`]. `name` is used as
  /// given (made PascalCase if it is not an identifier or is a global type name); reserve it
  /// first with [`TsScope::reserve`] when it could collide.
  pub fn declaration(&mut self, name: &str, schema: &Value, options: &TsOptions) -> String {
    let name = if is_identifier(name) && !ident::is_global_type_name(name) {
      name.to_string()
    } else {
      self.reserve(name)
    };
    self.names.insert(&name);
    let (ty, declarations, printer) = self.run(schema, options, RootName::Fixed(name.clone()));
    if ty == ast::Ts::Named(name.clone()) {
      return declarations.join("\n");
    }
    let mut out = vec![printer.alias(&name, &docs::schema_doc(schema, None, options.compact), &ty)];
    out.extend(declarations);
    out.join("\n")
  }

  fn run(
    &mut self,
    schema: &Value,
    options: &TsOptions,
    root_name: RootName,
  ) -> (ast::Ts, Vec<String>, Printer) {
    let info = refs::scan(schema, options.indent);
    let share_doc = info.share_key.map(|key| self.shared.document(key));
    let mut converter = Converter {
      root: schema,
      names: &mut self.names,
      shared: &mut self.shared,
      printer: Printer::new(options.indent, options.compact),
      compact: options.compact,
      root_name,
      root_referenced: info.root_referenced,
      share_doc,
      anchors: info.anchors,
      refs: HashMap::new(),
      chain: Vec::new(),
      pending: Default::default(),
      declarations: Vec::new(),
      depth: 0,
    };
    let ty = converter.run();
    let declarations = converter
      .declarations
      .into_iter()
      .filter(|d| !d.is_empty())
      .collect();
    (ty, declarations, converter.printer)
  }
}

/// Converts a JSON Schema to a TypeScript type expression plus the named declarations it needs.
///
/// ```
/// use quickjs_codemode::codegen::{schema_to_ts, TsOptions};
/// let schema = serde_json::json!({
///   "$defs": { "category": { "type": "object", "properties": {
///     "name": { "type": "string" },
///     "children": { "type": "array", "items": { "$ref": "#/$defs/category" } } } } },
///   "$ref": "#/$defs/category"
/// });
/// let ts = schema_to_ts(&schema, &TsOptions::default());
/// assert_eq!(ts.expr, "Category");
/// assert_eq!(ts.declarations, ["type Category = { name?: string; children?: Category[] };"]);
/// ```
pub fn schema_to_ts(schema: &Value, options: &TsOptions) -> TsType {
  TsScope::new().convert(schema, options)
}

/// A `type Name = ...;` declaration for a schema, with its description (or title) and tags as
/// JSDoc, followed by the declarations it needs, separated by newlines.
///
/// ```
/// use quickjs_codemode::codegen::{schema_to_declaration, TsOptions};
/// let schema = serde_json::json!({ "description": "A city", "type": "string", "minLength": 1 });
/// assert_eq!(
///   schema_to_declaration("City", &schema, &TsOptions::default()),
///   "/**\n * A city\n * @minLength 1\n */\ntype City = string;"
/// );
/// ```
pub fn schema_to_declaration(name: &str, schema: &Value, options: &TsOptions) -> String {
  TsScope::new().declaration(name, schema, options)
}

/// `text` with `prefix` added to every line after the first: to nest a multi-line expression
/// at a deeper indentation. (Generated expressions never break a line inside a string literal.)
pub fn indent_after_first_line(text: &str, prefix: &str) -> String {
  text.replace('\n', &format!("\n{prefix}"))
}
