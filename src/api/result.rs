//! The `RunResult` object JS receives (DESIGN §5), made from a run's report. Its parts (logs,
//! tool calls, stats) and `RunEvent` are defined once, in `run::report`.

use napi::bindgen_prelude::{JsObjectValue, JsValue, Object, ToNapiValue, TypeName};
use napi::{sys, Env, ValueType};
use napi_derive::napi;

use super::json_value::set_if;
use super::tool_call_js::tool_calls_to_js;
use crate::error::RunError;
use crate::run::report::{JsonText, LogEntry, RunReport, RunStats, ToolCallInfo};

/// Why a run failed. Line and column point into the model's own code.
#[napi(object, object_from_js = false)]
#[derive(Debug, Clone)]
pub struct RunErrorInfo {
  /// Stable error code.
  #[napi(
    ts_type = "'SYNTAX_ERROR' | 'UNCAUGHT_EXCEPTION' | 'UNHANDLED_REJECTION' | 'TIMEOUT' | 'MEMORY_LIMIT' | 'STACK_OVERFLOW' | 'TOOL_CALL_LIMIT' | 'RESULT_TOO_LARGE' | 'SOURCE_TOO_LARGE' | 'UNSERIALIZABLE_RESULT' | 'ABORTED' | 'ENGINE_EXHAUSTED' | 'INTERNAL_ERROR' | 'TYPE_ERROR'"
  )]
  pub code: String,
  /// The JS error's name (`TypeError`, `ToolError`, your own class name, ...).
  pub name: String,
  pub message: String,
  /// One line for a model on what to do next.
  pub hint: Option<String>,
  /// 1-based line in the model's code.
  pub line: Option<u32>,
  /// 1-based column in the model's code.
  pub column: Option<u32>,
  /// Stack frames of the model's code, mapped to its lines.
  pub stack: Option<String>,
  /// For a failing tool call nothing caught (`ToolError`): the tool's path, e.g. `github.createIssue`.
  pub tool: Option<String>,
  /// For `TYPE_ERROR`: every diagnostic of the type checker, in the model's own code.
  pub diagnostics: Option<Vec<TypeDiagnostic>>,
}

/// One type error in the model's program (`typecheck: 'warn' | 'strict'`), as TypeScript
/// reported it, positioned in the model's own code.
///
/// @example
/// ```ts
/// const d: TypeDiagnostic = {
///   code: 'TS2551', line: 1, column: 21, sourceLine: 'await tools.weather.getWether({ city: "Oslo" })',
///   message: "Property 'getWether' does not exist on type ... Did you mean 'getWeather'?",
///   hint: "Did you mean 'getWeather'?",
/// }
/// ```
#[napi(object, object_from_js = false)]
#[derive(Debug, Clone)]
pub struct TypeDiagnostic {
  /// TypeScript's diagnostic code, e.g. `TS2339`.
  pub code: String,
  /// TypeScript's message, its chained details on the following lines.
  pub message: String,
  /// 1-based line in the model's code.
  pub line: u32,
  /// 1-based column in the model's code.
  pub column: u32,
  /// The offending line of the model's code.
  pub source_line: String,
  /// TypeScript's suggestion ("Did you mean ...?") or what usually fixes this kind of error.
  pub hint: Option<String>,
}

impl From<RunError> for RunErrorInfo {
  fn from(e: RunError) -> Self {
    RunErrorInfo {
      code: e.code.as_str().to_string(),
      name: e.name,
      message: e.message,
      hint: Some(e.hint),
      line: e.line,
      column: e.column,
      stack: e.stack,
      tool: e.tool,
      diagnostics: None,
    }
  }
}

/// The outcome of `run`. Guest failures are data here (`ok: false` with `error`), never a
/// rejection. In JS an object whose `value` is set only when the program returned one and
/// `error` only when it failed; its typings are the `RunResult` union in `typings-header.d.ts`.
#[derive(Debug, Clone)]
pub struct RunResult {
  pub ok: bool,
  pub value: Option<JsonText>,
  pub error: Option<RunErrorInfo>,
  pub logs: Vec<LogEntry>,
  pub tool_calls: Vec<ToolCallInfo>,
  pub warnings: Vec<String>,
  pub stats: RunStats,
}

impl TypeName for RunResult {
  fn type_name() -> &'static str {
    "RunResult"
  }
  fn value_type() -> ValueType {
    ValueType::Object
  }
}

impl ToNapiValue for RunResult {
  unsafe fn to_napi_value(raw_env: sys::napi_env, val: Self) -> napi::Result<sys::napi_value> {
    let env = Env::from_raw(raw_env);
    let mut o = Object::new(&env)?;
    o.set_named_property("ok", val.ok)?;
    set_if(&mut o, "value", val.value)?;
    set_if(&mut o, "error", val.error)?;
    o.set_named_property("logs", val.logs)?;
    o.set_named_property("toolCalls", tool_calls_to_js(&env, val.tool_calls)?)?;
    o.set_named_property("warnings", val.warnings)?;
    o.set_named_property("stats", val.stats)?;
    Ok(o.raw())
  }
}

impl From<RunReport> for RunResult {
  fn from(r: RunReport) -> Self {
    RunResult {
      ok: r.ok(),
      value: JsonText::maybe(r.value_json),
      error: r.error.map(RunErrorInfo::from),
      logs: r.logs,
      tool_calls: r.tool_calls,
      warnings: r.warnings,
      stats: r.stats,
    }
  }
}
