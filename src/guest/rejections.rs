//! Promise rejections nothing handles fail the run with `UNHANDLED_REJECTION`, as Node fails the
//! process since v15: a forgotten `await` on a failing tool call is never dropped silently.
//!
//! QuickJS tells the runtime's tracker when a promise rejects with no handler, and again when a
//! handler is attached later. A rejection still unhandled once the job queue has drained (the
//! check waits two scheduler turns, so every microtask queued meanwhile has run) fails the run;
//! one still unhandled when the program settles replaces its value.

use std::rc::Rc;

use rquickjs::runtime::RejectionTracker;
use rquickjs::{Ctx, Value};

use super::exception::run_error_from_thrown;
use super::ActiveRunSlot;
use crate::error::ErrorCode;

/// The tracker to install on a sandbox's runtime; it reports to the run in flight.
pub fn tracker(current: ActiveRunSlot) -> RejectionTracker {
  Box::new(
    move |ctx: Ctx<'_>, promise: Value<'_>, reason: Value<'_>, is_handled: bool| {
      let Some(state) = current.borrow().clone() else {
        return;
      };
      let key = identity(&promise);
      if is_handled {
        state.rejection_handled(key);
        return;
      }
      let mut err = run_error_from_thrown(&ctx, &reason, &state.source);
      err.code = ErrorCode::UnhandledRejection;
      err.hint = ErrorCode::UnhandledRejection.default_hint().to_string();
      if let Some(tool) = &err.tool {
        err.message = format!("{} (a call to tools.{tool} that nothing awaited)", err.message);
      }
      state.rejection_unhandled(key, err);
      let weak = Rc::downgrade(&state);
      ctx.spawn(async move {
        tokio::task::yield_now().await;
        tokio::task::yield_now().await;
        if let Some(state) = weak.upgrade() {
          state.fail_if_unhandled(key);
        }
      });
    },
  )
}

/// A promise's identity while it lives: the address of its object.
fn identity(promise: &Value<'_>) -> usize {
  // SAFETY: reads the pointer bits of a live value; it is never dereferenced.
  unsafe { rquickjs::qjs::JS_VALUE_GET_PTR(promise.as_raw()) as usize }
}
