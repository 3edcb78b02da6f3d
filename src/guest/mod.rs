//! The guest side of a context: the globals model code sees (`tools`, `console`, timers, error
//! classes) and the host functions behind them. `bootstrap.js` defines the globals; this module
//! gives it the Rust functions it needs and keeps the handles Rust uses to start and end runs.

pub mod bash;
mod bytecode;
mod discovery_api;
pub mod exception;
mod field_hints;
pub mod hints;
mod json;
mod lock_globals;
pub mod python;
pub mod modules;
mod prebuilt;
mod rejections;
mod shadowing;
pub mod run_state;
pub mod tool_call;
mod web;

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use rquickjs::function::Opt;
use rquickjs::{Array, Ctx, Exception, Function, Object, Persistent, Promise, Value};

use crate::error::{ErrorCode, RunError};
use crate::run::report::LogLevel;
use crate::tools::ToolRegistry;
pub use rejections::tracker as rejection_tracker;
use run_state::RunState;

static BOOTSTRAP: prebuilt::Script = prebuilt::Script::new(
  "codemode:bootstrap",
  include_str!("bootstrap.js"),
  include_bytes!(concat!(env!("OUT_DIR"), "/bootstrap.qjsbc")),
);

/// The slot holding the run in flight on a context (empty between runs); host functions read it
/// at call time.
pub type ActiveRunSlot = Rc<RefCell<Option<Rc<RunState>>>>;

/// Functions returned by the bootstrap: `runMain(fn, session)` starts a program (a session's
/// with its REPL scope), `endRun()` clears its timers, `setTools(manifest, generation)` replaces
/// the `tools` object after a tool change.
pub struct GuestHandles {
  pub run_main: Persistent<Function<'static>>,
  pub end_run: Persistent<Function<'static>>,
  pub set_tools: Persistent<Function<'static>>,
}

fn current_state<'js>(ctx: &Ctx<'js>, current: &ActiveRunSlot) -> rquickjs::Result<Rc<RunState>> {
  current
    .borrow()
    .clone()
    .ok_or_else(|| rquickjs::Exception::throw_internal(ctx, "No run is active in this sandbox."))
}

/// Installs the guest globals on a fresh context, with `registry`'s tools.
pub fn install<'js>(
  ctx: &Ctx<'js>,
  current: &ActiveRunSlot,
  registry: &ToolRegistry,
) -> rquickjs::Result<GuestHandles> {
  let host = host_functions(ctx, current)?;
  let manifest = tool_manifest(ctx, registry)?;
  // Web platform globals first, so the bootstrap freezes them with the other intrinsics.
  web::install(ctx)?;
  let factory: Function = BOOTSTRAP.eval(ctx)?.get()?;
  let handles: Object = factory.call((host, manifest, registry.generation() as f64))?;
  lock_globals::lock_globals(ctx)?;
  let handle = |name: &str| -> rquickjs::Result<Persistent<Function<'static>>> {
    Ok(Persistent::save(ctx, handles.get::<_, Function>(name)?))
  };
  Ok(GuestHandles {
    run_main: handle("runMain")?,
    end_run: handle("endRun")?,
    set_tools: handle("setTools")?,
  })
}

/// Replaces the guest's `tools` object with `registry`'s tools (a session after a tool change).
pub fn set_tools<'js>(
  ctx: &Ctx<'js>,
  set_tools: Persistent<Function<'static>>,
  registry: &ToolRegistry,
) -> rquickjs::Result<()> {
  let manifest = tool_manifest(ctx, registry)?;
  let set_tools = set_tools.restore(ctx)?;
  set_tools.call::<_, ()>((manifest, registry.generation() as f64))
}

/// The Rust functions the bootstrap closes over (never globals): each reads the run in flight.
fn host_functions<'js>(ctx: &Ctx<'js>, current: &ActiveRunSlot) -> rquickjs::Result<Object<'js>> {
  let host = Object::new(ctx.clone())?;

  let cur = current.clone();
  host.set(
    "callTool",
    Function::new(
      ctx.clone(),
      move |ctx: Ctx<'js>,
            generation: f64,
            index: u32,
            input: Opt<Value<'js>>,
            to_data: Opt<Function<'js>>| {
        let state = current_state(&ctx, &cur)?;
        tool_call::call_tool(ctx, state, generation as u64, index as usize, input.0, to_data.0)
      },
    )?,
  )?;

  let cur = current.clone();
  host.set(
    "log",
    Function::new(
      ctx.clone(),
      move |ctx: Ctx<'js>, level: String, message: String| {
        let state = current_state(&ctx, &cur)?;
        let message = exception::map_positions_in_text(&message, &state.source);
        state.push_log(LogLevel::parse(&level), message);
        rquickjs::Result::Ok(())
      },
    )?,
  )?;

  host.set(
    "sleep",
    Function::new(
      ctx.clone(),
      move |ctx: Ctx<'js>, ms: f64| -> rquickjs::Result<Promise<'js>> {
        let (promise, resolve, _reject) = ctx.promise()?;
        let delay = Duration::from_secs_f64((ms.max(0.0)) / 1000.0);
        ctx.spawn(async move {
          tokio::time::sleep(delay).await;
          let _ = resolve.call::<_, ()>(());
        });
        Ok(promise)
      },
    )?,
  )?;

  let cur = current.clone();
  host.set(
    "discover",
    Function::new(
      ctx.clone(),
      move |ctx: Ctx<'js>, op: String, args: String| -> rquickjs::Result<String> {
        let state = current_state(&ctx, &cur)?;
        discovery_api::answer(&state.registry, &op, &args).map_err(|misuse| match misuse {
          discovery_api::Misuse::Type(message) => Exception::throw_type(&ctx, &message),
          discovery_api::Misuse::Range(message) => Exception::throw_range(&ctx, &message),
        })
      },
    )?,
  )?;

  let cur = current.clone();
  host.set(
    "settle",
    Function::new(
      ctx.clone(),
      move |ctx: Ctx<'js>, ok: bool, value: Value<'js>, to_data: Opt<Function<'js>>| {
        let state = current_state(&ctx, &cur)?;
        let outcome = if ok {
          serialize_result(&ctx, value, to_data.0.as_ref(), &state)
        } else {
          let mut err = exception::run_error_from_thrown(&ctx, &value, &state.source);
          hints::explain(&mut err, &state.source, &state.registry);
          field_hints::explain_missing_field(&mut err, &state.source, &state.recent_outputs());
          Err(err)
        };
        state.set_outcome(outcome);
        rquickjs::Result::Ok(())
      },
    )?,
  )?;
  host.set(
    "allowShadowing",
    Function::new(ctx.clone(), |ctx: Ctx<'js>, proto: Object<'js>| {
      shadowing::allow_instance_shadowing(&ctx, &proto)
    })?,
  )?;
  Ok(host)
}

/// `[namespace | null, name, namespace alias | null, alias]` per tool, in registry order.
fn tool_manifest<'js>(ctx: &Ctx<'js>, registry: &ToolRegistry) -> rquickjs::Result<Array<'js>> {
  let manifest = Array::new(ctx.clone())?;
  let null = || Value::new_null(ctx.clone());
  for (i, entry) in registry.entries().iter().enumerate() {
    let row = Array::new(ctx.clone())?;
    let names = registry.names(i);
    match &entry.spec.namespace {
      Some(ns) => row.set(0, ns.as_str())?,
      None => row.set(0, null())?,
    }
    row.set(1, entry.spec.name.as_str())?;
    match names.and_then(|n| n.namespace_alias.as_deref()) {
      Some(a) => row.set(2, a)?,
      None => row.set(2, null())?,
    }
    let alias = names
      .map(|n| n.alias.as_str())
      .unwrap_or(entry.spec.name.as_str());
    row.set(3, alias)?;
    manifest.set(i, row)?;
  }
  Ok(manifest)
}

/// The program's value as JSON text (see [`json::to_json`]), within `maxResultBytes`; each kind
/// of value converted to a JSON form is named once in the run's warnings.
fn serialize_result<'js>(
  ctx: &Ctx<'js>,
  value: Value<'js>,
  to_data: Option<&Function<'js>>,
  state: &RunState,
) -> Result<Option<String>, RunError> {
  let max_bytes = state.limits.max_result_bytes;
  match json::to_json(ctx, value, to_data) {
    Ok((Some(text), _)) if text.len() > max_bytes => Err(RunError::new(
      ErrorCode::ResultTooLarge,
      "RangeError",
      format!(
        "The result is {} bytes of JSON, over the limit of {max_bytes} bytes.",
        text.len()
      ),
    )),
    Ok((text, conversions)) => {
      for c in &conversions {
        state.push_warning(json::result_warning(c));
      }
      Ok(text)
    }
    Err(json::NotJson::NoRepresentation(kind)) => Err(RunError::new(
      ErrorCode::UnserializableResult,
      "TypeError",
      format!("The program returned a {kind}, which cannot be represented as JSON."),
    )),
    Err(json::NotJson::Promise(key)) => Err(
      RunError::new(
        ErrorCode::UnserializableResult,
        "TypeError",
        format!("The program's result {}", json::promise_message(&key)),
      )
      .with_hint("Await every tool call before using its value: `const x = await tools.name(input)`."),
    ),
    Err(json::NotJson::Failed(why)) => Err(RunError::new(
      ErrorCode::UnserializableResult,
      "TypeError",
      format!("The program's result cannot be converted to JSON: {why}"),
    )),
  }
}
