//! The `CodeMode` class: tools + limits, and runs of model code against them.

use std::collections::HashMap;
use std::sync::Arc;

use napi::bindgen_prelude::{Either, FromNapiValue, JsObjectValue, JsValue, Object, Unknown};
use napi::Env;
use napi_derive::napi;

use super::js_tools::JsToolBackend;
use super::launch::{launch, resolve_limits, Shared};
use super::options::{CodeModeOptions, DescriptionOptions, ToolDefinition};
use super::session::Session;
use super::to_napi_error;
use crate::error::HostError;
use crate::limits::Limits;
use crate::tools::{ToolBackend, ToolEntry, ToolRegistry, ToolSpec};
use crate::{codegen, engine};

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
  shared: Arc<Shared>,
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
      let list: Object = unsafe { tools.cast() }.map_err(err)?;
      let len: u32 = list.get_named_property("length").map_err(err)?;
      (0..len).try_for_each(|i| check_def(format!("tools[{i}]"), list.get_element(i).map_err(err)?))
    }
    napi::ValueType::Object => {
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

#[napi]
impl CodeMode {
  /// Creates a Code Mode instance with its tools and default limits.
  ///
  /// Throws a `TypeError`-like error with `code: 'ERR_INVALID_OPTIONS'` for invalid tools or limits.
  #[napi(constructor, ts_args_type = "options?: CodeModeOptions")]
  pub fn new(env: Env, options: Option<Unknown<'_>>) -> napi::Result<Self> {
    let options = match options {
      None => None,
      Some(o) => match o.get_type()? {
        napi::ValueType::Undefined | napi::ValueType::Null => None,
        napi::ValueType::Object => Some({
          check_tools_shape(unsafe { o.cast::<Object>()? }).map_err(|m| invalid(&env, m))?;
          unsafe { CodeModeOptions::from_napi_value(env.raw(), o.raw()) }
            .map_err(|e| invalid(&env, format!("Invalid CodeMode options: {}", e.reason)))?
        }),
        t => {
          return Err(invalid(
            &env,
            format!("CodeMode options must be an object; got {t}."),
          ))
        }
      },
    };
    let (tools, limits) = match options {
      Some(o) => (o.tools, o.limits),
      None => (None, None),
    };
    let limits = resolve_limits(&Limits::default(), limits.as_ref()).map_err(|e| to_napi_error(&env, e))?;
    let named = match tools {
      Some(t) => named_tools(&env, t)?,
      None => Vec::new(),
    };
    let mut bridge_tools = env.create_array(0)?;
    let mut specs = Vec::with_capacity(named.len());
    for (i, (name, def)) in named.into_iter().enumerate() {
      let kind = def.execute.get_type()?;
      if kind != napi::ValueType::Function {
        return Err(invalid(
          &env,
          format!("Tool \"{name}\": `execute` must be a function; got {kind}."),
        ));
      }
      let mut entry = Object::new(&env)?;
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
    let (js_backend, bridge) = JsToolBackend::new(&env, bridge_tools)?;
    let backend: Arc<dyn ToolBackend> = Arc::new(js_backend);
    let entries = specs
      .into_iter()
      .enumerate()
      .map(|(i, spec)| ToolEntry {
        spec,
        backend: backend.clone(),
        backend_index: i,
      })
      .collect();
    let registry = ToolRegistry::new(entries).map_err(|m| invalid(&env, m))?;
    Ok(CodeMode {
      shared: Arc::new(Shared::new(registry, limits, bridge)),
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
    ts_args_type = "code: string, options?: RunOptions",
    ts_return_type = "Promise<RunResult>"
  )]
  pub fn run<'env>(
    &self,
    env: &'env Env,
    code: Unknown<'_>,
    options: Option<Unknown<'_>>,
  ) -> napi::Result<Object<'env>> {
    let registry = self.shared.registry.clone();
    launch(env, &self.shared, code, options, move |job, done| {
      engine::spawn_run(registry, job, done)
    })
  }

  /// Opens a persistent session: globals set by one run (`globalThis.x = ...`) are visible to the next.
  ///
  /// @example
  /// ```ts
  /// const s = cm.session()
  /// await s.run('globalThis.count = 1')
  /// (await s.run('return ++count')).value // 2
  /// s.close()
  /// ```
  #[napi]
  pub fn session(&self, env: &Env) -> napi::Result<Session> {
    Session::open(env, self.shared.clone())
  }

  /// Stops every run in flight (they resolve with `ABORTED`) and closes the instance; later calls throw.
  #[napi]
  pub async fn close(&self) -> napi::Result<()> {
    self.shared.close();
    Ok(())
  }

  /// The TypeScript declarations (`.d.ts` text) of everything the guest can call: the `tools`
  /// object with one documented, typed method per tool, the `codemode` discovery API, and the
  /// `ToolError`/`ToolInputError` classes. It compiles with `tsc --strict`.
  ///
  /// @example
  /// ```ts
  /// fs.writeFileSync('tools.d.ts', cm.declarations())
  /// ```
  #[napi]
  pub fn declarations(&self) -> String {
    codegen::declarations::declarations(&self.shared.registry)
  }

  /// The description of the code tool for a model: short instructions (how to call tools, use
  /// `Promise.all`, return the result, what is visible, the limits) followed by the
  /// declarations — or, when they exceed `maxChars`, a compact index of the tools plus how to
  /// find them with `codemode.searchTools`.
  ///
  /// @example
  /// ```ts
  /// const tool = { name: 'execute_code', description: cm.description({ maxChars: 8000 }) }
  /// ```
  #[napi]
  pub fn description(&self, options: Option<DescriptionOptions>) -> String {
    let max = options
      .and_then(|o| o.max_chars)
      .map(|m| m as usize)
      .unwrap_or(codegen::description::DEFAULT_MAX_CHARS);
    codegen::description::description(&self.shared.registry, &self.shared.limits, max)
  }

  /// Number of tools the guest can call.
  #[napi(getter)]
  pub fn tool_count(&self) -> u32 {
    self.shared.registry.len() as u32
  }
}
