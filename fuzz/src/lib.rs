//! Fuzz targets for quickjs-codemode that run on stable Rust.
//!
//! Each target is a function of bytes that panics when it finds a bug, plus a generator of fresh
//! inputs and a dictionary for the mutator. `src/bin/fuzz.rs` drives them in a bounded loop.

pub mod entropy;
pub mod mutate;
mod sandbox;
pub mod targets;

use std::fs;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};

use entropy::Rng;

/// One fuzz target.
pub struct Target {
  pub name: &'static str,
  /// Runs one input; panics on a bug.
  pub run: fn(&[u8]),
  /// A fresh input from the target's own generator.
  pub generate: fn(&mut Rng) -> Vec<u8>,
  /// Tokens the mutator inserts.
  pub dict: &'static [&'static str],
  /// Inputs are cut to this many bytes.
  pub max_len: usize,
  /// Percentage of inputs generated fresh rather than mutated from the corpus (byte mutation of
  /// a program mostly makes syntax errors, so the runs target generates more).
  pub fresh_percent: usize,
  /// A line of target-specific figures for the log (outcome counts, worst overrun...).
  pub stats: fn() -> String,
}

/// Every target, in the order `all` runs them.
pub fn targets() -> Vec<Target> {
  vec![
    targets::source::TARGET,
    targets::codegen::TARGET,
    targets::json::TARGET,
    targets::runs::TARGET,
  ]
}

/// Saves `input` as `crashers/<prefix>-<hash>` (for findings that are not failures); the path.
pub fn save_finding(prefix: &str, input: &[u8]) -> PathBuf {
  let mut h = DefaultHasher::new();
  input.hash(&mut h);
  let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("crashers");
  let _ = fs::create_dir_all(&dir);
  let path = dir.join(format!("{prefix}-{:016x}", h.finish()));
  if let Err(e) = fs::write(&path, input) {
    eprintln!("could not save {}: {e}", path.display());
  }
  path
}

/// Lossy text of an input (the source and runs targets take text).
pub fn text(input: &[u8]) -> String {
  String::from_utf8_lossy(input).into_owned()
}
