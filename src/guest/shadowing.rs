//! Letting objects shadow the read-only members of frozen built-in prototypes.
//!
//! The bootstrap freezes `Object.prototype`, `Array.prototype`, `Function.prototype` and the
//! error prototypes, and a plain assignment to an inherited read-only property throws (the
//! "override mistake"), which would break everyday code such as `this.name = 'MyError'` or
//! `obj.toString = ...`. QuickJS patch 0008 gives those prototypes a flag: an assignment through
//! any *other* object that inherits from them defines an own property on that object instead,
//! as it would before the freeze. The prototype itself stays read-only, and its members stay
//! data properties. (Before the patch this took a getter/setter closure pair per member: ~80
//! function objects and ~12 KB of heap per sandbox.)

use rquickjs::{qjs, Ctx, Object};

extern "C" {
  /// From patches/rquickjs-sys/0008-instance-shadowing.patch (quickjs.h).
  fn JS_AllowInstanceShadowing(ctx: *mut qjs::JSContext, obj: qjs::JSValue);
}

/// Flags `proto` so objects inheriting from it may shadow its read-only members by assignment.
pub fn allow_instance_shadowing(ctx: &Ctx<'_>, proto: &Object<'_>) {
  // SAFETY: `ctx` is the live context on its own thread and `proto` a live object of it; the
  // call only sets a bit on the object and neither takes nor frees a reference.
  unsafe { JS_AllowInstanceShadowing(ctx.as_raw().as_ptr(), proto.as_raw()) }
}
