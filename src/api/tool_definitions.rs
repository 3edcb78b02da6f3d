//! The `tools` option of `new CodeMode`: a list of tool definitions or a record of them keyed by
//! name, checked strictly before napi converts it, then named.

use std::collections::HashMap;

use napi::bindgen_prelude::{Either, JsObjectValue, JsValue, Object, Unknown};
use napi::ValueType;

use super::options::{ToolDefinition, TOOL_DEFINITION};
use super::strict_options::{check_object, describe};

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
