//! Bytecode compiled at build time (`build.rs`) by the same QuickJS the addon links, so that no
//! process compiles the just-bash bundle at run time (1.3 MB of source: 150–250 ms once per
//! process before; reading its bytecode takes about a tenth of that), nor the bootstrap (~1 ms
//! of every process's first run).
//!
//! Bytecode is only valid for the QuickJS that wrote it. QuickJS itself refuses another
//! bytecode version and a corrupted buffer (a version byte and a checksum). What a version byte
//! could miss, [`compatible`] checks once per process: this QuickJS reports the version build.rs
//! saw, and compiles `bytecode_canary.js` (many kinds of syntax) to exactly the bytes build.rs
//! wrote. If anything fails, the script is compiled from its source as before (then cached for
//! the process), so a mismatch costs time, never behaviour.

use std::ffi::CStr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;

use rquickjs::{qjs, Ctx, Value};

use super::bytecode::{self, Cache};

const CANARY: &str = include_str!("bytecode_canary.js");
const CANARY_NAME: &str = "codemode:canary";
static CANARY_PREBUILT: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/canary.qjsbc"));
const BUILD_QUICKJS_VERSION: &str = include_str!(concat!(env!("OUT_DIR"), "/quickjs-version.txt"));
static COMPATIBLE: OnceLock<bool> = OnceLock::new();

/// One trusted script with its build-time bytecode and the run-time fallback.
pub struct Script {
  /// The name it is evaluated under (in stacks); build.rs compiles it under the same name.
  pub name: &'static str,
  /// The source, compiled only if the build-time bytecode cannot be used.
  pub source: &'static str,
  /// What build.rs wrote: `JS_WriteObject` of the compiled script, without its source text.
  prebuilt: &'static [u8],
  /// Set once QuickJS refused `prebuilt`: later loads compile from `source` at once.
  refused: AtomicBool,
  /// Bytecode compiled at run time, only after a refusal.
  compiled: Cache,
}

impl Script {
  /// A script whose bytecode build.rs wrote to `prebuilt`, e.g.
  /// `Script::new("codemode:bash", include_str!("driver.js"), include_bytes!(…))`.
  pub const fn new(name: &'static str, source: &'static str, prebuilt: &'static [u8]) -> Self {
    Script {
      name,
      source,
      prebuilt,
      refused: AtomicBool::new(false),
      compiled: Cache::new(),
    }
  }

  /// Evaluates the script in `ctx` as a global script and returns its completion value: from the
  /// build-time bytecode when this QuickJS reads it, else from bytecode compiled now.
  pub fn eval<'js>(&'static self, ctx: &Ctx<'js>) -> rquickjs::Result<Value<'js>> {
    self.eval_with(ctx, compatible(ctx))
  }

  fn eval_with<'js>(&'static self, ctx: &Ctx<'js>, compatible: bool) -> rquickjs::Result<Value<'js>> {
    if compatible && !self.refused.load(Ordering::Relaxed) {
      match bytecode::read(ctx, self.prebuilt) {
        Some(func) => return bytecode::eval_function(ctx, func),
        None => self.refused.store(true, Ordering::Relaxed),
      }
    }
    bytecode::eval_cached(ctx, &self.compiled, self.source, self.name)
  }

  /// True once this process compiled the script from source (the build-time bytecode was not
  /// used); false while every load read the build-time bytecode.
  pub fn compiled_at_run_time(&self) -> bool {
    self.compiled.get().is_some()
  }
}

/// True when this process's QuickJS reads build-time bytecode as it was written (checked once).
pub fn compatible(ctx: &Ctx<'_>) -> bool {
  *COMPATIBLE.get_or_init(|| matches(ctx, BUILD_QUICKJS_VERSION, CANARY_PREBUILT))
}

/// The check behind [`compatible`], against what build.rs recorded.
fn matches(ctx: &Ctx<'_>, build_version: &str, canary: &[u8]) -> bool {
  // SAFETY: JS_GetVersion returns a static NUL-terminated string.
  let version = unsafe { CStr::from_ptr(qjs::JS_GetVersion()) };
  version.to_bytes() == build_version.as_bytes()
    && bytecode::compile(ctx, CANARY, CANARY_NAME).as_deref() == Some(canary)
}

#[cfg(test)]
mod tests {
  use rquickjs::{Context, Runtime};

  use super::*;

  const CANARY_VALUE: &str = "a=1&first=2&rest=2&others=510011!counter:3:x|y1:object";

  fn with_ctx(f: impl FnOnce(Ctx<'_>)) {
    let rt = Runtime::new().unwrap();
    let ctx = Context::full(&rt).unwrap();
    ctx.with(f);
  }

  /// A canary script over `bytes` (leaked: a `Script` lives for the process).
  fn canary_over(bytes: Vec<u8>) -> &'static Script {
    Box::leak(Box::new(Script::new(
      CANARY_NAME,
      CANARY,
      Box::leak(bytes.into_boxed_slice()),
    )))
  }

  fn value(ctx: &Ctx<'_>, script: &'static Script, compatible: bool) -> String {
    script.eval_with(ctx, compatible).unwrap().get().unwrap()
  }

  #[test]
  fn this_build_reads_its_build_time_bytecode() {
    with_ctx(|ctx| {
      assert!(compatible(&ctx));
      let script = canary_over(CANARY_PREBUILT.to_vec());
      assert_eq!(value(&ctx, script, true), CANARY_VALUE);
      assert!(!script.compiled_at_run_time());
      assert!(!script.refused.load(Ordering::Relaxed));
    });
  }

  #[test]
  fn another_quickjs_version_or_other_canary_bytes_are_incompatible() {
    with_ctx(|ctx| {
      assert!(matches(&ctx, BUILD_QUICKJS_VERSION, CANARY_PREBUILT));
      assert!(!matches(&ctx, "0.0.1", CANARY_PREBUILT));
      let mut other = CANARY_PREBUILT.to_vec();
      let last = other.len() - 1;
      other[last] ^= 1;
      assert!(!matches(&ctx, BUILD_QUICKJS_VERSION, &other));
    });
  }

  #[test]
  fn corrupted_bytecode_falls_back_to_the_source() {
    with_ctx(|ctx| {
      let mut bytes = CANARY_PREBUILT.to_vec();
      let middle = bytes.len() / 2;
      bytes[middle] ^= 0x5a;
      let script = canary_over(bytes);
      assert_eq!(value(&ctx, script, true), CANARY_VALUE);
      assert!(script.refused.load(Ordering::Relaxed));
      assert!(script.compiled_at_run_time());
      // Later loads skip the refused bytes; no exception is left pending.
      assert_eq!(value(&ctx, script, true), CANARY_VALUE);
      assert!(!ctx.has_exception());
    });
  }

  #[test]
  fn bytecode_of_another_version_or_truncated_falls_back_to_the_source() {
    with_ctx(|ctx| {
      let mut other_version = CANARY_PREBUILT.to_vec();
      other_version[0] = other_version[0].wrapping_sub(1);
      let truncated = CANARY_PREBUILT[..CANARY_PREBUILT.len() / 3].to_vec();
      for bytes in [other_version, truncated, Vec::new()] {
        let script = canary_over(bytes);
        assert_eq!(value(&ctx, script, true), CANARY_VALUE);
        assert!(script.compiled_at_run_time());
      }
    });
  }

  #[test]
  fn an_incompatible_process_never_reads_the_build_time_bytecode() {
    with_ctx(|ctx| {
      // Bytes QuickJS would accept but that must not be used: a different script's bytecode.
      let script = canary_over(bytecode::compile(&ctx, "'not the canary'", CANARY_NAME).unwrap());
      assert_eq!(value(&ctx, script, false), CANARY_VALUE);
      assert!(script.compiled_at_run_time());
    });
  }

  /// Also proves the embedded bytecode is not stale: it is the bytecode of the embedded source.
  #[test]
  fn build_time_bytecode_equals_bytecode_compiled_at_run_time() {
    with_ctx(|ctx| {
      let scripts = [
        &crate::guest::bash::DRIVER,
        &crate::guest::bash::JUST_BASH,
        &crate::guest::BOOTSTRAP,
        &crate::guest::web::LAZY,
      ];
      for script in scripts {
        let compiled = bytecode::compile(&ctx, script.source, script.name);
        assert!(compiled.as_deref() == Some(script.prebuilt), "{}", script.name);
      }
    });
  }
}
