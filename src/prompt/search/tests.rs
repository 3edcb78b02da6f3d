//! The ranking pieces together, on a small catalog shaped like real MCP servers' tools.

use std::sync::Arc;

use serde_json::json;

use super::{index_of, search};
use crate::tools::test_support::entry;
use crate::tools::{ToolEntry, ToolRegistry};

fn with_params(mut e: ToolEntry, params: &[&str]) -> ToolEntry {
  let props: serde_json::Map<String, serde_json::Value> = params
    .iter()
    .map(|p| (p.to_string(), json!({ "type": "string" })))
    .collect();
  e.spec.input_schema = Some(json!({ "type": "object", "properties": props }));
  e
}

fn catalog() -> ToolRegistry {
  ToolRegistry::new(vec![
    entry(
      Some("notion"),
      "API-retrieve-a-block",
      Some("Notion | Retrieve a block"),
    ),
    entry(Some("notion"), "API-get-user", Some("Notion | Retrieve a user")),
    entry(
      Some("slack"),
      "slack_post_message",
      Some("Post a new message to a Slack channel"),
    ),
    entry(
      Some("slack"),
      "slack_get_user_profile",
      Some("Get detailed profile information for a specific user"),
    ),
    entry(
      Some("github"),
      "create_issue",
      Some("Create a new issue in a GitHub repository"),
    ),
    entry(
      Some("github"),
      "list_issues",
      Some("List issues in a GitHub repository"),
    ),
    entry(
      Some("github"),
      "create_pull_request",
      Some("Create a new pull request in a GitHub repository"),
    ),
    entry(
      Some("playwright"),
      "browser_handle_dialog",
      Some("Handle a dialog"),
    ),
    entry(
      Some("playwright"),
      "browser_take_screenshot",
      Some("Take a screenshot of the current page"),
    ),
    entry(
      Some("maps"),
      "maps_directions",
      Some("Get directions between two points"),
    ),
    entry(Some("trips"), "plan_route", Some("Plan a route for a trip")),
    with_params(
      entry(
        Some("maps"),
        "maps_reverse_geocode",
        Some("Convert coordinates into an address"),
      ),
      &["latitude", "longitude"],
    ),
  ])
  .unwrap()
}

fn top(r: &ToolRegistry, query: &str, n: usize) -> Vec<String> {
  search(r, query, n, |_| true)
    .into_iter()
    .map(|i| r.get(i).unwrap().spec.path())
    .collect()
}

#[test]
fn stop_words_do_not_score() {
  let r = catalog();
  assert_eq!(
    top(&r, "send a message to a channel", 1),
    ["slack.slack_post_message"]
  );
  assert!(top(&r, "a the to", 5).is_empty(), "{:?}", top(&r, "a the to", 5));
}

#[test]
fn short_words_never_prefix_match() {
  let r = catalog();
  assert!(
    !top(&r, "is", 5).iter().any(|p| p.contains("issue")),
    "{:?}",
    top(&r, "is", 5)
  );
  let pr = top(&r, "pr", 5);
  assert!(!pr.iter().any(|p| p.contains("profile")), "{pr:?}");
  assert_eq!(
    pr.first().map(String::as_str),
    Some("github.create_pull_request"),
    "pr → pull request"
  );
  assert_eq!(
    top(&r, "scree", 1),
    ["playwright.browser_take_screenshot"],
    "longer words do"
  );
}

#[test]
fn typos_of_longer_words_still_match() {
  let r = catalog();
  assert_eq!(top(&r, "screnshot", 1), ["playwright.browser_take_screenshot"]);
  assert_eq!(top(&r, "creat isue", 1), ["github.create_issue"]);
}

#[test]
fn synonyms_bridge_tool_vocabulary() {
  let r = catalog();
  assert_eq!(
    top(&r, "accept the popup", 1),
    ["playwright.browser_handle_dialog"]
  );
  let route = top(&r, "route", 2);
  assert!(route.contains(&"maps.maps_directions".to_string()), "{route:?}");
  let directions = top(&r, "directions", 2);
  assert!(
    directions.contains(&"trips.plan_route".to_string()),
    "{directions:?}"
  );
}

#[test]
fn rare_words_outweigh_common_ones_and_stems_meet() {
  let r = catalog();
  // "repository" is in three tools, "issues" (stemmed to "issue") in two.
  assert_eq!(
    top(&r, "repository issues", 2),
    ["github.list_issues", "github.create_issue"]
  );
  assert_eq!(
    top(&r, "latitude", 1),
    ["maps.maps_reverse_geocode"],
    "parameter names count"
  );
}

#[test]
fn a_tool_named_verbatim_comes_first() {
  let r = catalog();
  assert_eq!(
    top(&r, "slack_get_user_profile", 1),
    ["slack.slack_get_user_profile"]
  );
  assert_eq!(top(&r, "notion.API-get-user", 1), ["notion.API-get-user"]);
  assert_eq!(top(&r, "tools.github.list_issues", 1), ["github.list_issues"]);
}

#[test]
fn the_index_is_built_once_per_registry() {
  let r = catalog();
  assert!(Arc::ptr_eq(&index_of(&r), &index_of(&r)));
  let other = catalog();
  assert!(!Arc::ptr_eq(&index_of(&r), &index_of(&other)));
}

#[test]
fn huge_queries_stay_bounded() {
  let r = catalog();
  // Cut to 256 characters before it is split: a megabyte of words costs what a line does.
  assert!(top(&r, &"abcdefgh ".repeat(100_000), 5).is_empty());
  assert!(top(&r, &"issue ".repeat(10_000), 5).contains(&"github.create_issue".to_string()));
}
