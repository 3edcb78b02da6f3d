//! JSON values through a real sandbox, both ways: the program has the value as a literal, sends
//! it to the `echo` tool (guest → host → guest) and gets it from the `give` tool (host → guest),
//! and returns all three. Each must equal the value with JSON semantics (numbers as doubles,
//! object members in any order), and so must the input recorded in `toolCalls`.
//!
//! An input is the value's JSON text; bytes that are not JSON drive the generator instead.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use quickjs_codemode::limits::Limits;
use serde_json::{Map, Value};

use crate::entropy::{ByteSource, Entropy, Rng};
use crate::{sandbox, Target};

pub const TARGET: Target = Target {
  name: "json",
  run,
  generate,
  dict: DICT,
  max_len: 32 << 10,
  fresh_percent: 30,
  stats,
};

static RUNS: AtomicU64 = AtomicU64::new(0);
static LITERAL_SKIPPED: AtomicU64 = AtomicU64::new(0);

fn run(input: &[u8]) {
  let value = match serde_json::from_slice::<Value>(input) {
    Ok(v) => v,
    Err(_) => value(&mut ByteSource::new(input), 8, &mut 2000),
  };
  let text = serde_json::to_string(&value).unwrap_or_else(|e| panic!("serialise: {e}"));
  sandbox::give(text.clone());
  // A `__proto__` member means a prototype in an object literal but an own property in JSON:
  // the literal does not stand for the value there, so only the tool paths are checked.
  let literal_means_value = !has_proto_key(&value);
  if !literal_means_value {
    LITERAL_SKIPPED.fetch_add(1, Ordering::Relaxed);
  }
  let code = format!(
    "const lit = {text};\nconst viaEcho = await tools.echo(lit);\nconst fromHost = await tools.give({{}});\nreturn [lit, viaEcho, fromHost];"
  );
  let limits = Limits {
    timeout_ms: 10_000,
    ..Limits::default()
  };
  let (finished, took) = sandbox::run(&code, limits, Duration::from_secs(20));
  RUNS.fetch_add(1, Ordering::Relaxed);
  let f = finished.unwrap_or_else(|| panic!("the run did not settle within {took:?}"));
  let report = &f.report;
  assert!(report.ok(), "the run failed: {:?}\nvalue: {text}", report.error);
  let out = report.value_json.as_deref().unwrap_or("");
  let out: Value = serde_json::from_str(out).unwrap_or_else(|e| panic!("result is not JSON ({e}): {out}"));
  let [lit, via_echo, from_host] = match out {
    Value::Array(items) if items.len() == 3 => {
      <[Value; 3]>::try_from(items).unwrap_or_else(|_| unreachable!())
    }
    other => panic!("expected three values, got {other}"),
  };
  let normal = normalise(&value);
  if literal_means_value {
    assert_same("the literal", &normal, &lit, &text);
    assert_same("the value via echo", &normal, &via_echo, &text);
  } else {
    // The echo tool got the literal, whatever it meant: it must come back as it went.
    assert_same("the value via echo", &normalise(&lit), &via_echo, &text);
  }
  assert_same("the value from the host", &normal, &from_host, &text);

  if literal_means_value {
    let recorded = report
      .tool_calls
      .first()
      .and_then(|c| c.input.as_ref())
      .unwrap_or_else(|| panic!("no recorded input for the echo call"));
    if let Ok(recorded) = serde_json::from_str::<Value>(&recorded.0) {
      assert_same("the recorded echo input", &normal, &recorded, &text);
    }
  }
}

fn assert_same(what: &str, expected: &Value, got: &Value, text: &str) {
  let got = normalise(got);
  assert!(
    expected == &got,
    "{what} differs\nsent: {text}\nexpected: {expected}\ngot:      {got}"
  );
}

/// The value as JSON semantics see it: every number a double (what JavaScript reads), `-0` as
/// `0`, members sorted by key.
fn normalise(v: &Value) -> Value {
  match v {
    Value::Number(n) => {
      let d = n.as_f64().unwrap_or(f64::NAN);
      let d = if d == 0.0 { 0.0 } else { d };
      serde_json::Number::from_f64(d).map_or(Value::Null, Value::Number)
    }
    Value::Array(items) => Value::Array(items.iter().map(normalise).collect()),
    Value::Object(map) => {
      let mut keys: Vec<&String> = map.keys().collect();
      keys.sort();
      Value::Object(
        keys
          .into_iter()
          .map(|k| (k.clone(), normalise(&map[k])))
          .collect(),
      )
    }
    other => other.clone(),
  }
}

fn has_proto_key(v: &Value) -> bool {
  match v {
    Value::Array(items) => items.iter().any(has_proto_key),
    Value::Object(map) => map.contains_key("__proto__") || map.values().any(has_proto_key),
    _ => false,
  }
}

fn stats() -> String {
  format!(
    "runs={} literal_checks_skipped_for___proto__={}",
    RUNS.load(Ordering::Relaxed),
    LITERAL_SKIPPED.load(Ordering::Relaxed)
  )
}

const DICT: &[&str] = &[
  "{",
  "}",
  "[",
  "]",
  ",",
  ":",
  "\"",
  "null",
  "true",
  "false",
  "0",
  "-0",
  "1e308",
  "5e-324",
  "-1.5e-7",
  "9007199254740993",
  "18446744073709551615",
  "\\u0000",
  "\\u2028",
  "\\ud83d\\ude00",
  "\\\\",
  "\\\"",
  "\"__proto__\"",
  "\"constructor\"",
  "\"0\"",
  "\"\"",
  "é",
  "\u{2028}",
  "\u{1f600}",
  "${",
  "`",
  "</script>",
];

const KEYS: &[&str] = &[
  "a",
  "",
  "0",
  "1",
  "01",
  "-1",
  "4294967295",
  "4294967294",
  "9007199254740993",
  "__proto__",
  "constructor",
  "toString",
  "valueOf",
  "length",
  "then",
  "toJSON",
  "a b",
  "é",
  "\u{2028}",
  "🎉",
  "\\",
  "\"",
  "${x}",
];

/// A random JSON value; `depth` bounds nesting and `budget` the number of nodes.
pub fn value<E: Entropy>(e: &mut E, depth: usize, budget: &mut usize) -> Value {
  *budget = budget.saturating_sub(1);
  let compound = depth > 0 && *budget > 0;
  match e.below(10) {
    0 => Value::Null,
    1 => Value::Bool(e.chance(1, 2)),
    2 => number(e),
    3 | 4 => Value::String(string(e)),
    5 | 6 if compound => {
      let n = e.skewed(6);
      Value::Array((0..n).map(|_| value(e, depth - 1, budget)).collect())
    }
    7 | 8 if compound => {
      let mut map = Map::new();
      for _ in 0..e.skewed(5) {
        let key = if e.chance(1, 3) {
          string(e)
        } else {
          e.pick(KEYS).to_string()
        };
        map.insert(key, value(e, depth - 1, budget));
      }
      Value::Object(map)
    }
    9 if compound => {
      // a deep chain, single-element arrays and objects alternating
      let n = e.range(1, depth.min(90));
      let mut v = number(e);
      for i in 0..n {
        v = if i % 2 == 0 {
          Value::Array(vec![v])
        } else {
          Value::Object(Map::from_iter([("k".to_string(), v)]))
        };
      }
      v
    }
    _ => Value::String(string(e)),
  }
}

fn number<E: Entropy>(e: &mut E) -> Value {
  let d: f64 = match e.below(7) {
    0 => e.below(100) as f64,
    1 => -(e.below(1 << 31) as f64),
    2 => return Value::from(e.bits()),
    3 => return Value::from(e.bits() as i64),
    4 => e.pick(&[
      -0.0,
      0.1,
      1e21,
      1e-7,
      f64::MAX,
      f64::MIN_POSITIVE,
      5e-324,
      9007199254740993.0,
      2f64.powi(53),
      -1.7976931348623157e308,
      123456.789e-300,
    ]),
    _ => {
      let d = f64::from_bits(e.bits());
      if d.is_finite() {
        d
      } else {
        1.5
      }
    }
  };
  serde_json::Number::from_f64(d).map_or(Value::Null, Value::Number)
}

fn string<E: Entropy>(e: &mut E) -> String {
  let n = e.skewed(8);
  (0..n)
    .map(|_| {
      let c = match e.below(10) {
        0..=4 => e.range(0x20, 0x7e) as u32,
        5 => e.range(0, 0x1f) as u32,
        6 => e.pick(&[
          0x22, 0x5c, 0x2f, 0x60, 0x24, 0x7b, 0x7f, 0x85, 0xa0, 0x2028, 0x2029, 0xfeff,
        ]),
        7 => e.range(0x80, 0xd7ff) as u32,
        8 => e.range(0xe000, 0xffff) as u32,
        _ => e.range(0x10000, 0x10ffff) as u32,
      };
      char::from_u32(c).unwrap_or('\u{fffd}')
    })
    .collect()
}

fn generate(rng: &mut Rng) -> Vec<u8> {
  let depth = rng.range(0, 10);
  let v = value(rng, depth, &mut 3000);
  serde_json::to_vec(&v).unwrap_or_default()
}
