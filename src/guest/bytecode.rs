//! The guest set-up scripts compiled once to QuickJS bytecode and loaded into every new context:
//! reading bytecode is several times cheaper than parsing the source, and set-up runs on every
//! cold run. Most are compiled at build time (`prebuilt.rs`); the web chunks, compiled here on
//! first use, and any script whose build-time bytecode is refused use the cache below.

use std::ffi::CString;
use std::sync::OnceLock;

use rquickjs::{qjs, Ctx, Value};

/// The compiled form of one trusted script, filled on first use.
pub type Cache = OnceLock<Option<Vec<u8>>>;

/// Compiles `source` in `ctx` and serializes the bytecode; `None` if QuickJS refuses. build.rs
/// compiles the prebuilt scripts with the same flags.
pub(super) fn compile<'js>(ctx: &Ctx<'js>, source: &str, filename: &str) -> Option<Vec<u8>> {
  let src = CString::new(source).ok()?;
  let name = CString::new(filename).ok()?;
  let raw = ctx.as_raw().as_ptr();
  // SAFETY: `raw` is the live context of `ctx`; every value created here is freed before return,
  // and the buffer from JS_WriteObject is copied and released with js_free on the same context.
  unsafe {
    let flags = (qjs::JS_EVAL_TYPE_GLOBAL | qjs::JS_EVAL_FLAG_COMPILE_ONLY) as i32;
    let func = qjs::JS_Eval(raw, src.as_ptr(), source.len() as _, name.as_ptr(), flags);
    if qjs::JS_IsException(func) {
      let _ = ctx.catch();
      return None;
    }
    let mut len: qjs::size_t = 0;
    // Without the source text: smaller bytecode reads faster, and `fn.toString()` of the
    // sandbox's own functions does not show its code. Debug info (positions) is kept.
    let flags = (qjs::JS_WRITE_OBJ_BYTECODE | qjs::JS_WRITE_OBJ_STRIP_SOURCE) as i32;
    let buf = qjs::JS_WriteObject(raw, &mut len, func, flags);
    qjs::JS_FreeValue(raw, func);
    if buf.is_null() {
      let _ = ctx.catch();
      return None;
    }
    let bytes = std::slice::from_raw_parts(buf, len as usize).to_vec();
    qjs::js_free(raw, buf.cast());
    Some(bytes)
  }
}

/// Evaluates `source` as a global script in `ctx`, from cached bytecode when possible, and
/// returns its completion value. Only for the crate's own trusted scripts.
pub fn eval_cached<'js>(
  ctx: &Ctx<'js>,
  cache: &'static Cache,
  source: &str,
  filename: &str,
) -> rquickjs::Result<Value<'js>> {
  let cached = cache.get_or_init(|| compile(ctx, source, filename));
  if let Some(func) = cached.as_deref().and_then(|bytes| read(ctx, bytes)) {
    return eval_function(ctx, func);
  }
  let mut opts = rquickjs::context::EvalOptions::default();
  opts.global = true;
  opts.strict = false;
  opts.filename = Some(filename.into());
  ctx.eval_with_options(source, opts)
}

/// Reads the function that `bytes` (bytecode from [`compile`] or build.rs) holds; `None`, with
/// no exception left pending, when QuickJS refuses them (another version, a bad checksum).
pub(super) fn read<'js>(ctx: &Ctx<'js>, bytes: &[u8]) -> Option<Value<'js>> {
  let raw = ctx.as_raw().as_ptr();
  // SAFETY: JS_ReadObject bounds-checks its input against `len` and verifies the version and
  // checksum before it builds anything; the returned value is owned by the new `Value`.
  unsafe {
    let flags = qjs::JS_READ_OBJ_BYTECODE as i32;
    let func = qjs::JS_ReadObject(raw, bytes.as_ptr(), bytes.len() as _, flags);
    if qjs::JS_IsException(func) {
      let _ = ctx.catch();
      return None;
    }
    Some(Value::from_raw(ctx.clone(), func))
  }
}

/// Runs a function object from [`read`] as a global script; returns its completion value.
pub(super) fn eval_function<'js>(ctx: &Ctx<'js>, func: Value<'js>) -> rquickjs::Result<Value<'js>> {
  let raw = ctx.as_raw().as_ptr();
  // SAFETY: JS_EvalFunction takes ownership of the reference it is given, so it gets one of its
  // own (JS_DupValue) and `func` frees its own when dropped; the result is owned by the new Value.
  unsafe {
    let value = qjs::JS_EvalFunction(raw, qjs::JS_DupValue(raw, func.as_raw()));
    if qjs::JS_IsException(value) {
      return Err(rquickjs::Error::Exception);
    }
    Ok(Value::from_raw(ctx.clone(), value))
  }
}
