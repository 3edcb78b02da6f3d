//! Resource limits of a run (DESIGN §6): defaults, and overrides layered per CodeMode and per run.

use std::time::Duration;

use crate::error::HostError;

/// Effective limits of one run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
  pub timeout: Duration,
  pub memory_limit_bytes: usize,
  pub max_stack_bytes: usize,
  pub max_tool_calls: u32,
  pub max_concurrent_tool_calls: u32,
  pub max_source_bytes: usize,
  pub max_log_bytes: usize,
  pub max_result_bytes: usize,
  pub max_tool_output_bytes: usize,
}

impl Default for Limits {
  fn default() -> Self {
    Limits {
      timeout: Duration::from_millis(30_000),
      memory_limit_bytes: 64 << 20,
      max_stack_bytes: 1 << 20,
      max_tool_calls: 1_000,
      max_concurrent_tool_calls: 32,
      max_source_bytes: 256 << 10,
      max_log_bytes: 64 << 10,
      max_result_bytes: 1 << 20,
      max_tool_output_bytes: 4 << 20,
    }
  }
}

/// Engine threads get this much stack; `maxStackBytes` must stay well below it.
pub const ENGINE_THREAD_STACK_BYTES: usize = 16 << 20;
/// The largest `maxStackBytes` accepted (a quarter of the engine thread's stack).
pub const MAX_STACK_LIMIT_BYTES: usize = ENGINE_THREAD_STACK_BYTES / 4;

/// Optional overrides of [`Limits`]; every field is a plain number as it came from JS.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct LimitOverrides {
  pub timeout_ms: Option<f64>,
  pub memory_limit_bytes: Option<f64>,
  pub max_stack_bytes: Option<f64>,
  pub max_tool_calls: Option<f64>,
  pub max_concurrent_tool_calls: Option<f64>,
  pub max_source_bytes: Option<f64>,
  pub max_log_bytes: Option<f64>,
  pub max_result_bytes: Option<f64>,
  pub max_tool_output_bytes: Option<f64>,
}

fn checked(name: &str, value: Option<f64>, min: f64, max: f64) -> Result<Option<f64>, HostError> {
  match value {
    None => Ok(None),
    Some(v) if v.is_finite() && v.fract() == 0.0 && v >= min && v <= max => Ok(Some(v)),
    Some(v) => Err(HostError::InvalidOptions(format!(
      "limits.{name} must be a whole number between {min} and {max}; got {v}."
    ))),
  }
}

impl Limits {
  /// Applies `overrides` on top of `self`, rejecting values that are not whole numbers in range.
  pub fn with_overrides(&self, o: &LimitOverrides) -> Result<Limits, HostError> {
    const BIG: f64 = (1u64 << 40) as f64;
    let mut l = *self;
    if let Some(v) = checked("timeoutMs", o.timeout_ms, 1.0, 24.0 * 3600.0 * 1000.0)? {
      l.timeout = Duration::from_millis(v as u64);
    }
    if let Some(v) = checked("memoryLimitBytes", o.memory_limit_bytes, (1 << 20) as f64, BIG)? {
      l.memory_limit_bytes = v as usize;
    }
    if let Some(v) = checked(
      "maxStackBytes",
      o.max_stack_bytes,
      (16 << 10) as f64,
      MAX_STACK_LIMIT_BYTES as f64,
    )? {
      l.max_stack_bytes = v as usize;
    }
    if let Some(v) = checked("maxToolCalls", o.max_tool_calls, 0.0, u32::MAX as f64)? {
      l.max_tool_calls = v as u32;
    }
    if let Some(v) = checked(
      "maxConcurrentToolCalls",
      o.max_concurrent_tool_calls,
      1.0,
      100_000.0,
    )? {
      l.max_concurrent_tool_calls = v as u32;
    }
    if let Some(v) = checked("maxSourceBytes", o.max_source_bytes, 1.0, BIG)? {
      l.max_source_bytes = v as usize;
    }
    if let Some(v) = checked("maxLogBytes", o.max_log_bytes, 0.0, BIG)? {
      l.max_log_bytes = v as usize;
    }
    if let Some(v) = checked("maxResultBytes", o.max_result_bytes, 1.0, BIG)? {
      l.max_result_bytes = v as usize;
    }
    if let Some(v) = checked("maxToolOutputBytes", o.max_tool_output_bytes, 1.0, BIG)? {
      l.max_tool_output_bytes = v as usize;
    }
    Ok(l)
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn overrides_apply_and_validate() {
    let base = Limits::default();
    let o = LimitOverrides {
      timeout_ms: Some(500.0),
      max_tool_calls: Some(3.0),
      ..Default::default()
    };
    let l = base.with_overrides(&o).unwrap();
    assert_eq!(l.timeout, Duration::from_millis(500));
    assert_eq!(l.max_tool_calls, 3);
    assert_eq!(l.memory_limit_bytes, base.memory_limit_bytes);

    let bad = LimitOverrides {
      timeout_ms: Some(-1.0),
      ..Default::default()
    };
    let err = base.with_overrides(&bad).unwrap_err().to_string();
    assert!(err.contains("limits.timeoutMs"), "{err}");
    let nan = LimitOverrides {
      max_log_bytes: Some(f64::NAN),
      ..Default::default()
    };
    assert!(base.with_overrides(&nan).is_err());
  }
}
