//! Whole schemas as real servers emit them: the output must be complete, compact and sane.

use serde_json::{json, Value};

use super::*;

fn github_create_issue() -> Value {
  json!({
    "type": "object",
    "properties": {
      "owner": { "type": "string", "description": "Repository owner" },
      "repo": { "type": "string", "description": "Repository name" },
      "title": { "type": "string", "description": "Issue title" },
      "body": { "type": "string", "description": "Issue body content" },
      "assignees": { "type": "array", "items": { "type": "string" }, "description": "Usernames to assign to this issue" },
      "labels": { "type": "array", "items": { "type": "string" }, "description": "Labels to apply to this issue" },
      "milestone": { "type": "number", "description": "Milestone number" },
      "type": { "type": "string", "enum": ["bug", "feature"], "description": "Issue type" }
    },
    "required": ["owner", "repo", "title"],
    "additionalProperties": false,
    "$schema": "http://json-schema.org/draft-07/schema#"
  })
}

fn file_tree() -> Value {
  json!({
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "description": "A directory listing.",
    "$defs": {
      "entry": {
        "type": "object",
        "description": "A file or a directory with its children.",
        "properties": {
          "name": { "type": "string" },
          "kind": { "enum": ["file", "directory"] },
          "size": { "type": "integer", "minimum": 0 },
          "children": { "type": "array", "items": { "$ref": "#/$defs/entry" } }
        },
        "required": ["name", "kind"]
      }
    },
    "type": "object",
    "properties": {
      "root": { "$ref": "#/$defs/entry" },
      "truncated": { "type": "boolean" }
    },
    "required": ["root"]
  })
}

fn zod_search() -> Value {
  json!({
    "type": "object",
    "properties": {
      "query": { "type": "string", "minLength": 1, "description": "Search query" },
      "filters": {
        "type": "object",
        "properties": {
          "status": { "type": "string", "enum": ["open", "closed", "all"], "default": "open" },
          "since": { "anyOf": [{ "type": "string", "format": "date-time" }, { "type": "null" }] },
          "labels": { "type": "array", "items": { "type": "string" } },
          "metadata": {
            "type": "object",
            "additionalProperties": { "anyOf": [{ "type": "string" }, { "type": "number" }, { "type": "boolean" }] }
          }
        },
        "additionalProperties": false
      },
      "sort": {
        "anyOf": [
          {
            "type": "object",
            "properties": {
              "field": { "type": "string", "enum": ["created", "updated"] },
              "direction": { "type": "string", "enum": ["asc", "desc"] }
            },
            "required": ["field"],
            "additionalProperties": false
          },
          { "type": "null" }
        ],
        "default": null
      },
      "limit": { "type": "integer", "exclusiveMinimum": 0, "maximum": 100, "default": 30 }
    },
    "required": ["query"],
    "additionalProperties": false,
    "$schema": "http://json-schema.org/draft-07/schema#"
  })
}

/// FastMCP / pydantic v2: titles everywhere, `$defs`, `Optional` as `anyOf` with null, a
/// discriminated union with `discriminator`.
fn pydantic_order() -> Value {
  json!({
    "$defs": {
      "Card": {
        "properties": { "method": { "const": "card", "title": "Method", "type": "string" }, "last4": { "title": "Last4", "type": "string", "pattern": "^\\d{4}$" } },
        "required": ["method", "last4"], "title": "Card", "type": "object"
      },
      "Invoice": {
        "properties": { "method": { "const": "invoice", "title": "Method", "type": "string" }, "due_days": { "default": 30, "title": "Due Days", "type": "integer" } },
        "required": ["method"], "title": "Invoice", "type": "object"
      },
      "Item": {
        "properties": {
          "sku": { "title": "Sku", "type": "string" },
          "qty": { "exclusiveMinimum": 0, "title": "Qty", "type": "integer" },
          "note": { "anyOf": [{ "type": "string", "maxLength": 200 }, { "type": "null" }], "default": null, "title": "Note" }
        },
        "required": ["sku", "qty"], "title": "Item", "type": "object"
      }
    },
    "properties": {
      "items": { "items": { "$ref": "#/$defs/Item" }, "minItems": 1, "title": "Items", "type": "array" },
      "payment": {
        "discriminator": { "mapping": { "card": "#/$defs/Card", "invoice": "#/$defs/Invoice" }, "propertyName": "method" },
        "oneOf": [{ "$ref": "#/$defs/Card" }, { "$ref": "#/$defs/Invoice" }],
        "title": "Payment"
      },
      "coupon": { "anyOf": [{ "type": "string" }, { "type": "null" }], "default": null, "title": "Coupon" }
    },
    "required": ["items", "payment"],
    "title": "place_orderArguments",
    "type": "object"
  })
}

/// OpenAPI 3.0 style: `nullable`, `allOf` composition, `readOnly`, `example`.
fn openapi_pet() -> Value {
  json!({
    "definitions": {
      "NewPet": {
        "type": "object",
        "required": ["name"],
        "properties": { "name": { "type": "string", "example": "Rex" }, "tag": { "type": "string", "nullable": true } }
      },
      "Pet": {
        "allOf": [
          { "$ref": "#/definitions/NewPet" },
          { "type": "object", "required": ["id"], "properties": { "id": { "type": "integer", "format": "int64", "readOnly": true } } }
        ]
      }
    },
    "type": "array",
    "items": { "$ref": "#/definitions/Pet" }
  })
}

fn realistic() -> Vec<(&'static str, Value, &'static [&'static str])> {
  vec![
    (
      "GithubCreateIssue",
      github_create_issue(),
      &[r#"{ owner: "o", repo: "r", title: "t", labels: ["bug"], type: "bug" }"#],
    ),
    (
      "FileTree",
      file_tree(),
      &[r#"{ root: { name: "/", kind: "directory", children: [{ name: "a", kind: "file", size: 1 }] } }"#],
    ),
    (
      "ZodSearch",
      zod_search(),
      &[
        r#"{ query: "q", filters: { since: null, metadata: { a: 1, b: "x" } }, sort: { field: "created" } }"#,
      ],
    ),
    (
      "PydanticOrder",
      pydantic_order(),
      &[r#"{ items: [{ sku: "a", qty: 1 }], payment: { method: "card", last4: "1234" } }"#],
    ),
    (
      "OpenapiPet",
      openapi_pet(),
      &[r#"[{ id: 1, name: "Rex", tag: null }]"#],
    ),
  ]
}

#[test]
fn github_create_issue_exact() {
  let ts = schema_to_ts(&github_create_issue(), &TsOptions::default());
  let want = r#"{
  /** Repository owner */
  owner: string;
  /** Repository name */
  repo: string;
  /** Issue title */
  title: string;
  /** Issue body content */
  body?: string;
  /** Usernames to assign to this issue */
  assignees?: string[];
  /** Labels to apply to this issue */
  labels?: string[];
  /** Milestone number */
  milestone?: number;
  /** Issue type */
  type?: "bug" | "feature";
}"#;
  assert_eq!(ts.expr, want);
  assert!(ts.declarations.is_empty());
}

#[test]
fn file_tree_recursive_through_defs() {
  let want = r#"/** A directory listing. */
type FileTree = { root: Entry; truncated?: boolean };
/** A file or a directory with its children. */
type Entry = {
  name: string;
  kind: "file" | "directory";
  /**
   * @integer
   * @minimum 0
   */
  size?: number;
  children?: Entry[];
};"#;
  assert_eq!(
    schema_to_declaration("FileTree", &file_tree(), &TsOptions::default()),
    want
  );
  // As an expression, the root stays inline and only the definition is declared.
  let ts = schema_to_ts(&file_tree(), &TsOptions::default());
  assert_eq!(ts.expr, "{ root: Entry; truncated?: boolean }");
  assert_eq!(ts.doc, ["A directory listing."]);
  assert_eq!(ts.declarations.len(), 1);
}

#[test]
fn zod_schema_with_nullable_unions() {
  let want = r#"type ZodSearch = {
  /**
   * Search query
   * @minLength 1
   */
  query: string;
  filters?: {
    /** @default "open" */
    status?: "open" | "closed" | "all";
    /** @format date-time */
    since?: string | null;
    labels?: string[];
    metadata?: { [key: string]: string | number | boolean };
  };
  /** @default null */
  sort?: { field: "created" | "updated"; direction?: "asc" | "desc" } | null;
  /**
   * @integer
   * @exclusiveMinimum 0
   * @maximum 100
   * @default 30
   */
  limit?: number;
};"#;
  assert_eq!(
    schema_to_declaration("ZodSearch", &zod_search(), &TsOptions::default()),
    want
  );
}

#[test]
fn pydantic_discriminated_union_of_refs() {
  let want = r#"type PydanticOrder = {
  /** @minItems 1 */
  items: Item[];
  payment: Card | Invoice;
  /** @default null */
  coupon?: string | null;
};
type Item = {
  sku: string;
  /**
   * @integer
   * @exclusiveMinimum 0
   */
  qty: number;
  /**
   * @maxLength 200
   * @default null
   */
  note?: string | null;
};
type Card = {
  method: "card";
  /** @pattern ^\d{4}$ */
  last4: string;
};
type Invoice = {
  method: "invoice";
  /**
   * @integer
   * @default 30
   */
  due_days?: number;
};"#;
  assert_eq!(
    schema_to_declaration("PydanticOrder", &pydantic_order(), &TsOptions::default()),
    want
  );
}

#[test]
fn openapi_allof_and_nullable() {
  let ts = schema_to_ts(&openapi_pet(), &TsOptions::default());
  assert_eq!(ts.expr, "Pet[]");
  assert_eq!(
    ts.declarations,
    [
      "type Pet = NewPet & {\n  /**\n   * @integer\n   * @format int64\n   */\n  id: number;\n};",
      "type NewPet = {\n  /** @example \"Rex\" */\n  name: string;\n  tag?: string | null;\n};",
    ]
  );
}

#[test]
fn realistic_outputs_are_structurally_sane() {
  for (name, schema, _) in realistic() {
    let text = schema_to_declaration(name, &schema, &TsOptions::default());
    let count = |c: char| text.chars().filter(|x| *x == c).count();
    assert_eq!(count('{'), count('}'), "{name}: braces\n{text}");
    assert_eq!(count('['), count(']'), "{name}: brackets\n{text}");
    assert_eq!(
      text.matches("/*").count(),
      text.matches("*/").count(),
      "{name}: comments\n{text}"
    );
    assert!(
      !text.contains("unknown"),
      "{name}: nothing collapses to unknown\n{text}"
    );
    assert!(text.starts_with("type ") || text.starts_with("/**"), "{name}");
    for line in text.lines() {
      assert!(line.len() <= 100, "{name}: long line {line}");
      assert!(!line.ends_with(' '), "{name}: trailing space in {line:?}");
    }
  }
}

/// The realistic schemas as declarations plus values that must type-check.
pub(super) fn declarations_for_tsc() -> String {
  let mut out = String::new();
  for (name, schema, values) in realistic() {
    let decl = schema_to_declaration(name, &schema, &TsOptions::default());
    out.push_str(&format!(
      "\ndeclare namespace R_{name} {{\n  {}\n}}\n",
      indent_after_first_line(&decl, "  ")
    ));
    for (i, v) in values.iter().enumerate() {
      out.push_str(&format!("const {name}_ok{i}: R_{name}.{name} = {v};\n"));
    }
  }
  out
}

/// Writes every table case, with its valid values and `@ts-expect-error` invalid values, to
/// `$CODEGEN_TSC_DIR/cases.ts` for checking with the real compiler. Does nothing without it:
/// `CODEGEN_TSC_DIR=/tmp/x cargo test codegen::tests_realistic::write_tsc_file`, then in /tmp/x
/// `npx -p typescript@5 tsc --strict --noEmit cases.ts`.
#[test]
fn write_tsc_file() {
  let Ok(dir) = std::env::var("CODEGEN_TSC_DIR") else {
    return;
  };
  let mut out = String::from(
    "// Generated by codegen::tests_realistic::write_tsc_file; check with tsc --strict --noEmit.\n",
  );
  let all = super::tests::TYPES.iter().chain(super::tests_refs::REFS);
  for (i, (name, schema, _, _, valid, invalid)) in all.enumerate() {
    let schema: Value = serde_json::from_str(schema).unwrap();
    let ts = schema_to_ts(&schema, &TsOptions::default());
    out.push_str(&format!(
      "\n// {name}\ndeclare namespace C{i} {{\n  type T_ = {};\n",
      indent_after_first_line(&ts.expr, "  ")
    ));
    for d in &ts.declarations {
      out.push_str(&format!("  {}\n", indent_after_first_line(d, "  ")));
    }
    out.push_str("}\n");
    for (j, v) in valid.iter().enumerate() {
      out.push_str(&format!("const c{i}_ok{j}: C{i}.T_ = {v};\n"));
    }
    for (j, v) in invalid.iter().enumerate() {
      out.push_str(&format!(
        "// @ts-expect-error invalid value\nconst c{i}_bad{j}: C{i}.T_ = {v};\n"
      ));
    }
  }
  out.push_str(&super::tests_refs::declarations_for_tsc());
  out.push_str(&declarations_for_tsc());
  std::fs::write(format!("{dir}/cases.ts"), out).unwrap();
}
