//! The schema → TypeScript table for types: objects, index signatures, arrays, tuples,
//! literals, unions, intersections, nullability. `$ref`s, names, docs: `tests_refs.rs`.
//!
//! Each case may list values that must type-check against the result and values that must not;
//! `tests_realistic::write_tsc_file` writes them all out for the real TypeScript compiler.

use serde_json::Value;

use super::*;

/// (name, schema, expected expression, expected declarations, valid values, invalid values)
pub(super) type Case = (
  &'static str,
  &'static str,
  &'static str,
  &'static [&'static str],
  &'static [&'static str],
  &'static [&'static str],
);

pub(super) fn check(cases: &[Case]) {
  let mut failures = Vec::new();
  for (name, schema, expr, decls, _, _) in cases {
    let schema: Value = serde_json::from_str(schema).unwrap_or_else(|e| panic!("{name}: bad JSON: {e}"));
    let got = schema_to_ts(&schema, &TsOptions::default());
    if got.expr != *expr || got.declarations != *decls {
      failures.push(format!(
        "--- {name}\nwant: {expr}\n{}\ngot:  {}\n{}",
        decls.join("\n"),
        got.expr,
        got.declarations.join("\n")
      ));
    }
  }
  assert!(
    failures.is_empty(),
    "{} case(s) differ:\n{}",
    failures.len(),
    failures.join("\n")
  );
}

pub(super) const TYPES: &[Case] = &[
  ("string", r#"{"type":"string"}"#, "string", &[], &[r#""x""#], &["1"]),
  ("number", r#"{"type":"number"}"#, "number", &[], &["1.5"], &[r#""1""#]),
  ("integer", r#"{"type":"integer"}"#, "number", &[], &["3"], &[]),
  ("boolean", r#"{"type":"boolean"}"#, "boolean", &[], &["false"], &[]),
  ("null", r#"{"type":"null"}"#, "null", &[], &["null"], &["0"]),
  ("true schema", "true", "unknown", &[], &["1"], &[]),
  ("empty schema", "{}", "unknown", &[], &["{}"], &[]),
  ("false schema", "false", "never", &[], &[], &["1"]),
  ("annotations only", r#"{"description":"anything"}"#, "unknown", &[], &[], &[]),
  // Objects
  (
    "object required and optional",
    r#"{"type":"object","properties":{"city":{"type":"string"},"units":{"type":"string","enum":["c","f"]}},"required":["city"]}"#,
    r#"{ city: string; units?: "c" | "f" }"#,
    &[],
    &[r#"{ "city": "Paris" }"#, r#"{ "city": "Oslo", "units": "c" }"#],
    &["{}", r#"{ "city": "Paris", "units": "k" }"#, r#"{ "city": "Paris", "extra": 1 }"#],
  ),
  ("object no properties", r#"{"type":"object"}"#, "{ [key: string]: unknown }", &[], &[r#"{ "a": 1 }"#], &["1"]),
  ("object empty properties", r#"{"type":"object","properties":{}}"#, "{}", &[], &["{}"], &[]),
  ("object implied by properties", r#"{"properties":{"a":{"type":"number"}}}"#, "{ a?: number }", &[], &[], &[]),
  ("object closed and empty", r#"{"type":"object","additionalProperties":false}"#, "{ [key: string]: never }", &[], &["{}"], &[r#"{ "a": 1 }"#]),
  (
    "object closed",
    r#"{"type":"object","properties":{"a":{"type":"string"}},"required":["a"],"additionalProperties":false}"#,
    "{ a: string }",
    &[],
    &[r#"{ "a": "x" }"#],
    &[r#"{ "a": "x", "b": 1 }"#],
  ),
  (
    "additionalProperties true",
    r#"{"type":"object","properties":{"a":{"type":"string"}},"additionalProperties":true}"#,
    "{ a?: string; [key: string]: unknown }",
    &[],
    &[r#"{ "a": "x", "b": [1] }"#],
    &[r#"{ "a": 1 }"#],
  ),
  (
    "additionalProperties schema",
    r#"{"type":"object","additionalProperties":{"type":"number"}}"#,
    "{ [key: string]: number }",
    &[],
    &[r#"{ "a": 1, "b": 2 }"#],
    &[r#"{ "a": "x" }"#],
  ),
  (
    "index widened for a required property",
    r#"{"type":"object","properties":{"name":{"type":"string"}},"required":["name"],"additionalProperties":{"type":"number"}}"#,
    "{ name: string; [key: string]: number | string }",
    &[],
    &[r#"{ "name": "x", "n": 1 }"#],
    &[r#"{ "name": "x", "n": true }"#],
  ),
  (
    "index widened for an optional property",
    r#"{"type":"object","properties":{"name":{"type":"string"}},"additionalProperties":{"type":"number"}}"#,
    "{ name?: string; [key: string]: number | string | undefined }",
    &[],
    &[r#"{ "n": 1 }"#],
    &[],
  ),
  (
    "index already covering the properties",
    r#"{"type":"object","properties":{"a":{"type":"string","enum":["x","y"]},"b":{"type":"string"}},"required":["a","b"],"additionalProperties":{"type":"string"}}"#,
    r#"{ a: "x" | "y"; b: string; [key: string]: string }"#,
    &[],
    &[r#"{ "a": "x", "b": "b", "c": "c" }"#],
    &[],
  ),
  (
    "index unknown beside an object property",
    r#"{"type":"object","properties":{"meta":{"type":"object","properties":{"x":{"type":"number"}}}},"additionalProperties":{"type":"string"}}"#,
    "{ meta?: { x?: number }; [key: string]: unknown }",
    &[],
    &[r#"{ "meta": { "x": 1 }, "k": "v" }"#],
    &[],
  ),
  (
    "required name without property schema",
    r#"{"type":"object","required":["a"],"additionalProperties":{"type":"string"}}"#,
    "{ a: string; [key: string]: string }",
    &[],
    &[r#"{ "a": "x" }"#],
    &["{}"],
  ),
  (
    "patternProperties closed",
    r#"{"type":"object","patternProperties":{"^x-":{"type":"string"}},"additionalProperties":false}"#,
    "{\n  /** Keys matching ^x- */\n  [key: string]: string;\n}",
    &[],
    &[r#"{ "x-a": "1" }"#],
    &[r#"{ "x-a": 1 }"#],
  ),
  (
    "patternProperties with additionalProperties and a property",
    r#"{"type":"object","properties":{"id":{"type":"integer"}},"required":["id"],"patternProperties":{"^S_":{"type":"string"},"^B_":{"type":"boolean"}},"additionalProperties":{"type":"null"}}"#,
    "{\n  /** @integer */\n  id: number;\n  /**\n   * Keys matching ^S_\n   * Keys matching ^B_\n   */\n  [key: string]: string | boolean | null | number;\n}",
    &[],
    &[r#"{ "id": 1, "S_a": "x", "B_b": true, "other": null }"#],
    &[],
  ),
  (
    "boolean property schemas",
    r#"{"type":"object","properties":{"x":true,"y":false}}"#,
    "{ x?: unknown; y?: never }",
    &[],
    &[r#"{ "x": [1] }"#],
    &[r#"{ "y": 1 }"#],
  ),
  (
    "draft-03 required flag",
    r#"{"type":"object","properties":{"a":{"type":"string","required":true}}}"#,
    "{ a: string }",
    &[],
    &[],
    &[],
  ),
  (
    "nested objects",
    r#"{"type":"object","properties":{"user":{"type":"object","properties":{"name":{"type":"string","description":"Full name"},"age":{"type":"integer"}},"required":["name"]}},"required":["user"]}"#,
    "{\n  user: {\n    /** Full name */\n    name: string;\n    /** @integer */\n    age?: number;\n  };\n}",
    &[],
    &[r#"{ "user": { "name": "Ada" } }"#],
    &[r#"{ "user": {} }"#],
  ),
  (
    "long object split over lines",
    r#"{"type":"object","properties":{"firstName":{"type":"string"},"lastName":{"type":"string"},"emailAddress":{"type":"string"},"phone":{"type":"string"}}}"#,
    "{\n  firstName?: string;\n  lastName?: string;\n  emailAddress?: string;\n  phone?: string;\n}",
    &[],
    &[],
    &[],
  ),
  // Arrays and tuples
  ("array", r#"{"type":"array","items":{"type":"string"}}"#, "string[]", &[], &[r#"["a"]"#], &["[1]"]),
  ("array without items", r#"{"type":"array"}"#, "unknown[]", &[], &[r#"[1, "a"]"#], &[]),
  ("array implied by items", r#"{"items":{"type":"number"}}"#, "number[]", &[], &[], &[]),
  ("array of arrays", r#"{"type":"array","items":{"type":"array","items":{"type":"number"}}}"#, "number[][]", &[], &["[[1], []]"], &[]),
  (
    "array of union",
    r#"{"type":"array","items":{"anyOf":[{"type":"string"},{"type":"number"}]}}"#,
    "(string | number)[]",
    &[],
    &[r#"[1, "a"]"#],
    &["[true]"],
  ),
  ("array items false", r#"{"type":"array","items":false}"#, "[]", &[], &["[]"], &["[1]"]),
  (
    "array of large objects",
    r#"{"type":"array","items":{"type":"object","properties":{"name":{"type":"string","description":"Label name"},"color":{"type":"string"}}}}"#,
    "Array<{\n  /** Label name */\n  name?: string;\n  color?: string;\n}>",
    &[],
    &[r#"[{ "name": "bug" }]"#],
    &[],
  ),
  (
    "tuple prefixItems closed",
    r#"{"type":"array","prefixItems":[{"type":"number"},{"type":"number"}],"items":false,"minItems":2}"#,
    "[number, number]",
    &[],
    &["[1, 2]"],
    &["[1]", "[1, 2, 3]"],
  ),
  (
    "tuple prefixItems open",
    r#"{"type":"array","prefixItems":[{"type":"string"},{"type":"number"}]}"#,
    "[string?, number?, ...unknown[]]",
    &[],
    &["[]", r#"["a", 1, true]"#],
    &["[1]"],
  ),
  (
    "tuple prefixItems with rest schema",
    r#"{"type":"array","prefixItems":[{"type":"string"}],"items":{"type":"boolean"},"minItems":1}"#,
    "[string, ...boolean[]]",
    &[],
    &[r#"["a", true, false]"#],
    &[r#"["a", 1]"#],
  ),
  (
    "tuple draft-07 additionalItems schema",
    r#"{"type":"array","items":[{"type":"string"},{"type":"boolean"}],"additionalItems":{"type":"number"},"minItems":1}"#,
    "[string, boolean?, ...number[]]",
    &[],
    &[r#"["a"]"#, r#"["a", true, 1, 2]"#],
    &[],
  ),
  (
    "tuple draft-07 closed",
    r#"{"type":"array","items":[{"type":"string"},{"anyOf":[{"type":"number"},{"type":"null"}]}],"additionalItems":false,"minItems":1}"#,
    "[string, (number | null)?]",
    &[],
    &[r#"["a", null]"#],
    &[r#"["a", 1, 2]"#],
  ),
  (
    "tuple zod style",
    r#"{"type":"array","minItems":2,"maxItems":2,"items":[{"type":"string"},{"type":"number"}]}"#,
    "[string, number]",
    &[],
    &[r#"["a", 1]"#],
    &[r#"["a"]"#],
  ),
  // Literals
  (
    "enum strings escaped",
    r#"{"enum":["a\"b","c\\d","line\nbreak","*/","é"]}"#,
    r#""a\"b" | "c\\d" | "line\nbreak" | "*/" | "é""#,
    &[],
    &[r#""*/""#],
    &[r#""x""#],
  ),
  (
    "enum mixed literals",
    r#"{"enum":[1,2.5,-3,true,null,"x",1]}"#,
    r#"1 | 2.5 | -3 | true | null | "x""#,
    &[],
    &["-3", "null"],
    &["false", "2"],
  ),
  ("enum filtered by type", r#"{"type":"string","enum":["a","b",null]}"#, r#""a" | "b""#, &[], &[], &["null"]),
  ("enum nullable", r#"{"type":"string","enum":["a","b"],"nullable":true}"#, r#""a" | "b" | null"#, &[], &["null"], &[]),
  ("enum empty", r#"{"enum":[]}"#, "never", &[], &[], &[]),
  ("const string", r#"{"type":"string","const":"v1"}"#, r#""v1""#, &[], &[r#""v1""#], &[r#""v2""#]),
  ("const zero", r#"{"const":0}"#, "0", &[], &["0"], &["1"]),
  ("const object", r#"{"const":{"a":[1,"x"],"b-c":null}}"#, r#"{ a: [1, "x"]; "b-c": null }"#, &[], &[r#"{ "a": [1, "x"], "b-c": null }"#], &[]),
  ("enum in array", r#"{"type":"array","items":{"enum":[-1,1]}}"#, "(-1 | 1)[]", &[], &["[-1]"], &[]),
  // Unions, intersections, null
  ("anyOf", r#"{"anyOf":[{"type":"string"},{"type":"number"}]}"#, "string | number", &[], &["1", r#""a""#], &["true"]),
  ("oneOf literal absorbed", r#"{"oneOf":[{"const":"auto"},{"type":"string"}]}"#, "string", &[], &[], &[]),
  (
    "nested anyOf with null",
    r#"{"anyOf":[{"anyOf":[{"type":"string"},{"type":"number"}]},{"type":"null"},{"type":"string"}]}"#,
    "string | number | null",
    &[],
    &["null"],
    &[],
  ),
  ("type list", r#"{"type":["string","number","boolean"]}"#, "string | number | boolean", &[], &["true"], &["null"]),
  ("type with null", r#"{"type":["string","null"]}"#, "string | null", &[], &["null"], &["1"]),
  ("nullable", r#"{"type":"integer","nullable":true}"#, "number | null", &[], &["null"], &[]),
  (
    "nullable object",
    r#"{"type":["object","null"],"properties":{"a":{"type":"number"}}}"#,
    "{ a?: number } | null",
    &[],
    &["null", "{}"],
    &[],
  ),
  (
    "discriminated union",
    r#"{"oneOf":[{"type":"object","properties":{"kind":{"const":"circle"},"radius":{"type":"number"}},"required":["kind","radius"]},{"type":"object","properties":{"kind":{"const":"square"},"side":{"type":"number"}},"required":["kind","side"]}]}"#,
    r#"{ kind: "circle"; radius: number } | { kind: "square"; side: number }"#,
    &[],
    &[r#"{ "kind": "circle", "radius": 1 }"#],
    &[r#"{ "kind": "circle", "side": 1 }"#, r#"{ "kind": "triangle", "side": 1 }"#],
  ),
  (
    "allOf merged",
    r#"{"allOf":[{"type":"object","properties":{"a":{"type":"string"}},"required":["a"]},{"type":"object","properties":{"b":{"type":"number"}}}]}"#,
    "{ a: string; b?: number }",
    &[],
    &[r#"{ "a": "x", "b": 1 }"#],
    &["{}"],
  ),
  (
    "allOf overlapping",
    r#"{"allOf":[{"type":"object","properties":{"a":{"type":"string"}},"required":["a"]},{"type":"object","properties":{"a":{"const":"x"}},"required":["a"]}]}"#,
    r#"{ a: string } & { a: "x" }"#,
    &[],
    &[r#"{ "a": "x" }"#],
    &[r#"{ "a": "y" }"#],
  ),
  (
    "allOf of primitives",
    r#"{"allOf":[{"type":"string"},{"minLength":1},true]}"#,
    "string",
    &[],
    &[],
    &[],
  ),
  (
    "object with oneOf branches",
    r#"{"type":"object","properties":{"id":{"type":"string"}},"required":["id"],"oneOf":[{"properties":{"a":{"type":"number"}},"required":["a"]},{"properties":{"b":{"type":"number"}},"required":["b"]}]}"#,
    "{ id: string } & ({ a: number } | { b: number })",
    &[],
    &[r#"{ "id": "x", "a": 1 }"#],
    &[r#"{ "id": "x" }"#],
  ),
  (
    "bare object type with anyOf",
    r#"{"type":"object","anyOf":[{"properties":{"a":{"type":"string"}},"required":["a"]},{"properties":{"b":{"type":"string"}},"required":["b"]}]}"#,
    "{ a: string } | { b: string }",
    &[],
    &[r#"{ "b": "x" }"#],
    &[],
  ),
  (
    "required-only branches",
    r#"{"type":"object","properties":{"a":{"type":"string"},"b":{"type":"string"}},"anyOf":[{"required":["a"]},{"required":["b"]}]}"#,
    "{ a?: string; b?: string }",
    &[],
    &[],
    &[],
  ),
  (
    "string narrowed by anyOf",
    r#"{"type":"string","anyOf":[{"const":"a"},{"const":"b"}]}"#,
    r#""a" | "b""#,
    &[],
    &[r#""a""#],
    &[r#""c""#],
  ),
  ("unknown type name", r#"{"type":"date"}"#, r#"unknown /* unsupported: type "date" */"#, &[], &[], &[]),
];

#[test]
fn types_table() {
  check(TYPES);
}

#[test]
fn every_output_is_stable_when_converted_twice() {
  for (name, schema, ..) in TYPES.iter().chain(super::tests_refs::REFS) {
    let schema: Value = serde_json::from_str(schema).unwrap();
    assert_eq!(
      schema_to_ts(&schema, &TsOptions::default()),
      schema_to_ts(&schema, &TsOptions::default()),
      "{name}"
    );
  }
}

#[test]
fn indent_option() {
  let schema: Value =
    serde_json::from_str(r#"{"type":"object","properties":{"a":{"type":"string","description":"A"}}}"#)
      .unwrap();
  let ts = schema_to_ts(
    &schema,
    &TsOptions {
      name: None,
      indent: 4,
      ..TsOptions::default()
    },
  );
  assert_eq!(ts.expr, "{\n    /** A */\n    a?: string;\n}");
  assert_eq!(
    indent_after_first_line(&ts.expr, "  "),
    "{\n      /** A */\n      a?: string;\n  }"
  );
}
