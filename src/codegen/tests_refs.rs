//! The schema → TypeScript table for `$ref`s and names, JSDoc from annotations, unsupported
//! keywords; declarations and scopes.

use serde_json::{json, Value};

use super::tests::{check, Case};
use super::*;

pub(super) const REFS: &[Case] = &[
  (
    "ref to $defs",
    r##"{"$defs":{"user":{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}},"type":"object","properties":{"owner":{"$ref":"#/$defs/user"}}}"##,
    "{ owner?: User }",
    &["type User = { name: string };"],
    &[r#"{ "owner": { "name": "a" } }"#],
    &[r#"{ "owner": {} }"#],
  ),
  (
    "ref to definitions with null",
    r##"{"anyOf":[{"$ref":"#/definitions/User"},{"type":"null"}],"definitions":{"User":{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}}}"##,
    "User | null",
    &["type User = { name: string };"],
    &["null"],
    &[],
  ),
  (
    "allOf with a ref",
    r##"{"$defs":{"Base":{"type":"object","properties":{"id":{"type":"string"}},"required":["id"]}},"allOf":[{"$ref":"#/$defs/Base"},{"type":"object","properties":{"name":{"type":"string"}}}]}"##,
    "Base & { name?: string }",
    &["type Base = { id: string };"],
    &[r#"{ "id": "1", "name": "n" }"#],
    &[r#"{ "name": "n" }"#],
  ),
  (
    "recursive root",
    r##"{"type":"object","properties":{"name":{"type":"string"},"children":{"type":"array","items":{"$ref":"#"}}},"required":["name"]}"##,
    "Root",
    &["type Root = { name: string; children?: Root[] };"],
    &[r#"{ "name": "a", "children": [{ "name": "b", "children": [] }] }"#],
    &[r#"{ "name": "a", "children": [{}] }"#],
  ),
  (
    "recursive $recursiveRef",
    r##"{"type":"object","properties":{"next":{"$recursiveRef":"#"}}}"##,
    "Root",
    &["type Root = { next?: Root };"],
    &[r#"{ "next": { "next": {} } }"#],
    &[],
  ),
  (
    "mutually recursive $defs",
    r##"{"$ref":"#/$defs/A","$defs":{"A":{"type":"object","properties":{"b":{"$ref":"#/$defs/B"}}},"B":{"type":"object","properties":{"a":{"$ref":"#/$defs/A"}}}}}"##,
    "A",
    &["type A = { b?: B };", "type B = { a?: A };"],
    &[r#"{ "b": { "a": { "b": {} } } }"#],
    &[r#"{ "b": { "a": 1 } }"#],
  ),
  (
    "recursive JSON value",
    r##"{"$defs":{"json":{"anyOf":[{"type":"string"},{"type":"number"},{"type":"boolean"},{"type":"null"},{"type":"array","items":{"$ref":"#/$defs/json"}},{"type":"object","additionalProperties":{"$ref":"#/$defs/json"}}]}},"$ref":"#/$defs/json"}"##,
    "Json",
    &["type Json = string | number | boolean | null | Json[] | { [key: string]: Json };"],
    &[r#"{ "a": [1, "x", null, { "b": true }] }"#],
    &[],
  ),
  (
    "direct self reference cut",
    r##"{"$defs":{"A":{"anyOf":[{"$ref":"#/$defs/A"},{"type":"string"}]}},"$ref":"#/$defs/A"}"##,
    "A",
    &["type A = unknown /* circular $ref to A */;"],
    &[],
    &[],
  ),
  (
    "mutual self reference cut",
    r##"{"$defs":{"A":{"$ref":"#/$defs/B"},"B":{"anyOf":[{"$ref":"#/$defs/A"},{"type":"number"}]}},"type":"array","items":{"$ref":"#/$defs/A"}}"##,
    "A[]",
    &["type A = B;", "type B = unknown /* circular $ref to A */;"],
    &[],
    &[],
  ),
  (
    "recursion through an array kept",
    r##"{"$defs":{"nested":{"anyOf":[{"type":"string"},{"type":"array","items":{"$ref":"#/$defs/nested"}}]}},"$ref":"#/$defs/nested"}"##,
    "Nested",
    &["type Nested = string | Nested[];"],
    &[r#"["a", ["b", []]]"#],
    &["[1]"],
  ),
  (
    "recursion through a tuple cut",
    r##"{"$defs":{"pair":{"anyOf":[{"type":"string"},{"type":"array","prefixItems":[{"type":"string"},{"$ref":"#/$defs/pair"}],"items":false}]}},"type":"object","properties":{"p":{"$ref":"#/$defs/pair"}}}"##,
    "{ p?: Pair }",
    &["type Pair = string | [string?, unknown /* circular $ref to Pair */?];"],
    &[r#"{ "p": ["a", "b"] }"#],
    &[],
  ),
  (
    "sanitised and de-duplicated names",
    r##"{"$defs":{"user-profile":{"type":"string"},"Record":{"type":"number"},"2fa":{"type":"boolean"},"item":{"type":"null"},"Item":{"type":"string"},"Node":{"const":1}},"type":"object","properties":{"a":{"$ref":"#/$defs/user-profile"},"b":{"$ref":"#/$defs/Record"},"c":{"$ref":"#/$defs/2fa"},"d":{"$ref":"#/$defs/item"},"e":{"$ref":"#/$defs/Item"},"f":{"$ref":"#/$defs/Node"}}}"##,
    "{\n  a?: UserProfile;\n  b?: RecordType;\n  c?: Type2fa;\n  d?: Item;\n  e?: Item2;\n  f?: NodeType;\n}",
    &[
      "type UserProfile = string;",
      "type RecordType = number;",
      "type Type2fa = boolean;",
      "type Item = null;",
      "type Item2 = string;",
      "type NodeType = 1;",
    ],
    &[r#"{ "d": null, "e": "x", "f": 1 }"#],
    &[],
  ),
  (
    "zod root-strategy pointer ref",
    r##"{"type":"object","properties":{"billing":{"type":"object","properties":{"street":{"type":"string"}},"required":["street"]},"shipping":{"$ref":"#/properties/billing"},"tags":{"type":"array","items":{"type":"string"}},"more":{"$ref":"#/properties/tags/items"}}}"##,
    "{\n  billing?: { street: string };\n  shipping?: Billing;\n  tags?: string[];\n  more?: TagsItem;\n}",
    &["type Billing = { street: string };", "type TagsItem = string;"],
    &[],
    &[],
  ),
  (
    "escaped pointers",
    r##"{"definitions":{"a/b":{"type":"string"},"c d":{"type":"number"},"t~":{"type":"null"}},"type":"object","properties":{"x":{"$ref":"#/definitions/a~1b"},"y":{"$ref":"#/definitions/c%20d"},"z":{"$ref":"#/definitions/t~0"}}}"##,
    "{ x?: AB; y?: CD; z?: T }",
    &["type AB = string;", "type CD = number;", "type T = null;"],
    &[],
    &[],
  ),
  (
    "anchor ref",
    r##"{"$defs":{"x":{"$anchor":"item","type":"string"}},"type":"array","items":{"$ref":"#item"}}"##,
    "X[]",
    &["type X = string;"],
    &[],
    &[],
  ),
  (
    "ref with the document id",
    r#"{"$id":"https://example.com/s.json","$defs":{"n":{"type":"number"}},"$ref":"https://example.com/s.json#/$defs/n"}"#,
    "N",
    &["type N = number;"],
    &[],
    &[],
  ),
  (
    "remote ref",
    r#"{"$ref":"https://example.com/other.json#/x"}"#,
    r#"unknown /* unsupported: $ref "https://example.com/other.json#/x" */"#,
    &[],
    &[],
    &[],
  ),
  (
    "unresolved ref",
    r##"{"type":"array","items":{"$ref":"#/$defs/Missing*/"}}"##,
    r#"unknown /* unresolved $ref "/$defs/Missing*\/" */[]"#,
    &[],
    &[],
    &[],
  ),
  ("not", r#"{"not":{"type":"string"}}"#, "unknown /* unsupported: not */", &[], &[], &[]),
  ("not beside a type", r#"{"type":"string","not":{"const":""}}"#, "string /* unsupported: not */", &[], &[r#""a""#], &["1"]),
  (
    "if/then/else and dependentSchemas",
    r#"{"type":"object","properties":{"a":{"type":"string"}},"if":{"required":["a"]},"then":{"required":["b"]},"dependentSchemas":{"a":{}}}"#,
    "{ a?: string } /* unsupported: if/then/else, dependentSchemas */",
    &[],
    &[r#"{ "a": "x" }"#],
    &[],
  ),
  (
    "property keys quoted when needed",
    r#"{"type":"object","properties":{"get-sum":{"type":"number"},"2x":{"type":"number"},"a b":{"type":"number"},"":{"type":"number"},"class":{"type":"number"},"$ref":{"type":"string"}},"required":["get-sum"]}"#,
    "{\n  \"get-sum\": number;\n  \"2x\"?: number;\n  \"a b\"?: number;\n  \"\"?: number;\n  class?: number;\n  $ref?: string;\n}",
    &[],
    &[r#"{ "get-sum": 1, "": 2, "class": 3, "$ref": "x" }"#],
    &[r#"{ "2x": 1 }"#],
  ),
  (
    "description with comment end and lines",
    r#"{"type":"object","properties":{"a":{"type":"string","description":"Ends */ here\nsecond line"}}}"#,
    "{\n  /**\n   * Ends *\\/ here\n   * second line\n   */\n  a?: string;\n}",
    &[],
    &[],
    &[],
  ),
  (
    "constraint tags",
    r#"{"type":"object","properties":{"email":{"type":"string","format":"email"},"code":{"type":"string","pattern":"^[A-Z]{3}$","maxLength":3},"n":{"type":"number","exclusiveMinimum":0,"multipleOf":0.5},"tags":{"type":"array","items":{"type":"string"},"minItems":1,"maxItems":5,"uniqueItems":true},"units":{"type":"string","enum":["c","f"],"default":"c","examples":["f"]},"old":{"type":"string","deprecated":true}}}"#,
    "{\n  /** @format email */\n  email?: string;\n  /**\n   * @maxLength 3\n   * @pattern ^[A-Z]{3}$\n   */\n  code?: string;\n  /**\n   * @exclusiveMinimum 0\n   * @multipleOf 0.5\n   */\n  n?: number;\n  /**\n   * @minItems 1\n   * @maxItems 5\n   * @uniqueItems\n   */\n  tags?: string[];\n  /**\n   * @default \"c\"\n   * @example \"f\"\n   */\n  units?: \"c\" | \"f\";\n  /** @deprecated */\n  old?: string;\n}",
    &[],
    &[],
    &[],
  ),
  (
    "pydantic optional with title",
    r#"{"type":"object","properties":{"user_id":{"title":"User Id","type":"integer"},"limit":{"anyOf":[{"type":"integer","minimum":1},{"type":"null"}],"default":null,"title":"Limit","description":"Max results"},"q":{"title":"Search text","type":"string"}},"required":["user_id"]}"#,
    "{\n  /** @integer */\n  user_id: number;\n  /**\n   * Max results\n   * @integer\n   * @minimum 1\n   * @default null\n   */\n  limit?: number | null;\n  /** Search text */\n  q?: string;\n}",
    &[],
    &[r#"{ "user_id": 1, "limit": null }"#],
    &[],
  ),
  (
    "ref with sibling description",
    r##"{"$defs":{"Color":{"enum":["red","green"],"description":"A color"}},"type":"object","properties":{"color":{"$ref":"#/$defs/Color","description":"Pick one"}}}"##,
    "{\n  /** Pick one */\n  color?: Color;\n}",
    &["/** A color */\ntype Color = \"red\" | \"green\";"],
    &[r#"{ "color": "red" }"#],
    &[r#"{ "color": "blue" }"#],
  ),
  (
    "described union members in a declaration",
    r##"{"$defs":{"Shape":{"oneOf":[{"description":"A circle","type":"object","properties":{"kind":{"const":"circle"},"r":{"type":"number"}},"required":["kind","r"]},{"description":"A square","type":"object","properties":{"kind":{"const":"square"},"side":{"type":"number"}},"required":["kind","side"]}]}},"type":"array","items":{"$ref":"#/$defs/Shape"}}"##,
    "Shape[]",
    &["type Shape =\n  /** A circle */\n  | { kind: \"circle\"; r: number }\n  /** A square */\n  | { kind: \"square\"; side: number };"],
    &[r#"[{ "kind": "square", "side": 2 }]"#],
    &[r#"[{ "kind": "square", "r": 2 }]"#],
  ),
];

#[test]
fn refs_table() {
  check(REFS);
}

#[test]
fn root_name_option() {
  let schema = json!({ "type": "object", "properties": { "next": { "$ref": "#" } } });
  let ts = schema_to_ts(
    &schema,
    &TsOptions {
      name: Some("linked list".into()),
      indent: 2,
      ..TsOptions::default()
    },
  );
  assert_eq!(ts.expr, "LinkedList");
  assert_eq!(ts.declarations, ["type LinkedList = { next?: LinkedList };"]);
}

#[test]
fn root_doc() {
  let schema = json!({ "type": "integer", "description": "Count", "minimum": 0, "exclusiveMinimum": true });
  assert_eq!(
    schema_to_ts(&schema, &TsOptions::default()).doc,
    ["Count", "@integer", "@exclusiveMinimum 0"]
  );
}

#[test]
fn declarations() {
  let opts = TsOptions::default();
  let weather = json!({
    "title": "Weather input", "type": "object",
    "properties": { "city": { "type": "string" } }, "required": ["city"]
  });
  assert_eq!(
    schema_to_declaration("WeatherInput", &weather, &opts),
    "/** Weather input */\ntype WeatherInput = { city: string };"
  );

  let tree = json!({
    "description": "A tree", "type": "object",
    "properties": { "kids": { "type": "array", "items": { "$ref": "#" } }, "leaf": { "$ref": "#/$defs/leaf" } },
    "$defs": { "leaf": { "type": "string" } }
  });
  assert_eq!(
    schema_to_declaration("Tree", &tree, &opts),
    "/** A tree */\ntype Tree = { kids?: Tree[]; leaf?: Leaf };\ntype Leaf = string;"
  );

  let shape = json!({ "anyOf": [{ "type": "string", "description": "A name" }, { "type": "number" }] });
  assert_eq!(
    schema_to_declaration("Shape", &shape, &opts),
    "type Shape =\n  /** A name */\n  | string\n  | number;"
  );
  // Names that are not identifiers or clash with globals are sanitised.
  assert_eq!(
    schema_to_declaration("get-sum input", &json!({ "type": "number" }), &opts),
    "type GetSumInput = number;"
  );
  assert_eq!(
    schema_to_declaration("Promise", &json!(true), &opts),
    "type PromiseType = unknown;"
  );
  assert_eq!(
    schema_to_declaration("string", &json!(true), &opts),
    "type StringType = unknown;"
  );
  assert_eq!(
    schema_to_declaration("void", &json!(true), &opts),
    "type Void = unknown;"
  );
}

#[test]
fn scope_shares_identical_defs_and_keeps_names_unique() {
  let mut scope = TsScope::new();
  let opts = TsOptions::default();
  assert_eq!(scope.reserve("createIssueInput"), "CreateIssueInput");
  assert_eq!(scope.reserve("createIssueInput"), "CreateIssueInput2");
  let defs = json!({ "Label": { "type": "object", "properties": { "name": { "type": "string" } } } });
  let a = json!({ "$defs": defs, "type": "array", "items": { "$ref": "#/$defs/Label" } });
  let b = json!({ "$defs": defs, "type": "object", "properties": { "label": { "$ref": "#/$defs/Label" } } });
  let other = json!({ "$defs": { "Label": { "type": "string" } }, "$ref": "#/$defs/Label" });
  let ta = scope.convert(&a, &opts);
  let tb = scope.convert(&b, &opts);
  let tc = scope.convert(&other, &opts);
  assert_eq!((ta.expr.as_str(), ta.declarations.len()), ("Label[]", 1));
  assert_eq!(
    (tb.expr.as_str(), tb.declarations.len()),
    ("{ label?: Label }", 0)
  );
  assert_eq!(tc.expr, "Label2");
  assert_eq!(tc.declarations, ["type Label2 = string;"]);
  // Two recursive roots in one scope get distinct names.
  let rec = json!({ "type": "array", "items": { "$ref": "#" } });
  assert_eq!(scope.convert(&rec, &opts).expr, "Root");
  assert_eq!(scope.convert(&rec, &opts).expr, "Root2");
}

#[test]
fn hostile_inputs_stay_valid() {
  let opts = TsOptions::default();
  // Deep nesting is cut with a note rather than overflowing the stack.
  let mut deep = json!({ "type": "string" });
  for _ in 0..500 {
    deep = json!({ "type": "array", "items": deep });
  }
  assert!(schema_to_ts(&deep, &opts)
    .expr
    .contains("unknown /* schema nested too deeply */"));
  // A long chain of definitions, each referring to the next through a property.
  let mut defs = serde_json::Map::new();
  for i in 0..2000 {
    defs.insert(
      format!("d{i}"),
      json!({ "type": "object", "properties": { "n": { "$ref": format!("#/$defs/d{}", i + 1) } } }),
    );
  }
  defs.insert("d2000".into(), json!({ "type": "null" }));
  let chain = json!({ "$defs": defs, "$ref": "#/$defs/d0" });
  let ts = schema_to_ts(&chain, &opts);
  assert_eq!((ts.expr.as_str(), ts.declarations.len()), ("D0", 2001));
  // Not-a-schema values and odd keyword values.
  for odd in [
    json!(null),
    json!(3),
    json!("x"),
    json!({ "type": 5, "properties": [], "items": "x", "enum": {} }),
  ] {
    let ts = schema_to_ts(&odd, &opts);
    assert!(!ts.expr.is_empty());
  }
}

/// Declarations (not just expressions) for the tsc check.
pub(super) fn declarations_for_tsc() -> String {
  let opts = TsOptions::default();
  let mut scope = TsScope::new();
  let mut out = String::from("\n// Declarations from one scope\n");
  for (i, (_, schema, ..)) in super::tests::TYPES.iter().chain(REFS).enumerate() {
    let schema: Value = serde_json::from_str(schema).unwrap();
    let name = scope.reserve(&format!("Decl{i}"));
    out.push_str(&scope.declaration(&name, &schema, &opts));
    out.push('\n');
  }
  out
}
