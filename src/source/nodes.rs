//! Small builders for the AST nodes the program rewrites add. Added nodes carry the span of the
//! code they stand for (or none), so positions still map to the model's own lines.

use oxc::allocator::{GetAllocator, Vec as ArenaVec};
use oxc::ast::ast::{Argument, Expression, IdentifierName, PropertyKey, Statement};
use oxc::ast::builder::AstBuilder;
use oxc::span::Span;

use crate::codegen::is_identifier_name;

/// `text` copied into the AST's arena.
pub fn alloc<'a>(ast: &AstBuilder<'a>, text: &str) -> &'a str {
  ast.allocator().alloc_str(text)
}

/// `name`, a reference to a variable or global.
pub fn identifier<'a>(span: Span, name: &str, ast: &AstBuilder<'a>) -> Expression<'a> {
  Expression::new_identifier(span, alloc(ast, name), ast)
}

/// `object.key`, or `object["key"]` when `key` is not an identifier.
pub fn member<'a>(span: Span, object: Expression<'a>, key: &str, ast: &AstBuilder<'a>) -> Expression<'a> {
  if is_identifier_name(key) {
    let property = IdentifierName::new(span, alloc(ast, key), ast);
    Expression::new_static_member_expression(span, object, property, false, ast)
  } else {
    let key = Expression::new_string_literal(span, alloc(ast, key), None, ast);
    Expression::new_computed_member_expression(span, object, key, false, ast)
  }
}

/// A global followed by property keys, read from `globalThis` so a local of the same name
/// (`import { ToolError } from ...` declares one) cannot shadow it:
/// `globalThis.tools.math["get-sum"]`.
pub fn global_path<'a>(span: Span, parts: &[String], ast: &AstBuilder<'a>) -> Expression<'a> {
  let mut expr = identifier(span, "globalThis", ast);
  for key in parts {
    expr = member(span, expr, key, ast);
  }
  expr
}

/// A property key: `key` or `"key"`.
pub fn property_key<'a>(span: Span, key: &str, ast: &AstBuilder<'a>) -> PropertyKey<'a> {
  if is_identifier_name(key) {
    PropertyKey::new_static_identifier(span, alloc(ast, key), ast)
  } else {
    PropertyKey::new_string_literal(span, alloc(ast, key), None, ast)
  }
}

/// `callee(args...)`.
pub fn call<'a>(
  span: Span,
  callee: Expression<'a>,
  args: ArenaVec<'a, Argument<'a>>,
  ast: &AstBuilder<'a>,
) -> Expression<'a> {
  Expression::new_call_expression(span, callee, None, args, false, ast)
}

/// `return value`. The statement gets no span of its own, so the source map points at the
/// value, not at a `return` the model never wrote.
pub fn return_statement<'a>(value: Expression<'a>, ast: &AstBuilder<'a>) -> Statement<'a> {
  Statement::new_return_statement(oxc::span::SPAN, Some(value), ast)
}

/// `expression;`
pub fn expression_statement<'a>(
  span: Span,
  expression: Expression<'a>,
  ast: &AstBuilder<'a>,
) -> Statement<'a> {
  Statement::new_expression_statement(span, expression, ast)
}
