//! A [`Shape`] as JSON Schema, for the codegen to print as TypeScript: `type`, `properties`,
//! `required`, `items`, `additionalProperties` and `anyOf` only, never a value (no `enum`,
//! `const`, `default` or `examples`).

use serde_json::{json, Map, Value};

use super::shape::{ObjectShape, Shape};

/// The schema of `shape`; `{}` (any value) for an unknown or empty shape.
pub fn to_schema(shape: &Shape) -> Value {
  if shape.unknown {
    return json!({});
  }
  let mut variants: Vec<Value> = Vec::new();
  if shape.boolean {
    variants.push(json!({ "type": "boolean" }));
  }
  if shape.number {
    variants.push(json!({ "type": "number" }));
  }
  if shape.string {
    variants.push(json!({ "type": "string" }));
  }
  if let Some(elements) = &shape.array {
    variants.push(json!({ "type": "array", "items": to_schema(elements) }));
  }
  if let Some(object) = &shape.object {
    variants.push(object_schema(object));
  }
  if variants.is_empty() {
    // Only `null` (or nothing) was seen.
    return if shape.null {
      json!({ "type": "null" })
    } else {
      json!({})
    };
  }
  if shape.null {
    variants.push(json!({ "type": "null" }));
  }
  match variants.len() {
    1 => variants.remove(0),
    _ => json!({ "anyOf": variants }),
  }
}

fn object_schema(object: &ObjectShape) -> Value {
  match object {
    ObjectShape::Fields { fields, extra, .. } if fields.is_empty() => {
      map_schema(extra.as_ref().unwrap_or(&Shape::unknown()))
    }
    ObjectShape::Fields {
      fields,
      objects,
      extra,
    } => {
      let properties: Map<String, Value> = fields
        .iter()
        .map(|(key, field)| (key.clone(), to_schema(&field.shape)))
        .collect();
      let required: Vec<&String> = fields
        .iter()
        .filter(|(_, field)| field.seen >= *objects)
        .map(|(key, _)| key)
        .collect();
      let mut schema = json!({ "type": "object", "properties": properties });
      if !required.is_empty() {
        schema["required"] = json!(required);
      }
      // Keys that are data: an index signature (the codegen widens it to cover the fields).
      if let Some(extra) = extra {
        schema["additionalProperties"] = to_schema(extra);
      }
      schema
    }
    ObjectShape::Map(values) => map_schema(values),
  }
}

fn map_schema(values: &Shape) -> Value {
  json!({ "type": "object", "additionalProperties": to_schema(values) })
}
