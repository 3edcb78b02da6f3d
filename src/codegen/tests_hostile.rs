//! Hostile schemas: conversion never panics, and the output keeps the shape of valid TypeScript
//! (comments closed only where they end, brackets balanced, strings closed, no raw line
//! separators). With `CODEGEN_TSC_DIR` set, the outputs are written to `hostile.ts` for
//! `tsc --strict --noEmit` (see `tests_realistic::write_tsc_file`).

use serde_json::{json, Map, Value};

use super::tests_scaling::{dismantle, nest};
use super::*;

/// Schemas that are wrong, odd or built to hurt, with a name for failure messages.
fn hostile() -> Vec<(&'static str, Value)> {
  let mut cases = vec![
    ("null", json!(null)),
    ("number", json!(42)),
    ("string", json!("string")),
    ("array", json!([1, { "type": "string" }])),
    ("true", json!(true)),
    ("false", json!(false)),
    ("empty", json!({})),
    (
      "junk type array",
      json!({ "type": ["string", 5, null, { "x": 1 }, "objekt", "", "*/", "string"] }),
    ),
    ("type is a number", json!({ "type": 12 })),
    ("type is a schema", json!({ "type": { "$ref": "#" } })),
    (
      "only junk types",
      json!({ "type": ["date", "*/\u{2028}"], "enum": [1, "a"] }),
    ),
    (
      "huge numbers",
      json!({
        "type": "number", "minimum": 1e308, "maximum": -1e308, "multipleOf": 5e-324,
        "enum": [1e308, -0.0, u64::MAX, i64::MIN, -1], "default": 1.7976931348623157e308
      }),
    ),
    (
      "huge counts",
      json!({ "minItems": 1e300, "maxItems": u64::MAX, "prefixItems": [{}, {}], "minLength": -1 }),
    ),
    (
      "negative maxItems",
      json!({ "type": "array", "items": [{}], "maxItems": -1 }),
    ),
    (
      "maxItems 0",
      json!({ "type": "array", "prefixItems": [{ "const": -1 }], "maxItems": 0 }),
    ),
    (
      "negative literal items",
      json!({ "type": "array", "items": { "const": -1 } }),
    ),
    (
      "NaN-like strings",
      json!({
        "type": "number", "minimum": "NaN", "maximum": "Infinity", "multipleOf": "-Infinity",
        "default": "NaN", "enum": ["NaN", "Infinity", "-Infinity", "1e999"], "const": "NaN"
      }),
    ),
    ("ref to nowhere", json!({ "$ref": "#/$defs/nowhere" })),
    ("anchor to nowhere", json!({ "$ref": "#nowhere" })),
    ("remote ref", json!({ "$ref": "http://example.com/s.json#/a*/b" })),
    ("ref is a number", json!({ "$ref": 5 })),
    ("bad percent escapes", json!({ "$ref": "#/%ZZ/~2/%E2%80%A8/%" })),
    ("empty ref", json!({ "$ref": "" })),
    ("self ref", json!({ "$ref": "#" })),
    ("recursive ref", json!({ "$recursiveRef": "#", "type": "object" })),
    (
      "ref cycle",
      json!({ "$defs": { "a": { "$ref": "#/$defs/b" }, "b": { "$ref": "#/$defs/a" } }, "$ref": "#/$defs/a" }),
    ),
    (
      "union cycle",
      json!({ "$defs": { "a": { "anyOf": [{ "$ref": "#/$defs/a" }, { "type": "null" }] } }, "$ref": "#/$defs/a" }),
    ),
    (
      "tuple cycle",
      json!({ "$defs": { "t": { "prefixItems": [{ "$ref": "#/$defs/t" }] } }, "$ref": "#/$defs/t" }),
    ),
    (
      "recursive items",
      json!({ "$defs": { "t": { "type": "array", "items": { "$ref": "#/$defs/t" } } }, "$ref": "#/$defs/t" }),
    ),
    (
      "items refers to root",
      json!({ "items": { "$ref": "#" }, "prefixItems": [{ "$ref": "#" }] }),
    ),
    ("empty enum", json!({ "enum": [] })),
    ("empty typed enum", json!({ "enum": [], "type": "string" })),
    ("enum not an array", json!({ "enum": "a" })),
    ("null const", json!({ "const": null })),
    (
      "deep const",
      json!({ "const": [[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]] }),
    ),
    (
      "empty combinators",
      json!({ "anyOf": [], "allOf": [], "oneOf": "x" }),
    ),
    (
      "prototype keys",
      json!({
        "type": "object",
        "properties": {
          "__proto__": { "type": "string" }, "constructor": {}, "prototype": {}, "": {},
          "*/": { "description": "key */" }, "a\u{2028}b": {}, "x\"y\\z": {}
        },
        "required": ["__proto__", "toString", 5, null, "hasOwnProperty"],
        "additionalProperties": { "type": "number" }
      }),
    ),
    (
      "comment terminators and line separators",
      json!({
        "title": "Title */ with\u{2029}separator",
        "description": "Line one\u{2028}line two */ /* not a comment\r\n\r\nend */",
        "type": "object",
        "format": "*/\u{2028}",
        "pattern": "^*/$",
        "default": "*/\u{2028}",
        "examples": ["*/", "\u{2029}", { "*/": "*/" }],
        "properties": { "p": { "description": "*/", "type": "string", "enum": ["*/", "\u{2028}"] } },
        "patternProperties": { "*/\u{2028}": { "description": "pattern */" } },
        "propertyNames": { "pattern": "*/" },
        "not": {}
      }),
    ),
    (
      "junk definitions",
      json!({
        "$defs": { "*/": { "type": "string" }, "": {}, "__proto__": {}, "2": {}, "Record": {}, "a/b": {} },
        "properties": {
          "a": { "$ref": "#/$defs/*~1" }, "b": { "$ref": "#/$defs/" }, "c": { "$ref": "#/$defs/__proto__" },
          "d": { "$ref": "#/$defs/2" }, "e": { "$ref": "#/$defs/Record" }, "f": { "$ref": "#/$defs/a~1b" }
        }
      }),
    ),
    (
      "odd ids",
      json!({ "$id": "#", "$ref": "#", "$anchor": 5, "properties": { "a": { "$id": 5 } } }),
    ),
    (
      "wrong keyword types",
      json!({
        "nullable": "yes", "required": "all", "properties": [], "additionalProperties": "x",
        "patternProperties": 5, "items": 5, "prefixItems": {}, "dependencies": { "a": {} },
        "not": 5, "if": true, "description": 5, "title": [], "examples": 5, "deprecated": "yes"
      }),
    ),
  ];

  // A `$ref` DAG where each definition uses the previous one twice: expanded inline, the output
  // would double at every step.
  let mut defs = Map::new();
  defs.insert("d0".into(), json!({ "type": "string" }));
  for i in 1..64 {
    let prev = format!("#/$defs/d{}", i - 1);
    defs.insert(
      format!("d{i}"),
      json!({ "anyOf": [{ "$ref": prev }, { "type": "array", "items": { "$ref": prev } }] }),
    );
  }
  cases.push((
    "ref DAG via anyOf",
    json!({ "$defs": defs.clone(), "$ref": "#/$defs/d63" }),
  ));
  for def in defs.values_mut() {
    if let Some(prev) = def.pointer("/anyOf/0/$ref").cloned() {
      *def = json!({ "type": "object", "properties": { "a": { "$ref": prev }, "b": { "$ref": prev } } });
    }
  }
  cases.push((
    "ref DAG via properties",
    json!({ "$defs": defs, "$ref": "#/$defs/d63" }),
  ));

  // `allOf` chains: long, nested, and full of distinct unsupported parts.
  let chain: Vec<Value> = (0..1000)
    .map(|i| json!({ "$ref": format!("other.json#/{i}") }))
    .collect();
  cases.push(("allOf of remote refs", json!({ "allOf": chain })));
  let mut nested = json!({ "type": "string" });
  for i in 0..2000 {
    let wrap = json!({ "allOf": [null, { "description": format!("level {i}"), "not": {} }] });
    nested = nest(wrap, "/allOf/0", nested);
  }
  cases.push(("nested allOf", nested));
  let objects: Vec<Value> = (0..1000)
    .map(|i| json!({ "type": "object", "properties": { "a": { "const": i } } }))
    .collect();
  cases.push(("allOf of clashing objects", json!({ "allOf": objects })));

  // Many required names typed by a large `additionalProperties`.
  let big: Map<String, Value> = (0..200)
    .map(|i| (format!("k{i}"), json!({ "type": "string" })))
    .collect();
  let required: Vec<String> = (0..200).map(|i| format!("r{i}")).collect();
  cases.push((
    "required names beside a big additionalProperties",
    json!({ "type": "object", "required": required, "additionalProperties": { "type": "object", "properties": big } }),
  ));

  // Long text.
  cases.push((
    "long text",
    json!({ "description": "*/".repeat(100_000), "properties": { "k".repeat(100_000): { "const": "v".repeat(100_000) } } }),
  ));
  cases
}

/// About the length of `value` as JSON text, found without recursion (some cases nest deeply).
fn json_size(value: &Value) -> usize {
  let mut size = 0;
  let mut stack = vec![value];
  while let Some(value) = stack.pop() {
    size += match value {
      Value::Array(items) => {
        stack.extend(items);
        2 + items.len()
      }
      Value::Object(map) => {
        stack.extend(map.values());
        2 + map.keys().map(|k| k.len() + 4).sum::<usize>()
      }
      Value::String(s) => s.len() + 2,
      other => other.to_string().len(),
    };
  }
  size
}

/// Checks the lexical shape of generated TypeScript: block comments open and close in code,
/// double-quoted strings close on their line, brackets balance, and there is no raw U+2028/U+2029.
fn check_shape(ts: &str) -> Result<(), String> {
  if ts.contains(['\u{2028}', '\u{2029}']) {
    return Err("raw line separator".into());
  }
  let chars: Vec<char> = ts.chars().collect();
  let mut stack = Vec::new();
  let mut i = 0;
  while let Some(&c) = chars.get(i) {
    let next = chars.get(i + 1).copied();
    match (c, next) {
      ('/', Some('*')) => {
        let end = (i + 2..chars.len().saturating_sub(1)).find(|&j| chars[j] == '*' && chars[j + 1] == '/');
        i = end.ok_or("unclosed comment")? + 2;
        continue;
      }
      ('*', Some('/')) => return Err(format!("`*/` outside a comment at {i}")),
      ('/', Some('/')) => return Err(format!("line comment at {i}")),
      ('"', _) => {
        i += 1;
        loop {
          match chars.get(i) {
            Some('\\') => i += 2,
            Some('"') => break,
            Some('\n' | '\r') | None => return Err(format!("unclosed string at {i}")),
            Some(_) => i += 1,
          }
        }
      }
      ('{' | '[' | '(' | '<', _) => stack.push(c),
      ('}' | ']' | ')', _) => {
        let open = stack.pop().ok_or(format!("unbalanced {c} at {i}"))?;
        if !matches!((open, c), ('{', '}') | ('[', ']') | ('(', ')')) {
          return Err(format!("{open} closed by {c} at {i}"));
        }
      }
      ('>', _) if stack.last() == Some(&'<') => {
        stack.pop();
      }
      _ => {}
    }
    i += 1;
  }
  if stack.is_empty() {
    Ok(())
  } else {
    Err(format!("unclosed {stack:?}"))
  }
}

#[test]
fn hostile_schemas_give_typescript() {
  let opts = TsOptions::default();
  let mut file = String::from("// Generated by codegen::tests_hostile::hostile_schemas_give_typescript.\n");
  let mut failures = Vec::new();
  for (i, (name, schema)) in hostile().into_iter().enumerate() {
    let decl = schema_to_declaration("Hostile", &schema, &opts);
    let ts = schema_to_ts(&schema, &opts);
    let mut texts = vec![decl.clone(), format!("type E_ = {};", ts.expr)];
    texts.extend(ts.declarations.iter().cloned());
    for text in &texts {
      if let Err(e) = check_shape(text) {
        failures.push(format!(
          "{name}: {e}\n{}",
          text.chars().take(2000).collect::<String>()
        ));
      }
    }
    if !decl.contains("type Hostile =") || !decl.ends_with(';') {
      failures.push(format!("{name}: no declaration\n{decl}"));
    }
    // Linear in the input: nothing here is more than a few times its JSON text.
    let input = json_size(&schema);
    if decl.len() > 4 * input + 10_000 {
      failures.push(format!("{name}: {} chars out for {input} in", decl.len()));
    }
    file.push_str(&format!(
      "\ndeclare namespace H{i} {{\n  {}\n}}\n",
      indent_after_first_line(&decl, "  ")
    ));
    dismantle(schema);
  }
  assert!(failures.is_empty(), "{}", failures.join("\n\n"));
  if let Ok(dir) = std::env::var("CODEGEN_TSC_DIR") {
    std::fs::write(format!("{dir}/hostile.ts"), file).unwrap();
  }
}

#[test]
fn comment_terminators_are_escaped_everywhere() {
  let schema = json!({
    "description": "a */ b",
    "type": "object",
    "properties": { "p": { "description": "c */ d", "default": "e */ f", "type": "string" } },
    "additionalProperties": { "$ref": "http://x/*/y" }
  });
  let out = schema_to_declaration("T", &schema, &TsOptions::default());
  for text in ["a *\\/ b", "c *\\/ d", "\"e *\\/ f\"", "http://x/*\\/y"] {
    assert!(out.contains(text), "{text} in {out}");
  }
  assert_eq!(check_shape(&out), Ok(()));
}

#[test]
fn shape_check_catches_broken_output() {
  assert!(check_shape("type A = { a: string };").is_ok());
  assert!(check_shape("/** x *\\/ y */ type A = \"*/\";").is_ok());
  assert!(check_shape("/** x */ y */ type A = string;").is_err());
  assert!(check_shape("type A = { a: string ;").is_err());
  assert!(check_shape("type A = \"a\nb\";").is_err());
  assert!(check_shape("type A = \"a\u{2028}b\";").is_err());
}
