//! JSON Schema → TypeScript: random schemas, built structurally (nested objects and arrays,
//! `anyOf`/`oneOf`/`allOf`, `$ref` into `$defs` and `#`, `enum`/`const`, type arrays, comments
//! that try to end the JSDoc), into `schema_to_declaration` and `schema_to_ts`. Conversion must
//! never panic, the output must be non-empty, and it must parse as TypeScript (oxc, via
//! `source::strip_types`): the module promises "never invalid TypeScript, whatever the input".
//!
//! An input is the schema's JSON text; bytes that are not JSON drive the generator instead.

use std::sync::atomic::{AtomicU64, Ordering};

use quickjs_codemode::codegen::{schema_to_declaration, schema_to_ts, TsOptions, TsScope};
use quickjs_codemode::source;
use serde_json::{json, Map, Value};

use crate::entropy::{ByteSource, Entropy, Rng};
use crate::Target;

pub const TARGET: Target = Target {
  name: "codegen",
  run,
  generate,
  dict: DICT,
  max_len: 32 << 10,
  fresh_percent: 30,
  stats,
};

static FROM_JSON: AtomicU64 = AtomicU64::new(0);
static FROM_BYTES: AtomicU64 = AtomicU64::new(0);

fn run(input: &[u8]) {
  let schema = match serde_json::from_slice::<Value>(input) {
    Ok(v) => {
      FROM_JSON.fetch_add(1, Ordering::Relaxed);
      v
    }
    Err(_) => {
      FROM_BYTES.fetch_add(1, Ordering::Relaxed);
      schema(&mut ByteSource::new(input), 6)
    }
  };
  let indent = input.first().map_or(2, |b| (*b % 5) as usize);
  let name = NAMES[input.len() % NAMES.len()];
  // The model-facing compact form must hold the same guarantees as the declarations.
  let compact = input.last().is_some_and(|b| b % 2 == 1);
  let options = TsOptions {
    name: Some(name.to_string()),
    indent,
    compact,
  };

  let declaration = schema_to_declaration(name, &schema, &options);
  assert!(!declaration.trim().is_empty(), "empty declaration");
  parses(&declaration);

  let ts = schema_to_ts(&schema, &TsOptions::default());
  assert!(!ts.expr.trim().is_empty(), "empty expression");
  let mut file = ts.declarations.join("\n");
  file.push_str(&format!("\ntype Fuzzed = {};", ts.expr));
  parses(&file);

  // Two conversions sharing one scope (as a file of tool declarations does).
  let mut scope = TsScope::new();
  let a = scope.reserve(name);
  let b = scope.reserve(name);
  assert_ne!(a, b, "reserve gave one name twice");
  let both = format!(
    "{}\n{}",
    scope.declaration(&a, &schema, &options),
    scope.declaration(&b, &schema, &options)
  );
  parses(&both);
}

fn parses(ts: &str) {
  if let Err(e) = source::strip_types(ts) {
    panic!("generated TypeScript does not parse: {}\n---\n{ts}", e.message);
  }
}

fn stats() -> String {
  format!(
    "json_inputs={} byte_inputs={}",
    FROM_JSON.load(Ordering::Relaxed),
    FROM_BYTES.load(Ordering::Relaxed)
  )
}

const NAMES: &[&str] = &[
  "Input",
  "getWeatherInput",
  "2fa",
  "class",
  "Record",
  "a-b",
  "",
  "名前",
  "Root",
];

const DICT: &[&str] = &[
  "{\"type\":\"object\"}",
  "\"$ref\":\"#\"",
  "\"$ref\":\"#/$defs/a\"",
  "\"$defs\":{\"a\":{}}",
  "\"definitions\":{}",
  "\"anyOf\":[{},{}]",
  "\"oneOf\":[]",
  "\"allOf\":[true,false]",
  "\"enum\":[1,\"a\",null]",
  "\"const\":{}",
  "\"type\":[\"string\",\"null\"]",
  "\"items\":",
  "\"prefixItems\":[]",
  "\"properties\":{\"\":{}}",
  "\"required\":[\"x\"]",
  "\"additionalProperties\":false",
  "\"patternProperties\":{}",
  "\"description\":\"*/\"",
  "\"title\":\"@param\"",
  "\"not\":{}",
  "\"if\":{}",
  "\"nullable\":true",
  "\"format\":\"date\"",
  "\"default\":",
  "\"examples\":[]",
  "\"deprecated\":true",
  "1e999",
  "-0",
  "\\u2028",
  "\\ud800",
];

const KEYS: &[&str] = &[
  "a",
  "get-sum",
  "2x",
  "",
  "class",
  "new",
  "a b",
  "$ref",
  "enum",
  "*/",
  "x\"y",
  "名",
  "type",
  "kind",
  "__proto__",
  "constructor",
  "0",
  "-1",
  "a\nb",
  "\u{2028}",
  "`",
  "${x}",
  "\\",
];
const TEXTS: &[&str] = &[
  "Plain.",
  "Ends */ early",
  "Two\nlines",
  "@tag like",
  " ",
  "",
  "/** nested */",
  "*/ type X = 1; /*",
  "\u{2028}sep",
  "back\\slash",
  "q\"uote",
  "`tick`",
  "<script>",
];
const DEFS: &[&str] = &[
  "Node",
  "node",
  "user-profile",
  "Record",
  "2fa",
  "item",
  "Item",
  "a/b",
  "~0~1",
  "",
  "%25",
];
const TYPES: &[&str] = &[
  "string", "number", "integer", "boolean", "null", "object", "array", "bogus",
];

/// A random schema; `depth` bounds nesting. Choice 0 is always a leaf.
pub fn schema<E: Entropy>(e: &mut E, depth: usize) -> Value {
  let mut s = if depth == 0 {
    leaf(e)
  } else {
    match e.below(16) {
      0..=2 => leaf(e),
      3 | 4 => object(e, depth),
      5 => json!({ "type": "array", "items": schema(e, depth - 1) }),
      6 => {
        let prefix: Vec<Value> = (0..e.below(4)).map(|_| schema(e, depth - 1)).collect();
        let mut t = json!({ "type": "array", "prefixItems": prefix, "minItems": e.below(4) });
        if e.chance(1, 2) {
          t["items"] = if e.chance(1, 2) {
            json!(false)
          } else {
            schema(e, depth - 1)
          };
        }
        t
      }
      7 => json!({ (e.pick(&["anyOf", "oneOf", "allOf"])): list(e, depth) }),
      8 => json!({ "$ref": reference(e) }),
      9 => {
        let mut defs = Map::new();
        for _ in 0..e.range(1, 3) {
          defs.insert(e.pick(DEFS).to_string(), schema(e, depth - 1));
        }
        let key = if e.chance(1, 3) { "definitions" } else { "$defs" };
        json!({ key: defs, "$ref": reference(e) })
      }
      10 => {
        let types: Vec<Value> = (0..e.range(1, 4)).map(|_| json!(e.pick(TYPES))).collect();
        json!({ "type": types })
      }
      11 => json!({ "enum": (0..e.below(5)).map(|_| literal(e, depth)).collect::<Vec<_>>() }),
      12 => json!({ "const": literal(e, depth) }),
      13 => json!({ (e.pick(&["not", "if", "then", "else", "contains"])): schema(e, depth - 1) }),
      14 => json!(e.chance(1, 2)),
      _ => Value::Object(Map::new()),
    }
  };
  if let Value::Object(map) = &mut s {
    decorate(e, map, depth);
  }
  s
}

fn leaf<E: Entropy>(e: &mut E) -> Value {
  match e.below(8) {
    0 => json!({ "type": "string" }),
    1 => json!({ "type": "integer", "minimum": 0, "maximum": e.below(1000) }),
    2 => json!({ "type": "number", "exclusiveMinimum": -1.5 }),
    3 => json!({ "type": "boolean" }),
    4 => json!({ "type": "null" }),
    5 => json!({ "type": "string", "format": e.pick(&["date-time", "email", "uri", "*/"]) }),
    6 => json!({ "type": "string", "enum": [e.pick(TEXTS), e.pick(KEYS)] }),
    _ => json!({ "type": "string", "nullable": true, "pattern": "^a*/$" }),
  }
}

fn object<E: Entropy>(e: &mut E, depth: usize) -> Value {
  let mut properties = Map::new();
  let mut required = Vec::new();
  for _ in 0..e.below(6) {
    let key = e.pick(KEYS).to_string();
    if e.chance(1, 2) {
      required.push(json!(key.clone()));
    }
    properties.insert(key, schema(e, depth - 1));
  }
  if e.chance(1, 8) {
    required.push(json!("not-a-property"));
  }
  let mut o = json!({ "type": "object", "properties": properties, "required": required });
  match e.below(4) {
    1 => o["additionalProperties"] = json!(false),
    2 => o["additionalProperties"] = schema(e, depth - 1),
    3 => o["patternProperties"] = json!({ "^x": schema(e, depth - 1) }),
    _ => {}
  }
  o
}

fn list<E: Entropy>(e: &mut E, depth: usize) -> Value {
  Value::Array((0..e.below(5)).map(|_| schema(e, depth - 1)).collect())
}

fn reference<E: Entropy>(e: &mut E) -> String {
  match e.below(6) {
    0 => "#".to_string(),
    1 => format!("#/$defs/{}", e.pick(DEFS)),
    2 => format!("#/definitions/{}", e.pick(DEFS)),
    3 => "#/properties/a".to_string(),
    4 => "https://example.com/remote.json".to_string(),
    _ => format!("#/$defs/{}/properties/{}", e.pick(DEFS), e.pick(KEYS)),
  }
}

fn literal<E: Entropy>(e: &mut E, depth: usize) -> Value {
  match e.below(9) {
    0 => Value::Null,
    1 => json!(e.pick(TEXTS)),
    2 => json!(e.pick(KEYS)),
    3 => json!(e.below(1 << 20) as i64 - (1 << 19)),
    4 => json!(e.pick(&[0.5, -0.0, 1e300, 5e-324, 9007199254740993.0, f64::MAX])),
    5 => json!(e.chance(1, 2)),
    6 if depth > 0 => json!([literal(e, depth - 1)]),
    7 if depth > 0 => json!({ (e.pick(KEYS)): literal(e, depth - 1) }),
    _ => json!(u64::MAX),
  }
}

fn decorate<E: Entropy>(e: &mut E, map: &mut Map<String, Value>, depth: usize) {
  if e.chance(1, 3) {
    map.insert("description".into(), json!(e.pick(TEXTS)));
  }
  if e.chance(1, 6) {
    map.insert("title".into(), json!(e.pick(TEXTS)));
  }
  if e.chance(1, 8) {
    map.insert("default".into(), literal(e, depth));
  }
  if e.chance(1, 10) {
    map.insert("examples".into(), json!([literal(e, depth)]));
  }
  if e.chance(1, 12) {
    map.insert("deprecated".into(), json!(true));
  }
  if e.chance(1, 12) {
    map.insert("nullable".into(), json!(true));
  }
  if e.chance(1, 10) && depth > 0 {
    map.insert("$defs".into(), json!({ (e.pick(DEFS)): schema(e, depth - 1) }));
  }
}

fn generate(rng: &mut Rng) -> Vec<u8> {
  let depth = rng.range(1, 7);
  let schema = schema(rng, depth);
  serde_json::to_vec(&schema).unwrap_or_default()
}
