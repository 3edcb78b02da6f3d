//! JSON values to Python objects and back: what crosses the boundary is JSON, as for JS runs.

use monty_types::MontyObject;
use serde_json::{Map, Number, Value};

/// A JSON value as a Python object: objects become dicts, arrays lists, integers `int`.
pub fn to_python(value: &Value) -> MontyObject {
  match value {
    Value::Null => MontyObject::None,
    Value::Bool(b) => MontyObject::Bool(*b),
    Value::Number(n) => match (n.as_i64(), n.as_u64()) {
      (Some(i), _) => MontyObject::Int(i),
      (None, Some(u)) => MontyObject::BigInt(num_bigint::BigInt::from(u)),
      _ => MontyObject::Float(n.as_f64().unwrap_or(f64::NAN)),
    },
    Value::String(s) => MontyObject::String(s.clone()),
    Value::Array(items) => MontyObject::List(items.iter().map(to_python).collect()),
    Value::Object(map) => MontyObject::dict(
      map
        .iter()
        .map(|(k, v)| (MontyObject::String(k.clone()), to_python(v)))
        .collect::<Vec<_>>(),
    ),
  }
}

/// A Python object as JSON: tuples and sets become arrays, dict keys strings, an integer past
/// 64 bits a decimal string, NaN/inf `null`; anything else its `repr`.
pub fn to_json(object: &MontyObject) -> Value {
  match object {
    MontyObject::None | MontyObject::Ellipsis | MontyObject::NotImplemented => Value::Null,
    MontyObject::Bool(b) => Value::Bool(*b),
    MontyObject::Int(i) => Value::from(*i),
    MontyObject::BigInt(big) => Value::String(big.to_string()),
    MontyObject::Float(f) => Number::from_f64(*f).map_or(Value::Null, Value::Number),
    MontyObject::String(s) | MontyObject::Path(s) => Value::String(s.clone()),
    MontyObject::Bytes(b) => Value::String(String::from_utf8_lossy(b).into_owned()),
    MontyObject::List(items)
    | MontyObject::Tuple(items)
    | MontyObject::Set(items)
    | MontyObject::FrozenSet(items) => Value::Array(items.iter().map(to_json).collect()),
    MontyObject::NamedTuple {
      field_names, values, ..
    } => Value::Object(
      field_names
        .iter()
        .zip(values)
        .map(|(k, v)| (k.clone(), to_json(v)))
        .collect(),
    ),
    MontyObject::Dict(pairs) => {
      let mut map = Map::new();
      for (k, v) in pairs {
        map.insert(key_text(k), to_json(v));
      }
      Value::Object(map)
    }
    MontyObject::ClassInstance(instance) => {
      let mut map = Map::new();
      for (k, v) in &instance.attrs {
        map.insert(key_text(k), to_json(v));
      }
      Value::Object(map)
    }
    other => Value::String(other.to_string()),
  }
}

fn key_text(key: &MontyObject) -> String {
  match key {
    MontyObject::String(s) => s.clone(),
    other => match to_json(other) {
      Value::String(s) => s,
      v => v.to_string(),
    },
  }
}

/// A tool's input from a Python call: keyword arguments, or one dict (or any one value), or
/// both merged (keywords win). `Err` is the `TypeError` message for any other shape.
pub fn tool_input(
  name: &str,
  args: &[MontyObject],
  kwargs: &[(MontyObject, MontyObject)],
) -> Result<Value, String> {
  let positional = match args {
    [] => None,
    [one] => Some(to_json(one)),
    _ => {
      return Err(format!(
        "{name}() takes keyword arguments ({name}(city=\"Oslo\")) or one dict ({name}({{\"city\": \"Oslo\"}})), not {} positional arguments",
        args.len()
      ))
    }
  };
  if kwargs.is_empty() {
    return Ok(positional.unwrap_or(Value::Null));
  }
  let mut map = match positional {
    None => Map::new(),
    Some(Value::Object(map)) => map,
    Some(_) => {
      return Err(format!(
        "{name}() takes keyword arguments or one dict; a positional value that is not a dict cannot be combined with keywords"
      ))
    }
  };
  for (k, v) in kwargs {
    map.insert(key_text(k), to_json(v));
  }
  Ok(Value::Object(map))
}

#[cfg(test)]
mod tests {
  use super::*;
  use serde_json::json;

  #[test]
  fn json_round_trips_through_python_objects() {
    let value = json!({"a": [1, 2.5, "x", null, true], "b": {"c": -3}, "big": 18446744073709551615u64});
    let back = to_json(&to_python(&value));
    assert_eq!(back["a"], json!([1, 2.5, "x", null, true]));
    assert_eq!(back["b"], json!({"c": -3}));
    assert_eq!(back["big"], json!("18446744073709551615"));
  }

  #[test]
  fn inputs_are_kwargs_a_dict_or_both() {
    let s = |t: &str| MontyObject::String(t.into());
    let kwargs = vec![(s("city"), s("Oslo"))];
    assert_eq!(tool_input("f", &[], &kwargs).unwrap(), json!({"city": "Oslo"}));
    let dict = MontyObject::dict(vec![(s("city"), s("Bergen")), (s("days"), MontyObject::Int(2))]);
    assert_eq!(
      tool_input("f", std::slice::from_ref(&dict), &[]).unwrap(),
      json!({"city": "Bergen", "days": 2})
    );
    assert_eq!(
      tool_input("f", &[dict], &kwargs).unwrap(),
      json!({"city": "Oslo", "days": 2})
    );
    assert_eq!(tool_input("f", &[], &[]).unwrap(), Value::Null);
    assert!(tool_input("f", &[s("a"), s("b")], &[])
      .unwrap_err()
      .contains("2 positional"));
    assert!(tool_input("f", &[s("a")], &kwargs).is_err());
  }
}
