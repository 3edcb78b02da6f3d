//! A server's `tools/list` answer as tool specs in the server's namespace. One tool with a schema
//! the validator cannot compile is offered without input validation and named in a warning,
//! so it never takes the rest of the server down with it.

use serde_json::Value;

use crate::tools::validation::InputValidator;
use crate::tools::ToolSpec;

/// The specs of `tools` (each a `Tool` as JSON) under `namespace`, and a warning per tool that
/// lost something.
pub fn tool_specs(namespace: &str, tools: &[Value]) -> (Vec<ToolSpec>, Vec<String>) {
  let mut warnings = Vec::new();
  let mut seen = std::collections::HashSet::new();
  let mut specs = Vec::with_capacity(tools.len());
  for tool in tools {
    let Some(name) = tool.get("name").and_then(Value::as_str).filter(|n| !n.is_empty()) else {
      warnings.push(format!(
        "MCP server \"{namespace}\" listed a tool without a name; it is left out."
      ));
      continue;
    };
    if !seen.insert(name.to_string()) {
      warnings.push(format!(
        "MCP server \"{namespace}\" listed the tool \"{name}\" twice; the first one is kept."
      ));
      continue;
    }
    let mut input_schema = tool.get("inputSchema").filter(|s| !s.is_null()).cloned();
    if let Some(schema) = &input_schema {
      if let Err(why) = InputValidator::compile(schema) {
        warnings.push(format!(
          "MCP tool {namespace}.{name} has an input schema that cannot be used ({why}); it is offered without input validation."
        ));
        input_schema = None;
      }
    }
    let description = text(tool, "description").or_else(|| text(tool, "title"));
    specs.push(ToolSpec {
      name: name.to_string(),
      namespace: Some(namespace.to_string()),
      description,
      input_schema,
      output_schema: tool.get("outputSchema").filter(|s| s.is_object()).cloned(),
      annotations: tool.get("annotations").filter(|a| a.is_object()).cloned(),
    });
  }
  (specs, warnings)
}

fn text(tool: &Value, key: &str) -> Option<String> {
  tool
    .get(key)
    .and_then(Value::as_str)
    .filter(|s| !s.trim().is_empty())
    .map(str::to_string)
}

#[cfg(test)]
mod tests {
  use super::*;
  use serde_json::json;

  #[test]
  fn tools_land_in_the_server_namespace_with_their_schemas() {
    let (specs, warnings) = tool_specs(
      "everything",
      &[json!({
        "name": "get-sum", "description": "Adds two numbers",
        "inputSchema": { "type": "object", "properties": { "a": { "type": "number" } } },
        "outputSchema": { "type": "object" },
        "annotations": { "readOnlyHint": true },
      })],
    );
    assert!(warnings.is_empty());
    assert_eq!(specs[0].path(), "everything.get-sum");
    assert_eq!(specs[0].description.as_deref(), Some("Adds two numbers"));
    assert!(specs[0].input_schema.is_some() && specs[0].output_schema.is_some());
    assert_eq!(specs[0].annotations, Some(json!({ "readOnlyHint": true })));
  }

  #[test]
  fn a_broken_schema_costs_only_its_validation() {
    let (specs, warnings) = tool_specs(
      "s",
      &[
        json!({ "name": "bad", "inputSchema": { "type": "object", "properties": { "x": { "type": 12 } } } }),
        json!({ "name": "good", "title": "Good tool", "inputSchema": { "type": "object" } }),
        json!({ "name": "good" }),
        json!({ "description": "nameless" }),
      ],
    );
    assert_eq!(specs.len(), 2);
    assert_eq!(specs[0].input_schema, None);
    assert_eq!(specs[1].description.as_deref(), Some("Good tool"));
    assert_eq!(warnings.len(), 3, "{warnings:?}");
    assert!(warnings[0].contains("s.bad") && warnings[0].contains("without input validation"));
  }
}
