//! The `CodeMode` class: tools + limits, and runs of model code against them.

use std::collections::HashMap;
use std::sync::Arc;

use napi::bindgen_prelude::{Array, Either, FromNapiValue, JsObjectValue, JsValue, Object, Unknown};
use napi::Env;
use napi_derive::napi;

use super::js_tools::{HostBridge, JsToolBackend};
use super::mcp::McpServers;
use super::options::{CodeModeOptions, DescriptionOptions, ToolDefinition};
use super::run_promise::{start_run, RunTarget};
use super::session::Session;
use super::to_napi_error;
use crate::error::HostError;
use crate::instance::{Instance, InstanceOptions};
use crate::limits::{LimitOverrides, Limits};
use crate::prompt;
use crate::tools::ToolSpec;

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

/// Checks the raw `tools` value before conversion, so each mistake gets a message naming the tool.
fn check_tools_shape(options: Object<'_>) -> Result<(), String> {
  let err = |e: napi::Error| e.reason.clone();
  let tools: Unknown = options.get_named_property("tools").map_err(err)?;
  let check_def = |label: String, def: Unknown| -> Result<(), String> {
    if def.get_type().map_err(err)? != napi::ValueType::Object {
      return Err(format!(
        "{label} must be a tool definition object; got {}.",
        def.get_type().map_err(err)?
      ));
    }
    // SAFETY: `def` was just checked to be an object, and lives in this call's scope.
    let def: Object = unsafe { def.cast() }.map_err(err)?;
    let execute: Unknown = def.get_named_property("execute").map_err(err)?;
    match execute.get_type().map_err(err)? {
      napi::ValueType::Function => Ok(()),
      t => Err(format!(
        "{label}.execute must be a function (input, ctx) => result; got {t}."
      )),
    }
  };
  match tools.get_type().map_err(err)? {
    napi::ValueType::Undefined | napi::ValueType::Null => Ok(()),
    napi::ValueType::Object if tools.is_array().map_err(err)? => {
      // SAFETY: `tools` was just checked to be an array, and lives in this call's scope.
      let list: Object = unsafe { tools.cast() }.map_err(err)?;
      let len: u32 = list.get_named_property("length").map_err(err)?;
      (0..len).try_for_each(|i| check_def(format!("tools[{i}]"), list.get_element(i).map_err(err)?))
    }
    napi::ValueType::Object => {
      // SAFETY: `tools` was just checked to be an object, and lives in this call's scope.
      let record: Object = unsafe { tools.cast() }.map_err(err)?;
      Object::keys(&record)
        .map_err(err)?
        .into_iter()
        .try_for_each(|k| check_def(format!("tools.{k}"), record.get_named_property(&k).map_err(err)?))
    }
    t => Err(format!(
      "tools must be a list of tool definitions or a record of them keyed by name; got {t}."
    )),
  }
}

/// Named tool definitions in the order given.
fn named_tools<'env>(
  env: &Env,
  tools: Either<Vec<ToolDefinition<'env>>, HashMap<String, ToolDefinition<'env>>>,
) -> napi::Result<Vec<(String, ToolDefinition<'env>)>> {
  match tools {
    Either::A(list) => list
      .into_iter()
      .enumerate()
      .map(|(i, def)| match def.name.clone() {
        Some(name) => Ok((name, def)),
        None => Err(invalid(
          env,
          format!("tools[{i}] has no `name`; every tool in a list needs a name."),
        )),
      })
      .collect(),
    Either::B(record) => Ok(
      record
        .into_iter()
        .map(|(key, def)| (def.name.clone().unwrap_or(key), def))
        .collect(),
    ),
  }
}

/// Reads the constructor's argument, so every mistake becomes `ERR_INVALID_OPTIONS`.
fn read_options<'env>(
  env: &Env,
  options: Option<Unknown<'env>>,
) -> napi::Result<Option<CodeModeOptions<'env>>> {
  let Some(o) = options else { return Ok(None) };
  match o.get_type()? {
    napi::ValueType::Undefined | napi::ValueType::Null => Ok(None),
    napi::ValueType::Object => {
      // SAFETY: `o` is a live value of this call's scope and was just checked to be an object.
      check_tools_shape(unsafe { o.cast::<Object>()? }).map_err(|m| invalid(env, m))?;
      // SAFETY: `o` belongs to `env`, the environment of this call.
      let parsed = unsafe { CodeModeOptions::from_napi_value(env.raw(), o.raw()) }
        .map_err(|e| invalid(env, format!("Invalid CodeMode options: {}", e.reason)))?;
      Ok(Some(parsed))
    }
    t => Err(invalid(
      env,
      format!("CodeMode options must be an object; got {t}."),
    )),
  }
}

/// The tool specs, and the JS array `[{ execute, name, namespace }]` the host bridge calls.
fn host_tools<'env>(
  env: &'env Env,
  named: Vec<(String, ToolDefinition<'env>)>,
) -> napi::Result<(Vec<ToolSpec>, Array<'env>)> {
  let mut bridge_tools = env.create_array(0)?;
  let mut specs = Vec::with_capacity(named.len());
  for (i, (name, def)) in named.into_iter().enumerate() {
    let kind = def.execute.get_type()?;
    if kind != napi::ValueType::Function {
      return Err(invalid(
        env,
        format!("Tool \"{name}\": `execute` must be a function; got {kind}."),
      ));
    }
    let mut entry = Object::new(env)?;
    entry.set_named_property("execute", def.execute)?;
    entry.set_named_property("name", name.as_str())?;
    entry.set_named_property("namespace", def.namespace.as_deref())?;
    bridge_tools.set(i as u32, entry)?;
    let annotations = def
      .annotations
      .map(|a| serde_json::to_value(a).unwrap_or_default());
    specs.push(ToolSpec {
      name,
      namespace: def.namespace,
      description: def.description,
      input_schema: def.input_schema,
      output_schema: def.output_schema,
      annotations,
    });
  }
  Ok((specs, bridge_tools))
}

#[napi]
impl CodeMode {
  /// Creates a Code Mode instance with its tools and default limits.
  ///
  /// Throws a `TypeError`-like error with `code: 'ERR_INVALID_OPTIONS'` for invalid tools or limits.
  #[napi(constructor, catch_unwind, ts_args_type = "options?: CodeModeOptions")]
  pub fn new(env: Env, options: Option<Unknown<'_>>) -> napi::Result<Self> {
    let (tools, limits, infer_output_types) = match read_options(&env, options)? {
      Some(o) => (o.tools, o.limits, o.infer_output_types),
      None => (None, None, None),
    };
    let overrides = limits.as_ref().map(LimitOverrides::from);
    let limits = match overrides {
      Some(o) => Limits::default().with_overrides(&o),
      None => Ok(Limits::default()),
    }
    .map_err(|e| to_napi_error(&env, e))?;
    let named = match tools {
      Some(t) => named_tools(&env, t)?,
      None => Vec::new(),
    };
    let (specs, bridge_tools) = host_tools(&env, named)?;
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
  /// (await s.run('bump()')).value // 2
  /// s.close()
  /// ```
  #[napi(catch_unwind)]
  pub fn session(&self, env: Env) -> napi::Result<Session> {
    let session = self.instance.session().map_err(|e| to_napi_error(&env, e))?;
    Ok(Session::new(self.bridge.clone(), session))
  }

  /// Stops every run in flight (they resolve with `ABORTED`), disconnects every MCP server
  /// (terminating each stdio server's whole process group) and closes the instance; later
  /// calls throw.
  #[napi(catch_unwind)]
  pub async fn close(&self) -> napi::Result<()> {
    self.instance.close().await;
    Ok(())
  }

  /// The TypeScript declarations (`.d.ts` text) of everything the guest can call: the `tools`
  /// object with one documented, typed method per tool, the `codemode` discovery API, and the
  /// `ToolError`/`ToolInputError` classes. It compiles with `tsc --strict`. A tool without an
  /// `outputSchema` returns the type observed in its results so far (see `inferOutputTypes`), so
  /// the text can change after a run.
  ///
  /// @example
  /// ```ts
  /// fs.writeFileSync('tools.d.ts', cm.declarations())
  /// ```
  #[napi(catch_unwind)]
  pub fn declarations(&self) -> String {
    prompt::declarations::declarations(&self.instance.tools())
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
  #[napi(catch_unwind)]
  pub fn description(&self, env: Env, options: Option<DescriptionOptions>) -> napi::Result<String> {
    let language = options.as_ref().and_then(|o| o.language.clone());
    let max = match options.and_then(|o| o.max_chars) {
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
      Some(other) => {
        return Err(invalid(
          &env,
          format!("options.language must be 'javascript', 'typescript' or 'bash'; got \"{other}\"."),
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
