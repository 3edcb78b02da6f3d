//! TypeScript → JavaScript with oxc (never regexes), plus the rewrites of the program forms
//! ([`super::forms`]) and, in a session, of its top-level declarations ([`super::repl`]). Code
//! generation keeps a source map so positions can be mapped back to the model's code.

use std::cell::RefCell;
use std::path::{Path, PathBuf};

use oxc::allocator::Allocator;
use oxc::ast::builder::AstBuilder;
use oxc::codegen::{Codegen, CodegenOptions, CommentOptions, LegalComment};
use oxc::parser::{ParseOptions, Parser};
use oxc::semantic::SemanticBuilder;
use oxc::span::SourceType;
use oxc::transformer::{TransformOptions, Transformer};

use super::modules::ToolModules;
use super::{forms, imports, repl};

/// One source-map segment, 0-based: generated (line, column) came from original (line, column).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mapping {
  pub gen_line: u32,
  pub gen_col: u32,
  pub src_line: u32,
  pub src_col: u32,
}

/// JavaScript ready to run, with its mappings back to the input.
#[derive(Debug, Clone, PartialEq)]
pub struct Transformed {
  pub code: String,
  pub mappings: Vec<Mapping>,
}

/// A problem in the input: what is wrong, the byte offset where (if known), and how to fix it
/// when that is more specific than "fix the syntax".
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
  pub message: String,
  pub offset: Option<usize>,
  pub hint: Option<String>,
}

impl Diagnostic {
  pub fn new(message: impl Into<String>, offset: Option<usize>) -> Self {
    Diagnostic {
      message: message.into(),
      offset,
      hint: None,
    }
  }
}

/// Whether to apply the program rewrites (for a one-shot run or a session run, with the run's
/// tools for imports) or only strip types.
#[derive(Clone, Copy)]
pub enum Mode<'t> {
  Program {
    tools: &'t dyn ToolModules,
    session: bool,
  },
  StripOnly,
}

thread_local! {
  // Reused across calls on a thread: an arena that is reset instead of reallocated.
  static ARENA: RefCell<Allocator> = RefCell::new(Allocator::default());
}

/// Strips types from `source` (TypeScript or JavaScript) and, in [`Mode::Program`], rewrites it
/// so that the body of an async function returns the program's result.
pub fn transform(source: &str, mode: Mode) -> Result<Transformed, Diagnostic> {
  // oxc asserts internal invariants with panics; a panic must never take the host down, and
  // must not leave the thread's arena borrowed.
  let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
    ARENA.with(|arena| match arena.try_borrow_mut() {
      Ok(mut arena) => {
        arena.reset();
        run(&arena, source, mode)
      }
      Err(_) => run(&Allocator::default(), source, mode),
    })
  }));
  outcome.unwrap_or_else(|_| {
    Err(Diagnostic::new(
      "The TypeScript transform failed on this input; simplify the code or write plain JavaScript",
      None,
    ))
  })
}

fn first_diagnostic(diags: &[oxc::diagnostics::OxcDiagnostic]) -> Diagnostic {
  let d = &diags[0];
  let offset = d.labels.first().map(|l| l.offset() as usize);
  let mut message = d.message.to_string();
  if let Some(help) = &d.help {
    message.push_str(&format!(" ({help})"));
  }
  Diagnostic::new(message, offset)
}

fn run(allocator: &Allocator, source: &str, mode: Mode) -> Result<Transformed, Diagnostic> {
  let options = ParseOptions {
    allow_return_outside_function: true,
    ..ParseOptions::default()
  };
  let mut parsed = Parser::new(allocator, source, SourceType::ts())
    .with_options(options)
    .parse();
  if !parsed.diagnostics.is_empty() {
    // A top-level `for await` is valid only in a module; the program runs inside an async
    // function, where it is fine. If the module goal parses, use it; otherwise report the
    // script's own error.
    let as_module = Parser::new(allocator, source, SourceType::ts().with_module(true))
      .with_options(options)
      .parse();
    if !as_module.diagnostics.is_empty() {
      return Err(first_diagnostic(&parsed.diagnostics));
    }
    parsed = as_module;
  }
  let mut program = parsed.program;
  let scoping = SemanticBuilder::new()
    .with_enum_eval(true)
    .build(&program)
    .semantic
    .into_scoping();
  let mut transform_options = TransformOptions::default();
  let mut type_only = Vec::new();
  if let Mode::Program { .. } = mode {
    // Imports are bound (and checked) even when this run does not use them: a session's later
    // runs may. Only imports used solely as types go, with the types.
    transform_options.typescript.only_remove_type_imports = true;
    type_only = imports::type_only(&program, &scoping);
  }
  let transformed = Transformer::new(allocator, Path::new("code.ts"), &transform_options)
    .build_with_scoping(scoping, &mut program);
  if !transformed.diagnostics.is_empty() {
    return Err(first_diagnostic(&transformed.diagnostics));
  }
  if let Mode::Program { tools, session } = mode {
    let ast = AstBuilder::new(allocator);
    forms::apply(&mut program, &ast, tools, session, &type_only)?;
    if session {
      repl::rewrite(&mut program, &ast)?;
    }
  }
  let codegen_options = CodegenOptions {
    source_map_path: Some(PathBuf::from("code.ts")),
    comments: CommentOptions {
      normal: false,
      jsdoc: false,
      annotation: false,
      legal: LegalComment::None,
    },
    ..CodegenOptions::default()
  };
  let generated = Codegen::new().with_options(codegen_options).build(&program);
  let mappings = generated
    .map
    .map(|map| {
      map
        .get_tokens()
        .map(|t| Mapping {
          gen_line: t.get_dst_line(),
          gen_col: t.get_dst_col(),
          src_line: t.get_src_line(),
          src_col: t.get_src_col(),
        })
        .collect()
    })
    .unwrap_or_default();
  Ok(Transformed {
    code: generated.code,
    mappings,
  })
}
