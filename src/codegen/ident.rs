//! Names in generated TypeScript: property keys, identifiers and type-alias names.
//!
//! Identifiers are checked against the ASCII identifier grammar only; a name with any other
//! character is quoted (a property key) or sanitised (a type name). That is always valid and
//! avoids guessing at Unicode `ID_Start`/`ID_Continue` tables.

use super::text::string_literal;

/// Words that cannot be a binding name in strict-mode module code (ES2023 reserved words, the
/// strict-mode future reserved words, and `arguments`/`eval`, which strict code cannot bind).
const RESERVED_WORDS: &[&str] = &[
  "arguments",
  "await",
  "break",
  "case",
  "catch",
  "class",
  "const",
  "continue",
  "debugger",
  "default",
  "delete",
  "do",
  "else",
  "enum",
  "eval",
  "export",
  "extends",
  "false",
  "finally",
  "for",
  "function",
  "if",
  "implements",
  "import",
  "in",
  "instanceof",
  "interface",
  "let",
  "new",
  "null",
  "package",
  "private",
  "protected",
  "public",
  "return",
  "static",
  "super",
  "switch",
  "this",
  "throw",
  "true",
  "try",
  "typeof",
  "var",
  "void",
  "while",
  "with",
  "yield",
];

/// Global type names that a generated top-level `type` alias must not collide with: TypeScript's
/// ES lib, the guest's own globals, and the DOM / Node interfaces most likely to be definition
/// names (`Node`, `File`, `Event`, `Request`...), since `tsc` includes the DOM lib by default.
const GLOBAL_TYPE_NAMES: &[&str] = &[
  "AbortController",
  "AbortSignal",
  "Animation",
  "Array",
  "ArrayBuffer",
  "ArrayLike",
  "AsyncGenerator",
  "AsyncIterable",
  "AsyncIterator",
  "Attr",
  "Awaited",
  "BigInt",
  "Blob",
  "Body",
  "Boolean",
  "Buffer",
  "Cache",
  "Capitalize",
  "Client",
  "Clipboard",
  "Comment",
  "Console",
  "ConstructorParameters",
  "Credential",
  "Crypto",
  "CryptoKey",
  "DataView",
  "Date",
  "Document",
  "Element",
  "Error",
  "EvalError",
  "Event",
  "EventTarget",
  "Exclude",
  "Extract",
  "File",
  "FileList",
  "Float32Array",
  "Float64Array",
  "FormData",
  "Function",
  "Generator",
  "Headers",
  "Highlight",
  "History",
  "InstanceType",
  "Int16Array",
  "Int32Array",
  "Int8Array",
  "Intl",
  "Iterable",
  "IterableIterator",
  "Iterator",
  "JSON",
  "Location",
  "Lock",
  "Lowercase",
  "Map",
  "Math",
  "Navigator",
  "NoInfer",
  "Node",
  "NodeList",
  "NonNullable",
  "Notification",
  "Number",
  "Object",
  "Omit",
  "OmitThisParameter",
  "Parameters",
  "Partial",
  "Performance",
  "Pick",
  "Plugin",
  "Promise",
  "PromiseLike",
  "PropertyKey",
  "Proxy",
  "Range",
  "RangeError",
  "ReadableStream",
  "Readonly",
  "ReadonlyArray",
  "ReadonlyMap",
  "ReadonlySet",
  "Record",
  "ReferenceError",
  "Reflect",
  "RegExp",
  "Report",
  "Request",
  "Required",
  "Response",
  "ReturnType",
  "Screen",
  "Selection",
  "Set",
  "Storage",
  "String",
  "Symbol",
  "SyntaxError",
  "Text",
  "TextDecoder",
  "TextEncoder",
  "ThisParameterType",
  "ThisType",
  "ToolError",
  "ToolInputError",
  "Touch",
  "TransformStream",
  "TypeError",
  "URIError",
  "URL",
  "URLSearchParams",
  "Uint16Array",
  "Uint32Array",
  "Uint8Array",
  "Uint8ClampedArray",
  "Uncapitalize",
  "Uppercase",
  "WeakMap",
  "WeakRef",
  "WeakSet",
  "WebSocket",
  "Window",
  "Worker",
  "WritableStream",
  "XMLDocument",
];

/// Whether `name` matches the identifier grammar (`[A-Za-z_$][A-Za-z0-9_$]*`), reserved words
/// included: such a name can follow a `.` and be a bare property key.
pub fn is_identifier_name(name: &str) -> bool {
  let mut chars = name.chars();
  match chars.next() {
    Some(c) if c.is_ascii_alphabetic() || c == '_' || c == '$' => {}
    _ => return false,
  }
  chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}

/// Whether `name` can be used as a binding (a variable or parameter name) in strict code: an
/// identifier name that is not a reserved word, nor `arguments`/`eval`.
///
/// ```
/// use quickjs_codemode::codegen::is_identifier;
/// assert!(is_identifier("getWeather"));
/// assert!(!is_identifier("get-sum") && !is_identifier("enum") && !is_identifier("2x"));
/// ```
pub fn is_identifier(name: &str) -> bool {
  is_identifier_name(name) && !RESERVED_WORDS.contains(&name)
}

/// A property key for a TypeScript object type: the bare name when it is an identifier name
/// (reserved words are valid property names), otherwise a quoted, escaped string.
///
/// ```
/// use quickjs_codemode::codegen::property_key;
/// assert_eq!(property_key("city"), "city");
/// assert_eq!(property_key("get-sum"), "\"get-sum\"");
/// assert_eq!(property_key(""), "\"\"");
/// ```
pub fn property_key(name: &str) -> String {
  if is_identifier_name(name) {
    name.to_string()
  } else {
    string_literal(name)
  }
}

/// A PascalCase type name made from any text: words split at non-alphanumeric characters (and
/// non-ASCII characters), each word's first letter upper-cased, the rest kept (`user_profile`
/// and `user-profile` → `UserProfile`, `userProfile` → `UserProfile`). A name that would start
/// with a digit gets a `Type` prefix; an empty result is `Type`.
pub fn type_name(raw: &str) -> String {
  let mut out = String::new();
  for word in raw.split(|c: char| !c.is_ascii_alphanumeric()) {
    let mut chars = word.chars();
    if let Some(first) = chars.next() {
      out.push(first.to_ascii_uppercase());
      out.extend(chars);
    }
  }
  if out.is_empty() {
    return "Type".to_string();
  }
  if out.starts_with(|c: char| c.is_ascii_digit()) {
    out.insert_str(0, "Type");
  }
  out
}

/// Names of TypeScript's own types, which a type alias must not take.
const TYPE_KEYWORDS: &[&str] = &[
  "any",
  "bigint",
  "boolean",
  "intrinsic",
  "never",
  "number",
  "object",
  "string",
  "symbol",
  "undefined",
  "unknown",
];

/// Whether a top-level type alias named `name` would clash with a global or built-in type.
pub(crate) fn is_global_type_name(name: &str) -> bool {
  GLOBAL_TYPE_NAMES.contains(&name) || TYPE_KEYWORDS.contains(&name)
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn identifiers() {
    for ok in ["a", "_", "$", "getWeather", "a1", "$ref", "_private", "A_B$9"] {
      assert!(is_identifier(ok), "{ok}");
    }
    for bad in [
      "",
      "2x",
      "a b",
      "get-sum",
      "a.b",
      "é",
      "naïve",
      "enum",
      "eval",
      "arguments",
      "class",
    ] {
      assert!(!is_identifier(bad), "{bad}");
    }
    assert!(is_identifier_name("class") && is_identifier_name("new"));
  }

  #[test]
  fn property_keys() {
    let cases = [
      ("city", "city"),
      ("default", "default"),
      ("new", "new"),
      ("get-sum", "\"get-sum\""),
      ("2x", "\"2x\""),
      ("a b", "\"a b\""),
      ("", "\"\""),
      ("x\"y", "\"x\\\"y\""),
      ("back\\slash", "\"back\\\\slash\""),
      ("line\nbreak", "\"line\\nbreak\""),
      ("a\u{2028}b", "\"a\\u2028b\""),
      ("名前", "\"名前\""),
    ];
    for (name, want) in cases {
      assert_eq!(property_key(name), want, "{name}");
    }
  }

  #[test]
  fn type_names() {
    let cases = [
      ("user_profile", "UserProfile"),
      ("user-profile", "UserProfile"),
      ("userProfile", "UserProfile"),
      ("HTTPServer", "HTTPServer"),
      ("Page_User_", "PageUser"),
      ("__schema0", "Schema0"),
      ("2fa", "Type2fa"),
      ("", "Type"),
      ("---", "Type"),
      ("Größe", "GrE"),
      ("a b c", "ABC"),
    ];
    for (raw, want) in cases {
      assert_eq!(type_name(raw), want, "{raw}");
    }
  }
}
