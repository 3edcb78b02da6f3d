//! Option objects accepted from JS, with their typings and defaults.

use std::collections::HashMap;

use napi::bindgen_prelude::{Either, Function, Object, Unknown};
use napi_derive::napi;

use crate::limits::LimitOverrides;

/// Makes the `CodeModeLimits` options object from the table of limits (`crate::for_each_limit`).
#[macro_export]
macro_rules! define_js_limits {
  ($($field:ident: $ty:ty = $default:expr, $min:tt..=$max:tt, $js:literal, [$($doc:literal,)*];)*) => {
    /// Resource limits (DESIGN §6). Every field is optional; set on `new CodeMode({ limits })` and
    /// override per run with `run(code, { limits })`.
    ///
    /// @example
    /// ```ts
    /// new CodeMode({ tools, limits: { timeoutMs: 5_000, maxToolCalls: 50 } })
    /// ```
    #[napi(object)]
    #[derive(Debug, Clone, Default)]
    pub struct CodeModeLimits {
      $($(#[doc = $doc])* pub $field: Option<f64>,)*
    }

    impl From<&CodeModeLimits> for LimitOverrides {
      fn from(l: &CodeModeLimits) -> Self {
        LimitOverrides { $($field: l.$field,)* }
      }
    }
  };
}

crate::for_each_limit!(define_js_limits);

/// MCP-style hints about a tool's behaviour, shown to the model.
#[napi(object)]
#[derive(Debug, Clone, Default, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ToolAnnotations {
  /// Human-readable title.
  #[serde(skip_serializing_if = "Option::is_none")]
  pub title: Option<String>,
  /// The tool does not change anything. @default false
  #[serde(skip_serializing_if = "Option::is_none")]
  pub read_only_hint: Option<bool>,
  /// The tool may delete or overwrite data. @default true
  #[serde(skip_serializing_if = "Option::is_none")]
  pub destructive_hint: Option<bool>,
  /// Repeating a call with the same input has no further effect. @default false
  #[serde(skip_serializing_if = "Option::is_none")]
  pub idempotent_hint: Option<bool>,
  /// The tool talks to the outside world. @default true
  #[serde(skip_serializing_if = "Option::is_none")]
  pub open_world_hint: Option<bool>,
}

/// A tool the guest can call as `tools.<name>(input)` or `tools.<namespace>.<name>(input)`.
///
/// @example
/// ```ts
/// const getWeather: ToolDefinition = {
///   name: 'getWeather', namespace: 'weather', description: 'Current weather for a city',
///   inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
///   execute: async ({ city }, ctx) => ({ city, tempC: 21 }),
/// }
/// ```
#[napi(object, object_to_js = false)]
pub struct ToolDefinition<'env> {
  /// Name the guest calls the tool by. Optional only when tools are given as a record (the key is the name).
  pub name: Option<String>,
  /// Groups the tool under `tools.<namespace>`. @default undefined (top level)
  pub namespace: Option<String>,
  /// What the tool does, for the model.
  pub description: Option<String>,
  /// JSON Schema of the input.
  #[napi(ts_type = "Record<string, unknown>")]
  pub input_schema: Option<serde_json::Value>,
  /// JSON Schema of the output; types the guest's return value.
  #[napi(ts_type = "Record<string, unknown>")]
  pub output_schema: Option<serde_json::Value>,
  /// MCP-style behaviour hints.
  pub annotations: Option<ToolAnnotations>,
  /// Runs the tool on Node's main thread. May return a value or a Promise. The input has already
  /// crossed as JSON; the output is converted with JSON.stringify semantics.
  #[napi(ts_type = "(input: any, ctx: ToolContext) => unknown")]
  pub execute: Unknown<'env>,
}

/// The second argument of `execute`.
#[napi(object, object_from_js = false)]
pub struct ToolContext<'env> {
  /// Aborted when the run times out, is aborted or closed, or ends with this call still pending.
  #[napi(ts_type = "AbortSignal")]
  pub signal: Object<'env>,
  /// Unique id of this call (`call_1`, `call_2`, ...), also in `RunResult.toolCalls`.
  pub tool_call_id: String,
  /// The tool's name.
  pub name: String,
  /// The tool's namespace, if any.
  pub namespace: Option<String>,
}

/// Options of `new CodeMode(options)`.
#[napi(object, object_to_js = false)]
pub struct CodeModeOptions<'env> {
  /// The tools the guest can call, as a list or as a record keyed by tool name.
  #[napi(ts_type = "ToolDefinition[] | Record<string, ToolDefinition>")]
  pub tools: Option<Either<Vec<ToolDefinition<'env>>, HashMap<String, ToolDefinition<'env>>>>,
  /// Default limits of every run.
  pub limits: Option<CodeModeLimits>,
  /// Learn the output type of each tool without an `outputSchema` from its results: once it has
  /// returned, `declarations()`, `description()` and `codemode.describeTool` show the shape of
  /// its results (types only, never values; merged across calls, fields missing from some
  /// results optional) as its return type, marked as observed. `false` keeps `Promise<unknown>`.
  /// @default true
  pub infer_output_types: Option<bool>,
}

/// Options of `run(code, options)`.
#[napi(object, object_to_js = false)]
pub struct RunOptions<'env> {
  /// Aborts the run: guest code stops, pending tool calls' signals abort, and `run` rejects with an `AbortError`.
  #[napi(ts_type = "AbortSignal")]
  pub signal: Option<Object<'env>>,
  /// Limits for this run only, layered over the instance's.
  pub limits: Option<CodeModeLimits>,
  /// Receives live events (logs, tool calls and their results) while the run is in flight.
  /// Errors thrown by the listener are ignored.
  #[napi(ts_type = "(event: RunEvent) => void")]
  pub on_event: Option<Function<'env, crate::run::report::RunEvent, ()>>,
  /// The language of `code`. `'bash'` runs it as a Bash script in a virtual shell (just-bash,
  /// inside the same sandbox: no host process, files or network) where every tool is a command
  /// (`ns.tool --field value`, one JSON argument, or JSON on stdin; `tools` lists them); the
  /// value is `{ stdout, stderr, exitCode, json?, files? }` (`json`: stdout parsed, when it is
  /// JSON). A shell takes about 5 MB of the run's `memoryLimitBytes` (a JavaScript context 0.3 MB).
  /// @default 'javascript'
  #[napi(ts_type = "'javascript' | 'typescript' | 'bash'")]
  pub language: Option<String>,
  /// Bash only: text files written to the virtual filesystem before the script runs, by
  /// absolute path (`{ '/data/in.csv': 'a,b\n1,2\n' }`). In a session the filesystem persists
  /// across runs; the host's disk is never touched.
  pub files: Option<HashMap<String, String>>,
  /// Bash only: absolute paths read back after the script ran, returned as `value.files`
  /// (`null` for a path that does not exist).
  pub return_files: Option<Vec<String>>,
}

/// Options of `codeMode.description(options)`.
#[napi(object)]
#[derive(Debug, Clone, Default)]
pub struct DescriptionOptions {
  /// Size budget in characters (as JavaScript counts them: `description.length`); the
  /// description is never longer. The more tools, the less it says about each, and past the
  /// budget it explains how to find them with `codemode.searchTools`.
  /// @default 4000
  pub max_chars: Option<f64>,
  /// The language the code tool takes: `'bash'` describes the command convention (every tool a
  /// command, JSON on stdout) and each tool's usage line instead of the TypeScript declarations.
  /// @default 'javascript'
  #[napi(ts_type = "'javascript' | 'typescript' | 'bash'")]
  pub language: Option<String>,
}

/// Options of `formatResult(result, options)`.
#[napi(object)]
#[derive(Debug, Clone, Default)]
pub struct FormatResultOptions {
  /// Size budget of the text, in characters (as JS counts `string.length`). Past it the value,
  /// console lines and warnings are cut with markers saying how much is missing; the error and
  /// its hint are kept. A budget under a few hundred characters leaves room for little else.
  /// @default 20000
  pub max_chars: Option<f64>,
  /// The code the model sent to `run`, so an error shows the offending line of it.
  pub code: Option<String>,
}

/// Options of `jsonSchemaToTypeScript(schema, options)`.
#[napi(object)]
#[derive(Debug, Clone, Default)]
pub struct TypeScriptOptions {
  /// Name of the declared type.
  /// @default "Root"
  pub name: Option<String>,
  /// Spaces per indentation level.
  /// @default 2
  pub indent: Option<u32>,
}
