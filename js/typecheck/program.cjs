// The model's program as the type checker sees it: without a surrounding markdown fence (as the
// source step removes it, src/source/fences.rs), as a module (top-level `await`), and checked
// as JavaScript when it has no TypeScript syntax. Diagnostics map back to the model's lines.
'use strict'

const { counts } = require('./rules.cjs')
const { isToolModule } = require('./tool-imports.cjs')

/** The code without a fence around the whole program, and how many lines were removed above. */
function stripFences(code) {
  const trimmedStart = code.trimStart()
  if (!trimmedStart.startsWith('```')) return { body: code, lineOffset: 0 }
  const skipped = code.slice(0, code.length - trimmedStart.length).split('\n').length - 1
  const newline = trimmedStart.indexOf('\n')
  if (newline < 0) return { body: code, lineOffset: 0 }
  const tag = trimmedStart.slice(3, newline).trim()
  if (!/^[A-Za-z0-9+_-]*$/.test(tag)) return { body: code, lineOffset: 0 }
  const body = trimmedStart.slice(newline + 1)
  const bodyTrimmed = body.trimEnd()
  // An unterminated fence: only the opener goes.
  const inner = bodyTrimmed.endsWith('```') ? bodyTrimmed.slice(0, -3) : body
  return { body: inner, lineOffset: skipped + 1 }
}

/** Whether `sourceFile` (parsed as TypeScript) uses any syntax plain JavaScript does not have. */
function usesTypeScriptSyntax(ts, sourceFile) {
  const tsOnly = new Set([
    ts.SyntaxKind.InterfaceDeclaration,
    ts.SyntaxKind.TypeAliasDeclaration,
    ts.SyntaxKind.EnumDeclaration,
    ts.SyntaxKind.ModuleDeclaration,
    ts.SyntaxKind.AsExpression,
    ts.SyntaxKind.SatisfiesExpression,
    ts.SyntaxKind.NonNullExpression,
    ts.SyntaxKind.TypeAssertionExpression,
    ts.SyntaxKind.ImportEqualsDeclaration,
  ])
  let found = false
  const visit = (node) => {
    if (found) return
    if (tsOnly.has(node.kind) || node.type !== undefined || node.typeParameters || node.typeArguments) {
      found = true
      return
    }
    if (node.kind === ts.SyntaxKind.Parameter && node.questionToken) found = true
    else ts.forEachChild(node, visit)
  }
  ts.forEachChild(sourceFile, visit)
  return found
}

// What usually fixes an error of this kind, when TypeScript has no suggestion of its own.
const HINTS = new Map([
  [2304, 'Only the declared globals exist (tools, codemode, console, timers, web APIs; no fetch, require or process); check the spelling or declare it first.'],
  [2339, 'Use only the properties the declarations list; names are case-sensitive.'],
  [2345, "Pass an input that matches the tool's input type in the declarations."],
  [2353, "Use only the input fields the tool's input type declares; names are case-sensitive."],
  [2322, 'The value does not match the declared type; check the declarations.'],
  [2554, "Call it with the arguments its declaration lists (a tool takes one input object)."],
  [2741, "Add the required field the tool's input type lists."],
  [18046, 'Narrow the value (typeof, Array.isArray, `in`) before using it, or annotate it.'],
  [18048, 'The value may be undefined: check it first or use optional chaining (`?.`).'],
  [2532, 'The value may be undefined: check it first or use optional chaining (`?.`).'],
  [7006, 'Annotate the parameter with its type.'],
  [7053, 'Index with a key the type declares, or annotate the object as a Record.'],
])

const AWAIT_HINT = "Did you forget to use 'await'? Tool calls return promises."

function hintFor(ts, diagnostic, message) {
  const related = (diagnostic.relatedInformation ?? []).map((r) => ts.flattenDiagnosticMessageText(r.messageText, ' '))
  if (related.some((text) => text.includes("forget to use 'await'"))) return AWAIT_HINT
  if (diagnostic.code === 2339 && /on type 'Promise</.test(message)) return AWAIT_HINT
  const suggestion = /Did you mean (?:to use )?'([^']+)'\?/.exec(message)
  if (suggestion) return suggestion[0]
  return HINTS.get(diagnostic.code)
}

const PROGRAM_FUNCTION = '__codemodeProgram'

/** `text` with every character but line breaks replaced by a space (positions stay). */
function blank(text) {
  return text.replace(/[^\r\n]/g, ' ')
}

/**
 * The model's program (fences removed) as the checker's file: the body of an async function,
 * as the source step runs it (src/source/forms.rs), so top-level `await` and `return` check.
 * Every character keeps its offset; imports move in front of the function (on the first line),
 * except those of tool modules, returned as `toolImports` (they are typed beside the program);
 * `export default` becomes `return`, other `export`s go. `toModel(offset)` maps a position in
 * the file back to the body.
 */
function wrapProgram(ts, body) {
  const sourceFile = ts.createSourceFile('probe.ts', body, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS)
  const edits = [] // [start, end, replacement of the same length]
  const imports = [] // { text, start }
  const typeOnlyImports = [] // [start, end] in the body
  const toolImports = [] // { specifier, local, what }: typed beside the program (tool-imports.cjs)
  const keyword = (node, kind) => node.modifiers?.find((m) => m.kind === kind)
  for (const statement of sourceFile.statements) {
    const start = statement.getStart(sourceFile)
    if (ts.isImportDeclaration(statement) || ts.isImportEqualsDeclaration(statement)) {
      const bindings = toolModuleBindings(ts, statement)
      if (bindings) toolImports.push(...bindings)
      else imports.push({ text: body.slice(start, statement.end).replace(/[\r\n]/g, ' '), start })
      if (statement.importClause?.isTypeOnly) typeOnlyImports.push([start, statement.end])
      edits.push([start, statement.end, blank(body.slice(start, statement.end))])
    } else if (ts.isExportDeclaration(statement)) {
      edits.push([start, statement.end, blank(body.slice(start, statement.end))])
    } else if (ts.isExportAssignment(statement) && !statement.isExportEquals) {
      const head = statement.expression.getStart(sourceFile)
      edits.push([start, head, 'return'.padEnd(head - start)])
    } else if (keyword(statement, ts.SyntaxKind.ExportKeyword)) {
      const exportKeyword = keyword(statement, ts.SyntaxKind.ExportKeyword)
      const defaultKeyword = keyword(statement, ts.SyntaxKind.DefaultKeyword)
      const returnable = ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)
      if (defaultKeyword && returnable) {
        edits.push([exportKeyword.getStart(sourceFile), defaultKeyword.end, 'return'.padEnd(defaultKeyword.end - exportKeyword.getStart(sourceFile))])
      } else {
        for (const k of [exportKeyword, defaultKeyword]) if (k) edits.push([k.getStart(sourceFile), k.end, blank(body.slice(k.getStart(sourceFile), k.end))])
      }
    }
  }
  let edited = ''
  let at = 0
  for (const [start, end, replacement] of edits.sort((a, b) => a[0] - b[0])) {
    edited += body.slice(at, start) + replacement
    at = end
  }
  edited += body.slice(at)
  let prefix = ''
  const segments = [] // [file start, file end, body start]
  for (const { text, start } of imports) {
    segments.push([prefix.length, prefix.length + text.length, start])
    prefix += `${text};`
  }
  prefix += `async function ${PROGRAM_FUNCTION}() {`
  const text = `${prefix}${edited}\n}\nexport {};\n`
  const toModel = (offset) => {
    if (offset >= prefix.length) return Math.min(offset - prefix.length, body.length)
    const segment = segments.find(([s, e]) => offset >= s && offset < e)
    return segment ? segment[2] + (offset - segment[0]) : undefined
  }
  return { text, toModel, usesTypeScript: usesTypeScriptSyntax(ts, sourceFile), globals: assignedGlobals(ts, sourceFile), typeOnlyImports, toolImports }
}

/** The value bindings of an import of a tool module (`[]` for `import './servers/x'`), or undefined for any other import. */
function toolModuleBindings(ts, statement) {
  if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) return undefined
  const specifier = statement.moduleSpecifier.text
  const clause = statement.importClause
  if (!isToolModule(specifier) || clause?.isTypeOnly) return undefined
  const bindings = []
  if (clause?.name) bindings.push({ specifier, local: clause.name.text, what: 'default' })
  const named = clause?.namedBindings
  if (named && ts.isNamespaceImport(named)) bindings.push({ specifier, local: named.name.text, what: '*' })
  if (named && ts.isNamedImports(named)) {
    for (const element of named.elements) {
      if (!element.isTypeOnly) bindings.push({ specifier, local: element.name.text, what: (element.propertyName ?? element.name).text })
    }
  }
  return bindings
}

/** Names the program assigns on `globalThis` (`globalThis.seen = 1`): globals from then on. */
function assignedGlobals(ts, sourceFile) {
  const names = new Set()
  const visit = (node) => {
    if (ts.isBinaryExpression(node) && node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && node.operatorToken.kind <= ts.SyntaxKind.LastAssignment) {
      const target = node.left
      const onGlobal = (e) => ts.isIdentifier(e) && e.text === 'globalThis'
      if (ts.isPropertyAccessExpression(target) && onGlobal(target.expression)) names.add(target.name.text)
      if (ts.isElementAccessExpression(target) && onGlobal(target.expression) && ts.isStringLiteralLike(target.argumentExpression)) {
        const name = target.argumentExpression.text
        if (/^[A-Za-z_$][\w$]*$/.test(name)) names.add(name)
      }
    }
    ts.forEachChild(node, visit)
  }
  visit(sourceFile)
  return [...names]
}

/** The statements of the program's own top level, inside the wrapping function. */
function programStatements(ts, sourceFile) {
  for (const statement of sourceFile.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name?.text === PROGRAM_FUNCTION) return statement.body.statements
  }
  return []
}

/** Line and column (0-based) of `offset` in `text`. */
function lineAndColumn(text, offset) {
  let line = 0
  let lineStart = 0
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++
    lineStart = i + 1
  }
  return { line, column: offset - lineStart }
}

/**
 * The errors of the prepared program as `TypeDiagnostic`s in the model's own code, those the
 * model must fix (rules.cjs). `ctx` (see `counts`) also carries `diagnostics`, `body` (the
 * fence-free code), `toModel` (file position -> body position), `lineOffset` (lines removed
 * above the body) and `codeLines` (the model's code as it sent it).
 */
function toModelDiagnostics(ctx) {
  const { ts, body, toModel, lineOffset, codeLines } = ctx
  const out = []
  for (const d of ctx.diagnostics) {
    if (d.category !== ts.DiagnosticCategory.Error || d.file !== ctx.sourceFile || d.start === undefined) continue
    const offset = toModel(d.start)
    if (offset === undefined) continue
    if (!counts({ ...ctx, offset }, d, body.slice(Math.max(0, offset - 200), offset))) continue
    const { line, column } = lineAndColumn(body, offset)
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n')
    const modelLine = line + lineOffset
    out.push({
      code: `TS${d.code}`,
      message,
      line: modelLine + 1,
      column: column + 1,
      sourceLine: codeLines[modelLine] ?? '',
      hint: hintFor(ts, d, message),
    })
  }
  return out
}

module.exports = { stripFences, wrapProgram, programStatements, toModelDiagnostics }
