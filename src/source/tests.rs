//! The source step as a table: input → evaluated program output, or the diagnostic.

use super::*;

/// The transformed program without the async-function wrapper.
fn body(code: &str) -> String {
  let p = prepare(code).unwrap_or_else(|e| panic!("{code:?} failed: {}", e.message));
  p.script[WRAPPER_HEAD.len()..p.script.len() - WRAPPER_TAIL.len()]
    .trim()
    .to_string()
}

#[test]
fn forms_and_type_stripping() {
  let table: &[(&str, &str)] = &[
    // script body with return and await
    ("const a = await x();\nreturn a", "const a = await x();\nreturn a;"),
    // last expression statement becomes the result
    ("const a = 1\na + 1", "const a = 1;\nreturn a + 1;"),
    ("1 + 1", "return 1 + 1;"),
    // no rewrite when there is a top-level return anywhere
    ("if (x) { return 1 }\nfoo()", "if (x) {\n\treturn 1;\n}\nfoo();"),
    // a return inside a function does not count
    ("function f() { return 1 }\nf()", "function f() {\n\treturn 1;\n}\nreturn f();"),
    // a lone async arrow / function expression is called
    ("async () => { return 5 }", "return (async () => {\n\treturn 5;\n})();"),
    ("(async function main() { return 5 })", "return (async function main() {\n\treturn 5;\n})();"),
    // export default: value, function (called), and named exports lose `export`
    ("export const a = 2\nexport default a * 2", "const a = 2;\nreturn a * 2;"),
    ("export default async function main() { return 1 }", "return async function main() {\n\treturn 1;\n}();"),
    // TypeScript: interfaces, generics, as, satisfies, non-null, type-only imports
    (
      "interface P { x: number }\nfunction id<T>(v: T): T { return v }\nconst p = { x: 1 } satisfies P\nreturn id<number>(p.x as number)!",
      "function id(v) {\n\treturn v;\n}\nconst p = { x: 1 };\nreturn id(p.x);",
    ),
    ("import type { A } from 'a'\nconst a: A = 1 as any\na", "const a = 1;\nreturn a;"),
    // enums become objects
    ("enum Color { Red, Green }\nColor.Green", "var Color = function(Color) {\n\tColor[Color[\"Red\"] = 0] = \"Red\";\n\tColor[Color[\"Green\"] = 1] = \"Green\";\n\treturn Color;\n}(Color || {});\nreturn Color.Green;"),
    // fences
    ("```ts\nconst a: number = 1\na\n```", "const a = 1;\nreturn a;"),
  ];
  for (input, expected) in table {
    assert_eq!(&body(input), expected, "input: {input:?}");
  }
}

#[test]
fn parameter_properties_are_transformed() {
  let out = body("class P { constructor(public x: number) {} }\nnew P(3).x");
  assert!(out.contains("this.x = x"), "{out}");
  assert!(out.ends_with("return new P(3).x;"), "{out}");
}

#[test]
fn syntax_errors_have_model_positions_and_a_frame() {
  let table: &[(&str, u32, u32, &str)] = &[
    ("const a = 1\nconst b = ;", 2, 11, "> 2 | const b = ;"),
    (
      "```ts\nlet x: number = 1\nlet y = )\n```",
      3,
      9,
      "> 3 | let y = )",
    ),
    ("import fs from 'fs'\nfs.readFileSync('x')", 1, 1, "import"),
  ];
  for (input, line, column, needle) in table {
    let err = prepare(input).unwrap_err();
    assert_eq!(err.code, ErrorCode::SyntaxError, "{input:?}");
    assert_eq!(
      (err.line, err.column),
      (Some(*line), Some(*column)),
      "{input:?}: {}",
      err.message
    );
    assert!(err.message.contains(needle), "{input:?}: {}", err.message);
  }
}

#[test]
fn positions_map_back_through_types_and_fences() {
  let code = "```ts\ninterface A {\n  a: number\n}\ntype B = A\nconst v: B = { a: 1 }\nnull.x\n```";
  let p = prepare(code).unwrap();
  // `null.x` is line 7 of the original; find its generated line in the script.
  let gen_line = p.script.lines().position(|l| l.contains("null.x")).unwrap() as u32 + 1;
  assert_eq!(p.map_position(gen_line, 1), Some((7, 1)));
  assert_eq!(p.model_line(7), Some("null.x"));
}

#[test]
fn strip_types_keeps_code_as_written() {
  assert_eq!(
    strip_types("const a: number = 1\nexport default a")
      .unwrap()
      .trim(),
    "const a = 1;\nexport default a;"
  );
  assert!(strip_types("const = 1").is_err());
}
