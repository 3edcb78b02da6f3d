//! The Bash language: just-bash (a TypeScript re-implementation of bash over a virtual
//! in-memory filesystem, bundled from the pinned npm package by `scripts/bundle-just-bash.mjs`)
//! running inside the same hardened context as JavaScript, with every tool as a command.
//!
//! Nothing of it is loaded until a context runs its first Bash program: then the bundle and the
//! driver (`driver.js`) are evaluated from bytecode compiled at build time (`guest::prebuilt`)
//! after the bootstrap froze the intrinsics, so just-bash sees exactly what model code sees. Its own
//! defence layer is off: it patches intrinsics we froze, and this context is the sandbox.

use rquickjs::{Ctx, Function, Object, Persistent, Value};

use super::prebuilt::Script;
use super::{current_state, ActiveRunSlot};
use crate::prompt::bash::commands::tool_commands_json;

/// The just-bash bundle: ~1.3 MB of source, ~1.7 MB of bytecode (debug info kept).
pub(super) static JUST_BASH: Script = Script::new(
  "codemode:just-bash",
  include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/vendor/just-bash/just-bash.js"
  )),
  include_bytes!(concat!(env!("OUT_DIR"), "/just-bash.qjsbc")),
);
pub(super) static DRIVER: Script = Script::new(
  "codemode:bash",
  include_str!("driver.js"),
  include_bytes!(concat!(env!("OUT_DIR"), "/bash-driver.qjsbc")),
);

/// The driver's `prepare(script, optionsJson)`, which makes a program function for `runMain`.
pub type BashPrepare = Persistent<Function<'static>>;

/// Loads just-bash and the driver into `ctx` (once per context) and returns `prepare`.
pub fn load<'js>(ctx: &Ctx<'js>, current: &ActiveRunSlot) -> rquickjs::Result<BashPrepare> {
  let lib: Value = JUST_BASH.eval(ctx)?;
  let host = Object::new(ctx.clone())?;
  let cur = current.clone();
  host.set(
    "commands",
    Function::new(ctx.clone(), move |ctx: Ctx<'js>| -> rquickjs::Result<String> {
      let state = current_state(&ctx, &cur)?;
      Ok(tool_commands_json(&state.registry))
    })?,
  )?;
  let factory: Function = DRIVER.eval(ctx)?.get()?;
  let prepare: Function = factory.call((lib, host))?;
  Ok(Persistent::save(ctx, prepare))
}

/// The program function of one Bash run: runs `script` with the run's options (`BashRun`).
pub fn program<'js>(
  ctx: &Ctx<'js>,
  prepare: &BashPrepare,
  script: &str,
  options_json: &str,
) -> rquickjs::Result<Function<'js>> {
  let prepare = prepare.clone().restore(ctx)?;
  prepare.call((script, options_json))
}

/// True once this process compiled the bundle from source because its build-time bytecode could
/// not be used (never, for a consistent build).
pub fn bundle_compiled_at_run_time() -> bool {
  JUST_BASH.compiled_at_run_time()
}
