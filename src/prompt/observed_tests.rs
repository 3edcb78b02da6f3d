//! Observed output types in what the model reads: `declarations()`, the description's compact
//! declarations and discovery's `declaration`, marked as observed; a declared `outputSchema`
//! always wins.

use std::sync::Arc;

use serde_json::json;

use super::declarations::{checker_declarations, compact_declarations, declarations, tool_declaration};
use crate::tools::observed::ObservedOutputs;
use crate::tools::test_support::Nop;
use crate::tools::{ToolEntry, ToolRegistry, ToolSpec};

/// `list` without an output schema and `typed` with one, both observing.
fn registry(store: &ObservedOutputs) -> ToolRegistry {
  let mut list = ToolSpec::named(Some("crm"), "list");
  list.description = Some("List contacts.".into());
  let mut typed = ToolSpec::named(None, "typed");
  typed.output_schema = Some(json!({ "type": "object", "properties": { "declared": { "type": "string" } } }));
  let specs = [list, typed];
  let entries = specs
    .iter()
    .map(|spec| ToolEntry {
      spec: spec.clone(),
      backend: Arc::new(Nop),
      backend_index: 0,
    })
    .collect();
  let cells = store.cells_for(specs.iter().map(|s| ("host", s)));
  ToolRegistry::new(entries).unwrap().observing(cells)
}

#[test]
fn before_any_result_the_output_is_unknown() {
  let store = ObservedOutputs::new(true);
  let r = registry(&store);
  let d = declarations(&r);
  assert!(d.contains("list(input?: unknown): Promise<unknown>;"), "{d}");
  assert!(!d.contains("observed"), "{d}");
}

#[test]
fn an_observed_shape_becomes_the_return_type_marked_as_observed() {
  let store = ObservedOutputs::new(true);
  let r = registry(&store);
  r.observed(0)
    .unwrap()
    .record(r#"{"contacts":[{"name":"Ada","email":"ada@x"}],"next":null}"#);
  r.observed(0).unwrap().record(r#"{"contacts":[],"next":"c2"}"#);

  let d = declarations(&r);
  assert!(
    d.contains(
      "list(input?: unknown): Promise<{ contacts: { name: string; email: string }[]; next: string | null }>;"
    ),
    "{d}"
  );
  assert!(
    d.contains("@returns Output type observed in earlier results"),
    "{d}"
  );
  for value in ["Ada", "ada@x", "c2"] {
    assert!(!d.contains(value), "{value} leaked: {d}");
  }

  let compact = compact_declarations(&r, usize::MAX).unwrap();
  assert!(
    compact.contains("Output type observed, not declared."),
    "{compact}"
  );
  assert!(
    compact.contains("Promise<{ contacts: { name: string; email: string }[]; next: string | null }>"),
    "{compact}"
  );

  let one = tool_declaration(&r, 0);
  assert!(
    one.contains("contacts: { name: string; email: string }[]"),
    "{one}"
  );
  assert!(one.contains("observed"), "{one}");
}

#[test]
fn a_declared_output_schema_is_never_overridden() {
  let store = ObservedOutputs::new(true);
  let r = registry(&store);
  assert!(r.observed(1).is_none());
  let d = declarations(&r);
  assert!(
    d.contains("typed(input?: unknown): Promise<{ declared?: string }>;"),
    "{d}"
  );
}

#[test]
fn observing_off_keeps_unknown() {
  let store = ObservedOutputs::new(false);
  let r = registry(&store);
  assert!(r.observed(0).is_none());
  assert!(declarations(&r).contains("list(input?: unknown): Promise<unknown>;"));
}

#[test]
fn the_checker_reads_any_for_undeclared_outputs_observed_or_not() {
  let store = ObservedOutputs::new(true);
  let r = registry(&store);
  let before = checker_declarations(&r);
  r.observed(0).unwrap().record(r#"{"contacts":[]}"#);
  assert!(declarations(&r).contains("Promise<{ contacts: unknown[] }>"));
  let d = checker_declarations(&r);
  // Built once per snapshot: an observation does not change what the checker reads.
  assert!(Arc::ptr_eq(&before, &d));
  assert!(d.0.contains("list(input?: unknown): Promise<any>;"), "{}", d.0);
  assert!(
    d.0
      .contains("typed(input?: unknown): Promise<{ declared?: string }>;"),
    "{}",
    d.0
  );
  assert!(!d.0.contains("observed"), "{}", d.0);
}
