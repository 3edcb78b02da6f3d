//! `import` declarations of the tool modules ([`super::modules`]) become `const`s bound to what
//! the guest already has, hoisted above the program as module imports are. Imports used only as
//! types go with the types; any other module is refused with a `SYNTAX_ERROR`.

use oxc::allocator::{TakeIn, Vec as ArenaVec};
use oxc::ast::ast::{
  BindingPattern, Expression, ImportDeclaration, ImportDeclarationSpecifier, ModuleExportName,
  ObjectPropertyKind, Program, PropertyKind, Statement, VariableDeclarationKind, VariableDeclarator,
};
use oxc::ast::builder::AstBuilder;
use oxc::semantic::Scoping;
use oxc::span::{GetSpan, Span};

use super::modules::{self, Import, ImportError, ToolModules, Value};
use super::nodes;
use super::transform::Diagnostic;

fn import_error(err: ImportError, offset: u32) -> Diagnostic {
  Diagnostic {
    message: err.message,
    offset: Some(offset as usize),
    hint: Some(err.hint),
  }
}

/// The local names of imports that only types refer to (read before types are stripped).
pub fn type_only(program: &Program<'_>, scoping: &Scoping) -> Vec<String> {
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

/// Removes the program's imports and returns them as `const local = <what it names>` statements;
/// anything that is not a tool module is refused.
pub fn bind<'a>(
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
