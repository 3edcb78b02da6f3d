//! A tool's `inputSchema`/`outputSchema` as JSON Schema: given as JSON Schema, or as a schema of
//! a validation library that implements Standard Schema (zod 4, valibot, ArkType, ...). One that
//! also implements Standard JSON Schema (`~standard.jsonSchema`, zod ≥ 4.2) is converted through
//! it; one that cannot say its JSON Schema is refused with how to convert it, never read as a
//! plain object (which would skip validation and show the model `{ [key: string]: unknown }`).

use napi::bindgen_prelude::{FnArgs, FromNapiValue, Function, JsObjectValue, JsValue, Object, Unknown};
use napi::{Env, ValueType};

use super::result_input::clear_exception;
use super::strict_options::describe;

/// Which side of a tool a schema describes: a Standard schema has an input and an output type.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Side {
  Input,
  Output,
}

/// A schema read from JS: its JSON Schema, and for a Standard schema the `~standard` object
/// whose `validate` the host bridge runs on each input (refinements, defaults, transforms).
pub struct ReadSchema<'env> {
  pub json: serde_json::Value,
  pub standard: Option<Object<'env>>,
}

fn reason(e: napi::Error) -> String {
  e.reason.clone()
}

fn property<'env>(object: &Object<'env>, name: &str) -> Result<Unknown<'env>, String> {
  object.get_named_property::<Unknown>(name).map_err(reason)
}

fn is(value: &Unknown, ty: ValueType) -> bool {
  value.get_type().ok() == Some(ty)
}

const HOW: &str = "Pass its JSON Schema instead: `z.toJSONSchema(schema)` for zod 4, \
  `zodToJsonSchema(schema)` from zod-to-json-schema for zod 3, `toJsonSchema(schema)` from \
  @valibot/to-json-schema for valibot, `schema.toJsonSchema()` for ArkType.";

/// Reads the schema at `path` (`tools[0].inputSchema`), already checked to be an object or a
/// boolean, or `undefined`. A library call that throws is refused with its message (and the
/// exception cleared, so it does not replace the refusal).
pub fn read_schema<'env>(
  env: &Env,
  path: &str,
  value: Option<Unknown<'env>>,
  side: Side,
) -> Result<Option<ReadSchema<'env>>, String> {
  read(env, path, value, side).inspect_err(|_| clear_exception(env))
}

fn read<'env>(
  env: &Env,
  path: &str,
  value: Option<Unknown<'env>>,
  side: Side,
) -> Result<Option<ReadSchema<'env>>, String> {
  let Some(value) = value else { return Ok(None) };
  if is(&value, ValueType::Undefined) {
    return Ok(None);
  }
  if !is(&value, ValueType::Object) {
    return json(env, &value).map(|json| Some(ReadSchema { json, standard: None }));
  }
  // SAFETY: `value` was just checked to be an object, and lives in this call's scope.
  let object: Object = unsafe { value.cast() }.map_err(reason)?;
  let standard = property(&object, "~standard")?;
  if !is(&standard, ValueType::Object) {
    if is(&property(&object, "_def")?, ValueType::Object)
      && is(&property(&object, "safeParse")?, ValueType::Function)
    {
      return Err(format!(
        "{path} is a zod 3 schema, which cannot say its JSON Schema. {HOW}"
      ));
    }
    return json(env, &value).map(|json| Some(ReadSchema { json, standard: None }));
  }
  // SAFETY: `standard` was just checked to be an object, and lives in this call's scope.
  let standard: Object = unsafe { standard.cast() }.map_err(reason)?;
  let vendor = property(&standard, "vendor")?;
  let vendor = if is(&vendor, ValueType::String) {
    // SAFETY: `vendor` was just checked to be a string of this call's environment.
    unsafe { String::from_napi_value(env.raw(), vendor.raw()) }.map_err(reason)?
  } else {
    "Standard Schema".into()
  };
  let converters = property(&standard, "jsonSchema")?;
  let convert = if is(&converters, ValueType::Object) {
    // SAFETY: `converters` was just checked to be an object, and lives in this call's scope.
    let converters: Object = unsafe { converters.cast() }.map_err(reason)?;
    let name = if side == Side::Input { "input" } else { "output" };
    let f = property(&converters, name)?;
    is(&f, ValueType::Function).then_some((converters, f))
  } else {
    None
  };
  let Some((converters, convert)) = convert else {
    return Err(format!(
      "{path} is a {vendor} schema without a JSON Schema form (Standard JSON Schema), which the \
       model's declarations and the input validation need. {HOW}"
    ));
  };
  let schema = to_json_schema(env, &converters, convert)
    .map_err(|e| format!("{path}: the {vendor} schema could not give its JSON Schema: {e}"))?;
  let validate = property(&standard, "validate")?;
  let standard = (side == Side::Input && is(&validate, ValueType::Function)).then_some(standard);
  Ok(Some(ReadSchema {
    json: schema,
    standard,
  }))
}

/// Calls `converters.<side>({ target: 'draft-2020-12' })` (Standard JSON Schema).
fn to_json_schema(env: &Env, converters: &Object, convert: Unknown) -> Result<serde_json::Value, String> {
  // SAFETY: `convert` was checked to be a function, and lives in this call's scope.
  let convert: Function<FnArgs<(Object,)>, Unknown> = unsafe { convert.cast() }.map_err(reason)?;
  let mut options = Object::new(env).map_err(reason)?;
  options
    .set_named_property("target", "draft-2020-12")
    .map_err(reason)?;
  let schema = convert
    .apply(converters, FnArgs::from((options,)))
    .map_err(|e| thrown_message(env).unwrap_or_else(|| e.reason.clone()))?;
  if !is(&schema, ValueType::Object) {
    return Err(format!("it returned {}", describe(&schema)));
  }
  json(env, &schema)
}

fn json(env: &Env, value: &Unknown) -> Result<serde_json::Value, String> {
  // SAFETY: `value` is a live value of `env`, the environment of this call.
  unsafe { serde_json::Value::from_napi_value(env.raw(), value.raw()) }.map_err(reason)
}

/// The message of the exception a failed call left pending (clearing it).
fn thrown_message(env: &Env) -> Option<String> {
  let mut exception = std::ptr::null_mut();
  // SAFETY: `env` is the env of the current call on Node's main thread; this takes its pending
  // exception (if any) as a value of the current scope.
  let status = unsafe { napi::sys::napi_get_and_clear_last_exception(env.raw(), &mut exception) };
  if status != napi::sys::Status::napi_ok || exception.is_null() {
    return None;
  }
  // SAFETY: `exception` is a live value of this scope.
  let exception = unsafe { Unknown::from_raw_unchecked(env.raw(), exception) };
  if !is(&exception, ValueType::Object) {
    return Some(describe(&exception));
  }
  // SAFETY: `exception` was just checked to be an object.
  let object: Object = unsafe { exception.cast() }.ok()?;
  object.get_named_property::<String>("message").ok()
}
