//! Tools as Python names: `weather.getWeather` is `weather.get_weather` in a Python program.
//! Names become snake_case identifiers; one that would shadow a Python keyword or builtin (or
//! an earlier tool) gets a `_` suffix. Declarations and the Python runtime use this one mapping.

use std::collections::HashSet;

use super::ToolSpec;

/// Python's keywords and the builtins a program is likely to use: a tool never shadows them.
const RESERVED: &[&str] = &[
  "False",
  "None",
  "True",
  "and",
  "as",
  "assert",
  "async",
  "await",
  "break",
  "class",
  "continue",
  "def",
  "del",
  "elif",
  "else",
  "except",
  "finally",
  "for",
  "from",
  "global",
  "if",
  "import",
  "in",
  "is",
  "lambda",
  "nonlocal",
  "not",
  "or",
  "pass",
  "raise",
  "return",
  "try",
  "while",
  "with",
  "yield",
  "match",
  "case",
  "type",
  "abs",
  "all",
  "any",
  "bool",
  "dict",
  "enumerate",
  "filter",
  "float",
  "format",
  "getattr",
  "hasattr",
  "hash",
  "id",
  "input",
  "int",
  "isinstance",
  "iter",
  "len",
  "list",
  "map",
  "max",
  "min",
  "next",
  "object",
  "open",
  "ord",
  "chr",
  "pow",
  "print",
  "range",
  "repr",
  "reversed",
  "round",
  "set",
  "setattr",
  "slice",
  "sorted",
  "str",
  "sum",
  "super",
  "tuple",
  "zip",
  "asyncio",
  "json",
  "math",
  "re",
  "os",
  "sys",
];

/// `getWeather` → `get_weather`, `get-sum` → `get_sum`, `HTTPGet` → `http_get`, `2fa` → `_2fa`.
pub fn snake_case(name: &str) -> String {
  let chars: Vec<char> = name.chars().collect();
  let mut out = String::new();
  for (i, &c) in chars.iter().enumerate() {
    if c.is_ascii_uppercase() {
      let prev = i.checked_sub(1).map(|p| chars[p]);
      let next = chars.get(i + 1);
      let boundary = prev.is_some_and(|p| p.is_ascii_lowercase() || p.is_ascii_digit())
        || (prev.is_some_and(|p| p.is_ascii_uppercase()) && next.is_some_and(|n| n.is_ascii_lowercase()));
      if boundary && !out.ends_with('_') {
        out.push('_');
      }
      out.push(c.to_ascii_lowercase());
    } else if c.is_ascii_alphanumeric() || c == '_' {
      out.push(c);
    } else if !out.ends_with('_') {
      out.push('_');
    }
  }
  if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
    out.insert(0, '_');
  }
  out
}

/// Python's keywords: never a parameter name.
const KEYWORDS: &[&str] = &[
  "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def",
  "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
  "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
];

/// A keyword argument's name for an input property: the property's own name when it is an
/// identifier (`city`), else snake_case (`x-y` → `x_y`); a keyword gets a `_` (`from_`).
pub fn python_parameter(key: &str) -> String {
  let identifier = !key.is_empty()
    && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    && !key.starts_with(|c: char| c.is_ascii_digit());
  let mut name = if identifier {
    key.to_string()
  } else {
    snake_case(key)
  };
  if KEYWORDS.contains(&name.as_str()) {
    name.push('_');
  }
  name
}

/// A Python call's input with each renamed keyword argument (`x_y=1`, `from_=2`) back under its
/// property's name (`x-y`, `from`), as the tool's schema wants it. Other keys stay as they are.
pub fn restore_input_keys(input: &mut serde_json::Value, schema: Option<&serde_json::Value>) {
  let Some(props) = schema
    .and_then(|s| s.get("properties"))
    .and_then(|p| p.as_object())
  else {
    return;
  };
  let Some(object) = input.as_object_mut() else {
    return;
  };
  for key in props.keys() {
    let param = python_parameter(key);
    if param != *key && !object.contains_key(key) {
      if let Some(value) = object.remove(&param) {
        object.insert(key.clone(), value);
      }
    }
  }
}

/// `base`, or `base_` (then `base_2`, …) when it is reserved or `taken`; joins `taken`.
fn unique(base: String, taken: &mut HashSet<String>) -> String {
  let mut name = base.clone();
  if RESERVED.contains(&name.as_str()) {
    name.push('_');
  }
  let mut n = 2;
  while taken.contains(&name) {
    name = format!("{base}_{n}");
    n += 1;
  }
  taken.insert(name.clone());
  name
}

/// Each tool's Python path, in `specs` order: `get_weather` or `weather.get_weather`.
pub fn python_paths(specs: &[ToolSpec]) -> Vec<String> {
  let mut top = HashSet::new();
  let mut namespaces: Vec<(String, String, HashSet<String>)> = Vec::new();
  // Namespaces first, so that a tool never takes a namespace's name.
  for s in specs {
    if let Some(ns) = &s.namespace {
      if !namespaces.iter().any(|(n, _, _)| n == ns) {
        let python = unique(snake_case(ns), &mut top);
        namespaces.push((ns.clone(), python, HashSet::new()));
      }
    }
  }
  specs
    .iter()
    .map(|s| match &s.namespace {
      None => unique(snake_case(&s.name), &mut top),
      Some(ns) => match namespaces.iter_mut().find(|(n, _, _)| n == ns) {
        Some((_, python_ns, taken)) => format!("{python_ns}.{}", unique(snake_case(&s.name), taken)),
        None => unique(snake_case(&s.name), &mut top), // every namespace was listed above
      },
    })
    .collect()
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn names_become_snake_case_identifiers() {
    assert_eq!(snake_case("getWeather"), "get_weather");
    assert_eq!(snake_case("get-sum"), "get_sum");
    assert_eq!(snake_case("HTTPGet"), "http_get");
    assert_eq!(snake_case("get_weather"), "get_weather");
    assert_eq!(snake_case("2fa"), "_2fa");
    assert_eq!(snake_case("read.file v2"), "read_file_v2");
  }

  #[test]
  fn parameters_are_identifiers_and_map_back_to_their_properties() {
    assert_eq!(python_parameter("city"), "city");
    assert_eq!(python_parameter("x-y"), "x_y");
    assert_eq!(python_parameter("from"), "from_");
    assert_eq!(python_parameter("maxResults"), "maxResults"); // already an identifier
    let schema = serde_json::json!({"properties": {"x-y": {}, "from": {}, "city": {}}});
    let mut input = serde_json::json!({"x_y": 1, "from_": 2, "city": "Oslo", "other": 3});
    restore_input_keys(&mut input, Some(&schema));
    assert_eq!(
      input,
      serde_json::json!({"city": "Oslo", "other": 3, "x-y": 1, "from": 2})
    );
  }

  #[test]
  fn reserved_and_duplicate_names_get_a_suffix() {
    let specs = vec![
      ToolSpec::named(None, "print"),
      ToolSpec::named(None, "getWeather"),
      ToolSpec::named(None, "get_weather"),
      ToolSpec::named(Some("weather"), "getForecast"),
      ToolSpec::named(Some("weather"), "list"),
      ToolSpec::named(None, "weather"),
    ];
    assert_eq!(
      python_paths(&specs),
      vec![
        "print_",
        "get_weather",
        "get_weather_2",
        "weather.get_forecast",
        "weather.list_",
        "weather_2"
      ]
    );
  }
}
