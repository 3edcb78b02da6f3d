//! Option objects accepted from JS, with their typings and defaults.

use std::collections::HashMap;

use napi::bindgen_prelude::{Either, Function, JsObjectValue, JsValue, Object, Unknown};
use napi_derive::napi;

use super::strict_options::{Field, Kind, Shape};
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
      $($(#[doc = $doc])* #[napi(ts_type = "number | undefined")] pub $field: Option<f64>,)*
    }

    /// The fields of [`CodeModeLimits`], for strict option checking.
    pub static LIMITS: Shape = Shape {
      what: "limit",
      plural: "Limits",
      fields: &[$(Field { name: $js, kind: Kind::Number },)*],
      advice: &[
        ("maxMemoryBytes", "`memoryLimitBytes`"),
        ("memoryBytes", "`memoryLimitBytes`"),
        ("maxMemory", "`memoryLimitBytes`"),
        ("memory", "`memoryLimitBytes`"),
        ("timeLimitMs", "`timeoutMs`"),
        ("maxTimeMs", "`timeoutMs`"),
        ("maxDurationMs", "`timeoutMs`"),
      ],
    };

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
  #[napi(ts_type = "string | undefined")]
  pub title: Option<String>,
  /// The tool does not change anything. @default false
  #[serde(skip_serializing_if = "Option::is_none")]
  #[napi(ts_type = "boolean | undefined")]
  pub read_only_hint: Option<bool>,
  /// The tool may delete or overwrite data. @default true
  #[serde(skip_serializing_if = "Option::is_none")]
  #[napi(ts_type = "boolean | undefined")]
  pub destructive_hint: Option<bool>,
  /// Repeating a call with the same input has no further effect. @default false
  #[serde(skip_serializing_if = "Option::is_none")]
  #[napi(ts_type = "boolean | undefined")]
  pub idempotent_hint: Option<bool>,
  /// The tool talks to the outside world. @default true
  #[serde(skip_serializing_if = "Option::is_none")]
  #[napi(ts_type = "boolean | undefined")]
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
  #[napi(ts_type = "string | undefined")]
  pub name: Option<String>,
  /// Groups the tool under `tools.<namespace>`. @default undefined (top level)
  #[napi(ts_type = "string | undefined")]
  pub namespace: Option<String>,
  /// What the tool does, for the model.
  #[napi(ts_type = "string | undefined")]
  pub description: Option<String>,
  /// JSON Schema of the input, or a Standard Schema that can give its JSON Schema (zod ≥ 4.2,
  /// through `~standard.jsonSchema`), whose `validate` then also checks each input before
  /// `execute` (refinements, defaults and transforms apply). A schema that cannot say its JSON
  /// Schema (zod 3, valibot without a converter) is refused with how to convert it.
  #[napi(ts_type = "Record<string, unknown> | StandardJSONSchema | undefined")]
  pub input_schema: Option<Unknown<'env>>,
  /// JSON Schema of the output, or a Standard JSON Schema (its output side); types the guest's
  /// return value.
  #[napi(ts_type = "Record<string, unknown> | StandardJSONSchema | undefined")]
  pub output_schema: Option<Unknown<'env>>,
  /// MCP-style behaviour hints.
  #[napi(ts_type = "ToolAnnotations | undefined")]
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
  #[napi(ts_type = "ToolDefinition[] | Record<string, ToolDefinition> | undefined")]
  pub tools: Option<Either<Vec<ToolDefinition<'env>>, HashMap<String, ToolDefinition<'env>>>>,
  /// Default limits of every run.
  #[napi(ts_type = "CodeModeLimits | undefined")]
  pub limits: Option<CodeModeLimits>,
  /// Learn the output type of each tool without an `outputSchema` from its results: once it has
  /// returned, `declarations()`, `description()` and `codemode.describeTool` show the shape of
  /// its results (types only, never values; merged across calls, fields missing from some
  /// results optional) as its return type, marked as observed. `false` keeps `Promise<unknown>`.
  /// @default true
  #[napi(ts_type = "boolean | undefined")]
  pub infer_output_types: Option<bool>,
  /// Type-check the program against `declarations()` with the real TypeScript compiler (the
  /// optional peer dependency `typescript` >=5 <7, in a worker thread) before it runs:
  /// `'strict'`: a program with type errors does not run (`TYPE_ERROR`, with every diagnostic);
  /// `'warn'`: it runs and the diagnostics are in `warnings`; `'off'`: no check.
  /// @default 'off'
  #[napi(ts_type = "TypeCheckMode | undefined")]
  pub typecheck: Option<String>,
}

/// Options of `run(code, options)`.
#[napi(object, object_to_js = false)]
pub struct RunOptions<'env> {
  /// Aborts the run: guest code stops, pending tool calls' signals abort, and `run` rejects with an `AbortError`.
  #[napi(ts_type = "AbortSignal | undefined")]
  pub signal: Option<Object<'env>>,
  /// Limits for this run only, layered over the instance's.
  #[napi(ts_type = "CodeModeLimits | undefined")]
  pub limits: Option<CodeModeLimits>,
  /// Receives live events (logs, tool calls and their results) while the run is in flight.
  /// Errors thrown by the listener are ignored.
  #[napi(ts_type = "((event: RunEvent) => void) | undefined")]
  pub on_event: Option<Function<'env, crate::run::report::RunEvent, ()>>,
  /// The language of `code`. `'bash'` runs it as a Bash script in a virtual shell (just-bash,
  /// inside the same sandbox: no host process, files or network) where every tool is a command
  /// (`ns.tool --field value`, one JSON argument, or JSON on stdin; `tools` lists them); the
  /// value is `{ stdout, stderr, exitCode, json?, files? }` (`json`: stdout parsed, when it is
  /// JSON). A shell takes about 5 MB of the run's `memoryLimitBytes` (a JavaScript context 0.3 MB).
  /// `'python'` runs it with monty (a sandboxed Python subset) in a worker process: every tool
  /// an async function (`await weather.get_weather(city="Oslo")`), `print` as logs, the last
  /// expression as the value; no file system, environment or network.
  /// @default 'javascript'
  #[napi(ts_type = "'javascript' | 'typescript' | 'bash' | 'python' | undefined")]
  pub language: Option<String>,
  /// Bash only: text files written to the virtual filesystem before the script runs, by
  /// absolute path (`{ '/data/in.csv': 'a,b\n1,2\n' }`). In a session the filesystem persists
  /// across runs; the host's disk is never touched.
  #[napi(ts_type = "Record<string, string> | undefined")]
  pub files: Option<HashMap<String, String>>,
  /// Bash only: absolute paths read back after the script ran, returned as `value.files`
  /// (`null` for a path that does not exist).
  #[napi(ts_type = "Array<string> | undefined")]
  pub return_files: Option<Vec<String>>,
  /// Type-check the program against `declarations()` with the real TypeScript compiler (the
  /// optional peer dependency `typescript` >=5 <7, in a worker thread) before it runs:
  /// `'strict'`: a program with type errors does not run (`TYPE_ERROR`, with every diagnostic);
  /// `'warn'`: it runs and the diagnostics are in `warnings`; `'off'`: no check.
  /// @default the instance's (or session's) `typecheck`
  #[napi(ts_type = "TypeCheckMode | undefined")]
  pub typecheck: Option<String>,
}

/// Options of `codeMode.session(options)`.
#[napi(object, object_to_js = false)]
#[derive(Debug, Clone, Default)]
pub struct SessionOptions {
  /// Type-check the program against `declarations()` with the real TypeScript compiler (the
  /// optional peer dependency `typescript` >=5 <7, in a worker thread) before it runs:
  /// `'strict'`: a program with type errors does not run (`TYPE_ERROR`, with every diagnostic);
  /// `'warn'`: it runs and the diagnostics are in `warnings`; `'off'`: no check.
  /// The checker knows the declarations of the session's earlier runs.
  /// @default the instance's `typecheck`
  #[napi(ts_type = "TypeCheckMode | undefined")]
  #[allow(
    dead_code,
    reason = "checked here, applied by the JS wrapper (js/typecheck.cjs)"
  )]
  pub typecheck: Option<String>,
}

/// Options of `codeMode.description(options)`.
#[napi(object)]
#[derive(Debug, Clone, Default)]
pub struct DescriptionOptions {
  /// Size budget in characters (as JavaScript counts them: `description.length`); the
  /// description is never longer. The more tools, the less it says about each, and past the
  /// budget it explains how to find them with `codemode.searchTools`.
  /// @default 4000
  #[napi(ts_type = "number | undefined")]
  pub max_chars: Option<f64>,
  /// The language the code tool takes: `'bash'` describes the command convention (every tool a
  /// command, JSON on stdout) and each tool's usage line instead of the TypeScript declarations;
  /// `'python'` the Python conventions (tools as awaitables) and each tool's Python stub.
  /// @default 'javascript'
  #[napi(ts_type = "'javascript' | 'typescript' | 'bash' | 'python' | undefined")]
  pub language: Option<String>,
}

/// Options of `codeMode.declarations(options)`.
#[napi(object)]
#[derive(Debug, Clone, Default)]
pub struct DeclarationsOptions {
  /// The language of the declarations: TypeScript (`.d.ts`, also for `'javascript'`), or
  /// `'python'`: Python stubs (`async def get_weather(*, city: str) -> GetWeatherOutput`, with
  /// `TypedDict`s from the schemas and docstrings from the descriptions).
  /// @default 'typescript'
  #[napi(ts_type = "'javascript' | 'typescript' | 'python' | undefined")]
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
  #[napi(ts_type = "number | undefined")]
  pub max_chars: Option<f64>,
  /// The code the model sent to `run`, so an error shows the offending line of it.
  #[napi(ts_type = "string | undefined")]
  pub code: Option<String>,
}

/// Options of `jsonSchemaToTypeScript(schema, options)`.
#[napi(object)]
#[derive(Debug, Clone, Default)]
pub struct TypeScriptOptions {
  /// Name of the declared type.
  /// @default "Root"
  #[napi(ts_type = "string | undefined")]
  pub name: Option<String>,
  /// Spaces per indentation level.
  /// @default 2
  #[napi(ts_type = "number | undefined")]
  pub indent: Option<f64>,
}

/// True for an object that is not an array (a JSON Schema, a tool list given as a record).
fn is_object(value: &Unknown) -> bool {
  value.get_type().ok() == Some(napi::ValueType::Object)
}

fn is_array(value: &Unknown) -> bool {
  value.is_array().unwrap_or(false)
}

/// True for a JSON Schema: an object or a boolean.
fn is_schema(value: &Unknown) -> bool {
  matches!(
    value.get_type(),
    Ok(napi::ValueType::Object | napi::ValueType::Boolean)
  ) && !value.is_array().unwrap_or(true)
}

/// True if `value` looks like an AbortSignal (an `aborted` flag and `addEventListener`).
pub fn is_abort_signal(value: &Unknown) -> bool {
  if !is_object(value) {
    return false;
  }
  // SAFETY: `value` was just checked to be an object, and lives in this call's scope.
  let Ok(signal) = (unsafe { value.cast::<Object>() }) else {
    return false;
  };
  let type_of = |name: &str| {
    signal
      .get_named_property::<Unknown>(name)
      .ok()
      .and_then(|v| v.get_type().ok())
  };
  type_of("aborted") == Some(napi::ValueType::Boolean)
    && type_of("addEventListener") == Some(napi::ValueType::Function)
}

/// The fields of [`ToolAnnotations`].
pub static TOOL_ANNOTATIONS: Shape = Shape {
  what: "tool annotation",
  plural: "Tool annotations",
  fields: &[
    Field {
      name: "title",
      kind: Kind::String,
    },
    Field {
      name: "readOnlyHint",
      kind: Kind::Boolean,
    },
    Field {
      name: "destructiveHint",
      kind: Kind::Boolean,
    },
    Field {
      name: "idempotentHint",
      kind: Kind::Boolean,
    },
    Field {
      name: "openWorldHint",
      kind: Kind::Boolean,
    },
  ],
  advice: &[],
};

const SCHEMA: Kind = Kind::Custom {
  expected: "a JSON Schema object",
  accepts: is_schema,
};

/// The fields of [`ToolDefinition`].
pub static TOOL_DEFINITION: Shape = Shape {
  what: "tool definition field",
  plural: "Tool definition fields",
  fields: &[
    Field {
      name: "name",
      kind: Kind::String,
    },
    Field {
      name: "namespace",
      kind: Kind::String,
    },
    Field {
      name: "description",
      kind: Kind::String,
    },
    Field {
      name: "inputSchema",
      kind: SCHEMA,
    },
    Field {
      name: "outputSchema",
      kind: SCHEMA,
    },
    Field {
      name: "annotations",
      kind: Kind::Object(&TOOL_ANNOTATIONS),
    },
    Field {
      name: "execute",
      kind: Kind::Function,
    },
  ],
  advice: &[
    ("parameters", "`inputSchema` (the JSON Schema of the input)"),
    ("schema", "`inputSchema` (the JSON Schema of the input)"),
    ("input", "`inputSchema` (the JSON Schema of the input)"),
    ("output", "`outputSchema` (the JSON Schema of the output)"),
    ("handler", "`execute` (the function that runs the tool)"),
    ("function", "`execute` (the function that runs the tool)"),
    ("run", "`execute` (the function that runs the tool)"),
    ("title", "`annotations: { title }`"),
  ],
};

/// The fields of [`CodeModeOptions`].
pub static CODE_MODE_OPTIONS: Shape = Shape {
  what: "CodeMode option",
  plural: "CodeMode options",
  fields: &[
    Field {
      name: "tools",
      kind: Kind::Custom {
        expected: "a list of tool definitions or a record of them keyed by name",
        accepts: is_object,
      },
    },
    Field {
      name: "limits",
      kind: Kind::Object(&LIMITS),
    },
    Field {
      name: "inferOutputTypes",
      kind: Kind::Boolean,
    },
    TYPECHECK_FIELD,
  ],
  advice: &[
    (
      "signal",
      "`cm.run(code, { signal })` (a signal belongs to one run)",
    ),
    (
      "onEvent",
      "`cm.run(code, { onEvent })` (events belong to one run)",
    ),
  ],
};

/// The fields of [`RunOptions`].
pub static RUN_OPTIONS: Shape = Shape {
  what: "run option",
  plural: "Run options",
  fields: &[
    Field {
      name: "signal",
      kind: Kind::Custom {
        expected: "an AbortSignal (e.g. new AbortController().signal)",
        accepts: is_abort_signal,
      },
    },
    Field {
      name: "limits",
      kind: Kind::Object(&LIMITS),
    },
    Field {
      name: "onEvent",
      kind: Kind::Function,
    },
    Field {
      name: "language",
      kind: Kind::String,
    },
    Field {
      name: "files",
      kind: Kind::Custom {
        expected: "an object of file texts keyed by absolute path",
        accepts: is_object,
      },
    },
    Field {
      name: "returnFiles",
      kind: Kind::Custom {
        expected: "an array of absolute paths",
        accepts: is_array,
      },
    },
    TYPECHECK_FIELD,
  ],
  advice: &[
    ("abortSignal", "`signal`"),
    (
      "tools",
      "`new CodeMode({ tools })` (tools belong to the instance)",
    ),
    ("inferOutputTypes", "`new CodeMode({ inferOutputTypes })`"),
  ],
};

/// The fields of [`SessionOptions`].
pub static SESSION_OPTIONS: Shape = Shape {
  what: "session option",
  plural: "Session options",
  fields: &[TYPECHECK_FIELD],
  advice: &[
    (
      "limits",
      "`session.run(code, { limits })` (limits belong to one run)",
    ),
    (
      "tools",
      "`new CodeMode({ tools })` (tools belong to the instance)",
    ),
  ],
};

/// `typecheck`, in the options of `new CodeMode`, `run` and `session`.
const TYPECHECK_FIELD: Field = Field {
  name: "typecheck",
  kind: Kind::Custom {
    expected: "'off', 'warn' or 'strict'",
    accepts: is_typecheck_mode,
  },
};

/// True for a `typecheck` mode; the JS wrapper (`js/typecheck.cjs`) applies it.
fn is_typecheck_mode(value: &Unknown) -> bool {
  if value.get_type().ok() != Some(napi::ValueType::String) {
    return false;
  }
  // SAFETY: `value` was just checked to be a string, and lives in this call's scope.
  let mode = unsafe { value.cast::<String>() };
  matches!(mode.as_deref(), Ok("off" | "warn" | "strict"))
}

/// The fields of [`DescriptionOptions`].
pub static DESCRIPTION_OPTIONS: Shape = Shape {
  what: "description option",
  plural: "Description options",
  fields: &[
    Field {
      name: "maxChars",
      kind: Kind::Number,
    },
    Field {
      name: "language",
      kind: Kind::String,
    },
  ],
  advice: &[("maxLength", "`maxChars`")],
};

/// The fields of [`DeclarationsOptions`].
pub static DECLARATIONS_OPTIONS: Shape = Shape {
  what: "declarations option",
  plural: "Declarations options",
  fields: &[Field {
    name: "language",
    kind: Kind::String,
  }],
  advice: &[("lang", "`language`")],
};

/// The fields of [`FormatResultOptions`].
pub static FORMAT_RESULT_OPTIONS: Shape = Shape {
  what: "formatResult option",
  plural: "formatResult options",
  fields: &[
    Field {
      name: "maxChars",
      kind: Kind::Number,
    },
    Field {
      name: "code",
      kind: Kind::String,
    },
  ],
  advice: &[("maxLength", "`maxChars`"), ("source", "`code`")],
};

/// The fields of [`TypeScriptOptions`].
pub static TYPESCRIPT_OPTIONS: Shape = Shape {
  what: "jsonSchemaToTypeScript option",
  plural: "jsonSchemaToTypeScript options",
  fields: &[
    Field {
      name: "name",
      kind: Kind::String,
    },
    Field {
      name: "indent",
      kind: Kind::Number,
    },
  ],
  advice: &[],
};

#[cfg(test)]
mod tests {
  use super::*;

  /// The field names of `interface name` in the generated typings.
  fn typed_fields(name: &str) -> Vec<String> {
    let dts = include_str!("../../index.d.ts");
    let start = dts
      .find(&format!("export interface {name} {{\n"))
      .unwrap_or_else(|| panic!("index.d.ts has interface {name}"));
    let body = &dts[start..start + dts[start..].find("\n}\n").unwrap()];
    body
      .lines()
      .skip(1)
      .filter_map(|line| line.strip_prefix("  "))
      .filter(|line| !line.starts_with(' ') && !line.starts_with('*') && !line.starts_with("/*"))
      .filter_map(|line| line.split(['?', ':']).next())
      .map(str::to_string)
      .collect()
  }

  /// Every strict shape lists exactly the fields its struct has (as the typings show them), so
  /// a field added to an options struct is not refused as unknown.
  #[test]
  fn each_shape_lists_the_fields_of_its_typings() {
    let shapes: [(&str, &Shape); 9] = [
      ("CodeModeOptions", &CODE_MODE_OPTIONS),
      ("RunOptions", &RUN_OPTIONS),
      ("CodeModeLimits", &LIMITS),
      ("DescriptionOptions", &DESCRIPTION_OPTIONS),
      ("DeclarationsOptions", &DECLARATIONS_OPTIONS),
      ("FormatResultOptions", &FORMAT_RESULT_OPTIONS),
      ("TypeScriptOptions", &TYPESCRIPT_OPTIONS),
      ("ToolDefinition", &TOOL_DEFINITION),
      ("ToolAnnotations", &TOOL_ANNOTATIONS),
    ];
    for (name, shape) in shapes {
      let fields: Vec<&str> = shape.fields.iter().map(|f| f.name).collect();
      assert_eq!(fields, typed_fields(name), "{name}");
    }
  }
}
