//! The guest set-up scripts compiled once to QuickJS bytecode and loaded into every new context:
//! reading bytecode is several times cheaper than parsing the source, and set-up runs on every
//! cold run.

use std::ffi::CString;
use std::sync::OnceLock;

use rquickjs::{qjs, Ctx, Value};

/// The compiled form of one trusted script, filled on first use.
pub type Cache = OnceLock<Option<Vec<u8>>>;

/// Compiles `source` in `ctx` and serializes the bytecode; `None` if QuickJS refuses.
fn compile<'js>(ctx: &Ctx<'js>, source: &str, filename: &str) -> Option<Vec<u8>> {
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
  let Some(bytes) = cached else {
    let mut opts = rquickjs::context::EvalOptions::default();
    opts.global = true;
    opts.strict = false;
    opts.filename = Some(filename.into());
    return ctx.eval_with_options(source, opts);
  };
  let raw = ctx.as_raw().as_ptr();
  // SAFETY: the bytes were produced by JS_WriteObject of this same QuickJS build from our own
  // source; JS_EvalFunction takes ownership of the function object; the result is owned.
  unsafe {
    let func = qjs::JS_ReadObject(
      raw,
      bytes.as_ptr(),
      bytes.len() as _,
      qjs::JS_READ_OBJ_BYTECODE as i32,
    );
    if qjs::JS_IsException(func) {
      return Err(rquickjs::Error::Exception);
    }
    let value = qjs::JS_EvalFunction(raw, func);
    if qjs::JS_IsException(value) {
      return Err(rquickjs::Error::Exception);
    }
    Ok(Value::from_raw(ctx.clone(), value))
  }
}
