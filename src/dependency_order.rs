//! The dependency rule, checked: a top-level module may use only the modules listed after it in
//! `lib.rs` (ARCHITECTURE.md, "Dependency order"). Every `crate::<module>` path in code (comments
//! aside) counts, including `use crate::{a, b}` groups.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The top-level modules in `lib.rs` order.
fn module_order(lib_rs: &str) -> Vec<String> {
  lib_rs
    .lines()
    .filter_map(|l| l.trim().strip_prefix("pub mod "))
    .map(|rest| rest.trim_end_matches(';').trim().to_string())
    .collect()
}

/// The top-level modules a source text names through `crate::`.
fn crate_references(source: &str) -> BTreeSet<String> {
  let mut found = BTreeSet::new();
  for line in source.lines() {
    let code = line.trim_start();
    if code.starts_with("//") {
      continue;
    }
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
      rest = &rest[at + "crate::".len()..];
      if let Some(group) = rest.strip_prefix('{') {
        let end = group.find('}').unwrap_or(group.len());
        for item in group[..end].split(',') {
          if let Some(name) = leading_identifier(item.trim()) {
            found.insert(name);
          }
        }
      } else if let Some(name) = leading_identifier(rest) {
        found.insert(name);
      }
    }
  }
  found
}

fn leading_identifier(text: &str) -> Option<String> {
  let name: String = text
    .chars()
    .take_while(|c| c.is_alphanumeric() || *c == '_')
    .collect();
  (!name.is_empty()).then_some(name)
}

fn rust_files(path: &Path, out: &mut Vec<PathBuf>) {
  if path.is_dir() {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
      .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
      .unwrap_or_default();
    entries.sort();
    for e in entries {
      rust_files(&e, out);
    }
  } else if path.extension().is_some_and(|e| e == "rs") {
    out.push(path.to_path_buf());
  }
}

/// Every `(module, file, used module)` that breaks the order.
fn violations(src: &Path) -> Vec<(String, PathBuf, String)> {
  let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap_or_default();
  let order = module_order(&lib);
  let mut out = Vec::new();
  for (rank, module) in order.iter().enumerate() {
    let mut files = Vec::new();
    rust_files(&src.join(module), &mut files);
    rust_files(&src.join(format!("{module}.rs")), &mut files);
    for file in files {
      let text = std::fs::read_to_string(&file).unwrap_or_default();
      for used in crate_references(&text) {
        let used_rank = order.iter().position(|m| *m == used);
        if used_rank.is_some_and(|r| r < rank) {
          out.push((module.clone(), file.clone(), used));
        }
      }
    }
  }
  out
}

#[test]
fn modules_only_use_modules_below_them() {
  let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
  let order = module_order(&std::fs::read_to_string(src.join("lib.rs")).unwrap());
  assert!(order.len() >= 10, "lib.rs lists the modules: {order:?}");
  let found = violations(&src);
  assert!(
    found.is_empty(),
    "upward imports (a module may use only those listed after it in lib.rs): {found:#?}"
  );
}

#[test]
fn the_check_finds_a_planted_upward_import() {
  let dir = std::env::temp_dir().join(format!("codemode-deps-{}", std::process::id()));
  let _ = std::fs::remove_dir_all(&dir);
  std::fs::create_dir_all(dir.join("low")).unwrap();
  std::fs::write(dir.join("lib.rs"), "pub mod high;\npub mod low;\n").unwrap();
  std::fs::write(dir.join("high.rs"), "use crate::low::Thing;\n").unwrap();
  std::fs::write(
    dir.join("low/mod.rs"),
    "// crate::high in a comment is fine\nuse crate::{high::Up, low};\n",
  )
  .unwrap();
  let found = violations(&dir);
  let _ = std::fs::remove_dir_all(&dir);
  assert_eq!(found.len(), 1, "{found:?}");
  assert_eq!((found[0].0.as_str(), found[0].2.as_str()), ("low", "high"));
}
