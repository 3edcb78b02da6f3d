//! Resource limits of a run (DESIGN §6): defaults, and overrides layered per CodeMode and per run.
//!
//! Each limit is declared once, in [`for_each_limit!`]: its JS name, documentation, default and
//! accepted range. That one table makes [`Limits`], [`LimitOverrides`] and their validation here,
//! and the `CodeModeLimits` options object (with its typings) in the binding.

use std::time::Duration;

use crate::error::HostError;

/// Engine threads get this much stack; `maxStackBytes` must stay well below it.
pub const ENGINE_THREAD_STACK_BYTES: usize = 16 << 20;
/// The largest `maxStackBytes` accepted (a quarter of the engine thread's stack).
pub const MAX_STACK_LIMIT_BYTES: usize = ENGINE_THREAD_STACK_BYTES / 4;
/// The largest byte count accepted for a size limit (1 TiB).
const BIG: f64 = (1u64 << 40) as f64;

/// Calls `$then!` with the table of limits, one row each:
/// `field: type = default, min..=max, "jsName", [doc lines];` (doc lines as plain strings, which
/// napi's typings generator reads as it reads `///` comments).
#[macro_export]
macro_rules! for_each_limit {
  ($then:ident) => {
    $crate::$then! {
      timeout_ms: u64 = 30_000, 1.0..=(24.0 * 3600.0 * 1000.0), "timeoutMs", [
        " Wall-clock limit of a run, including time spent waiting on tools and timers. Breach: `TIMEOUT`.",
        " @default 30000",
      ];
      memory_limit_bytes: usize = 64 << 20, ((1 << 20) as f64)..=BIG, "memoryLimitBytes", [
        " Guest heap limit. Breach: `MEMORY_LIMIT`.",
        " @default 67108864 (64 MiB)",
      ];
      max_stack_bytes: usize = 1 << 20, ((16 << 10) as f64)..=(MAX_STACK_LIMIT_BYTES as f64), "maxStackBytes", [
        " Guest stack limit (at most 4 MiB). Breach: `STACK_OVERFLOW`.",
        " @default 1048576 (1 MiB)",
      ];
      max_tool_calls: u32 = 1_000, 0.0..=(u32::MAX as f64), "maxToolCalls", [
        " Tool calls allowed per run. Breach: `TOOL_CALL_LIMIT`.",
        " @default 1000",
      ];
      max_concurrent_tool_calls: u32 = 32, 1.0..=100_000.0, "maxConcurrentToolCalls", [
        " Tool calls running at once; further calls wait for a slot (they do not fail).",
        " @default 32",
      ];
      max_source_bytes: usize = 256 << 10, 1.0..=BIG, "maxSourceBytes", [
        " Size of the code. Breach: `SOURCE_TOO_LARGE`.",
        " @default 262144 (256 KiB)",
      ];
      max_log_bytes: usize = 64 << 10, 0.0..=BIG, "maxLogBytes", [
        " Total console output kept; past it, logs end with a truncation marker entry.",
        " @default 65536 (64 KiB)",
      ];
      max_result_bytes: usize = 1 << 20, 1.0..=BIG, "maxResultBytes", [
        " Size of the result as JSON. Breach: `RESULT_TOO_LARGE`.",
        " @default 1048576 (1 MiB)",
      ];
      max_recorded_bytes: usize = 1 << 20, 0.0..=BIG, "maxRecordedBytes", [
        " Bytes of tool inputs and outputs (as JSON) kept in `RunResult.toolCalls` and events over",
        " the whole run; past it each further one is replaced by a string saying how big it was.",
        " `0` keeps none. Bounds what a run can make the host hold.",
        " @default 1048576 (1 MiB)",
      ];
      max_tool_output_bytes: usize = 4 << 20, 1.0..=BIG, "maxToolOutputBytes", [
        " Size of one tool's output as JSON; past it the call fails with a `ToolError` (code `OUTPUT_TOO_LARGE`).",
        " @default 4194304 (4 MiB)",
      ];
    }
  };
}

/// Makes [`Limits`], [`LimitOverrides`] and the validation from the table.
#[macro_export]
macro_rules! define_limits {
  ($($field:ident: $ty:ty = $default:expr, $min:tt..=$max:tt, $js:literal, [$($doc:literal,)*];)*) => {
    /// Effective limits of one run (see the `CodeModeLimits` typings for each one's meaning).
    #[derive(Debug, Clone, Copy, PartialEq)]
    pub struct Limits {
      $($(#[doc = $doc])* pub $field: $ty,)*
    }

    impl Default for Limits {
      fn default() -> Self {
        Limits { $($field: $default,)* }
      }
    }

    /// Optional overrides of [`Limits`]; every field is a plain number as it came from JS.
    #[derive(Debug, Clone, Copy, Default, PartialEq)]
    pub struct LimitOverrides {
      $(pub $field: Option<f64>,)*
    }

    impl Limits {
      /// Applies `overrides` on top of `self`, rejecting values that are not whole numbers in range.
      pub fn with_overrides(&self, o: &LimitOverrides) -> Result<Limits, HostError> {
        let mut l = *self;
        $(
          if let Some(v) = checked($js, o.$field, $min, $max)? {
            l.$field = v as $ty;
          }
        )*
        Ok(l)
      }
    }
  };
}

for_each_limit!(define_limits);

impl Limits {
  pub fn timeout(&self) -> Duration {
    Duration::from_millis(self.timeout_ms)
  }
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
    assert_eq!(l.timeout(), Duration::from_millis(500));
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
    let stack = LimitOverrides {
      max_stack_bytes: Some((MAX_STACK_LIMIT_BYTES + 1) as f64),
      ..Default::default()
    };
    assert!(base.with_overrides(&stack).is_err());
  }
}
