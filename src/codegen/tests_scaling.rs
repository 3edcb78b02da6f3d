//! Large schemas, and schemas nested 100,000 deep, convert; the output is checked for content and
//! shape. Time is not asserted (benchmarks measure it: `benchmark/codegen-scaling.mjs`), but a
//! quadratic path would make these tests take minutes instead of seconds.

use serde_json::{json, Map, Value};

use super::*;

fn declaration(schema: &Value) -> String {
  schema_to_declaration("Big", schema, &TsOptions::default())
}

/// Wraps `inner` as `wrap` with `inner` at `at` (a JSON pointer ending in an object key or in an
/// array index that exists). `json!({ "a": inner })` would serialize `inner` again: quadratic
/// and deeply recursive for a deeply nested value.
pub(super) fn nest(mut wrap: Value, at: &str, inner: Value) -> Value {
  let (parent, last) = at.rsplit_once('/').unwrap_or(("", at));
  match wrap.pointer_mut(parent) {
    Some(Value::Object(map)) => {
      map.insert(last.to_string(), inner);
    }
    Some(Value::Array(items)) => {
      if let Some(slot) = last.parse::<usize>().ok().and_then(|i| items.get_mut(i)) {
        *slot = inner;
      }
    }
    _ => panic!("no {at} in {wrap}"),
  }
  wrap
}

/// Takes a value apart from the outside in: dropping a deeply nested `Value` recurses.
pub(super) fn dismantle(value: Value) {
  let mut stack = vec![value];
  while let Some(value) = stack.pop() {
    match value {
      Value::Array(items) => stack.extend(items),
      Value::Object(map) => stack.extend(map.into_iter().map(|(_, v)| v)),
      _ => {}
    }
  }
}

#[test]
fn enum_of_100k_members() {
  let n = 100_000;
  let values: Vec<Value> = (0..n).map(|i| json!(format!("v{i}"))).collect();
  let out = declaration(&json!({ "enum": values }));
  assert!(out.starts_with("type Big = \"v0\" | \"v1\" | "));
  assert!(out.ends_with(" | \"v99999\";"));
  assert_eq!(out.matches(" | ").count(), n - 1);
  assert_eq!(out.lines().count(), 1);
}

#[test]
fn object_of_50k_properties() {
  let n = 50_000;
  let props: Map<String, Value> = (0..n)
    .map(|i| {
      (
        format!("p{i}"),
        json!({ "type": "string", "description": format!("Field {i}") }),
      )
    })
    .collect();
  let required: Vec<String> = (0..n).step_by(2).map(|i| format!("p{i}")).collect();
  let out = declaration(&json!({ "type": "object", "properties": props, "required": required }));
  let lines: Vec<&str> = out.lines().collect();
  assert_eq!(lines.first().copied(), Some("type Big = {"));
  assert_eq!(lines.last().copied(), Some("};"));
  assert_eq!(lines.iter().filter(|l| l.starts_with("  /** Field ")).count(), n);
  assert_eq!(lines.iter().filter(|l| l.ends_with(": string;")).count(), n);
  assert_eq!(lines.iter().filter(|l| l.ends_with("?: string;")).count(), n / 2);
  assert!(out.contains("\n  p49998: string;\n") && out.contains("\n  p49999?: string;\n"));
}

#[test]
fn any_of_20k_members() {
  let n = 20_000;
  let members: Vec<Value> = (0..n)
    .map(|i| {
      json!({
        "type": "object",
        "description": format!("Kind {i}"),
        "properties": { "kind": { "const": format!("k{i}") }, "value": { "type": "number" } },
        "required": ["kind"]
      })
    })
    .collect();
  // Every member twice: duplicates go.
  let twice: Vec<Value> = members.iter().chain(&members).cloned().collect();
  let out = declaration(&json!({ "anyOf": twice }));
  assert!(out.starts_with("type Big =\n  /** Kind 0 */\n  | { kind: \"k0\"; value?: number }\n"));
  assert_eq!(out.matches("\n  | { kind: \"k").count(), n);
  assert_eq!(out.matches("/** Kind ").count(), n);
  assert!(out.ends_with("| { kind: \"k19999\"; value?: number };"));
}

#[test]
fn nesting_100k_deep() {
  let n = 100_000;
  let mut schema = json!({ "type": "string" });
  for _ in 0..n {
    let wrap = json!({ "type": "object", "properties": { "a": null }, "required": ["a"] });
    schema = nest(wrap, "/properties/a", schema);
  }
  let mut array = json!({ "type": "string" });
  for _ in 0..n {
    array = nest(json!({ "type": "array" }), "/items", array);
  }
  let mut any_of = json!({ "type": "string" });
  for _ in 0..n {
    let wrap = json!({
      "anyOf": [{ "type": "array", "items": null }, { "type": "null" }],
      "description": "*/ deep"
    });
    any_of = nest(wrap, "/anyOf/0/items", any_of);
  }
  for (deep, per_level) in [(schema, "a:"), (array, "[]"), (any_of, "| null")] {
    let out = declaration(&deep);
    assert_eq!(out.matches("/* schema nested too deeply */").count(), 1, "{out}");
    let levels = out.matches(per_level).count();
    assert!((16..=64).contains(&levels), "{levels} levels in {out}");
    assert!(!out.contains("*/ deep"));
    dismantle(deep);
  }
}

#[test]
fn many_definitions_names_anchors_and_all_of() {
  let n = 20_000;
  // n `$defs`, each used by one property.
  let props: Map<String, Value> = (0..n)
    .map(|i| (format!("p{i}"), json!({ "$ref": format!("#/$defs/d{i}") })))
    .collect();
  let defs: Map<String, Value> = (0..n)
    .map(|i| {
      (
        format!("d{i}"),
        json!({ "type": "object", "properties": { "x": { "type": "string" } } }),
      )
    })
    .collect();
  let out = declaration(&json!({ "type": "object", "properties": props, "$defs": defs }));
  assert_eq!(out.matches("\ntype D").count(), n);
  assert!(out.contains("\n  p19999?: D19999;\n") && out.contains("\ntype D19999 = { x?: string };"));

  // n references that all want the name `X`.
  let props: Map<String, Value> = (0..n)
    .map(|i| (format!("p{i}"), json!({ "$ref": format!("#/$defs/x/anyOf/{i}") })))
    .collect();
  let members: Vec<Value> = (0..n).map(|i| json!({ "enum": [i] })).collect();
  let out =
    declaration(&json!({ "type": "object", "properties": props, "$defs": { "x": { "anyOf": members } } }));
  assert!(out.contains("\n  p0?: X;\n") && out.contains("\n  p19999?: X20000;\n"));
  assert!(out.contains("\ntype X = 0;\n") && out.ends_with("\ntype X20000 = 19999;"));

  // n anchors.
  let props: Map<String, Value> = (0..n)
    .map(|i| (format!("p{i}"), json!({ "$ref": format!("#a{i}") })))
    .collect();
  let defs: Map<String, Value> = (0..n)
    .map(|i| {
      (
        format!("d{i}"),
        json!({ "$anchor": format!("a{i}"), "type": "string" }),
      )
    })
    .collect();
  let out = declaration(&json!({ "type": "object", "properties": props, "$defs": defs }));
  assert!(out.contains("\n  p19999?: D19999;\n") && out.ends_with("\ntype D19999 = string;"));

  // `allOf` of n one-property objects merges into one object.
  let parts: Vec<Value> = (0..n)
    .map(|i| json!({ "type": "object", "properties": { format!("p{i}"): { "type": "integer" } } }))
    .collect();
  let out = declaration(&json!({ "allOf": parts }));
  assert!(out.starts_with("type Big = {\n  /** @integer */\n  p0?: number;\n"));
  assert_eq!(out.matches("?: number;").count(), n);
  assert!(!out.contains(" & "));
}
