//! Random schemas (deterministic): conversion never panics, and with `CODEGEN_TSC_DIR` set the
//! outputs are written to `fuzz.ts`, which must compile with `tsc --strict --noEmit`
//! (`CODEGEN_FUZZ_CASES` and `CODEGEN_FUZZ_SEED` change how many and which).

use serde_json::{json, Map, Value};

use super::*;

/// A small deterministic generator (xorshift), so failures reproduce.
struct Rng(u64);

impl Rng {
  fn next(&mut self) -> u64 {
    self.0 ^= self.0 << 13;
    self.0 ^= self.0 >> 7;
    self.0 ^= self.0 << 17;
    self.0
  }
  fn below(&mut self, n: usize) -> usize {
    (self.next() % n as u64) as usize
  }
  fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
    items[self.below(items.len())]
  }
}

const KEYS: &[&str] = &[
  "a", "get-sum", "2x", "", "class", "new", "a b", "$ref", "enum", "*/", "x\"y", "名", "type", "kind",
];
const STRINGS: &[&str] = &["a", "*/", "line\nbreak", "q\"uote", "back\\slash", "", "\u{2028}"];
const DEFS: &[&str] = &[
  "Node",
  "node",
  "user-profile",
  "Record",
  "2fa",
  "item",
  "Item",
  "a/b",
];
const TEXT: &[&str] = &["Plain.", "Ends */ early", "Two\nlines", "@tag like", " "];

fn schema(rng: &mut Rng, depth: usize) -> Value {
  if depth == 0 {
    return leaf(rng);
  }
  let mut s = match rng.below(14) {
    0..=2 => leaf(rng),
    3 | 4 => object(rng, depth),
    5 => json!({ "type": "array", "items": schema(rng, depth - 1) }),
    6 => {
      let prefix: Vec<Value> = (0..rng.below(3) + 1).map(|_| schema(rng, depth - 1)).collect();
      let mut t = json!({ "type": "array", "prefixItems": prefix, "minItems": rng.below(3) });
      if rng.below(2) == 0 {
        t["items"] = if rng.below(2) == 0 {
          json!(false)
        } else {
          schema(rng, depth - 1)
        };
      }
      t
    }
    7 => json!({ "type": "array", "items": [schema(rng, depth - 1)], "additionalItems": rng.below(2) == 0 }),
    8 => json!({ "anyOf": [schema(rng, depth - 1), schema(rng, depth - 1), { "type": "null" }] }),
    9 => json!({ "oneOf": [object(rng, depth - 1), object(rng, depth - 1)] }),
    10 => json!({ "allOf": [object(rng, depth - 1), schema(rng, depth - 1)] }),
    11 => json!({ "$ref": reference(rng) }),
    12 => {
      json!({ "type": ["string", "null", "object"], "properties": { "k": schema(rng, depth - 1) }, "additionalProperties": schema(rng, depth - 1) })
    }
    _ => {
      json!({ "type": "object", "anyOf": [object(rng, depth - 1), { "required": ["a"] }], "not": {}, "if": {} })
    }
  };
  if let Value::Object(map) = &mut s {
    if rng.below(4) == 0 {
      map.insert("description".into(), json!(rng.pick(TEXT)));
    }
    if rng.below(8) == 0 {
      map.insert("nullable".into(), json!(true));
    }
    if rng.below(8) == 0 {
      map.insert("default".into(), json!(rng.pick(STRINGS)));
    }
  }
  s
}

fn leaf(rng: &mut Rng) -> Value {
  match rng.below(10) {
    0 => json!({ "type": rng.pick(&["string", "number", "integer", "boolean", "null", "date"]) }),
    1 => json!({ "enum": [rng.pick(STRINGS), rng.pick(STRINGS), -1, 2.5, null, true] }),
    2 => json!({ "const": { rng.pick(KEYS): [rng.pick(STRINGS), -3] } }),
    3 => json!(rng.below(2) == 0),
    4 => json!({}),
    5 => json!({ "type": "string", "format": "email", "pattern": "^a*/b$", "minLength": 1 }),
    6 => json!({ "$ref": reference(rng) }),
    7 => json!({ "type": "object" }),
    8 => json!({ "type": "integer", "minimum": 0, "exclusiveMaximum": 10, "examples": [1, 2] }),
    _ => json!({ "type": "string", "enum": ["x", "y"], "deprecated": true }),
  }
}

fn object(rng: &mut Rng, depth: usize) -> Value {
  let mut props = Map::new();
  let mut required = Vec::new();
  for _ in 0..rng.below(4) {
    let key = rng.pick(KEYS);
    props.insert(
      key.to_string(),
      if depth == 0 {
        leaf(rng)
      } else {
        schema(rng, depth - 1)
      },
    );
    if rng.below(2) == 0 {
      required.push(json!(key));
    }
  }
  let mut o = json!({ "type": "object", "properties": props, "required": required });
  match rng.below(5) {
    0 => o["additionalProperties"] = json!(false),
    1 => o["additionalProperties"] = json!(true),
    2 => {
      o["additionalProperties"] = if depth == 0 {
        leaf(rng)
      } else {
        schema(rng, depth - 1)
      }
    }
    3 => o["patternProperties"] = json!({ "^x-": leaf(rng), "*/": leaf(rng) }),
    _ => {}
  }
  o
}

fn reference(rng: &mut Rng) -> String {
  match rng.below(6) {
    0 => "#".to_string(),
    1 => "#/$defs/missing".to_string(),
    2 => "other.json#/x".to_string(),
    _ => format!("#/$defs/{}", rng.pick(DEFS).replace('/', "~1")),
  }
}

fn document(rng: &mut Rng) -> Value {
  let mut root = schema(rng, 4);
  if let Value::Object(map) = &mut root {
    let defs: Map<String, Value> = DEFS.iter().map(|d| (d.to_string(), schema(rng, 3))).collect();
    map.insert("$defs".into(), Value::Object(defs));
  } else {
    root = json!({ "allOf": [root], "$defs": { "Node": schema(rng, 2) } });
  }
  root
}

#[test]
fn random_schemas() {
  let seed = std::env::var("CODEGEN_FUZZ_SEED")
    .ok()
    .and_then(|n| n.parse().ok())
    .unwrap_or(0x9e37_79b9_7f4a_7c15);
  let mut rng = Rng(seed);
  let mut out = String::from("// Generated by codegen::tests_fuzz::random_schemas.\n");
  let opts = TsOptions::default();
  let cases = std::env::var("CODEGEN_FUZZ_CASES")
    .ok()
    .and_then(|n| n.parse().ok())
    .unwrap_or(400);
  for i in 0..cases {
    let doc = document(&mut rng);
    let ts = schema_to_ts(&doc, &opts);
    assert!(!ts.expr.is_empty(), "case {i}");
    let decl = schema_to_declaration(&format!("F{i}"), &doc, &opts);
    out.push_str(&format!(
      "\ndeclare namespace N{i} {{\n  type E_ = {};\n",
      indent_after_first_line(&ts.expr, "  ")
    ));
    for d in &ts.declarations {
      out.push_str(&format!("  {}\n", indent_after_first_line(d, "  ")));
    }
    out.push_str(&format!(
      "}}\ndeclare namespace D{i} {{\n  {}\n}}\n",
      indent_after_first_line(&decl, "  ")
    ));
  }
  if let Ok(dir) = std::env::var("CODEGEN_TSC_DIR") {
    std::fs::write(format!("{dir}/fuzz.ts"), out).unwrap();
  }
}
