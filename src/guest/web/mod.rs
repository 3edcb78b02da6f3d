//! Web platform globals for the guest (DESIGN §4): `URL`, `URLSearchParams`, `TextEncoder`,
//! `TextDecoder`, `structuredClone`, `crypto`, `AbortController`, `AbortSignal`, `EventTarget`
//! and `Event`, installed on every fresh context before the bootstrap.
//!
//! The classes are written in JavaScript over a handful of small Rust functions: WHATWG URL
//! parsing (the `url` crate), UTF-8 encoding and decoding, OS randomness, and a brand check by
//! QuickJS class. To keep cold starts fast they load lazily: every context runs only `lazy.js`,
//! which defines the globals as accessors; the first read of one loads its *chunk* (one trusted
//! script per area, run from cached bytecode) and turns the chunk's globals into read-only
//! values. The Rust functions are arguments of the chunk factories, captured in their
//! closures, so guest code reaches them only through the classes, which validate what they
//! pass on; each catches panics and turns them into a JS exception.

mod encoding;
mod form;
mod kinds;
mod url;

use std::panic::{catch_unwind, AssertUnwindSafe};

use rquickjs::{Array, Ctx, Exception, Function, Object, TypedArray, Value};

use super::bytecode;
use super::exception::lossy_string;
use super::prebuilt::Script;

pub(super) static LAZY: Script = Script::new(
  "codemode:web",
  include_str!("lazy.js"),
  include_bytes!(concat!(env!("OUT_DIR"), "/web-lazy.qjsbc")),
);

/// One chunk: a factory `(platformBrands, kindOf, ...host functions)` whose body is
/// `prelude.js` and the chunk's files, returning the chunk's globals by name.
macro_rules! chunk {
  ($name:literal, [$($param:literal),*], [$($file:literal),*], $exports:literal) => {
    concat!(
      ";(function ", $name, "(platformBrands, kindOf", $(", ", $param,)* ") {\n'use strict'\n",
      include_str!("prelude.js"),
      $(include_str!($file),)*
      "\nreturn ", $exports, "\n})\n"
    )
  };
}

/// The chunks, numbered as in `lazy.js`. Like every sandbox script their names start with
/// `codemode:`, so error stacks shown to the model leave out their frames (guest::exception).
const CHUNKS: [(&str, &str); 5] = [
  (
    "codemode:web-events",
    chunk!(
      "webEvents",
      [],
      ["events.js", "abort.js"],
      "{ EventTarget, Event, AbortController, AbortSignal }"
    ),
  ),
  (
    "codemode:web-encoding",
    chunk!(
      "webEncoding",
      ["utf8Encode", "utf8EncodeInto", "utf8Decode"],
      ["encoding.js"],
      "{ TextEncoder, TextDecoder }"
    ),
  ),
  (
    "codemode:web-url",
    chunk!(
      "webUrl",
      ["urlParse", "urlSet", "formParse", "formSerialize"],
      ["url.js", "search-params.js"],
      "{ URL, URLSearchParams }"
    ),
  ),
  (
    "codemode:web-clone",
    chunk!("webClone", [], ["clone.js"], "{ structuredClone }"),
  ),
  (
    "codemode:web-crypto",
    chunk!("webCrypto", ["randomFill"], ["crypto.js"], "{ crypto }"),
  ),
];
static CHUNK_BYTECODE: [bytecode::Cache; 5] = [const { bytecode::Cache::new() }; 5];

/// Runs `f`, turning a panic into a JS `InternalError` so it never unwinds through QuickJS.
fn guarded<'js, T>(ctx: &Ctx<'js>, f: impl FnOnce() -> rquickjs::Result<T>) -> rquickjs::Result<T> {
  match catch_unwind(AssertUnwindSafe(f)) {
    Ok(result) => result,
    Err(_) => Err(Exception::throw_internal(
      ctx,
      "An internal error occurred in a web platform function.",
    )),
  }
}

/// A JS string argument as Rust text (the script passes only well-formed strings).
fn text(s: &rquickjs::String<'_>) -> String {
  lossy_string(s)
}

/// `randomFill(uint8Array)`: fills the view with OS randomness.
fn random_fill<'js>(ctx: &Ctx<'js>, view: &TypedArray<'js, u8>) -> rquickjs::Result<()> {
  let Some(raw) = encoding::view_bytes(ctx, view) else {
    return Ok(());
  };
  // SAFETY: the pointer is the view's live backing store, and no JavaScript runs while the
  // slice is alive.
  let bytes = unsafe { std::slice::from_raw_parts_mut(raw.cast::<u8>().as_ptr(), raw.len()) };
  getrandom::fill(bytes)
    .map_err(|e| Exception::throw_internal(ctx, &format!("The OS random number generator failed: {e}")))
}

/// quickjs-ng's `JS_NewContext` adds `DOMException` only in the first context of a runtime
/// (`JS_AddIntrinsicAToB` skips it once the class is registered), leaving later contexts
/// without the global and without the prototype `atob` errors need; add it where missing.
fn ensure_dom_exception(ctx: &Ctx<'_>) -> rquickjs::Result<()> {
  if ctx.globals().contains_key("DOMException")? {
    return Ok(());
  }
  // SAFETY: adds an intrinsic to the live context of `ctx`; no other reference into it is held.
  if unsafe { rquickjs::qjs::JS_AddIntrinsicDOMException(ctx.as_raw().as_ptr()) } != 0 {
    return Err(Exception::throw_internal(
      ctx,
      "DOMException could not be set up.",
    ));
  }
  Ok(())
}

/// `loadChunk(n, platformBrands)`: runs chunk `n` with the host functions it needs and returns
/// its globals.
fn load_chunk<'js>(ctx: &Ctx<'js>, index: u32, brands: Value<'js>) -> rquickjs::Result<Value<'js>> {
  let Some(&(name, source)) = CHUNKS.get(index as usize) else {
    return Err(Exception::throw_internal(ctx, "unknown web chunk"));
  };
  let factory: Function = bytecode::eval_cached(ctx, &CHUNK_BYTECODE[index as usize], source, name)?.get()?;
  let c = ctx.clone();
  let kind_of = Function::new(c.clone(), |value: Value<'js>| kinds::kind_of(&value))?;
  match index {
    1 => factory.call((
      brands,
      kind_of,
      Function::new(c.clone(), |ctx: Ctx<'js>, s: rquickjs::String<'js>| {
        guarded(&ctx, || encoding::encode(&ctx, &text(&s)))
      })?,
      Function::new(
        c.clone(),
        |ctx: Ctx<'js>, s: rquickjs::String<'js>, dest: TypedArray<'js, u8>| {
          guarded(&ctx, || -> rquickjs::Result<Object<'js>> {
            encoding::encode_into(&ctx, &text(&s), &dest)
          })
        },
      )?,
      Function::new(c, |ctx: Ctx<'js>, bytes: TypedArray<'js, u8>, flags: u32| {
        guarded(&ctx, || encoding::decode(&ctx, &bytes, flags))
      })?,
    )),
    2 => factory.call((
      brands,
      kind_of,
      Function::new(
        c.clone(),
        |ctx: Ctx<'js>, input: rquickjs::String<'js>, base: Value<'js>| {
          guarded(&ctx, || {
            let base = base.as_string().map(text);
            url::parse(&ctx, &text(&input), base.as_deref())
          })
        },
      )?,
      Function::new(
        c.clone(),
        |ctx: Ctx<'js>, href: rquickjs::String<'js>, field: u32, value: rquickjs::String<'js>| {
          guarded(&ctx, || url::set(&ctx, &text(&href), field, &text(&value)))
        },
      )?,
      Function::new(c.clone(), |ctx: Ctx<'js>, s: rquickjs::String<'js>| {
        guarded(&ctx, || form::parse(&ctx, &text(&s)))
      })?,
      Function::new(c, |ctx: Ctx<'js>, list: Array<'js>| {
        guarded(&ctx, || form::serialize(&list))
      })?,
    )),
    4 => factory.call((
      brands,
      kind_of,
      Function::new(c, |ctx: Ctx<'js>, view: TypedArray<'js, u8>| {
        guarded(&ctx, || random_fill(&ctx, &view))
      })?,
    )),
    _ => factory.call((brands, kind_of)),
  }
}

/// Defines the web globals on `ctx`'s global object (as lazy accessors, see the module doc).
pub fn install<'js>(ctx: &Ctx<'js>) -> rquickjs::Result<()> {
  ensure_dom_exception(ctx)?;
  kinds::init(ctx);
  let factory: Function = LAZY.eval(ctx)?.get()?;
  let loader = Function::new(ctx.clone(), |ctx: Ctx<'js>, index: u32, brands: Value<'js>| {
    guarded(&ctx, || load_chunk(&ctx, index, brands))
  })?;
  factory.call((loader,))
}

#[cfg(test)]
mod tests;
