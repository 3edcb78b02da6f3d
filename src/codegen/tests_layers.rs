//! The import rule of `codegen` (see the module doc): a module may `use` only the modules after it
//! in [`ORDER`]; `mod.rs` may use any.

/// Modules from the top down, with their source.
const ORDER: &[(&str, &str)] = &[
  ("refs", include_str!("refs.rs")),
  ("object", include_str!("object.rs")),
  ("array", include_str!("array.rs")),
  ("convert", include_str!("convert.rs")),
  ("pointer", include_str!("pointer.rs")),
  ("names", include_str!("names.rs")),
  ("print", include_str!("print.rs")),
  ("docs", include_str!("docs.rs")),
  ("jsdoc", include_str!("jsdoc.rs")),
  ("literal", include_str!("literal.rs")),
  ("ident", include_str!("ident.rs")),
  ("text", include_str!("text.rs")),
  ("ast", include_str!("ast.rs")),
];

/// The first path segment after every `super::` in code (not comments): `use super::a::B`,
/// `use super::{a::B, c}` and `super::a::f()` give `a`, `a` and `c`, `a`.
fn imports(source: &str) -> Vec<String> {
  let mut out = Vec::new();
  for line in source
    .lines()
    .map(str::trim_start)
    .filter(|l| !l.starts_with("//"))
  {
    for (at, _) in line.match_indices("super::") {
      let rest = &line[at + "super::".len()..];
      let group = rest.strip_prefix('{').map(|g| g.split('}').next().unwrap_or(g));
      let paths: Vec<&str> = match group {
        Some(group) => group.split(',').collect(),
        None => vec![rest],
      };
      for path in paths {
        let head: String = path
          .trim()
          .chars()
          .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '*')
          .collect();
        out.push(head);
      }
    }
  }
  out
}

fn violations(order: &[(&str, &str)]) -> Vec<String> {
  let mut out = Vec::new();
  for (i, (module, source)) in order.iter().enumerate() {
    for head in imports(source) {
      if head == "*" {
        continue; // `use super::*` in a module's own tests
      }
      match order.iter().position(|(m, _)| *m == head) {
        Some(j) if j > i => {}
        Some(_) => out.push(format!("{module} imports {head}, which is above it")),
        None => out.push(format!("{module} imports {head} from mod.rs, the top")),
      }
    }
  }
  out
}

#[test]
fn imports_point_down_the_order() {
  assert_eq!(violations(ORDER), Vec::<String>::new());
}

#[test]
fn an_upward_import_is_caught() {
  let planted = [
    ("literal", "use super::{ast::Ts, ident};\n"),
    ("ident", "use super::literal::literal_type;\n"),
    ("ast", ""),
  ];
  assert_eq!(violations(&planted), ["ident imports literal, which is above it"]);
  let planted = [("text", "fn f() { super::TsScope::new(); }\n")];
  assert_eq!(
    violations(&planted),
    ["text imports TsScope from mod.rs, the top"]
  );
}
