use serde_json::json;

use super::*;
use crate::codegen::{schema_to_ts, TsOptions};

/// The TypeScript the declarations would show after observing `results`.
fn observed_ts(results: &[serde_json::Value]) -> Option<String> {
  let cell = ObservedOutput::default();
  for r in results {
    cell.record(&r.to_string());
  }
  cell
    .schema()
    .map(|s| schema_to_ts(&s, &TsOptions::default()).expr)
}

fn ts(results: &[serde_json::Value]) -> String {
  observed_ts(results).expect("a shape")
}

#[test]
fn primitives_become_their_types_never_their_values() {
  assert_eq!(ts(&[json!("secret-4711")]), "string");
  assert_eq!(ts(&[json!(31337)]), "number");
  assert_eq!(ts(&[json!(true)]), "boolean");
  assert_eq!(ts(&[json!(null)]), "null");
  assert_eq!(
    ts(&[json!({ "name": "Zanzibar-9f2c", "count": 8675309, "ok": false })]),
    "{ name: string; count: number; ok: boolean }"
  );
}

#[test]
fn results_merge_across_calls_with_optional_fields() {
  let out = ts(&[
    json!({ "id": 1, "title": "a", "labels": ["x"] }),
    json!({ "id": 2, "title": "b" }),
    json!({ "id": 3, "title": "c", "closedAt": "2024-01-01" }),
  ]);
  assert_eq!(
    out,
    "{ id: number; title: string; labels?: string[]; closedAt?: string }"
  );
}

#[test]
fn different_kinds_make_a_union_and_null_adds_null() {
  assert_eq!(
    ts(&[json!({ "v": 1 }), json!({ "v": "one" })]),
    "{ v: number | string }"
  );
  assert_eq!(
    ts(&[json!({ "due": "2024-05-01" }), json!({ "due": null })]),
    "{ due: string | null }"
  );
  assert_eq!(ts(&[json!([1, "a", null])]), "(number | string | null)[]");
}

#[test]
fn a_union_wider_than_the_bound_is_unknown() {
  let out = ts(&[json!({ "v": [1, "a", true, { "k": 1 }], "w": 1 })]);
  assert_eq!(out, "{ v: unknown[]; w: number }");
  // A whole result that varies that much says nothing: no observed type.
  assert_eq!(observed_ts(&[json!(1), json!("a"), json!(true), json!([])]), None);
}

#[test]
fn array_elements_merge_into_one_shape() {
  let out = ts(&[json!({
    "items": [
      { "id": 1, "name": "a", "tags": [] },
      { "id": 2, "name": null, "tags": ["t"] },
      { "id": 3, "email": "x@y.z", "tags": [] }
    ]
  })]);
  assert_eq!(
    out,
    "{\n  items: { id: number; name?: string | null; tags: string[]; email?: string }[];\n}"
  );
  assert_eq!(ts(&[json!([])]), "unknown[]");
  assert_eq!(ts(&[json!([]), json!([{ "a": 1 }])]), "{ a: number }[]");
}

#[test]
fn an_array_walk_stops_once_its_elements_teach_nothing_new() {
  let mut items = vec![json!({ "a": 1 }); 1 + walk::STABLE_ELEMENTS];
  items.push(json!({ "a": 1, "late": true }));
  assert_eq!(
    ts(&[json!(items)]),
    "{ a: number }[]",
    "the late field is past the stop"
  );
  // Each new thing restarts the count, so a varied array is walked further.
  let items = vec![
    json!({ "a": 1 }),
    json!({ "a": 1 }),
    json!({ "a": 1, "b": "x" }),
    json!({ "a": 1 }),
    json!({ "a": null }),
    json!({ "a": 1, "c": [] }),
  ];
  assert_eq!(
    ts(&[json!(items)]),
    "{ a: number | null; b?: string; c?: unknown[] }[]"
  );
}

#[test]
fn keys_that_are_data_make_a_record() {
  // Ids, emails, dates, paths: not identifier-like.
  for result in [
    json!({ "alice@example.com": { "age": 31 } }),
    json!({ "2024-05-01": 12, "2024-05-02": 14 }),
    json!({ "550e8400-e29b-41d4-a716-446655440000": "x" }),
    json!({ "/etc/passwd": 1 }),
    json!({ "user_102938": true }),
  ] {
    let out = ts(std::slice::from_ref(&result));
    assert!(out.starts_with("{ [key: string]: "), "{result} gave {out}");
  }
  assert_eq!(
    ts(&[json!({ "byDay": { "2024-05-01": 12, "2024-05-02": null } })]),
    "{ byDay: { [key: string]: number | null } }"
  );
}

#[test]
fn named_fields_beside_data_keys_keep_their_names_with_an_index_signature() {
  assert_eq!(
    ts(&[json!({ "@odata.context": "https://x", "value": [{ "id": "1" }] })]),
    "{ value: { id: string }[]; [key: string]: unknown }"
  );
  // Across calls, the data keys' values merge; the names stay.
  assert_eq!(
    ts(&[json!({ "n": 1, "x-a": true }), json!({ "n": 2, "x-b": null })]),
    "{ n: number; [key: string]: boolean | null | number }"
  );
}

#[test]
fn a_map_stays_a_map_so_later_keys_are_never_shown() {
  let out = ts(&[json!({ "a@x": 1 }), json!({ "laterName": 2, "other": 3 })]);
  assert_eq!(out, "{ [key: string]: number }");
}

#[test]
fn identifier_like_keys_with_one_shape_under_each_are_a_record() {
  let out = ts(&[json!({
    "alice": { "age": 31, "email": "a@x" },
    "bob": { "age": 40, "email": "b@x" },
    "carol": { "age": 22, "email": "c@x" }
  })]);
  assert_eq!(out, "{ [key: string]: { age: number; email: string } }");
  // Maps under names are a map of maps only when they hold the same values.
  let out = ts(&[json!({
    "byDay": { "2024-05-01": 1 },
    "byEmail": { "a@x": { "calls": 1 } },
    "byPath": { "/a": "x" }
  })]);
  assert_eq!(
    out,
    "{\n  byDay: { [key: string]: number };\n  byEmail: { [key: string]: { calls: number } };\n  byPath: { [key: string]: string };\n}"
  );
  // Two such keys are more likely fields (`billing`, `shipping`).
  let out = ts(&[json!({ "billing": { "city": "x" }, "shipping": { "city": "y" } })]);
  assert_eq!(out, "{ billing: { city: string }; shipping: { city: string } }");
}

#[test]
fn many_keys_make_a_record() {
  let big: serde_json::Map<String, serde_json::Value> =
    (0..60).map(|i| (format!("k{i}"), json!(i))).collect();
  assert_eq!(ts(&[json!(big)]), "{ [key: string]: number }");
}

#[test]
fn keys_that_vary_wildly_between_calls_make_a_record() {
  let out = ts(&[
    json!({ "alice": 3, "bob": 5 }),
    json!({ "carol": 1, "dave": 2 }),
    json!({ "erin": 7 }),
  ]);
  assert_eq!(out, "{ [key: string]: number }");
  // A field or two that comes and goes is still a field.
  let out = ts(&[json!({ "data": 1 }), json!({ "error": "e" })]);
  assert_eq!(out, "{ data?: number; error?: string }");
}

#[test]
fn an_empty_object_is_an_open_record() {
  assert_eq!(ts(&[json!({})]), "{ [key: string]: unknown }");
  assert_eq!(ts(&[json!({}), json!({ "a": 1 })]), "{ a?: number }");
}

#[test]
fn nesting_is_bounded() {
  let deep = json!({ "a": { "b": { "c": { "d": { "e": { "f": 1 } } } } } });
  let out = ts(&[deep]);
  assert!(out.contains("e: { [key: string]: unknown }"), "{out}");
  assert!(!out.contains("f:"), "{out}");
  // Five levels are walked; the sixth keeps its kind only.
  let deep_array = json!([[[[[[[1]]]]]]]);
  assert_eq!(ts(&[deep_array]), "unknown[][][][][][]");
}

#[test]
fn huge_results_are_not_observed_or_are_sampled() {
  // An array of many objects: only the first elements are walked.
  let items: Vec<_> = (0..10_000).map(|i| json!({ "id": i, "v": "x" })).collect();
  assert_eq!(ts(&[json!(items)]), "{ id: number; v: string }[]");
  // Over MAX_BYTES: nothing learned.
  let long = "x".repeat(walk::MAX_BYTES);
  assert_eq!(observed_ts(&[json!(long)]), None);
  // Wide and deep everywhere: over the node budget, nothing learned (rather than a wrong shape).
  let mut v = json!(1);
  for _ in 0..4 {
    let obj: serde_json::Map<String, serde_json::Value> =
      (0..40).map(|i| (format!("f{i}"), v.clone())).collect();
    v = serde_json::Value::Object(obj);
  }
  assert_eq!(shape_of(&v.to_string()), None);
}

#[test]
fn hostile_results_cost_little_and_never_overflow_the_stack() {
  // Nesting 100,000 deep: skipped past the depth bound without recursion, no stack overflow.
  let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
  let ts = schema_to_ts(&to_schema(&shape_of(&deep).unwrap()), &TsOptions::default()).expr;
  assert_eq!(ts, "unknown[][][][][][]");
  let deep_objects = format!("{}1{}", "{\"a\":".repeat(100_000), "}".repeat(100_000));
  assert!(shape_of(&deep_objects).is_some());
  // Many elements and many keys: sampled and bounded.
  let many = format!("[{}0]", "0,".repeat(400_000));
  assert_eq!(
    to_schema(&shape_of(&many).unwrap()),
    json!({ "type": "array", "items": { "type": "number" } })
  );
  let keys: String = (0..50_000).map(|i| format!("\"k{i}\":{i},")).collect();
  let wide = format!("{{{keys}\"z\":0}}");
  assert_eq!(
    to_schema(&shape_of(&wide).unwrap()),
    json!({ "type": "object", "additionalProperties": { "type": "number" } })
  );
  // Not JSON (a backend bug): nothing learned.
  assert_eq!(shape_of("{"), None);
}

#[test]
fn no_value_text_survives_into_the_type() {
  let secrets = json!({
    "token": "sk-SECRET-abc123",
    "amount": 4815162342u64,
    "nested": [{ "note": "Zanzibar" , "when": "1999-12-31T23:59:59Z" }],
    "byEmail": { "leak@example.com": { "n": 9000.5 } },
    "flag": true
  });
  let out = ts(&[secrets]);
  for needle in [
    "SECRET",
    "4815162342",
    "Zanzibar",
    "1999",
    "leak",
    "example.com",
    "9000",
    "true",
  ] {
    assert!(!out.contains(needle), "{needle} leaked into {out}");
  }
}

#[test]
fn field_names_are_identifier_like() {
  for name in ["id", "createdAt", "html_url", "$ref", "_links", "sha256", "line2"] {
    assert!(is_field_name(name), "{name}");
  }
  for data in [
    "",
    "a b",
    "x@y.z",
    "2024",
    "u_10234",
    "content-type",
    "köln",
    "aVeryLongKeyThatIsMostLikelyAnIdentifierOfData",
  ] {
    assert!(!is_field_name(data), "{data}");
  }
}

#[test]
fn cells_survive_tool_changes_and_reset_on_a_new_input_schema() {
  let store = ObservedOutputs::new(true);
  let mut a = ToolSpec::named(None, "a");
  let b = ToolSpec::named(None, "b");
  let mut typed = ToolSpec::named(None, "typed");
  typed.output_schema = Some(json!({ "type": "object" }));
  let first = store.cells_for([("host", &a), ("host", &b), ("host", &typed)]);
  assert!(first[0].is_some() && first[1].is_some());
  assert!(first[2].is_none(), "a declared output schema is never observed");
  let cell_a = first[0].clone().unwrap();
  cell_a.record("{\"x\":1}");

  // Same tool, same input schema, in a new tool set (b gone): same cell.
  let second = store.cells_for([("host", &a)]);
  assert!(Arc::ptr_eq(second[0].as_ref().unwrap(), &cell_a));
  assert_eq!(second[0].as_ref().unwrap().results(), 1);

  // Same name from another source: its own cell.
  let other = store.cells_for([("host", &a), ("mcp", &a)]);
  assert!(!Arc::ptr_eq(other[1].as_ref().unwrap(), &cell_a));

  // A new input schema: starts over.
  a.input_schema = Some(json!({ "type": "object" }));
  let third = store.cells_for([("host", &a)]);
  assert!(!Arc::ptr_eq(third[0].as_ref().unwrap(), &cell_a));
  assert_eq!(third[0].as_ref().unwrap().results(), 0);
}

#[test]
fn a_disabled_store_observes_nothing() {
  let store = ObservedOutputs::new(false);
  let a = ToolSpec::named(None, "a");
  assert!(store.cells_for([("host", &a)])[0].is_none());
}

#[test]
fn a_stable_type_is_sampled_and_a_change_still_arrives() {
  let cell = ObservedOutput::default();
  for _ in 0..1000 {
    cell.record(r#"{"a":1}"#);
  }
  let walked = cell.results();
  assert!(walked <= 40, "walked {walked} of 1000 identical results");
  assert!(walked > STABLE_BEFORE_SAMPLING as u64);
  // A new field shows up within one sampling interval...
  let mut calls = 0;
  while !cell.schema().unwrap().to_string().contains("\"b\"") {
    cell.record(r#"{"a":1,"b":"x"}"#);
    calls += 1;
    assert!(calls <= MAX_SAMPLE_INTERVAL, "not learned after {calls} calls");
  }
  let ts = schema_to_ts(&cell.schema().unwrap(), &TsOptions::default()).expr;
  assert_eq!(ts, "{ a: number; b?: string }");
  // ...and after a change every result is walked again.
  let before = cell.results();
  cell.record(r#"{"a":1,"b":"x"}"#);
  cell.record(r#"{"a":1,"b":"x"}"#);
  assert_eq!(cell.results(), before + 2);
}

#[test]
fn merge_reports_a_new_type_not_more_of_the_same() {
  let shape = |j: serde_json::Value| shape_of(&j.to_string()).unwrap();
  let mut s = shape(json!({ "a": 1, "b": [1] }));
  assert!(!s.merge(shape(json!({ "a": 2, "b": [] }))));
  assert!(s.merge(shape(json!({ "a": 2 }))), "b became optional");
  assert!(!s.merge(shape(json!({ "a": 3 }))));
  assert!(s.merge(shape(json!({ "a": 3, "c": true }))), "a new property");
  assert!(s.merge(shape(json!({ "a": null }))), "a new kind inside");
  assert!(s.merge(shape(json!([1]))), "a new kind at the top");
  assert!(!s.merge(shape(json!([2, 3]))));
}

#[test]
#[ignore = "timing, run with --release --ignored --nocapture"]
fn timing() {
  let small = json!({ "ok": true, "id": 42, "name": "x", "tags": ["a", "b"] }).to_string();
  let issue = json!({
    "id": 1001, "number": 1, "title": "Issue", "state": "open", "locked": false,
    "labels": [{ "id": 1, "name": "bug", "color": "d73a4a", "default": true }],
    "user": { "login": "u", "id": 77, "avatar_url": "https://e/a.png", "site_admin": false, "type": "User" },
    "assignee": null, "milestone": null, "comments": 3, "created_at": "2024", "closed_at": null,
    "body": "Steps to reproduce: run the thing. ".repeat(16),
    "reactions": { "total_count": 3, "+1": 2, "-1": 0, "laugh": 1 }
  });
  let list = json!({ "total": 100, "items": vec![issue.clone(); 100] }).to_string();
  let issue = issue.to_string();
  for (name, text, n) in [
    ("small", &small, 200_000),
    ("issue", &issue, 50_000),
    ("list", &list, 500),
  ] {
    let mut shape = Shape::default();
    let start = std::time::Instant::now();
    for _ in 0..n {
      shape.merge(shape_of(text).unwrap());
    }
    let walk = start.elapsed().as_secs_f64() * 1e6 / n as f64;
    let cell = ObservedOutput::default();
    let start = std::time::Instant::now();
    for _ in 0..n {
      cell.record(text);
    }
    let record = start.elapsed().as_secs_f64() * 1e6 / n as f64;
    let start = std::time::Instant::now();
    for _ in 0..n {
      let _: serde_json::Value = serde_json::from_str(text).unwrap();
    }
    let value = start.elapsed().as_secs_f64() * 1e6 / n as f64;
    println!(
      "{name}: {} bytes; walk + merge {walk:.2} µs, record (sampled) {record:.3} µs, serde_json::Value parse {value:.2} µs",
      text.len()
    );
  }
}
