//! `description()`: each degradation step, and the promise that the text never exceeds the
//! budget, over tool sets of 0, 3, 100 and 1,000 tools and budgets from 0 to `usize::MAX`.

use std::sync::Arc;

use serde_json::json;

use super::description::{description, description_with_notes, DEFAULT_MAX_CHARS};
use crate::limits::Limits;
use crate::tools::test_support::Nop;
use crate::tools::{ToolEntry, ToolRegistry, ToolSpec};

fn tool(spec: ToolSpec) -> ToolEntry {
  ToolEntry {
    spec,
    backend: Arc::new(Nop),
    backend_index: 0,
  }
}

/// Three small tools with input and output schemas.
fn three() -> ToolRegistry {
  let mut weather = ToolSpec::named(Some("weather"), "getWeather");
  weather.description = Some("Current weather for a city.".into());
  weather.annotations = Some(json!({ "readOnlyHint": true }));
  weather.input_schema = Some(json!({
    "type": "object",
    "properties": { "city": { "type": "string" }, "units": { "enum": ["c", "f"], "default": "c" } },
    "required": ["city"]
  }));
  weather.output_schema = Some(json!({
    "type": "object",
    "properties": { "tempC": { "type": "number" }, "conditions": { "type": "string" } },
    "required": ["tempC", "conditions"]
  }));
  let mut search = ToolSpec::named(Some("docs"), "search");
  search.description = Some("Search the documentation.".into());
  search.input_schema = Some(json!({
    "type": "object",
    "properties": {
      "query": { "type": "string" },
      "limit": { "type": "integer", "minimum": 1, "maximum": 50, "default": 10 }
    },
    "required": ["query"]
  }));
  search.output_schema = Some(json!({
    "type": "object",
    "properties": { "results": { "type": "array", "items": {
      "type": "object",
      "properties": { "title": { "type": "string" }, "url": { "type": "string" } },
      "required": ["title", "url"] } } },
    "required": ["results"]
  }));
  let mut send = ToolSpec::named(Some("email"), "send");
  send.description = Some("Send an email.".into());
  send.input_schema = Some(json!({
    "type": "object",
    "properties": {
      "to": { "type": "string", "format": "email" },
      "subject": { "type": "string" },
      "body": { "type": "string" }
    },
    "required": ["to", "subject", "body"]
  }));
  send.output_schema = Some(json!({
    "type": "object",
    "properties": { "id": { "type": "string" } },
    "required": ["id"]
  }));
  ToolRegistry::new(vec![tool(weather), tool(search), tool(send)]).unwrap()
}

const VERBS: &[&str] = &["get", "list", "create", "update", "delete", "search", "archive"];
const NOUNS: &[&str] = &[
  "Issue", "User", "File", "Repo", "Comment", "Label", "Team", "Page",
];

/// `n` tools spread over `namespaces` namespaces (none when 0), each with input and output
/// schemas and a description.
fn synthetic(n: usize, namespaces: usize) -> ToolRegistry {
  let entries = (0..n)
    .map(|i| {
      let ns = (namespaces > 0).then(|| format!("service{}", i % namespaces));
      let name = format!("{}{}{i}", VERBS[i % VERBS.len()], NOUNS[(i / 3) % NOUNS.len()]);
      let mut spec = ToolSpec::named(ns.as_deref(), &name);
      spec.description = Some(format!("Does thing number {i} to a record. Longer explanation follows here."));
      spec.input_schema = Some(json!({
        "type": "object",
        "properties": {
          "id": { "type": "string", "description": "The record's id" },
          "limit": { "type": "integer", "minimum": 1, "maximum": 100, "default": 10 }
        },
        "required": ["id"]
      }));
      spec.output_schema = Some(json!({
        "type": "object",
        "properties": { "ok": { "type": "boolean" }, "items": { "type": "array", "items": { "type": "string" } } },
        "required": ["ok"]
      }));
      tool(spec)
    })
    .collect();
  ToolRegistry::new(entries).unwrap()
}

fn len(text: &str) -> usize {
  text.encode_utf16().count()
}

fn describe(registry: &ToolRegistry, max: usize) -> String {
  description(registry, &Limits::default(), max)
}

#[test]
fn three_small_tools_fit_in_1000_characters_with_their_output_types() {
  let text = describe(&three(), DEFAULT_MAX_CHARS);
  assert!(len(&text) <= 1000, "{} chars:\n{text}", len(&text));
  assert!(text.contains("```ts\n"), "{text}");
  assert!(
    text.contains("tools.weather.getWeather(input: { city: string; /** default \"c\" */ units?: \"c\" | \"f\" }): Promise<{ tempC: number; conditions: string }>"),
    "{text}"
  );
  assert!(
    text.contains("Promise<{ results: { title: string; url: string }[] }>"),
    "{text}"
  );
  assert!(
    text.contains("/** integer, 1–50, default 10 */ limit?: number"),
    "{text}"
  );
  assert!(
    text.contains("/** Current weather for a city. Read-only. */"),
    "{text}"
  );
  assert!(
    text.contains("A failing tool throws `ToolError` with `.message`; a bad input throws `ToolInputError` with `.issues`."),
    "{text}"
  );
  assert!(
    !text.contains("codemode"),
    "no discovery within the budget:\n{text}"
  );
  assert!(text.contains("Promise.all"), "{text}");
}

#[test]
fn step_1_every_declaration_while_it_fits() {
  let registry = synthetic(3, 1);
  let full = describe(&registry, usize::MAX);
  assert!(full.contains("```ts\n"));
  for i in 0..3 {
    assert!(full.contains(&format!("tools.service0.{}", registry.get(i).unwrap().spec.name)));
  }
  assert_eq!(describe(&registry, len(&full)), full, "exactly at the budget");
  assert_ne!(describe(&registry, len(&full) - 1), full);
}

#[test]
fn step_2_a_compact_index_past_the_budget() {
  let registry = synthetic(3, 1);
  let full = describe(&registry, usize::MAX);
  let text = describe(&registry, len(&full) - 1);
  assert!(!text.contains("```"), "{text}");
  assert!(text.contains("codemode.searchTools"), "{text}");
  assert!(text.contains("3 tools, too many to show here"), "{text}");
  assert!(
    text.contains("- tools.service0.getIssue0 — Does thing number 0 to a record.\n"),
    "{text}"
  );
}

#[test]
fn step_3_namespaces_with_counts_and_common_verbs() {
  let registry = synthetic(1000, 10);
  let text = describe(&registry, DEFAULT_MAX_CHARS);
  assert!(len(&text) <= DEFAULT_MAX_CHARS);
  assert!(text.contains("codemode.searchTools"), "{text}");
  assert!(text.contains("1000 tools, too many"), "{text}");
  assert!(!text.contains("getIssue0"), "no index:\n{text}");
  assert!(
    text.contains("- tools.service0: 100 tools (get, update, archive, create)\n"),
    "{text}"
  );
  assert!(text.contains("- tools.service9: 100 tools ("), "{text}");
}

#[test]
fn step_3_counts_tools_outside_namespaces() {
  let registry = synthetic(1000, 0);
  let text = describe(&registry, DEFAULT_MAX_CHARS);
  assert!(
    text.contains("- top level (`tools.name`): 1000 tools (get, list, create, update)\n"),
    "{text}"
  );
}

#[test]
fn step_4_just_namespaces_then_as_many_as_fit() {
  // 1,000 namespaces of one tool: their outline does not fit, their names partly do.
  let registry = synthetic(1000, 1000);
  let text = describe(&registry, DEFAULT_MAX_CHARS);
  assert!(len(&text) <= DEFAULT_MAX_CHARS, "{}", len(&text));
  assert!(text.contains("codemode.searchTools"), "{text}");
  assert!(
    text.contains("Namespaces: tools.service0, tools.service1, "),
    "{text}"
  );
  assert!(text.contains(" more).\n"), "{text}");
  assert!(!text.contains(" tools ("), "no outline:\n{text}");
  // All of them when there is room.
  let roomy = describe(&registry, 20_000);
  assert!(roomy.contains(", tools.service999.\n"), "{roomy}");
}

#[test]
fn step_5_a_bare_instruction_to_search_then_cut() {
  let registry = synthetic(100, 5);
  let text = describe(&registry, 200);
  assert!(len(&text) <= 200);
  assert!(text.contains("codemode.searchTools"), "{text}");
  assert!(text.contains("100 tools"), "{text}");
  let short = describe(&registry, 60);
  assert!(
    short.starts_with("Find tools with `await codemode.searchTools"),
    "{short}"
  );
  assert_eq!(describe(&registry, 10), "Find tools");
  assert_eq!(describe(&registry, 0), "");
}

#[test]
fn no_tools() {
  let text = describe(&synthetic(0, 0), DEFAULT_MAX_CHARS);
  assert!(text.contains("There are no tools yet."), "{text}");
  assert!(len(&text) <= DEFAULT_MAX_CHARS);
  assert_eq!(describe(&synthetic(0, 0), 30), "There are no tools yet.");
  assert_eq!(describe(&synthetic(0, 0), 5), "There");
}

#[test]
fn the_budget_always_holds() {
  let sets = [
    ("0", synthetic(0, 0)),
    ("3", three()),
    ("100", synthetic(100, 7)),
    ("1000", synthetic(1000, 25)),
    ("1000 flat", synthetic(1000, 0)),
    ("1000 namespaces", synthetic(1000, 1000)),
  ];
  let budgets = [
    0,
    1,
    2,
    5,
    10,
    30,
    60,
    100,
    150,
    200,
    300,
    400,
    500,
    600,
    700,
    800,
    900,
    1000,
    1200,
    1500,
    2000,
    3000,
    3999,
    4000,
    4001,
    6000,
    8000,
    16_000,
    50_000,
    100_000,
    1 << 40,
    usize::MAX,
  ];
  for (name, registry) in &sets {
    for &max in &budgets {
      let text = describe(registry, max);
      assert!(
        len(&text) <= max,
        "{name} tools, maxChars {max}: {} chars",
        len(&text)
      );
      // How to search is always said once there is room for the shortest sentence.
      if max >= 60 && !text.contains("```ts") && !registry.is_empty() {
        assert!(
          text.contains("codemode.searchTools"),
          "{name} tools, maxChars {max}:\n{text}"
        );
      }
    }
  }
}

#[test]
fn the_budget_counts_utf16_like_javascript() {
  let mut spec = ToolSpec::named(Some("emoji"), "party");
  spec.description = Some("🎉".repeat(300));
  let registry = ToolRegistry::new(vec![tool(spec)]).unwrap();
  for max in (0..2000).step_by(7) {
    let text = describe(&registry, max);
    assert!(len(&text) <= max, "maxChars {max}: {} UTF-16 units", len(&text));
  }
}

#[test]
fn server_instructions_follow_the_opening_lines_within_the_budget() {
  let registry = three();
  let limits = Limits::default();
  let notes = vec![
    (
      "memory".to_string(),
      "Use   read_graph\nbefore writing.".to_string(),
    ),
    ("long".to_string(), "x".repeat(5000)),
  ];
  let text = description_with_notes(&registry, &limits, DEFAULT_MAX_CHARS, &notes);
  assert!(text.chars().count() <= DEFAULT_MAX_CHARS);
  let at = text
    .find("Server memory says: Use read_graph before writing.\n")
    .expect("the note");
  assert!(at < text.find("```ts").unwrap(), "notes come before the tools");
  let long = text.lines().find(|l| l.starts_with("Server long says:")).unwrap();
  assert_eq!(long.chars().count(), 400);
  assert!(long.ends_with('…'));
  // A tiny budget drops the notes rather than break its promise.
  for max in [0, 50, 300, 900] {
    assert!(
      description_with_notes(&registry, &limits, max, &notes)
        .chars()
        .count()
        <= max
    );
  }
  assert_eq!(
    description_with_notes(&registry, &limits, DEFAULT_MAX_CHARS, &[]),
    description(&registry, &limits, DEFAULT_MAX_CHARS)
  );
}
