//! The `Session` class: a sandbox whose globals persist across runs.

use std::sync::Arc;

use napi::bindgen_prelude::{Object, Unknown};
use napi::Env;
use napi_derive::napi;

use super::js_tools::HostBridge;
use super::run_promise::{start_run, RunTarget};
use crate::instance;

/// A persistent sandbox from `codeMode.session()`, used as a REPL: top-level declarations of
/// one run are visible to the next. Runs execute one after another on its own thread; each run
/// has the same limits as a normal run and sees the instance's tools as they are when it
/// starts. After a timeout, memory or stack breach or an abort, the next run starts from fresh
/// globals (without the earlier declarations) and says so in `warnings`.
#[napi]
pub struct Session {
  bridge: Arc<HostBridge>,
  session: instance::Session,
}

impl Session {
  pub fn new(bridge: Arc<HostBridge>, session: instance::Session) -> Session {
    Session { bridge, session }
  }
}

#[napi]
impl Session {
  /// Runs `code` in this session's context. Same contract as `CodeMode.run`.
  #[napi(
    catch_unwind,
    ts_args_type = "code: string, options?: RunOptions",
    ts_return_type = "Promise<RunResult>"
  )]
  pub fn run<'env>(
    &self,
    env: &'env Env,
    code: Unknown<'_>,
    options: Option<Unknown<'_>>,
  ) -> napi::Result<Object<'env>> {
    let target = RunTarget::Session(&self.session);
    start_run(env, &self.bridge, target, code, options)
  }

  /// Ends the session: its thread exits after queued runs finish, and later `run` calls reject
  /// with `ERR_SESSION_CLOSED`.
  #[napi(catch_unwind)]
  pub fn close(&self) {
    self.session.close();
  }
}
