//! The compact style (`TsOptions::compact`, for a model's prompt): the same types as the default
//! style, with each schema's description and constraints on one JSDoc line.

use serde_json::{json, Value};

use super::*;

fn compact(schema: Value) -> TsType {
  schema_to_ts(
    &schema,
    &TsOptions {
      compact: true,
      ..TsOptions::default()
    },
  )
}

fn doc_of(schema: Value) -> Vec<String> {
  compact(schema).doc
}

#[test]
fn constraints_make_one_line() {
  assert_eq!(
    doc_of(json!({ "type": "integer", "minimum": 1, "maximum": 100000, "default": 5000 })),
    ["integer, 1–100000, default 5000"]
  );
  assert_eq!(
    doc_of(json!({ "description": "Page size.", "type": "integer", "minimum": 1 })),
    ["Page size; integer, ≥ 1"]
  );
  assert_eq!(
    doc_of(json!({ "type": "string", "format": "email", "minLength": 3, "maxLength": 3 })),
    ["email, length 3"]
  );
  assert_eq!(
    doc_of(json!({ "type": "number", "exclusiveMinimum": 0, "maximum": 1 })),
    ["> 0, ≤ 1"]
  );
  assert_eq!(
    doc_of(json!({ "type": "number", "minimum": 0, "exclusiveMinimum": true })),
    ["> 0"]
  );
  assert_eq!(
    doc_of(json!({ "type": "array", "items": {}, "minItems": 1, "uniqueItems": true })),
    ["items ≥ 1, unique items"]
  );
  assert_eq!(
    doc_of(json!({ "type": "string", "pattern": "^a+$", "examples": ["aa", "aaa"], "deprecated": true })),
    ["pattern ^a+$, e.g. \"aa\", deprecated"]
  );
  assert_eq!(
    doc_of(json!({ "description": "Line one\n\n  line   two", "type": "string" })),
    ["Line one line two"]
  );
  assert!(doc_of(json!({ "type": "string" })).is_empty());
}

#[test]
fn long_descriptions_and_values_are_shortened() {
  let long = "word ".repeat(100);
  let doc = doc_of(json!({ "description": long, "default": "x".repeat(500) }));
  assert_eq!(doc.len(), 1);
  assert!(doc[0].chars().count() < 300, "{}", doc[0]);
  assert!(doc[0].contains('…'));
}

#[test]
fn documented_members_stay_on_one_line_while_short() {
  let schema = json!({
    "type": "object",
    "properties": {
      "city": { "type": "string", "minLength": 1 },
      "limit": { "type": "integer", "minimum": 1, "maximum": 50, "default": 10 }
    },
    "required": ["city"]
  });
  assert_eq!(
    compact(schema.clone()).expr,
    "{ /** length ≥ 1 */ city: string; /** integer, 1–50, default 10 */ limit?: number }"
  );
  // The default style keeps a block of tags per member, one member per line.
  let full = schema_to_ts(&schema, &TsOptions::default()).expr;
  assert!(full.contains("   * @minimum 1\n"), "{full}");
}

#[test]
fn long_documented_objects_break_with_one_line_docs() {
  let props: serde_json::Map<String, Value> = (0..6)
    .map(|i| {
      (
        format!("field{i}"),
        json!({ "type": "string", "description": format!("The value number {i} of this record") }),
      )
    })
    .collect();
  let ty = compact(json!({ "type": "object", "properties": props }));
  assert!(
    ty.expr
      .starts_with("{\n  /** The value number 0 of this record */\n  field0?: string;\n"),
    "{}",
    ty.expr
  );
  assert!(!ty.expr.contains("/**\n"), "{}", ty.expr);
}

#[test]
fn comment_terminators_stay_escaped_inline() {
  let ty = compact(
    json!({ "type": "object", "properties": { "a": { "type": "string", "description": "x */ y" } } }),
  );
  assert_eq!(ty.expr, "{ /** x *\\/ y */ a?: string }");
}

#[test]
fn named_types_keep_one_line_docs() {
  let ty = compact(json!({
    "$defs": { "node": { "description": "A node", "type": "object", "properties": {
      "value": { "type": "integer", "minimum": 0 },
      "children": { "type": "array", "items": { "$ref": "#/$defs/node" } } } } },
    "$ref": "#/$defs/node"
  }));
  // `Node` is a global type name.
  assert_eq!(ty.expr, "NodeType");
  assert_eq!(
    ty.declarations,
    ["/** A node */\ntype NodeType = { /** integer, ≥ 0 */ value?: number; children?: NodeType[] };"]
  );
}
