//! Output types learned from real results, for tools that declare no `outputSchema`.
//!
//! When such a tool returns, the shape of its result (types only, never values) is merged into
//! the tool's [`ObservedOutput`]: a property missing from some results becomes optional,
//! different kinds become a union (past three kinds, `unknown`), `null` adds `| null`, array
//! elements merge, and objects whose keys look like data (not identifier-like, many keys, one
//! shape under every key, keys that come and go) become maps (`{ [key: string]: T }`). The
//! walk is bounded (see [`walk`]) and, once a tool's type is stable, only a sample of its results
//! is walked, so observing costs little per call. The declarations then show the merged shape as
//! the tool's return type, marked as observed.
//!
//! [`ObservedOutputs`] holds every tool's cell for one instance, keyed by tool source and tool
//! path, so all runs and sessions share what was learned and it survives a change of tools while
//! the tool is still there with the same input schema; each registry snapshot carries the cells
//! of its tools.
//!
//! Limitation: a single result cannot tell an identifier-like key that is data (`{ alice: 3 }`)
//! from a field name; such keys are shown until later results vary them.

mod schema;
mod shape;
mod walk;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde_json::Value;

pub use schema::to_schema;
pub use shape::{Field, ObjectShape, Shape};
pub use walk::{is_field_name, shape_of};

use super::ToolSpec;

/// Walks in a row that left the type unchanged before results start being sampled.
const STABLE_BEFORE_SAMPLING: u32 = 16;
/// Once sampling, at most one result in this many is walked.
const MAX_SAMPLE_INTERVAL: u32 = 64;

/// What one tool's results looked like so far. Shared by every registry snapshot (and so every
/// run) that has the tool.
///
/// Every result is walked until the type has stayed the same for [`STABLE_BEFORE_SAMPLING`]
/// results; then one in 2, 4, ... up to [`MAX_SAMPLE_INTERVAL`] is, and any change of type goes
/// back to walking every result. A tool called in a loop so costs a walk every 64 calls.
#[derive(Debug, Default)]
pub struct ObservedOutput {
  state: Mutex<Observed>,
}

#[derive(Debug, Default)]
struct Observed {
  shape: Shape,
  /// Results walked and merged.
  results: u64,
  /// Walks in a row that did not change the type.
  unchanged: u32,
  /// One result in `interval` is walked.
  interval: u32,
  /// Results to pass over before the next walk.
  skip: u32,
}

impl ObservedOutput {
  /// Merges the shape of one result (its JSON text) into what was seen, unless this result is
  /// passed over by the sampling, or too large to walk within the bounds.
  pub fn record(&self, json: &str) {
    match self.state.lock() {
      Ok(mut state) if state.skip > 0 => {
        state.skip -= 1;
        return;
      }
      Ok(_) => {}
      Err(_) => return,
    }
    let Some(shape) = shape_of(json) else { return };
    let Ok(mut state) = self.state.lock() else {
      return;
    };
    let changed = state.shape.merge(shape);
    state.results += 1;
    if changed {
      state.unchanged = 0;
      state.interval = 1;
    } else {
      state.unchanged = state.unchanged.saturating_add(1);
      if state.unchanged >= STABLE_BEFORE_SAMPLING {
        state.interval = (state.interval.max(1) * 2).min(MAX_SAMPLE_INTERVAL);
      }
    }
    state.skip = state.interval.saturating_sub(1);
  }

  /// How many results were walked and merged.
  pub fn results(&self) -> u64 {
    self.state.lock().map(|s| s.results).unwrap_or(0)
  }

  /// The merged shape as JSON Schema; `None` before the first result, or when nothing more
  /// than `unknown` can be said.
  pub fn schema(&self) -> Option<Value> {
    let state = self.state.lock().ok()?;
    if state.results == 0 || state.shape.unknown || state.shape.is_empty() {
      return None;
    }
    Some(to_schema(&state.shape))
  }
}

/// The observed outputs of one instance's tools, keyed by tool source and tool path.
#[derive(Debug)]
pub struct ObservedOutputs {
  enabled: bool,
  cells: Mutex<HashMap<(String, String), Cell>>,
}

#[derive(Debug)]
struct Cell {
  /// The input schema the tool had when observing began: a new one starts over.
  input_schema: Option<Value>,
  output: Arc<ObservedOutput>,
}

impl Default for ObservedOutputs {
  fn default() -> Self {
    ObservedOutputs::new(true)
  }
}

impl ObservedOutputs {
  /// A store that observes results, or (`enabled: false`) one that never does.
  pub fn new(enabled: bool) -> Self {
    ObservedOutputs {
      enabled,
      cells: Mutex::default(),
    }
  }

  /// The cells of a new tool set, one per tool in order (`None` for a tool with an
  /// `outputSchema`, or when observing is off): a tool still there with the same input schema
  /// keeps its cell, others start empty, and cells of tools no longer there are dropped.
  pub fn cells_for<'a>(
    &self,
    tools: impl IntoIterator<Item = (&'a str, &'a ToolSpec)>,
  ) -> Vec<Option<Arc<ObservedOutput>>> {
    let tools: Vec<(&str, &ToolSpec)> = tools.into_iter().collect();
    let Ok(mut cells) = self.cells.lock() else {
      return vec![None; tools.len()];
    };
    let mut next: HashMap<(String, String), Cell> = HashMap::new();
    let out = tools
      .into_iter()
      .map(|(source, spec)| {
        if !self.enabled || spec.output_schema.is_some() {
          return None;
        }
        let key = (source.to_string(), spec.path());
        let cell = match cells.remove(&key) {
          Some(cell) if cell.input_schema == spec.input_schema => cell,
          _ => Cell {
            input_schema: spec.input_schema.clone(),
            output: Arc::default(),
          },
        };
        let output = cell.output.clone();
        next.insert(key, cell);
        Some(output)
      })
      .collect();
    *cells = next;
    out
  }
}
