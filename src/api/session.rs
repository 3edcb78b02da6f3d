//! The `Session` class: a sandbox whose globals persist across runs.

use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};

use napi::bindgen_prelude::{Object, Unknown};
use napi::Env;
use napi_derive::napi;

use super::launch::{launch, rejected, Shared};
use super::to_napi_error;
use crate::engine::session::SessionHandle;
use crate::error::HostError;

/// A persistent sandbox from `codeMode.session()`. Runs execute one after another on its own
/// thread; each run has the same limits as a normal run. After a timeout, memory or stack breach
/// or an abort, the next run starts from fresh globals and says so in `warnings`.
#[napi]
pub struct Session {
  shared: Arc<Shared>,
  handle: Mutex<Option<SessionHandle>>,
}

impl Session {
  pub fn open(env: &Env, shared: Arc<Shared>) -> napi::Result<Session> {
    if shared.closed.load(Ordering::SeqCst) {
      return Err(to_napi_error(env, HostError::Closed));
    }
    let handle = SessionHandle::start(shared.registry.clone()).map_err(|e| {
      to_napi_error(
        env,
        HostError::Internal(format!("cannot start a session thread: {e}")),
      )
    })?;
    Ok(Session {
      shared,
      handle: Mutex::new(Some(handle)),
    })
  }
}

#[napi]
impl Session {
  /// Runs `code` in this session's context. Same contract as `CodeMode.run`.
  #[napi(
    ts_args_type = "code: string, options?: RunOptions",
    ts_return_type = "Promise<RunResult>"
  )]
  pub fn run<'env>(
    &self,
    env: &'env Env,
    code: Unknown<'_>,
    options: Option<Unknown<'_>>,
  ) -> napi::Result<Object<'env>> {
    let guard = match self.handle.lock() {
      Ok(g) => g,
      Err(_) => return rejected(env, HostError::SessionClosed),
    };
    let Some(handle) = guard.as_ref() else {
      return rejected(env, HostError::SessionClosed);
    };
    launch(env, &self.shared, code, options, |job, done| {
      handle.run(job, done)
    })
  }

  /// Ends the session: its thread exits after queued runs finish, and later `run` calls throw.
  #[napi]
  pub fn close(&self) {
    if let Ok(mut h) = self.handle.lock() {
      h.take();
    }
  }
}
