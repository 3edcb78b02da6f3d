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
    // a top-level `for await` (valid in a module, and in the async function the program runs in)
    ("for await (const x of xs) f(x)", "for await (const x of xs) f(x);"),
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
    (
      "import fs from 'fs'\nfs.readFileSync('x')",
      1,
      16,
      "Cannot import 'fs'",
    ),
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

/// The transformed program for `target`, without the wrapper.
fn body_for(code: &str, tools: &dyn ToolModules, session: bool) -> String {
  let p =
    prepare_for(code, Target { tools, session }).unwrap_or_else(|e| panic!("{code:?} failed: {}", e.message));
  let (head, tail) = if session {
    (SESSION_WRAPPER_HEAD, SESSION_WRAPPER_TAIL)
  } else {
    (WRAPPER_HEAD, WRAPPER_TAIL)
  };
  assert!(
    p.script.starts_with(head) && p.script.ends_with(tail),
    "{}",
    p.script
  );
  p.script[head.len()..p.script.len() - tail.len()]
    .trim()
    .to_string()
}

#[test]
fn programs_that_only_declare_functions_call_their_entry() {
  let table: &[(&str, bool, &str)] = &[
    // a lone declaration, named anything, is called in a one-shot run but kept in a session
    ("async function run() { return 5 }", false, "async function run() {\n\treturn 5;\n}\nreturn run();"),
    ("```ts\nasync function go(): Promise<number> { return 5 }\n```", false, "async function go() {\n\treturn 5;\n}\nreturn go();"),
    ("function run() { return 5 }", true, "__codemode_repl.declare(\"run\");\nrun = function run() {\n\treturn 5;\n};"),
    // `main` among helpers and constants is the entry, in sessions too
    (
      "const K = 1\nfunction helper() { return K }\nasync function main() { return helper() }",
      false,
      "const K = 1;\nfunction helper() {\n\treturn K;\n}\nasync function main() {\n\treturn helper();\n}\nreturn main();",
    ),
    ("async function main() { return 5 }", true, "__codemode_repl.declare(\"main\");\nmain = async function main() {\n\treturn 5;\n};\nreturn main();"),
    // two functions, neither `main`: nothing is guessed
    ("function a() {}\nfunction b() {}", false, "function a() {}\nfunction b() {}"),
    // a lone function after statements with effects is not called
    ("const r = f()\nfunction g() {}", false, "const r = f();\nfunction g() {}"),
    // a trailing function expression after helpers is called
    ("function h() { return 2 }\nasync () => h() * 2", false, "function h() {\n\treturn 2;\n}\nreturn (async () => h() * 2)();"),
  ];
  for (input, session, expected) in table {
    assert_eq!(
      &body_for(input, &NoTools, *session),
      expected,
      "input: {input:?} session: {session}"
    );
  }
}

#[test]
fn session_declarations_become_scope_properties() {
  let code = "const { a, b: [c = 1, ...d], ...e } = x\nlet y, z = 2\nvar w\nclass K {}\nfor (let i = 0; i < 2; i++) {}\nfunction f() { return a }\nf()";
  let expected = [
    "__codemode_repl.declare(\"f\");",
    "f = function f() {\n\treturn a;\n};",
    "__codemode_repl.declare(\"a\", \"c\", \"d\", \"e\");",
    "({a, b: [c = 1, ...d], ...e} = x);",
    "__codemode_repl.seal(\"a\", \"c\", \"d\", \"e\");",
    "__codemode_repl.declare(\"y\");\ny = void 0;",
    "__codemode_repl.declare(\"z\");\nz = 2;",
    "__codemode_repl.declare(\"w\");",
    "__codemode_repl.declare(\"K\");\nK = class K {};",
    "for (let i = 0; i < 2; i++) {}",
    "return f();",
  ]
  .join("\n");
  assert_eq!(body_for(code, &NoTools, true), expected);
  // The wrapper's parameter is the name the rewrite uses.
  assert!(SESSION_WRAPPER_HEAD.contains(&format!("({})", repl::REPL)));
  let err = prepare_for(
    "const __codemode_repl = 1",
    Target {
      tools: &NoTools,
      session: true,
    },
  )
  .unwrap_err();
  assert!(err.message.contains("reserved"), "{}", err.message);
}

#[test]
fn session_positions_map_to_the_model_lines() {
  let code = "```ts\nconst a: number = 1\nlet o: any = null\no.x\n```";
  let p = prepare_for(
    code,
    Target {
      tools: &NoTools,
      session: true,
    },
  )
  .unwrap();
  let gen_line = p.script.lines().position(|l| l.contains("o.x")).unwrap() as u32 + 1;
  let col = p
    .script
    .lines()
    .nth(gen_line as usize - 1)
    .unwrap()
    .find("o.x")
    .unwrap() as u32
    + 1;
  assert_eq!(p.map_position(gen_line, col), Some((4, 1)));
}

/// Namespaces `math` (tools `add`, `get-sum`) and `google-drive` (`getDocument`), and `echo`
/// outside any namespace; names match exactly or ignoring case and separators.
struct FakeTools;

impl FakeTools {
  fn pick(all: &[&str], wanted: &str) -> Result<String, Vec<String>> {
    let loose = |s: &str| s.replace(['-', '_'], "").to_lowercase();
    all
      .iter()
      .find(|n| **n == wanted || loose(n) == loose(wanted))
      .map(|n| n.to_string())
      .ok_or_else(|| all.iter().map(|n| n.to_string()).collect())
  }
}

impl ToolModules for FakeTools {
  fn namespace(&self, wanted: &str) -> Result<String, Vec<String>> {
    FakeTools::pick(&["math", "google-drive"], wanted)
  }
  fn tool(&self, namespace: Option<&str>, wanted: &str) -> Result<String, Vec<String>> {
    match namespace {
      Some("math") => FakeTools::pick(&["add", "get-sum"], wanted),
      Some("google-drive") => FakeTools::pick(&["getDocument"], wanted),
      None => FakeTools::pick(&["echo"], wanted),
      Some(_) => Err(Vec::new()),
    }
  }
}

#[test]
fn imports_of_tool_modules_bind_what_the_guest_has() {
  let table: &[(&str, &str)] = &[
    ("import * as gdrive from './servers/google-drive'\ngdrive", "const gdrive = globalThis.tools[\"google-drive\"];\nreturn gdrive;"),
    ("import * as m from './servers/math/index.ts'\nm", "const m = globalThis.tools.math;\nreturn m;"),
    ("import m from '@codemode/servers/math'\nm", "const m = globalThis.tools.math;\nreturn m;"),
    ("import { add, getSum as s } from './servers/math'\n[add, s]", "const add = globalThis.tools.math.add, s = globalThis.tools.math[\"get-sum\"];\nreturn [add, s];"),
    ("import { getSum } from './servers/math/get-sum.ts'\ngetSum", "const getSum = globalThis.tools.math[\"get-sum\"];\nreturn getSum;"),
    ("import { getDocument } from './servers/google_drive/getDocument'\ngetDocument", "const getDocument = globalThis.tools[\"google-drive\"].getDocument;\nreturn getDocument;"),
    ("import run from './servers/math/add.js'\nrun", "const run = globalThis.tools.math.add;\nreturn run;"),
    ("import { echo } from './servers/echo'\necho", "const echo = globalThis.tools.echo;\nreturn echo;"),
    ("import { math } from './servers'\nmath", "const math = globalThis.tools.math;\nreturn math;"),
    ("import { searchTools } from '@codemode/discovery'\nsearchTools", "const searchTools = globalThis.codemode.searchTools;\nreturn searchTools;"),
    ("import * as d from '@codemode/discovery'\nd", "const d = globalThis.codemode;\nreturn d;"),
    ("import { ToolError, ToolCallError } from '@codemode/errors'\n[ToolError, ToolCallError]", "const ToolError = globalThis.ToolError, ToolCallError = globalThis.ToolError;\nreturn [ToolError, ToolCallError];"),
    // imports are hoisted above the code, as in a module; side-effect imports bind nothing
    ("const a = 1\nimport * as m from './servers/math'\nimport './servers/math'\nm", "const m = globalThis.tools.math;\nconst a = 1;\nreturn m;"),
    // an import nothing uses is bound all the same (a later session run may use it); one used
    // only as a type disappears with the types
    ("import { add } from './servers/math'\n1", "const add = globalThis.tools.math.add;\nreturn 1;"),
    ("import { add, Input } from './servers/math'\nconst i: Input = 1\nadd(i)", "const add = globalThis.tools.math.add;\nconst i = 1;\nreturn add(i);"),
    ("import type { Doc } from './servers/google-drive/getDocument'\nconst d: Doc = 1\nd", "const d = 1;\nreturn d;"),
    ("import { Options } from 'some-library'\nconst o: Options = 1\no", "const o = 1;\nreturn o;"),
  ];
  for (input, expected) in table {
    assert_eq!(&body_for(input, &FakeTools, false), expected, "input: {input:?}");
  }
}

#[test]
fn imports_of_what_does_not_exist_are_syntax_errors_that_name_what_does() {
  let table: &[(&str, (u32, u32), &str, &str)] = &[
    (
      "// post\nimport * as s from './servers/slack'\nawait s.post({})",
      (2, 20),
      "Cannot import './servers/slack': there is no tool namespace \"slack\"; the namespaces are: math, google-drive; the tools outside any namespace are: echo",
      "import * as math from './servers/math'",
    ),
    (
      "import { mul } from './servers/math'\nmul()",
      (1, 10),
      "Cannot import './servers/math': namespace \"math\" has no tool \"mul\"; its tools are: add, get-sum",
      "codemode.searchTools(\"mul\")",
    ),
    (
      "import { mul } from './servers/math/mul'\nmul()",
      (1, 21),
      "namespace \"math\" has no tool \"mul\"",
      "searchTools",
    ),
    (
      "import { sub } from './servers/math/add'\nsub()",
      (1, 10),
      "Cannot import 'sub' from './servers/math/add': the module exports the tool `add` (as `add`) and `default`",
      "Import one of the names",
    ),
    ("import { nope } from '@codemode/errors'\nnope", (1, 10), "ToolError, ToolInputError", "Import one of the names"),
    ("import x from 'lodash'\nx", (1, 15), "Cannot import 'lodash'", "global `tools` object"),
    ("import { mul } from './servers/math'", (1, 10), "has no tool \"mul\"", "searchTools"),
  ];
  for (input, (line, column), message, hint) in table {
    let err = prepare_for(
      input,
      Target {
        tools: &FakeTools,
        session: false,
      },
    )
    .unwrap_err();
    assert_eq!(err.code, ErrorCode::SyntaxError, "{input:?}");
    assert_eq!(
      (err.line, err.column),
      (Some(*line), Some(*column)),
      "{input:?}: {}",
      err.message
    );
    assert!(err.message.contains(message), "{input:?}: {}", err.message);
    assert!(err.hint.contains(hint), "{input:?}: {}", err.hint);
  }
}
