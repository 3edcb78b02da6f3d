//! The Bash language: just-bash (a TypeScript re-implementation of bash over a virtual
//! in-memory filesystem, bundled from the pinned npm package by `scripts/bundle-just-bash.mjs`)
//! running inside the same hardened context as JavaScript, with every tool as a command.
//!
//! Nothing of it is loaded until a context runs its first Bash program: then the bundle and the
//! driver (`driver.js`) are evaluated from cached bytecode (compiled once per process) after the
//! bootstrap froze the intrinsics, so just-bash sees exactly what model code sees. Its own
//! defence layer is off: it patches intrinsics we froze, and this context is the sandbox.

use rquickjs::{Ctx, Function, Object, Persistent, Value};

use super::bytecode;
use super::{current_state, ActiveRunSlot};
use crate::prompt::bash::commands::tool_commands_json;

const JUST_BASH: &str = include_str!(concat!(
  env!("CARGO_MANIFEST_DIR"),
  "/vendor/just-bash/just-bash.js"
));
static JUST_BASH_BYTECODE: bytecode::Cache = bytecode::Cache::new();
const DRIVER: &str = include_str!("driver.js");
static DRIVER_BYTECODE: bytecode::Cache = bytecode::Cache::new();

/// The driver's `prepare(script, optionsJson)`, which makes a program function for `runMain`.
pub type BashPrepare = Persistent<Function<'static>>;

/// Loads just-bash and the driver into `ctx` (once per context) and returns `prepare`.
pub fn load<'js>(ctx: &Ctx<'js>, current: &ActiveRunSlot) -> rquickjs::Result<BashPrepare> {
  let lib: Value = bytecode::eval_cached(ctx, &JUST_BASH_BYTECODE, JUST_BASH, "codemode:just-bash")?;
  let host = Object::new(ctx.clone())?;
  let cur = current.clone();
  host.set(
    "commands",
    Function::new(ctx.clone(), move |ctx: Ctx<'js>| -> rquickjs::Result<String> {
      let state = current_state(&ctx, &cur)?;
      Ok(tool_commands_json(&state.registry))
    })?,
  )?;
  let factory: Function = bytecode::eval_cached(ctx, &DRIVER_BYTECODE, DRIVER, "codemode:bash")?.get()?;
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

/// True once the bundle's bytecode is cached (false until the first Bash run, or if QuickJS
/// refused to compile it, which would make every Bash run parse the source again).
pub fn bytecode_cached() -> bool {
  matches!(JUST_BASH_BYTECODE.get(), Some(Some(_)))
}
