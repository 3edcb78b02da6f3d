//! The `CodeMode` class: tools + limits, and runs of model code against them.

use std::sync::Arc;

use napi::bindgen_prelude::{FromNapiValue, JsObjectValue, JsValue, Object, PromiseRaw, Unknown};
use napi::Env;
use napi_derive::napi;

use super::js_tools::{HostBridge, JsToolBackend};
use super::mcp::McpServers;
use super::options::{
  CodeModeOptions, DeclarationsOptions, DescriptionOptions, SessionOptions, CODE_MODE_OPTIONS,
  DECLARATIONS_OPTIONS, DESCRIPTION_OPTIONS, SESSION_OPTIONS,
};
use super::run_promise::{start_run, RunTarget};
use super::session::Session;
use super::strict_options::{check_object, read_options as read_strict};
use super::to_napi_error;
use super::tool_definitions::{check_tools, host_tools, named_tools};
use crate::error::HostError;
use crate::instance::{Instance, InstanceOptions};
use crate::limits::{LimitOverrides, Limits};
use crate::prompt;

/// The name of the tool source made of the tools given to `new CodeMode`.
const HOST_TOOLS: &str = "host";

/// Runs model-written code in an isolated QuickJS sandbox, off Node's main thread, with your tools.
///
/// @example
/// ```ts
/// import { CodeMode } from 'quickjs-codemode'
/// const cm = new CodeMode({
///   tools: [{ name: 'add', execute: ({ a, b }) => a + b }],
///   limits: { timeoutMs: 5_000 },
/// })
/// const result = await cm.run('const [x, y] = await Promise.all([tools.add({ a: 1, b: 2 }), tools.add({ a: 3, b: 4 })]); return x * y')
/// result.value // 21
/// await cm.close()
/// ```
#[napi]
pub struct CodeMode {
  pub(super) instance: Arc<Instance>,
  bridge: Arc<HostBridge>,
  /// Connected MCP servers (`api/mcp.rs`).
  pub(super) mcp: Arc<McpServers>,
}

fn invalid(env: &Env, message: String) -> napi::Error {
  to_napi_error(env, HostError::InvalidOptions(message))
}

/// Reads the constructor's argument strictly, so every mistake becomes `ERR_INVALID_OPTIONS`;
/// also returns a record of tools' keys in their order.
fn read_options<'env>(
  env: &Env,
  options: Option<Unknown<'env>>,
) -> napi::Result<Option<(CodeModeOptions<'env>, Vec<String>)>> {
  let Some(o) = options else { return Ok(None) };
  match o.get_type()? {
    napi::ValueType::Undefined | napi::ValueType::Null => Ok(None),
    napi::ValueType::Object => {
      let checked = check_object(&o, "options", &CODE_MODE_OPTIONS).and_then(|()| {
        // SAFETY: `o` is a live value of this call's scope and was just checked to be an object.
        let object: Object = unsafe { o.cast() }.map_err(|e| e.reason.clone())?;
        check_tools(&object.get_named_property("tools").map_err(|e| e.reason.clone())?)
      });
      let keys = checked.map_err(|m| invalid(env, m))?;
      // SAFETY: `o` belongs to `env`, the environment of this call.
      let parsed = unsafe { CodeModeOptions::from_napi_value(env.raw(), o.raw()) }
        .map_err(|e| invalid(env, format!("Invalid CodeMode options: {}", e.reason)))?;
      Ok(Some((parsed, keys)))
    }
    t => Err(invalid(
      env,
      format!("CodeMode options must be an object; got {t}."),
    )),
  }
}

/// Reads `description`'s argument strictly.
fn read_description_options(env: &Env, options: Option<Unknown<'_>>) -> napi::Result<DescriptionOptions> {
  read_strict(options, &DESCRIPTION_OPTIONS)
    .map(Option::unwrap_or_default)
    .map_err(|m| invalid(env, m))
}

#[napi]
impl CodeMode {
  /// Creates a Code Mode instance with its tools and default limits.
  ///
  /// Throws a `TypeError`-like error with `code: 'ERR_INVALID_OPTIONS'` for invalid tools or limits.
  #[napi(constructor, catch_unwind, ts_args_type = "options?: CodeModeOptions")]
  pub fn new(env: Env, options: Option<Unknown<'_>>) -> napi::Result<Self> {
    let (tools, limits, infer_output_types, keys) = match read_options(&env, options)? {
      Some((o, keys)) => (o.tools, o.limits, o.infer_output_types, keys),
      None => (None, None, None, Vec::new()),
    };
    let overrides = limits.as_ref().map(LimitOverrides::from);
    let limits = match overrides {
      Some(o) => Limits::default().with_overrides(&o),
      None => Ok(Limits::default()),
    }
    .map_err(|e| to_napi_error(&env, e))?;
    let named = tools.map(|t| named_tools(t, &keys)).unwrap_or_default();
    let (specs, bridge_tools) = host_tools(&env, named).map_err(|m| invalid(&env, m))?;
    let (backend, bridge) = JsToolBackend::new(&env, bridge_tools, specs.clone())?;
    let instance = Instance::with_options(
      limits,
      InstanceOptions {
        infer_output_types: infer_output_types.unwrap_or(true),
      },
    );
    instance
      .attach_listed(HOST_TOOLS, Arc::new(backend), specs)
      .map_err(|e| to_napi_error(&env, e))?;
    Ok(CodeMode {
      instance,
      bridge: Arc::new(bridge),
      mcp: Arc::default(),
    })
  }

  /// Runs `code` in a fresh sandbox. Resolves with a `RunResult` for anything the guest did
  /// (including errors and limits); rejects only for host misuse, a closed instance, or an
  /// aborted `signal` (with an `AbortError`).
  ///
  /// @example
  /// ```ts
  /// const r = await cm.run('const w = await tools.weather.getWeather({ city: "Oslo" }); return w.tempC')
  /// ```
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
    let target = RunTarget::Fresh(&self.instance);
    start_run(env, &self.bridge, target, code, options)
  }

  /// Opens a session, a REPL: top-level `const`/`let`/`var`/`function`/`class` declared in one
  /// run (and globals set on `globalThis`) are visible to the next and may be declared again.
  ///
  /// @example
  /// ```ts
  /// const s = cm.session()
  /// await s.run('let count = 1; function bump() { return ++count }')
  /// const next = await s.run('bump()')
  /// next.value // 2
  /// s.close()
  /// ```
  #[napi(catch_unwind, ts_args_type = "options?: SessionOptions")]
  pub fn session(&self, env: Env, options: Option<Unknown<'_>>) -> napi::Result<Session> {
    // Checked strictly here; `typecheck` is applied by the JS wrapper (js/typecheck.cjs).
    read_strict::<SessionOptions>(options, &SESSION_OPTIONS).map_err(|m| invalid(&env, m))?;
    let session = self.instance.session().map_err(|e| to_napi_error(&env, e))?;
    Ok(Session::new(self.bridge.clone(), session))
  }

  /// Stops every run in flight (they resolve with `ABORTED`), disconnects every MCP server
  /// (terminating each stdio server's whole process group) and closes the instance; later
  /// calls throw.
  #[napi(catch_unwind, ts_return_type = "Promise<void>")]
  pub fn close<'env>(&self, env: &'env Env) -> napi::Result<PromiseRaw<'env, ()>> {
    // With no MCP server to disconnect nothing waits: settle here instead of a round trip
    // through the async runtime (two thread wake-ups for a server that closes per request).
    match self.instance.close_now() {
      None => PromiseRaw::resolve(env, ()),
      Some(rest) => env.spawn_future(async move {
        rest.await;
        Ok(())
      }),
    }
  }

  /// The TypeScript declarations (`.d.ts` text) of everything the guest can call: the `tools`
  /// object with one documented, typed method per tool, the `codemode` discovery API, and the
  /// `ToolError`/`ToolInputError` classes. It compiles with `tsc --strict`. A tool without an
  /// `outputSchema` returns the type observed in its results so far (see `inferOutputTypes`), so
  /// the text can change after a run.
  ///
  /// With `{ language: 'python' }`: the tools as Python stubs, the names a Python run uses.
  ///
  /// @example
  /// ```ts
  /// fs.writeFileSync('tools.d.ts', cm.declarations())
  /// fs.writeFileSync('tools.pyi', cm.declarations({ language: 'python' }))
  /// ```
  #[napi(catch_unwind, ts_args_type = "options?: DeclarationsOptions")]
  pub fn declarations(&self, env: Env, options: Option<Unknown<'_>>) -> napi::Result<String> {
    let options: DeclarationsOptions = read_strict(options, &DECLARATIONS_OPTIONS)
      .map(Option::unwrap_or_default)
      .map_err(|m| invalid(&env, m))?;
    let tools = self.instance.tools();
    match options.language.as_deref() {
      None | Some("javascript" | "typescript") => Ok(prompt::declarations::declarations(&tools)),
      Some("python") => {
        let specs: Vec<_> = tools.entries().iter().map(|e| e.spec.clone()).collect();
        Ok(prompt::python::stubs::stubs(&specs))
      }
      Some(other) => Err(invalid(
        &env,
        format!("options.language must be 'javascript', 'typescript' or 'python'; got \"{other}\"."),
      )),
    }
  }

  /// The declarations as the type checker reads them (`typecheck: 'warn' | 'strict'`): like
  /// `declarations()`, but a tool without an `outputSchema` returns `Promise<any>`, because the
  /// type observed in its results is a guess, and a guess must not fail a correct program. The
  /// text changes only when the tools do.
  ///
  /// @example
  /// ```ts
  /// cm.declarationsForTypeCheck().includes('getWeather(input: { city: string }): Promise<any>') // no outputSchema
  /// ```
  #[napi(catch_unwind)]
  pub fn declarations_for_type_check(&self) -> String {
    prompt::declarations::checker_declarations(&self.instance.tools())
      .0
      .clone()
  }

  /// The description of the code tool for a model, never longer than `maxChars`: a few lines of
  /// instructions (how to call tools, what comes back, the error classes, the limits), then the
  /// tools at the most detail that fits — every tool's compact declaration with its input and
  /// output types; past the budget, how to search with `codemode.searchTools` plus a one-line
  /// index of the tools, or their namespaces with tool counts and common verbs, or just the
  /// namespaces; at the least, a bare instruction to search. Three small tools take under 1,000
  /// characters. Connected MCP servers' `instructions` follow the opening lines (400 characters
  /// each, at most a quarter of the budget). For the complete `.d.ts`, see `declarations()`.
  ///
  /// @example
  /// ```ts
  /// const tool = { name: 'execute_code', description: cm.description({ maxChars: 8000 }) }
  /// ```
  #[napi(catch_unwind, ts_args_type = "options?: DescriptionOptions")]
  pub fn description(&self, env: Env, options: Option<Unknown<'_>>) -> napi::Result<String> {
    let options = read_description_options(&env, options)?;
    let language = options.language.clone();
    let max = match options.max_chars {
      None => prompt::description::DEFAULT_MAX_CHARS,
      Some(m) if m.is_nan() || m < 0.0 => {
        return Err(invalid(
          &env,
          format!("options.maxChars must be a number of characters (0 or more); got {m}."),
        ))
      }
      // Saturating: `Infinity` and `2 ** 40` are "no practical limit".
      Some(m) => m.floor() as usize,
    };
    match language.as_deref() {
      None | Some("javascript" | "typescript") => {}
      Some("bash") => {
        let (tools, limits) = (self.instance.tools(), self.instance.limits());
        return Ok(prompt::bash::description::description(&tools, limits, max));
      }
      Some("python") => {
        let (tools, limits) = (self.instance.tools(), self.instance.limits());
        return Ok(prompt::python::description::description(&tools, limits, max));
      }
      Some(other) => {
        return Err(invalid(
          &env,
          format!(
            "options.language must be 'javascript', 'typescript', 'bash' or 'python'; got \"{other}\"."
          ),
        ))
      }
    }
    Ok(prompt::description::description_with_notes(
      &self.instance.tools(),
      self.instance.limits(),
      max,
      &self.mcp.instructions(),
    ))
  }

  /// Number of tools the guest can call.
  #[napi(getter, catch_unwind)]
  pub fn tool_count(&self) -> u32 {
    self.instance.tools().len() as u32
  }
}
