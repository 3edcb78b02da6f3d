//! The napi binding: the JS classes and functions of the package. Everything else in the crate
//! is plain Rust; this module adapts it to JS values, promises and threads.

mod code_mode;
mod error_codes;
mod functions;
mod js_tools;
mod language;
mod json_value;
mod mcp;
mod options;
mod result;
mod result_input;
mod run_promise;
mod schemas;
mod session;
mod strict_options;
mod tool_definitions;
mod tool_call_js;

pub use code_mode::CodeMode;
pub use functions::{format_result, json_schema_to_typescript, strip_types};
pub use mcp::McpServerInfo;
pub use options::{
  CodeModeLimits, CodeModeOptions, DescriptionOptions, FormatResultOptions, RunOptions, ToolAnnotations,
  ToolContext, ToolDefinition, TypeScriptOptions,
};
pub use result::{RunErrorInfo, RunResult};
pub use session::Session;

use napi::bindgen_prelude::{Function, JsObjectValue, JsValue, Object, Unknown};
use napi::Env;

use crate::error::HostError;

/// Converts host misuse into a thrown JS error (`TypeError` for invalid options) whose `code`
/// property is the stable error code.
pub fn to_napi_error(env: &Env, err: HostError) -> napi::Error {
  let build = || -> napi::Result<napi::Error> {
    let ctor_name = match err {
      HostError::InvalidOptions(_) => "TypeError",
      _ => "Error",
    };
    let ctor: Function<String, Unknown> = env.get_global()?.get_named_property(ctor_name)?;
    // SAFETY: `new_instance` of an error constructor returns an object.
    let mut obj: Object = unsafe { ctor.new_instance(err.to_string())?.cast()? };
    obj.set_named_property("code", err.code())?;
    Ok(napi::Error::from(obj.to_unknown()))
  };
  build().unwrap_or_else(|e| e)
}

/// Runs a callback that Node calls on its main thread (a promise settling, an abort listener, a
/// tool's answer) so that a panic in it becomes a JS error instead of aborting the process.
pub fn guarded<T>(what: &str, f: impl FnOnce() -> napi::Result<T>) -> napi::Result<T> {
  std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or_else(|_| {
    Err(napi::Error::from_reason(format!(
      "quickjs-codemode: internal error in {what}"
    )))
  })
}
