//! Tool input validation against the tool's JSON Schema, before the host ever sees the input.
//! Every violation is reported (not just the first), each with where it is and what was
//! expected, together with an example of a valid input.

use serde_json::{json, Map, Value};

/// One problem with a tool input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
  /// Where, as a JS path from the input: `input.user.tags[2]`.
  pub path: String,
  /// What is wrong, as the validator says it (`42 is not of type "string"`).
  pub message: String,
}

/// A compiled input schema and an example input that satisfies it.
pub struct InputValidator {
  validator: jsonschema::Validator,
  pub example: Value,
}

impl InputValidator {
  /// Compiles `schema`; an error says why the schema itself is not usable.
  pub fn compile(schema: &Value) -> Result<Self, String> {
    let validator = jsonschema::validator_for(schema).map_err(|e| e.to_string())?;
    Ok(InputValidator {
      validator,
      example: example_for(schema, schema, 0),
    })
  }

  /// Checks JSON text of an input (`None` = undefined, checked as `{}` like an omitted MCP
  /// `arguments`); returns every violation.
  pub fn check(&self, input_json: Option<&str>) -> Result<(), Vec<Violation>> {
    let instance: Value = match input_json {
      None => json!({}),
      Some(text) => serde_json::from_str(text).map_err(|e| {
        vec![Violation {
          path: "input".into(),
          message: format!("not valid JSON: {e}"),
        }]
      })?,
    };
    let violations: Vec<Violation> = self
      .validator
      .iter_errors(&instance)
      .map(|e| Violation {
        path: js_path(&e.instance_path().to_string()),
        message: e.to_string(),
      })
      .collect();
    if violations.is_empty() {
      Ok(())
    } else {
      Err(violations)
    }
  }
}

/// `/user/tags/2` → `input.user.tags[2]`; keys that are not identifiers use brackets.
fn js_path(pointer: &str) -> String {
  let mut out = String::from("input");
  for raw in pointer.split('/').skip(1) {
    let seg = raw.replace("~1", "/").replace("~0", "~");
    if !seg.is_empty() && seg.chars().all(|c| c.is_ascii_digit()) {
      out.push_str(&format!("[{seg}]"));
    } else if crate::codegen::is_identifier_name(&seg) {
      out.push('.');
      out.push_str(&seg);
    } else {
      out.push_str(&format!("[{}]", Value::String(seg)));
    }
  }
  out
}

/// Resolves a local `$ref` (`#`, `#/$defs/X`, `#/definitions/X`) against `root`.
fn resolve<'a>(root: &'a Value, reference: &str) -> Option<&'a Value> {
  let pointer = reference.strip_prefix('#')?;
  root.pointer(pointer)
}

/// A plausible valid value for `schema`: its default, example, const or first enum value, else
/// a placeholder of its type (objects get their required properties).
pub fn example_for(root: &Value, schema: &Value, depth: usize) -> Value {
  if depth > 8 {
    return Value::Null;
  }
  let Some(obj) = schema.as_object() else {
    return Value::Null;
  };
  for key in ["default", "const"] {
    if let Some(v) = obj.get(key) {
      return v.clone();
    }
  }
  if let Some(v) = obj
    .get("examples")
    .and_then(|e| e.as_array())
    .and_then(|a| a.first())
  {
    return v.clone();
  }
  if let Some(v) = obj.get("enum").and_then(|e| e.as_array()).and_then(|a| a.first()) {
    return v.clone();
  }
  if let Some(target) = obj
    .get("$ref")
    .and_then(|r| r.as_str())
    .and_then(|r| resolve(root, r))
  {
    return example_for(root, target, depth + 1);
  }
  for key in ["anyOf", "oneOf", "allOf"] {
    if let Some(first) = obj.get(key).and_then(|v| v.as_array()).and_then(|a| a.first()) {
      return example_for(root, first, depth + 1);
    }
  }
  let ty = match obj.get("type") {
    Some(Value::String(t)) => t.as_str(),
    Some(Value::Array(ts)) => ts
      .iter()
      .filter_map(|t| t.as_str())
      .find(|t| *t != "null")
      .unwrap_or("null"),
    _ if obj.contains_key("properties") => "object",
    _ => "",
  };
  match ty {
    "object" => {
      let mut out = Map::new();
      let required: Vec<&str> = obj
        .get("required")
        .and_then(|r| r.as_array())
        .map(|r| r.iter().filter_map(|k| k.as_str()).collect())
        .unwrap_or_default();
      if let Some(props) = obj.get("properties").and_then(|p| p.as_object()) {
        for (k, v) in props {
          if required.contains(&k.as_str()) {
            out.insert(k.clone(), example_for(root, v, depth + 1));
          }
        }
      }
      Value::Object(out)
    }
    "array" => {
      let min = obj.get("minItems").and_then(|m| m.as_u64()).unwrap_or(0);
      match obj.get("items") {
        Some(item) if min > 0 && item.is_object() => {
          Value::Array(vec![example_for(root, item, depth + 1); min.min(3) as usize])
        }
        _ => Value::Array(Vec::new()),
      }
    }
    "string" => Value::String(
      match obj.get("format").and_then(|f| f.as_str()) {
        Some("email") => "user@example.com",
        Some("uri") | Some("url") => "https://example.com",
        Some("date-time") => "2024-01-01T00:00:00Z",
        Some("date") => "2024-01-01",
        Some("uuid") => "00000000-0000-4000-8000-000000000000",
        _ => "text",
      }
      .to_string(),
    ),
    "integer" | "number" => obj.get("minimum").cloned().unwrap_or(json!(0)),
    "boolean" => Value::Bool(false),
    _ => Value::Null,
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn reports_every_violation_with_paths_and_an_example() {
    let schema = json!({
      "type": "object",
      "properties": {
        "city": { "type": "string" },
        "days": { "type": "integer", "minimum": 1 },
        "tags": { "type": "array", "items": { "type": "string" } },
        "units": { "enum": ["c", "f"] }
      },
      "required": ["city", "units"],
      "additionalProperties": false
    });
    let v = InputValidator::compile(&schema).unwrap();
    assert!(v.check(Some(r#"{"city":"Oslo","units":"c"}"#)).is_ok());
    let errs = v
      .check(Some(r#"{"city":42,"days":0,"tags":["a",1],"extra":true}"#))
      .unwrap_err();
    let paths: Vec<&str> = errs.iter().map(|e| e.path.as_str()).collect();
    for expected in ["input.city", "input.days", "input.tags[1]", "input"] {
      assert!(paths.contains(&expected), "{paths:?}");
    }
    assert!(errs.iter().any(|e| e.message.contains("units")), "{errs:?}");
    assert!(errs.len() >= 5, "{errs:?}");
    assert_eq!(v.example, json!({ "city": "text", "units": "c" }));
    // undefined is checked as {}
    assert!(v.check(None).is_err());
  }

  #[test]
  fn examples_follow_refs_and_formats() {
    let schema = json!({
      "$defs": { "Email": { "type": "string", "format": "email" } },
      "type": "object",
      "properties": { "to": { "$ref": "#/$defs/Email" }, "n": { "type": "number", "default": 3 } },
      "required": ["to", "n"]
    });
    assert_eq!(
      example_for(&schema, &schema, 0),
      json!({ "to": "user@example.com", "n": 3 })
    );
  }

  #[test]
  fn paths_quote_keys_that_are_not_identifiers() {
    assert_eq!(js_path(""), "input");
    assert_eq!(js_path("/a-b/0/c~1d"), r#"input["a-b"][0]["c/d"]"#);
  }
}
