//! TypeScript → JavaScript with oxc (never regexes), plus the rewrites that give every accepted
//! program form a result: a lone function is called, `export default` is returned, and without a
//! top-level `return` the last expression statement becomes the result. Code generation keeps a
//! source map so positions can be mapped back to the model's code.

use std::cell::RefCell;
use std::path::{Path, PathBuf};

use oxc::allocator::{Allocator, TakeIn};
use oxc::ast::ast::{
  Argument, ExportDefaultDeclarationKind, Expression, FunctionType, Program, ReturnStatement, Statement,
};
use oxc::ast::builder::AstBuilder;
use oxc::ast_visit::Visit;
use oxc::codegen::{Codegen, CodegenOptions, CommentOptions, LegalComment};
use oxc::parser::{ParseOptions, Parser};
use oxc::semantic::SemanticBuilder;
use oxc::span::{GetSpan, SourceType, Span};
use oxc::syntax::scope::ScopeFlags;
use oxc::transformer::{TransformOptions, Transformer};

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

/// A problem in the input: what is wrong, and the byte offset where (if known).
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
  pub message: String,
  pub offset: Option<usize>,
}

/// Whether to apply the program-form rewrites or only strip types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
  Program,
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
  let outcome = std::panic::catch_unwind(|| {
    ARENA.with(|arena| match arena.try_borrow_mut() {
      Ok(mut arena) => {
        arena.reset();
        run(&arena, source, mode)
      }
      Err(_) => run(&Allocator::default(), source, mode),
    })
  });
  outcome.unwrap_or_else(|_| {
    Err(Diagnostic {
      message: "The TypeScript transform failed on this input; simplify the code or write plain JavaScript"
        .into(),
      offset: None,
    })
  })
}

fn first_diagnostic(diags: &[oxc::diagnostics::OxcDiagnostic]) -> Diagnostic {
  let d = &diags[0];
  let offset = d.labels.first().map(|l| l.offset() as usize);
  let mut message = d.message.to_string();
  if let Some(help) = &d.help {
    message.push_str(&format!(" ({help})"));
  }
  Diagnostic { message, offset }
}

fn run(allocator: &Allocator, source: &str, mode: Mode) -> Result<Transformed, Diagnostic> {
  let options = ParseOptions {
    allow_return_outside_function: true,
    ..ParseOptions::default()
  };
  let parsed = Parser::new(allocator, source, SourceType::ts())
    .with_options(options)
    .parse();
  if !parsed.diagnostics.is_empty() {
    return Err(first_diagnostic(&parsed.diagnostics));
  }
  let mut program = parsed.program;
  let scoping = SemanticBuilder::new()
    .with_enum_eval(true)
    .build(&program)
    .semantic
    .into_scoping();
  let transformed = Transformer::new(allocator, Path::new("code.ts"), &TransformOptions::default())
    .build_with_scoping(scoping, &mut program);
  if !transformed.diagnostics.is_empty() {
    return Err(first_diagnostic(&transformed.diagnostics));
  }
  if mode == Mode::Program {
    apply_forms(&mut program, &AstBuilder::new(allocator))?;
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

/// Finds a `return` at the top level of the program (not inside functions).
#[derive(Default)]
struct TopLevelReturn {
  found: bool,
}

impl<'a> Visit<'a> for TopLevelReturn {
  fn visit_return_statement(&mut self, _: &ReturnStatement<'a>) {
    self.found = true;
  }
  fn visit_function(&mut self, _: &oxc::ast::ast::Function<'a>, _: ScopeFlags) {}
  fn visit_arrow_function_expression(&mut self, _: &oxc::ast::ast::ArrowFunctionExpression<'a>) {}
}

fn is_function_like(expr: &Expression<'_>) -> bool {
  matches!(
    expr.without_parentheses(),
    Expression::ArrowFunctionExpression(_) | Expression::FunctionExpression(_)
  )
}

/// `return (<fn>)()` for a function-like expression, `return <expr>` otherwise.
fn return_result<'a>(span: Span, expr: Expression<'a>, ast: &AstBuilder<'a>) -> Statement<'a> {
  let value = if is_function_like(&expr) {
    let args: oxc::allocator::Vec<'a, Argument<'a>> = oxc::allocator::Vec::new_in(ast);
    Expression::new_call_expression(span, expr, None, args, false, ast)
  } else {
    expr
  };
  // The statement gets no span of its own, so the source map points at the value, not at `return`.
  Statement::new_return_statement(oxc::span::SPAN, Some(value), ast)
}

fn apply_forms<'a>(program: &mut Program<'a>, ast: &AstBuilder<'a>) -> Result<(), Diagnostic> {
  let mut has_default_export = false;
  for stmt in program.body.iter_mut() {
    let span = stmt.span();
    match stmt {
      Statement::ImportDeclaration(_) => {
        return Err(Diagnostic {
          message:
            "`import` is not available in this sandbox; call tools through the global `tools` object instead"
              .into(),
          offset: Some(span.start as usize),
        });
      }
      Statement::ExportAllDeclaration(_) | Statement::ExportFromDeclaration(_) => {
        return Err(Diagnostic {
          message: "re-exporting from another module is not available in this sandbox".into(),
          offset: Some(span.start as usize),
        });
      }
      Statement::ExportDeclaration(export) => {
        *stmt = Statement::from(export.declaration.take_in(ast));
      }
      Statement::ExportNamedDeclaration(_) => {
        // `export { a }` (or the `export {}` left by removed type imports): the names stay local.
        *stmt = Statement::new_empty_statement(span, ast);
      }
      Statement::ExportDefaultDeclaration(default) => {
        has_default_export = true;
        let expr = match &mut default.declaration {
          ExportDefaultDeclarationKind::FunctionDeclaration(f) => {
            let mut f = f.take_in_box(ast);
            f.r#type = FunctionType::FunctionExpression;
            Expression::FunctionExpression(f)
          }
          ExportDefaultDeclarationKind::ClassDeclaration(c) => {
            let mut c = c.take_in_box(ast);
            c.r#type = oxc::ast::ast::ClassType::ClassExpression;
            Expression::ClassExpression(c)
          }
          ExportDefaultDeclarationKind::TSInterfaceDeclaration(_) => continue,
          other => other.to_expression_mut().take_in(ast),
        };
        *stmt = return_result(span, expr, ast);
      }
      _ => {}
    }
  }
  program
    .body
    .retain(|s| !matches!(s, Statement::EmptyStatement(_)));
  if has_default_export {
    return Ok(());
  }
  let mut finder = TopLevelReturn::default();
  for stmt in program.body.iter() {
    finder.visit_statement(stmt);
  }
  if finder.found {
    return Ok(());
  }
  // Otherwise the last expression statement is the result; a lone function is called.
  let count = program.body.len();
  if let Some(last) = program.body.last_mut() {
    if let Statement::ExpressionStatement(es) = last {
      let span = es.span;
      let expr = es.expression.take_in(ast);
      *last = if count == 1 || !is_function_like(&expr) {
        return_result(span, expr, ast)
      } else {
        Statement::new_return_statement(oxc::span::SPAN, Some(expr), ast)
      };
    }
  }
  Ok(())
}
