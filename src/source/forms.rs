//! The program forms models write, rewritten so the body of an async function returns the
//! program's result:
//! - `export default value` is returned (a function is called); other exports lose `export`;
//! - imports of the tool modules ([`super::modules`]) become `const`s bound to what the guest has;
//! - without a top-level `return`, the last expression statement is the result, and a function
//!   expression there is called (a lone `async () => { ... }`, or one after helpers);
//! - a program that only declares functions calls its entry: `main` if it declares one, or its
//!   only function (one-shot runs only: in a session a lone declaration is kept for later runs).

use oxc::allocator::{TakeIn, Vec as ArenaVec};
use oxc::ast::ast::{
  BindingPattern, ExportDefaultDeclarationKind, Expression, FunctionType, ImportDeclaration,
  ImportDeclarationSpecifier, ModuleExportName, ObjectPropertyKind, Program, PropertyKind, ReturnStatement,
  Statement, VariableDeclarationKind, VariableDeclarator,
};
use oxc::ast::builder::AstBuilder;
use oxc::ast_visit::Visit;
use oxc::semantic::Scoping;
use oxc::span::{GetSpan, Span};
use oxc::syntax::scope::ScopeFlags;

use super::modules::{self, Import, ImportError, ToolModules, Value};
use super::nodes;
use super::transform::Diagnostic;

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
  let imports = bind_imports(program, ast, tools, type_only_imports)?;
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

fn import_error(err: ImportError, offset: u32) -> Diagnostic {
  Diagnostic {
    message: err.message,
    offset: Some(offset as usize),
    hint: Some(err.hint),
  }
}

/// The local names of imports that only types refer to (read before types are stripped).
pub fn type_only_imports(program: &Program<'_>, scoping: &Scoping) -> Vec<String> {
  let mut names = Vec::new();
  for stmt in &program.body {
    let Statement::ImportDeclaration(import) = stmt else {
      continue;
    };
    for spec in import.specifiers.iter().flatten() {
      let local = spec.local();
      let Some(symbol) = local.symbol_id.get() else {
        continue;
      };
      let mut references = scoping.get_resolved_references(symbol).peekable();
      if references.peek().is_some() && references.all(|r| !r.is_value()) {
        names.push(local.name.to_string());
      }
    }
  }
  names
}

/// Each import of a tool module becomes `const local = <what it names>`; anything else is refused.
fn bind_imports<'a>(
  program: &mut Program<'a>,
  ast: &AstBuilder<'a>,
  tools: &dyn ToolModules,
  type_only: &[String],
) -> Result<Vec<Statement<'a>>, Diagnostic> {
  let mut bound = Vec::new();
  for stmt in program.body.iter_mut() {
    let Statement::ImportDeclaration(import) = stmt else {
      continue;
    };
    let span = import.span;
    if let Some(declaration) = bind_import(import, ast, tools, type_only)? {
      bound.push(declaration);
    }
    *stmt = Statement::new_empty_statement(span, ast);
  }
  Ok(bound)
}

fn bind_import<'a>(
  import: &mut ImportDeclaration<'a>,
  ast: &AstBuilder<'a>,
  tools: &dyn ToolModules,
  type_only: &[String],
) -> Result<Option<Statement<'a>>, Diagnostic> {
  let specifier = import.source.value.as_str();
  let source_offset = import.source.span.start;
  let is_type_only =
    |spec: &ImportDeclarationSpecifier<'_>| type_only.iter().any(|n| n == spec.local().name.as_str());
  if let Some(specifiers) = &import.specifiers {
    if !specifiers.is_empty() && specifiers.iter().all(is_type_only) {
      return Ok(None); // types from anywhere are fine: they are gone
    }
  }
  if !modules::is_known(specifier) {
    return Err(import_error(modules::unknown_module(specifier), source_offset));
  }
  // The module itself first, so a missing namespace is reported at the module's name.
  modules::bind(specifier, Import::Namespace, tools).map_err(|e| import_error(e, source_offset))?;
  let Some(specifiers) = import.specifiers.as_mut() else {
    return Ok(None); // `import './servers/x'`: nothing to bind
  };
  let mut declarators = ArenaVec::new_in(ast);
  for spec in specifiers.iter_mut() {
    let span = spec.span();
    if is_type_only(spec) {
      continue;
    }
    let (what, local) = match spec {
      ImportDeclarationSpecifier::ImportSpecifier(s) => {
        let name = match &s.imported {
          ModuleExportName::StringLiteral(l) => l.value.as_str(),
          other => other.name().as_str(),
        };
        let what = if name == "default" {
          Import::Default
        } else {
          Import::Named(name)
        };
        (what, s.local.take_in(ast))
      }
      ImportDeclarationSpecifier::ImportDefaultSpecifier(s) => (Import::Default, s.local.take_in(ast)),
      ImportDeclarationSpecifier::ImportNamespaceSpecifier(s) => (Import::Namespace, s.local.take_in(ast)),
    };
    let value = modules::bind(specifier, what, tools).map_err(|e| import_error(e, span.start))?;
    let init = value_expression(span, &value, ast);
    let id = BindingPattern::BindingIdentifier(oxc::allocator::Box::new_in(local, ast));
    declarators.push(VariableDeclarator::new(span, id, None, Some(init), false, ast));
  }
  if declarators.is_empty() {
    return Ok(None);
  }
  Ok(Some(Statement::new_variable_declaration(
    import.span,
    VariableDeclarationKind::Const,
    declarators,
    false,
    ast,
  )))
}

fn value_expression<'a>(span: Span, value: &Value, ast: &AstBuilder<'a>) -> Expression<'a> {
  match value {
    Value::Path(parts) => nodes::global_path(span, parts, ast),
    Value::Object(entries) => {
      let mut properties = ArenaVec::new_in(ast);
      for (key, parts) in entries {
        properties.push(ObjectPropertyKind::new_object_property(
          span,
          PropertyKind::Init,
          nodes::property_key(span, key, ast),
          nodes::global_path(span, parts, ast),
          false,
          false,
          false,
          ast,
        ));
      }
      Expression::new_object_expression(span, properties, ast)
    }
  }
}
