//! The `tools` option of `new CodeMode`: a list of tool definitions or a record of them keyed by
//! name, checked strictly before napi converts it, then named, and made into the tool specs and
//! the host bridge's entries.

use std::collections::HashMap;

use napi::bindgen_prelude::{Array, Either, JsObjectValue, JsValue, Object, Unknown};
use napi::{Env, ValueType};

use super::options::{ToolDefinition, TOOL_DEFINITION};
use super::schemas::{read_schema, Side};
use super::strict_options::{check_object, describe};
use crate::tools::ToolSpec;

fn reason(e: napi::Error) -> String {
  e.reason.clone()
}

/// Checks one definition at `path` (`tools[0]`, `tools.getWeather`); `key` is its record key.
fn check_definition(path: &str, def: &Unknown, key: Option<&str>) -> Result<(), String> {
  if def.get_type().map_err(reason)? != ValueType::Object || def.is_array().map_err(reason)? {
    return Err(format!(
      "{path} must be a tool definition object; got {}.",
      describe(def)
    ));
  }
  check_object(def, path, &TOOL_DEFINITION)?;
  // SAFETY: `def` was just checked to be an object, and lives in this call's scope.
  let object: Object = unsafe { def.cast() }.map_err(reason)?;
  let execute: Unknown = object.get_named_property("execute").map_err(reason)?;
  if execute.get_type().map_err(reason)? != ValueType::Function {
    return Err(format!(
      "{path}.execute must be a function (input, ctx) => result; got {}.",
      describe(&execute)
    ));
  }
  let name: Option<String> = object.get_named_property("name").map_err(reason)?;
  match (key, name) {
    (None, None) => Err(format!(
      "{path} has no `name`; every tool in a list needs a name."
    )),
    (None, Some(name)) if name.is_empty() => Err(format!("{path}.name must not be empty.")),
    (Some(key), Some(name)) if key != name => Err(format!(
      "{path}.name is {name:?} but its key is {key:?}: in a record the key is the tool's name. \
       Drop `name`, or use {name:?} as the key."
    )),
    _ => Ok(()),
  }
}

/// Checks the raw `tools` value, so each mistake gets a message naming the tool and the field.
/// Returns a record's keys in their order (a `HashMap` forgets it).
pub fn check_tools(tools: &Unknown) -> Result<Vec<String>, String> {
  match tools.get_type().map_err(reason)? {
    ValueType::Undefined | ValueType::Null => Ok(Vec::new()),
    ValueType::Object if tools.is_array().map_err(reason)? => {
      // SAFETY: `tools` was just checked to be an array, and lives in this call's scope.
      let list: Object = unsafe { tools.cast() }.map_err(reason)?;
      let len: u32 = list.get_named_property("length").map_err(reason)?;
      (0..len).try_for_each(|i| {
        let def: Unknown = list.get_element(i).map_err(reason)?;
        check_definition(&format!("tools[{i}]"), &def, None)
      })?;
      Ok(Vec::new())
    }
    ValueType::Object => {
      // SAFETY: `tools` was just checked to be an object, and lives in this call's scope.
      let record: Object = unsafe { tools.cast() }.map_err(reason)?;
      let keys = Object::keys(&record).map_err(reason)?;
      keys.iter().try_for_each(|k| {
        let def: Unknown = record.get_named_property(k).map_err(reason)?;
        check_definition(&format!("tools.{k}"), &def, Some(k))
      })?;
      Ok(keys)
    }
    _ => Err(format!(
      "options.tools must be a list of tool definitions or a record of them keyed by name; got {}.",
      describe(tools)
    )),
  }
}

/// Named tool definitions in the order given (checked by [`check_tools`] before, which gave
/// `keys`, a record's keys in order).
pub fn named_tools<'env>(
  tools: Either<Vec<ToolDefinition<'env>>, HashMap<String, ToolDefinition<'env>>>,
  keys: &[String],
) -> Vec<(String, ToolDefinition<'env>)> {
  match tools {
    Either::A(list) => list
      .into_iter()
      .map(|def| (def.name.clone().unwrap_or_default(), def))
      .collect(),
    Either::B(mut record) => keys
      .iter()
      .filter_map(|k| record.remove(k).map(|def| (k.clone(), def)))
      .collect(),
  }
}

/// The tool specs, and the JS array `[{ execute, name, namespace, standard }]` the host bridge
/// calls (`standard`: the `~standard` object of a Standard input schema, which validates each input).
pub fn host_tools<'env>(
  env: &'env Env,
  named: Vec<(String, ToolDefinition<'env>)>,
) -> Result<(Vec<ToolSpec>, Array<'env>), String> {
  let mut bridge_tools = env.create_array(0).map_err(reason)?;
  let mut specs = Vec::with_capacity(named.len());
  for (i, (name, def)) in named.into_iter().enumerate() {
    let path = |field: &str| format!("tools.{name}.{field}");
    let input = read_schema(env, &path("inputSchema"), def.input_schema, Side::Input)?;
    let output = read_schema(env, &path("outputSchema"), def.output_schema, Side::Output)?;
    let mut entry = Object::new(env).map_err(reason)?;
    let standard = input.as_ref().and_then(|s| s.standard);
    (|| {
      entry.set_named_property("execute", def.execute)?;
      entry.set_named_property("name", name.as_str())?;
      entry.set_named_property("namespace", def.namespace.as_deref())?;
      entry.set_named_property("standard", standard)?;
      bridge_tools.set(i as u32, entry)
    })()
    .map_err(reason)?;
    let annotations = def
      .annotations
      .map(|a| serde_json::to_value(a).unwrap_or_default());
    specs.push(ToolSpec {
      name,
      namespace: def.namespace,
      description: def.description,
      input_schema: input.map(|s| s.json),
      output_schema: output.map(|s| s.json),
      annotations,
    });
  }
  Ok((specs, bridge_tools))
}
