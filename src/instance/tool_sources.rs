//! The instance's tool sources (named backends with their listed tools) and the registry
//! snapshot built from them, swapped atomically whenever a source is added, re-listed or removed.
//! Each snapshot carries the instance's observed-output cells of its tools (`tools::observed`).

use std::sync::{Arc, Mutex, RwLock};

use crate::tools::observed::ObservedOutputs;
use crate::tools::{ToolBackend, ToolEntry, ToolRegistry, ToolSpec};

struct Source {
  name: String,
  backend: Arc<dyn ToolBackend>,
  specs: Vec<ToolSpec>,
}

pub struct ToolSources {
  /// Held while a new registry is built, so concurrent changes apply one after another.
  sources: Mutex<Vec<Source>>,
  current: RwLock<Arc<ToolRegistry>>,
  /// The result shapes of tools without an output schema, kept across tool changes.
  observed: ObservedOutputs,
}

impl ToolSources {
  /// No sources yet; `infer_output_types`: observe the results of tools without an output schema.
  pub fn new(infer_output_types: bool) -> Self {
    ToolSources {
      sources: Mutex::default(),
      current: RwLock::default(),
      observed: ObservedOutputs::new(infer_output_types),
    }
  }

  pub fn current(&self) -> Arc<ToolRegistry> {
    match self.current.read() {
      Ok(r) => r.clone(),
      Err(poisoned) => poisoned.into_inner().clone(),
    }
  }

  pub fn names(&self) -> Vec<String> {
    self
      .sources
      .lock()
      .map(|s| s.iter().map(|s| s.name.clone()).collect())
      .unwrap_or_default()
  }

  /// Adds or replaces source `name`; on an invalid tool set nothing changes.
  pub fn put(&self, name: &str, backend: Arc<dyn ToolBackend>, specs: Vec<ToolSpec>) -> Result<(), String> {
    self.change(|sources| {
      let source = Source {
        name: name.to_string(),
        backend,
        specs,
      };
      match sources.iter_mut().find(|s| s.name == name) {
        Some(existing) => *existing = source,
        None => sources.push(source),
      }
    })
  }

  /// New tools for an existing source (its backend said its list changed). An invalid list, or
  /// one for a source removed meanwhile, is ignored: runs keep the last good tool set.
  pub fn relist(&self, name: &str, specs: Vec<ToolSpec>) {
    let _ = self.change(|sources| {
      if let Some(s) = sources.iter_mut().find(|s| s.name == name) {
        s.specs = specs;
      }
    });
  }

  pub fn remove(&self, name: &str) -> Option<Arc<dyn ToolBackend>> {
    let mut removed = None;
    let _ = self.change(|sources| {
      if let Some(i) = sources.iter().position(|s| s.name == name) {
        removed = Some(sources.remove(i).backend);
      }
    });
    removed
  }

  /// Every backend, leaving no sources (the registry keeps its last tools for runs in flight).
  pub fn take_backends(&self) -> Vec<Arc<dyn ToolBackend>> {
    match self.sources.lock() {
      Ok(mut s) => s.drain(..).map(|s| s.backend).collect(),
      Err(_) => Vec::new(),
    }
  }

  /// Applies `edit` to a copy of the sources; if the result is a valid tool set, it becomes the
  /// sources and the current registry.
  fn change(&self, edit: impl FnOnce(&mut Vec<Source>)) -> Result<(), String> {
    let mut sources = self
      .sources
      .lock()
      .map_err(|_| "the tool sources are unavailable".to_string())?;
    let mut next: Vec<Source> = sources
      .iter()
      .map(|s| Source {
        name: s.name.clone(),
        backend: s.backend.clone(),
        specs: s.specs.clone(),
      })
      .collect();
    edit(&mut next);
    let registry = ToolRegistry::new(entries(&next))?;
    let tools = next
      .iter()
      .flat_map(|s| s.specs.iter().map(move |spec| (s.name.as_str(), spec)));
    let registry = registry.observing(self.observed.cells_for(tools));
    *sources = next;
    match self.current.write() {
      Ok(mut current) => *current = Arc::new(registry),
      Err(poisoned) => *poisoned.into_inner() = Arc::new(registry),
    }
    Ok(())
  }
}

fn entries(sources: &[Source]) -> Vec<ToolEntry> {
  sources
    .iter()
    .flat_map(|source| {
      source.specs.iter().enumerate().map(|(index, spec)| ToolEntry {
        spec: spec.clone(),
        backend: source.backend.clone(),
        backend_index: index,
      })
    })
    .collect()
}

#[cfg(test)]
mod tests {
  use std::sync::Arc;

  use serde_json::json;

  use super::ToolSources;
  use crate::tools::test_support::Nop;
  use crate::tools::ToolSpec;

  fn spec(name: &str) -> ToolSpec {
    ToolSpec::named(None, name)
  }

  #[test]
  fn observed_outputs_survive_tool_changes_while_the_tool_stays() {
    let sources = ToolSources::new(true);
    sources
      .put("host", Arc::new(Nop), vec![spec("a"), spec("b")])
      .unwrap();
    let cell = sources.current().observed(0).unwrap().clone();
    cell.record(r#"{"x":1}"#);

    // Re-listed with another tool before it, and another source added: same cell.
    sources.relist("host", vec![spec("c"), spec("a")]);
    sources.put("mcp", Arc::new(Nop), vec![spec("d")]).unwrap();
    let now = sources.current();
    assert!(Arc::ptr_eq(now.observed(1).unwrap(), &cell));
    assert!(now.observed(2).unwrap().schema().is_none());

    // An invalid change leaves everything as it was.
    assert!(sources
      .put("host", Arc::new(Nop), vec![spec("a"), spec("a")])
      .is_err());
    assert!(Arc::ptr_eq(sources.current().observed(1).unwrap(), &cell));

    // A new input schema starts over; so does a tool that went away and came back.
    let mut changed = spec("a");
    changed.input_schema = Some(json!({ "type": "object" }));
    sources.relist("host", vec![changed]);
    assert!(sources.current().observed(0).unwrap().schema().is_none());
    sources.relist("host", vec![spec("c")]);
    sources.relist("host", vec![spec("a")]);
    assert!(sources.current().observed(0).unwrap().schema().is_none());
  }

  #[test]
  fn nothing_is_observed_when_inference_is_off() {
    let sources = ToolSources::new(false);
    sources.put("host", Arc::new(Nop), vec![spec("a")]).unwrap();
    assert!(sources.current().observed(0).is_none());
  }
}
