//! Tools as Python stubs: `async def get_weather(*, city: str, days: int | None = None) -> Weather`
//! with the description as its docstring, namespaces as classes of static methods, and a
//! `TypedDict` for each object type of an output schema. Names are the runtime's
//! (`tools::python_names`).

use serde_json::Value;

use crate::tools::python_names::{python_parameter, python_paths, snake_case};
use crate::tools::ToolSpec;

/// How deep a schema is followed before it is `Any`.
const MAX_DEPTH: usize = 6;

/// The stubs of `specs`, one tool after another, namespaces grouped.
pub fn stubs(specs: &[ToolSpec]) -> String {
  let mut out = String::from("from typing import Any, Literal, NotRequired, TypedDict\n");
  let paths = python_paths(specs);
  let mut done = vec![false; specs.len()];
  for i in 0..specs.len() {
    if done[i] {
      continue;
    }
    match paths[i].split_once('.') {
      None => {
        done[i] = true;
        out.push('\n');
        out.push_str(&tool_stub(&specs[i], &paths[i], ""));
      }
      Some((ns, _)) => {
        out.push_str(&format!("\nclass {ns}:\n"));
        for j in i..specs.len() {
          if let Some((other_ns, name)) = paths[j].split_once('.') {
            if other_ns == ns {
              done[j] = true;
              out.push_str(&tool_stub(&specs[j], name, "    "));
            }
          }
        }
      }
    }
  }
  out
}

/// One tool: its `TypedDict`s, then its `async def` with the docstring; indented, it is a
/// namespace's (a class's) static method.
pub fn tool_stub(spec: &ToolSpec, name: &str, indent: &str) -> String {
  let mut types = Vec::new();
  let output = match &spec.output_schema {
    Some(schema) => py_type(schema, &format!("{}Output", class_name(name)), &mut types, 0),
    None => "Any".to_string(),
  };
  let params = parameters(spec.input_schema.as_ref(), &mut types);
  let mut out = String::new();
  for t in &types {
    for line in t.lines() {
      out.push_str(indent);
      out.push_str(line);
      out.push('\n');
    }
  }
  if !indent.is_empty() {
    out.push_str(&format!("{indent}@staticmethod\n"));
  }
  out.push_str(&format!("{indent}async def {name}({params}) -> {output}:\n"));
  let doc = spec
    .description
    .as_deref()
    .unwrap_or("")
    .trim()
    .replace("\"\"\"", "'''");
  if doc.is_empty() {
    out.push_str(&format!("{indent}    ...\n"));
  } else {
    out.push_str(&format!(
      "{indent}    \"\"\"{}\"\"\"\n",
      doc.replace('\n', &format!("\n{indent}    "))
    ));
  }
  out
}

/// `*, city: str, days: int | None = None` from an object input schema; `input: T` for any
/// other schema; nothing without one.
fn parameters(schema: Option<&Value>, types: &mut Vec<String>) -> String {
  let Some(schema) = schema else {
    return String::new();
  };
  let Some(props) = schema.get("properties").and_then(Value::as_object) else {
    if schema.get("type").and_then(Value::as_str) == Some("object")
      || schema.as_object().is_some_and(|o| o.is_empty())
    {
      return "**kwargs: Any".into();
    }
    return format!("input: {}", py_type(schema, "Input", types, 0));
  };
  let required = required_of(schema);
  let mut params = vec!["*".to_string()];
  // Required parameters first, as Python wants no default before a required keyword anyway.
  for (key, prop) in props.iter().filter(|(k, _)| required.contains(k)) {
    params.push(format!(
      "{}: {}",
      python_parameter(key),
      py_type(prop, &class_name(key), types, 1)
    ));
  }
  for (key, prop) in props.iter().filter(|(k, _)| !required.contains(k)) {
    params.push(format!(
      "{}: {} | None = None",
      python_parameter(key),
      py_type(prop, &class_name(key), types, 1)
    ));
  }
  if params.len() == 1 {
    return String::new();
  }
  params.join(", ")
}

fn required_of(schema: &Value) -> Vec<&String> {
  let Some(list) = schema.get("required").and_then(Value::as_array) else {
    return Vec::new();
  };
  let names: Vec<&str> = list.iter().filter_map(Value::as_str).collect();
  (schema.get("properties").and_then(Value::as_object).into_iter())
    .flat_map(|p| p.keys())
    .filter(|k| names.contains(&k.as_str()))
    .collect()
}

/// `get_weather` → `GetWeather`.
fn class_name(name: &str) -> String {
  snake_case(name)
    .split('_')
    .filter(|p| !p.is_empty())
    .map(|p| {
      let mut c = p.chars();
      c.next()
        .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
        .unwrap_or_default()
    })
    .collect()
}

/// A JSON Schema as a Python type; an object with properties becomes a `TypedDict` named
/// `name` (pushed onto `types`).
fn py_type(schema: &Value, name: &str, types: &mut Vec<String>, depth: usize) -> String {
  if depth > MAX_DEPTH {
    return "Any".into();
  }
  if let Some(values) = schema.get("enum").and_then(Value::as_array) {
    let literals: Vec<String> = values.iter().map(literal).collect();
    return format!("Literal[{}]", literals.join(", "));
  }
  if let Some(value) = schema.get("const") {
    return format!("Literal[{}]", literal(value));
  }
  for key in ["anyOf", "oneOf"] {
    if let Some(options) = schema.get(key).and_then(Value::as_array) {
      let mut parts: Vec<String> = Vec::new();
      for (i, o) in options.iter().enumerate() {
        let t = py_type(o, &format!("{name}{}", i + 1), types, depth + 1);
        if !parts.contains(&t) {
          parts.push(t);
        }
      }
      return parts.join(" | ");
    }
  }
  match schema.get("type") {
    Some(Value::Array(list)) => {
      let parts: Vec<String> = (list.iter().filter_map(Value::as_str))
        .map(|t| {
          let mut one = schema.clone();
          one["type"] = Value::String(t.to_string());
          py_type(&one, name, types, depth + 1)
        })
        .collect();
      parts.join(" | ")
    }
    Some(Value::String(t)) => match t.as_str() {
      "string" => "str".into(),
      "integer" => "int".into(),
      "number" => "float".into(),
      "boolean" => "bool".into(),
      "null" => "None".into(),
      "array" => match schema.get("items") {
        Some(items) => format!(
          "list[{}]",
          py_type(items, &format!("{name}Item"), types, depth + 1)
        ),
        None => "list[Any]".into(),
      },
      "object" => typed_dict(schema, name, types, depth),
      _ => "Any".into(),
    },
    _ if schema.get("properties").is_some() => typed_dict(schema, name, types, depth),
    _ => "Any".into(),
  }
}

fn typed_dict(schema: &Value, name: &str, types: &mut Vec<String>, depth: usize) -> String {
  let Some(props) = schema
    .get("properties")
    .and_then(Value::as_object)
    .filter(|p| !p.is_empty())
  else {
    return "dict[str, Any]".into();
  };
  let required = required_of(schema);
  let all_identifiers = props.keys().all(|k| python_parameter(k) == *k);
  let mut fields = Vec::new();
  for (key, prop) in props {
    let t = py_type(prop, &format!("{name}{}", class_name(key)), types, depth + 1);
    let t = if required.contains(&key) {
      t
    } else {
      format!("NotRequired[{t}]")
    };
    let doc = prop
      .get("description")
      .and_then(Value::as_str)
      .map(|d| format!("  # {}", one_line(d)))
      .unwrap_or_default();
    fields.push((key.clone(), t, doc));
  }
  let text = if all_identifiers {
    let mut text = format!("class {name}(TypedDict):\n");
    for (key, t, doc) in &fields {
      text.push_str(&format!("    {key}: {t}{doc}\n"));
    }
    text
  } else {
    let body: Vec<String> = fields
      .iter()
      .map(|(k, t, _)| format!("{}: {t}", Value::String(k.clone())))
      .collect();
    format!("{name} = TypedDict(\"{name}\", {{{}}})\n", body.join(", "))
  };
  types.push(text);
  name.to_string()
}

fn one_line(text: &str) -> String {
  let line = text.lines().next().unwrap_or("").trim();
  if line.chars().count() > 100 {
    format!("{}…", line.chars().take(100).collect::<String>())
  } else {
    line.to_string()
  }
}

fn literal(value: &Value) -> String {
  match value {
    Value::String(s) => format!("{:?}", s),
    Value::Bool(true) => "True".into(),
    Value::Bool(false) => "False".into(),
    Value::Null => "None".into(),
    other => other.to_string(),
  }
}

#[cfg(test)]
mod tests {
  use super::*;
  use serde_json::json;

  fn spec(ns: Option<&str>, name: &str, input: Value, output: Option<Value>, description: &str) -> ToolSpec {
    let mut s = ToolSpec::named(ns, name);
    s.input_schema = Some(input);
    s.output_schema = output;
    s.description = Some(description.into());
    s
  }

  #[test]
  fn tools_become_async_defs_with_typed_dicts_and_docstrings() {
    let weather = spec(
      Some("weather"),
      "getWeather",
      json!({"type": "object", "properties": {"city": {"type": "string"}, "units": {"enum": ["c", "f"]}}, "required": ["city"]}),
      Some(
        json!({"type": "object", "properties": {"tempC": {"type": "number", "description": "Celsius"}, "tags": {"type": "array", "items": {"type": "string"}}}, "required": ["tempC"]}),
      ),
      "Current weather for a city",
    );
    let sum = spec(
      None,
      "get-sum",
      json!({"type": "object", "properties": {"a": {"type": "number"}}}),
      None,
      "Adds",
    );
    let text = stubs(&[weather, sum]);
    // The namespace is a class; the output TypedDict, then the decorated static method.
    assert!(text.contains("class weather:\n    class GetWeatherOutput(TypedDict):\n        tempC: float  # Celsius\n        tags: NotRequired[list[str]]\n    @staticmethod\n    async def get_weather("), "{text}");
    assert!(text.contains("    async def get_weather(*, city: str, units: Literal[\"c\", \"f\"] | None = None) -> GetWeatherOutput:\n        \"\"\"Current weather for a city\"\"\"\n"), "{text}");
    assert!(
      text.contains("\nasync def get_sum(*, a: float | None = None) -> Any:\n    \"\"\"Adds\"\"\"\n"),
      "{text}"
    );
  }
}
