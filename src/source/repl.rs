//! Sessions are a REPL: top-level `const`, `let`, `var`, `function` and `class` declared in one
//! `session.run` are visible in the next and may be declared again, as in the Node REPL or a
//! notebook.
//!
//! A session's program runs inside `with (__codemode_repl.scope) { ... }` (the wrapper in
//! [`super::prepare`]); the scope is one object per session, kept by the bootstrap. Each top-level
//! declaration becomes an assignment to a property of it: `const { a, b } = x` turns into
//! `__codemode_repl.declare("a", "b"); ({ a, b } = x); __codemode_repl.seal("a", "b")`.
//! `declare` makes the names plain writable properties (keeping a value from an earlier run
//! until the assignment replaces it), `seal` makes them read-only (assigning one throws, like a
//! `const`). Code of any run, closures included, reaches the names through the `with` scope, so
//! a function declared in run 1 and called in run 3 sees what run 2 declared. Function
//! declarations are hoisted to the top of the program, as JavaScript does.

use oxc::allocator::{Box as ArenaBox, TakeIn, Vec as ArenaVec};
use oxc::ast::ast::{
  Argument, AssignmentOperator, AssignmentTarget, AssignmentTargetMaybeDefault, AssignmentTargetProperty,
  AssignmentTargetRest, BindingPattern, BindingRestElement, ClassType, Expression, FunctionType,
  IdentifierReference, Program, Statement, VariableDeclarationKind,
};
use oxc::ast::builder::AstBuilder;
use oxc::span::{Span, SPAN};

use super::nodes;
use super::transform::Diagnostic;

/// The wrapper's parameter: `{ scope, declare, seal }` from the bootstrap.
pub const REPL: &str = "__codemode_repl";

/// Rewrites the top-level declarations of a session program into properties of the scope.
pub fn rewrite<'a>(program: &mut Program<'a>, ast: &AstBuilder<'a>) -> Result<(), Diagnostic> {
  let body = program.body.take_in(ast);
  let mut hoisted = ArenaVec::new_in(ast);
  let mut rest = ArenaVec::new_in(ast);
  for stmt in body {
    match stmt {
      Statement::FunctionDeclaration(mut f) if f.id.is_some() => {
        let name = f.id.as_ref().map(|id| id.name.as_str()).unwrap_or_default();
        let name = nodes::alloc(ast, name);
        let span = f.span;
        f.r#type = FunctionType::FunctionExpression;
        hoisted.extend(declared(span, name, Expression::FunctionExpression(f), ast)?);
      }
      Statement::ClassDeclaration(mut c) if c.id.is_some() => {
        let name = c.id.as_ref().map(|id| id.name.as_str()).unwrap_or_default();
        let name = nodes::alloc(ast, name);
        let span = c.span;
        c.r#type = ClassType::ClassExpression;
        rest.extend(declared(span, name, Expression::ClassExpression(c), ast)?);
      }
      Statement::VariableDeclaration(mut d)
        if matches!(
          d.kind,
          VariableDeclarationKind::Var | VariableDeclarationKind::Let | VariableDeclarationKind::Const
        ) =>
      {
        let kind = d.kind;
        for declarator in d.declarations.take_in(ast) {
          let span = declarator.span;
          let names: Vec<&'a str> = declarator
            .id
            .get_binding_identifiers()
            .iter()
            .map(|id| nodes::alloc(ast, id.name.as_str()))
            .collect();
          for name in &names {
            check_name(name, span)?;
          }
          rest.push(helper("declare", &names, ast));
          match declarator.init {
            Some(init) => rest.push(assign(span, target(declarator.id, ast), init, ast)),
            // `let x` starts undefined again; `var x` keeps its value, as a re-declared var does.
            None if kind != VariableDeclarationKind::Var => {
              for name in &names {
                let undefined = Expression::new_void_0(SPAN, ast);
                rest.push(assign(SPAN, identifier_target(SPAN, name, ast), undefined, ast));
              }
            }
            None => {}
          }
          if kind == VariableDeclarationKind::Const {
            rest.push(helper("seal", &names, ast));
          }
        }
      }
      other => rest.push(other),
    }
  }
  hoisted.extend(rest);
  program.body = hoisted;
  Ok(())
}

/// `declare("name"); name = <value>` for a function or class declaration turned into a scope
/// property.
fn declared<'a>(
  span: Span,
  name: &'a str,
  value: Expression<'a>,
  ast: &AstBuilder<'a>,
) -> Result<[Statement<'a>; 2], Diagnostic> {
  check_name(name, span)?;
  Ok([
    helper("declare", &[name], ast),
    assign(span, identifier_target(span, name, ast), value, ast),
  ])
}

fn check_name(name: &str, span: Span) -> Result<(), Diagnostic> {
  if name == REPL {
    return Err(Diagnostic::new(
      format!("`{REPL}` is reserved by the session; use another name"),
      Some(span.start as usize),
    ));
  }
  Ok(())
}

/// `__codemode_repl.<method>("a", "b");` (without a span: it stands for no code of the model's).
fn helper<'a>(method: &str, names: &[&'a str], ast: &AstBuilder<'a>) -> Statement<'a> {
  let callee = nodes::member(SPAN, nodes::identifier(SPAN, REPL, ast), method, ast);
  let mut args = ArenaVec::new_in(ast);
  for name in names {
    args.push(Argument::from(Expression::new_string_literal(
      SPAN, *name, None, ast,
    )));
  }
  nodes::expression_statement(SPAN, nodes::call(SPAN, callee, args, ast), ast)
}

fn assign<'a>(
  span: Span,
  left: AssignmentTarget<'a>,
  right: Expression<'a>,
  ast: &AstBuilder<'a>,
) -> Statement<'a> {
  let assignment = Expression::new_assignment_expression(span, AssignmentOperator::Assign, left, right, ast);
  nodes::expression_statement(span, assignment, ast)
}

fn identifier_target<'a>(span: Span, name: &'a str, ast: &AstBuilder<'a>) -> AssignmentTarget<'a> {
  AssignmentTarget::new_assignment_target_identifier(span, name, ast)
}

/// A declaration's binding pattern as the same pattern of an assignment:
/// `const { a, b: [c = 1], ...r } = x` → `({ a, b: [c = 1], ...r } = x)`.
fn target<'a>(pattern: BindingPattern<'a>, ast: &AstBuilder<'a>) -> AssignmentTarget<'a> {
  match pattern {
    BindingPattern::BindingIdentifier(id) => identifier_target(id.span, id.name.as_str(), ast),
    BindingPattern::ObjectPattern(p) => {
      let p = p.unbox();
      let mut properties = ArenaVec::new_in(ast);
      for property in p.properties {
        let span = property.span;
        let shorthand_name = match (&property.value, property.shorthand) {
          (BindingPattern::BindingIdentifier(id), true) => Some(id.name.as_str()),
          (BindingPattern::AssignmentPattern(a), true) => match &a.left {
            BindingPattern::BindingIdentifier(id) => Some(id.name.as_str()),
            _ => None,
          },
          _ => None,
        };
        properties.push(match shorthand_name {
          Some(name) => {
            let init = match property.value {
              BindingPattern::AssignmentPattern(a) => Some(a.unbox().right),
              _ => None,
            };
            let binding = IdentifierReference::new(span, name, ast);
            AssignmentTargetProperty::new_assignment_target_property_identifier(span, binding, init, ast)
          }
          None => AssignmentTargetProperty::new_assignment_target_property_property(
            span,
            property.key,
            maybe_default(property.value, ast),
            property.computed,
            ast,
          ),
        });
      }
      let rest = p.rest.map(|r| rest_target(r, ast));
      AssignmentTarget::new_object_assignment_target(p.span, properties, rest, ast)
    }
    BindingPattern::ArrayPattern(p) => {
      let p = p.unbox();
      let mut elements = ArenaVec::new_in(ast);
      for element in p.elements {
        elements.push(element.map(|e| maybe_default(e, ast)));
      }
      let rest = p.rest.map(|r| rest_target(r, ast));
      AssignmentTarget::new_array_assignment_target(p.span, elements, rest, ast)
    }
    // A default only appears inside a pattern (handled by `maybe_default`), never at its root.
    BindingPattern::AssignmentPattern(a) => target(a.unbox().left, ast),
  }
}

fn maybe_default<'a>(pattern: BindingPattern<'a>, ast: &AstBuilder<'a>) -> AssignmentTargetMaybeDefault<'a> {
  match pattern {
    BindingPattern::AssignmentPattern(a) => {
      let a = a.unbox();
      AssignmentTargetMaybeDefault::new_assignment_target_with_default(
        a.span,
        target(a.left, ast),
        a.right,
        ast,
      )
    }
    other => AssignmentTargetMaybeDefault::from(target(other, ast)),
  }
}

fn rest_target<'a>(
  rest: ArenaBox<'a, BindingRestElement<'a>>,
  ast: &AstBuilder<'a>,
) -> ArenaBox<'a, AssignmentTargetRest<'a>> {
  let rest = rest.unbox();
  AssignmentTargetRest::boxed(rest.span, target(rest.argument, ast), ast)
}
