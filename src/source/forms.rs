//! The program forms models write, rewritten so the body of an async function returns the
//! program's result:
//! - `export default value` is returned (a function is called); other exports lose `export`;
//! - imports of the tool modules become `const`s bound to what the guest has ([`super::imports`]);
//! - without a top-level `return`, the last expression statement is the result, and a function
//!   expression there is called (a lone `async () => { ... }`, or one after helpers);
//! - a program that only declares functions calls its entry: `main` if it declares one, or its
//!   only function (one-shot runs only: in a session a lone declaration is kept for later runs).

use oxc::allocator::{TakeIn, Vec as ArenaVec};
use oxc::ast::ast::{
  ExportDefaultDeclarationKind, Expression, FunctionType, Program, ReturnStatement, Statement,
};
use oxc::ast::builder::AstBuilder;
use oxc::ast_visit::Visit;
use oxc::span::{GetSpan, Span};
use oxc::syntax::scope::ScopeFlags;

use super::modules::ToolModules;
use super::transform::Diagnostic;
use super::{imports, nodes};

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
    nodes::call(span, expr, ArenaVec::new_in(ast), ast)
  } else {
    expr
  };
  nodes::return_statement(value, ast)
}

/// Rewrites `program` into its result-returning form; `session` keeps lone declarations.
pub fn apply<'a>(
  program: &mut Program<'a>,
  ast: &AstBuilder<'a>,
  tools: &dyn ToolModules,
  session: bool,
  type_only_imports: &[String],
) -> Result<(), Diagnostic> {
  let imports = imports::bind(program, ast, tools, type_only_imports)?;
  let has_default_export = unwrap_exports(program, ast)?;
  program
    .body
    .retain(|s| !matches!(s, Statement::EmptyStatement(_)));
  if !has_default_export && !has_top_level_return(program) {
    return_last_value(program, ast, session);
  }
  if !imports.is_empty() {
    // Imports are hoisted, as in a module: their bindings exist before any other code runs.
    let rest = std::mem::replace(&mut program.body, ArenaVec::new_in(ast));
    program.body.extend(imports);
    program.body.extend(rest);
  }
  Ok(())
}

fn has_top_level_return(program: &Program<'_>) -> bool {
  let mut finder = TopLevelReturn::default();
  for stmt in program.body.iter() {
    finder.visit_statement(stmt);
  }
  finder.found
}

/// Exports become plain code; returns whether there was an `export default` (now a `return`).
fn unwrap_exports<'a>(program: &mut Program<'a>, ast: &AstBuilder<'a>) -> Result<bool, Diagnostic> {
  let mut has_default_export = false;
  for stmt in program.body.iter_mut() {
    let span = stmt.span();
    match stmt {
      Statement::ExportAllDeclaration(_) | Statement::ExportFromDeclaration(_) => {
        return Err(Diagnostic::new(
          "re-exporting from another module is not available in this sandbox",
          Some(span.start as usize),
        ));
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
  Ok(has_default_export)
}

/// Without a `return`: the last expression statement is the result (a function there is
/// called), or else the entry function of a program that only declares is called.
fn return_last_value<'a>(program: &mut Program<'a>, ast: &AstBuilder<'a>, session: bool) {
  if let Some(Statement::ExpressionStatement(es)) = program.body.last_mut() {
    let span = es.span;
    let expr = es.expression.take_in(ast);
    if let Some(last) = program.body.last_mut() {
      *last = return_result(span, expr, ast);
    }
    return;
  }
  if let Some(entry) = entry_function(&program.body, session) {
    let callee = nodes::identifier(oxc::span::SPAN, &entry, ast);
    let call = nodes::call(oxc::span::SPAN, callee, ArenaVec::new_in(ast), ast);
    program.body.push(nodes::return_statement(call, ast));
  }
}

/// The function a program of declarations means to run: one named `main`, or (one-shot runs
/// only) the only function of a program that declares nothing but functions and classes.
fn entry_function(body: &[Statement<'_>], session: bool) -> Option<String> {
  let functions: Vec<&str> = body
    .iter()
    .filter_map(|s| match s {
      Statement::FunctionDeclaration(f) => f.id.as_ref().map(|id| id.name.as_str()),
      _ => None,
    })
    .collect();
  let only_declarations = body.iter().all(|s| s.is_declaration());
  if only_declarations && functions.contains(&"main") {
    return Some("main".into());
  }
  let only_functions_and_classes = body.iter().all(|s| {
    matches!(
      s,
      Statement::FunctionDeclaration(_) | Statement::ClassDeclaration(_)
    )
  });
  match functions.as_slice() {
    [only] if !session && only_functions_and_classes => Some(only.to_string()),
    _ => None,
  }
}
