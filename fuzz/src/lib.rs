//! Fuzz targets for quickjs-codemode that run on stable Rust.
//!
//! Each target is a function of bytes that panics when it finds a bug, plus a generator of fresh
//! inputs and a dictionary for the mutator. `src/bin/fuzz.rs` drives them in a bounded loop.

pub mod entropy;
pub mod mutate;
mod sandbox;
pub mod targets;

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

/// Lossy text of an input (the source and runs targets take text).
pub fn text(input: &[u8]) -> String {
  String::from_utf8_lossy(input).into_owned()
}
