//! `source::prepare` and `source::strip_types` on TypeScript-ish text: they must never panic,
//! must return in reasonable time (the driver flags slow inputs), and a prepared script's
//! positions must map back without panicking.

use std::sync::atomic::{AtomicU64, Ordering};

use quickjs_codemode::source;

use crate::entropy::{Entropy, Rng};
use crate::Target;

pub const TARGET: Target = Target {
  name: "source",
  run,
  generate,
  dict: DICT,
  // oxc's parse time grows with the square of a `return Array<Array<...` chain's depth (see
  // OPEN below); at 16 KiB an input stays under ~2 s, so the target can look for other bugs.
  max_len: 16 << 10,
  fresh_percent: 30,
  stats,
};

static PREPARED: AtomicU64 = AtomicU64::new(0);
static SYNTAX_ERRORS: AtomicU64 = AtomicU64::new(0);

fn run(input: &[u8]) {
  let code = crate::text(input);
  match source::prepare(&code) {
    Ok(prepared) => {
      PREPARED.fetch_add(1, Ordering::Relaxed);
      assert!(prepared.script.starts_with("(async function () {\n"));
      // Map every position QuickJS could report (lines and columns within the script).
      for (i, line) in prepared.script.lines().enumerate().take(200) {
        let line_no = i as u32 + 1;
        for column in [
          1,
          2,
          line.len() as u32,
          line.len() as u32 + 1,
          line.len() as u32 * 4,
        ] {
          if let Some((l, _)) = prepared.map_position(line_no, column) {
            let _ = prepared.model_line(l);
          }
        }
      }
    }
    Err(e) => {
      SYNTAX_ERRORS.fetch_add(1, Ordering::Relaxed);
      assert!(!e.message.is_empty(), "an error without a message for {code:?}");
    }
  }
  // The same code as a session run (the REPL rewrite of top-level declarations) and with imports
  // resolved against no tools: errors are fine, panics are not.
  let session = source::Target {
    tools: &source::NoTools,
    session: true,
  };
  if let Err(e) = source::prepare_for(&code, session) {
    assert!(!e.message.is_empty(), "a session error without a message for {code:?}");
  }
  let _ = source::strip_types(&code);
}

fn stats() -> String {
  format!(
    "prepared={} syntax_errors={}",
    PREPARED.load(Ordering::Relaxed),
    SYNTAX_ERRORS.load(Ordering::Relaxed)
  )
}

const DICT: &[&str] = &[
  "import * as m from './servers/m'\n",
  "import { a, b as c } from '@codemode/servers/x'\n",
  "const { a, b: [c = 1, ...d], ...e } = ",
  "let ",
  "var ",
  "```",
  "```ts\n",
  "```js\n",
  "```typescript\n",
  "\n```",
  "~~~",
  "await ",
  "async ",
  "return ",
  "=> ",
  "function ",
  "class ",
  "interface ",
  "type ",
  "enum ",
  "namespace ",
  "declare ",
  "abstract ",
  "as ",
  "as const",
  "satisfies ",
  "!",
  "?.",
  "??",
  "<T>",
  "<T extends object = {}>",
  ": number",
  ": string[]",
  "readonly ",
  "private ",
  "public ",
  "import ",
  "import type ",
  "export ",
  "export default ",
  "from ",
  "${",
  "`",
  "/*",
  "*/",
  "//",
  "#!",
  "@dec ",
  "keyof ",
  "typeof ",
  "infer ",
  "unique symbol",
  "\u{2028}",
  "\u{feff}",
  "\u{200b}",
  "\u{1f600}",
  "é",
  "中",
  "\r\n",
  "\0",
  "tools.",
  "console.log(",
  "yield ",
  "using ",
  "accessor ",
  "override ",
  "<div>",
  "</div>",
  "<>",
  "0n",
  "1_000",
  "0x",
  "/re/gu",
];

const SNIPPETS: &[&str] = &[
  "const x = 1",
  "let y: number = x + 2",
  "const r = await tools.search({ query: 'q' })",
  "for (const item of items) { total += item.price }",
  "if (a) { b() } else { c() }",
  "try { await f() } catch (e) { console.log(e) } finally { done() }",
  "function f<T>(v: T): T { return v }",
  "const g = async (a: string, b?: number) => a.repeat(b ?? 1)",
  "interface User { id: string; name?: string }",
  "type Pair<A, B> = [A, B]",
  "enum E { A = 1, B, C = 'c' }",
  "class C<T> { private x: T; constructor(public y: number) { this.x = null! } }",
  "return { ok: true, n: items.length }",
  "const m = new Map<string, number[]>()",
  "await Promise.all(ids.map((id) => tools.get({ id })))",
  "const s = `a ${b} c ${`d ${e}`}`",
  "export default async function main() { return 1 }",
  "label: for (;;) { break label }",
  "const { a, ...rest } = obj as Record<string, unknown>",
  "x satisfies Y",
  "declare const z: any",
  "namespace N { export const v = 1 }",
  "abstract class A { abstract m(): void }",
  "const re = /[a-z]+/giu",
  "// comment\n",
  "/* block */",
  "a?.b?.[c]?.(d)",
  "new.target",
  "import.meta",
  "yield* g()",
  "let v = <number>w",
  "const big = 123n ** 4n",
];

const OPENERS: &[(&str, &str)] = &[
  ("(", ")"),
  ("[", "]"),
  ("{", "}"),
  ("`${", "}`"),
  ("a => ", ""),
  ("!", ""),
  ("-", ""),
  ("f(", ")"),
  ("Array<", ">"),
  ("if (x) {", "}"),
  ("(async () => {", "})()"),
  ("<T,>(", ") => 0"),
  ("x ? ", " : y"),
];

// OPEN: `return ` + `Array<` x N + `1` takes time quadratic in N in oxc's parser (type-argument
// speculation: each `<` after an identifier tries the rest of the input as type arguments,
// fails, and rewinds): N = 4,000 ~ 4 s, 6,268 ~ 11 s, 10,653 > 60 s; `maxSourceBytes`
// (256 KiB) allows N ~ 43,000. Runs are still ended by the watchdog (the engine thread stays
// busy until the parse ends); `stripTypes` has no deadline.

fn generate(rng: &mut Rng) -> Vec<u8> {
  let mut out = String::new();
  if rng.chance(1, 4) {
    out.push_str(rng.pick(&["```ts\n", "```\n", "```typescript\n", "```js\n", "Here:\n```ts\n"]));
  }
  match rng.below(4) {
    0 => {
      for _ in 0..rng.range(1, 40) {
        out.push_str(rng.pick(DICT));
        if rng.chance(1, 2) {
          out.push(' ');
        }
      }
    }
    1 => {
      let (open, close) = rng.pick(OPENERS);
      let depth = 1 + rng.skewed(15);
      out.push_str("return ");
      out.push_str(&open.repeat(depth));
      out.push('1');
      if rng.chance(3, 4) {
        out.push_str(&close.repeat(depth));
      }
    }
    2 => {
      for _ in 0..rng.range(1, 400) {
        let c = match rng.below(10) {
          0..=5 => rng.range(32, 126) as u32,
          6 => rng.range(0, 31) as u32,
          7 => rng.range(0xa0, 0x3000) as u32,
          8 => rng.range(0x1f300, 0x1f64f) as u32,
          _ => rng.pick(&[0x2028, 0x2029, 0xfeff, 0x200b, 0x85, 0xd7ff, 0xe000, 0x10ffff]),
        };
        out.push(char::from_u32(c).unwrap_or('?'));
      }
    }
    _ => {
      for _ in 0..rng.range(1, 12) {
        out.push_str(rng.pick(SNIPPETS));
        out.push_str(rng.pick(&["\n", ";", "\r\n", " ", ";\n\n"]));
      }
    }
  }
  if out.starts_with("```") || out.starts_with("Here") {
    out.push_str(rng.pick(&["\n```", "\n```\nMore text", "", "\n```\n```ts\nx\n```"]));
  }
  let mut bytes = out.into_bytes();
  bytes.truncate(TARGET.max_len);
  bytes
}
