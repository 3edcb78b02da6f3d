//! What kind of built-in object a value is, by its QuickJS class (an internal slot guest code
//! cannot forge, unlike `instanceof` or `Symbol.toStringTag`). `structuredClone` and the
//! buffer-taking APIs use it as their brand check.

use std::sync::OnceLock;

use rquickjs::{qjs, Array, Ctx, Value};

/// Kind numbers returned to the guest script (`clone.js` names them).
pub const OTHER: u32 = 0;
const TYPED_ARRAY: u32 = 9;

/// One sample of each cloneable class, in kind order starting at 1 (`prelude.js` names the
/// kinds); kind 9 (typed arrays) is recognised by `JS_GetTypedArrayType` and has a placeholder.
const SAMPLES: &str = "[{}, [], new Date(0), /a/, new Map, new Set, new ArrayBuffer(0), \
  new SharedArrayBuffer(0), null, new DataView(new ArrayBuffer(0)), new Error, new DOMException, \
  Object(0), Object(''), Object(false), Object(0n)]";

/// Kind of the sample at `index`.
fn kind_of_sample(index: usize) -> u32 {
  index as u32 + 1
}

/// Class id -> kind, learned once per process from real objects (class ids are fixed for a
/// given QuickJS build, but are not part of its public header).
static CLASSES: OnceLock<Vec<(qjs::JSClassID, u32)>> = OnceLock::new();

fn probe(ctx: &Ctx<'_>) -> Option<Vec<(qjs::JSClassID, u32)>> {
  let Ok(samples) = ctx.eval::<Array, _>(SAMPLES) else {
    let _ = ctx.catch();
    return None;
  };
  let mut classes = Vec::new();
  for (i, sample) in samples.iter::<Value>().enumerate() {
    let sample = sample.ok()?;
    if sample.is_object() {
      // SAFETY: reads the class id of a live value.
      let id = unsafe { qjs::JS_GetClassID(sample.as_raw()) };
      classes.push((id, kind_of_sample(i)));
    }
  }
  Some(classes)
}

/// Learns the class ids (once per process; a failed attempt is retried by the next context).
/// Call from set-up, before any guest code runs.
pub fn init(ctx: &Ctx<'_>) {
  if CLASSES.get().is_none() {
    if let Some(classes) = probe(ctx) {
      let _ = CLASSES.set(classes);
    }
  }
}

/// `kindOf(value)`: the kind number of a value (0 for primitives and anything not listed).
pub fn kind_of(value: &Value<'_>) -> u32 {
  if !value.is_object() {
    return OTHER;
  }
  let raw = value.as_raw();
  // SAFETY: reads the typed-array kind of a live object value.
  if unsafe { qjs::JS_GetTypedArrayType(raw) } >= 0 {
    return TYPED_ARRAY;
  }
  // SAFETY: reads the class id of a live object value.
  let id = unsafe { qjs::JS_GetClassID(raw) };
  CLASSES
    .get()
    .and_then(|classes| classes.iter().find(|(c, _)| *c == id))
    .map_or(OTHER, |(_, kind)| *kind)
}
