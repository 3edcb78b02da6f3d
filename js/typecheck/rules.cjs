// Which of TypeScript's errors are the model's mistakes. The program is valid JavaScript that
// runs in our guest, so an error counts only where running it would go wrong: a tool that does
// not exist, an input or output field that does not, a forgotten `await`. Where TypeScript's
// error rests on a guess (a JavaScript value's inferred type, a web type narrower than what the
// guest has, a name a later session run may declare) it does not count.
'use strict'

/** "Cannot find name" (2580 and 2591–2593 are the same for Node's and test runners' globals). */
const CANNOT_FIND_NAME = new Set([2304, 2580, 2591, 2592, 2593])
/** A value that does not fit a declared type. */
const ASSIGNABILITY = new Set([2322, 2345, 2739, 2740, 2741, 2769])
/** "Property does not exist" (2551: with a "did you mean"). */
const NO_SUCH_PROPERTY = new Set([2339, 2551])
/** "Used before its declaration" (block-scoped variable, class, enum). */
const USED_BEFORE_DECLARATION = new Set([2448, 2449, 2450])

/** The innermost node of `sourceFile` that contains `start`, with its ancestors (outermost first). */
function pathTo(ts, sourceFile, start) {
  const path = []
  let node = sourceFile
  for (;;) {
    const child = ts.forEachChild(node, (c) => (c.pos <= start && start < c.end ? c : undefined))
    if (!child) return path
    path.push(child)
    node = child
  }
}

/**
 * True when the value at `start` is passed straight (not from inside a nested function) to a
 * call whose signature `declared(file)` accepts: a tool, or a function an earlier session run
 * declared with types.
 */
function passedToDeclared(ctx, start) {
  const { ts, checker, declared } = ctx
  let inDeclared = false
  for (const node of pathTo(ts, ctx.sourceFile, start)) {
    if (ts.isFunctionLike(node)) inDeclared = false
    if (ts.isCallExpression(node) && node.arguments.some((a) => a.pos <= start && start < a.end)) {
      const file = checker.getResolvedSignature(node)?.declaration?.getSourceFile()
      inDeclared = file !== undefined && declared(file.fileName)
    }
  }
  return inDeclared
}

/**
 * True when the object whose property is missing has a type of the standard library or the web
 * globals (an interface such as `EventTarget` or `ArrayBufferView`), narrower than the object the
 * guest has: `e.target.reason`, or `v.length` after `ArrayBuffer.isView(v)`. Not for promises
 * (a tool call without `await`) nor for values the tools or a session declared.
 */
function onLibraryInterface(ctx, start) {
  const { ts, checker, declared } = ctx
  const access = pathTo(ts, ctx.sourceFile, start).findLast((n) => ts.isPropertyAccessExpression(n) && n.name.getStart(ctx.sourceFile) === start)
  if (!access) return false
  const receiver = access.expression
  const named = ts.isPropertyAccessExpression(receiver) ? receiver.name : ts.isIdentifier(receiver) ? receiver : undefined
  const symbol = named && checker.getSymbolAtLocation(named)
  if ((symbol?.getDeclarations() ?? []).some((d) => declared(d.getSourceFile().fileName))) return false
  const library = (type, depth = 0) => {
    if (depth > 4) return false
    if (type.isUnionOrIntersection()) return type.types.some((t) => library(t, depth + 1))
    if (!(type.flags & ts.TypeFlags.Object)) return false
    const typeSymbol = type.getSymbol()
    if (!typeSymbol || typeSymbol.getName() === 'Promise' || typeSymbol.getName() === 'PromiseLike') return false
    const files = (typeSymbol.getDeclarations() ?? []).map((d) => d.getSourceFile())
    return files.length > 0 && files.every((file) => file.isDeclarationFile && !declared(file.fileName))
  }
  return library(checker.getTypeAtLocation(receiver))
}

/** True inside `import("...")`: a dynamic import can fail and be caught; it is not a certain error. */
function inDynamicImport(ctx, start) {
  const { ts } = ctx
  return pathTo(ts, ctx.sourceFile, start).some((n) => ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword)
}

/** True inside a function (not the program's own top level): it runs later, if at all. */
function inNestedFunction(ctx, start) {
  const { ts } = ctx
  // The first function on the path is the wrapper the program's body lives in.
  return pathTo(ts, ctx.sourceFile, start).filter((n) => ts.isFunctionLike(n)).length > 1
}

/** The identifier that starts at `start`, if any. */
function identifierAt(ctx, start) {
  const node = pathTo(ctx.ts, ctx.sourceFile, start).at(-1)
  return node && ctx.ts.isIdentifier(node) ? node.text : undefined
}

/**
 * Whether diagnostic `d` (at `before`, the model's text just before it) is one the model must
 * fix. `ctx`: `{ ts, checker, sourceFile, language, declared(fileName), sessionNames, typeOnlyImports, offset }`.
 */
function counts(ctx, d, before) {
  const javascript = ctx.language === 'javascript'
  // In JavaScript the types of the model's own values are TypeScript's guesses (and the web
  // globals coerce what they get): a value that does not fit is a mistake only where it goes
  // into a tool (or a function a session declared with types), and the library's interfaces
  // are narrower than the guest's objects.
  if (javascript && ASSIGNABILITY.has(d.code) && !passedToDeclared(ctx, d.start)) return false
  if (javascript && NO_SUCH_PROPERTY.has(d.code) && onLibraryInterface(ctx, d.start)) return false
  // `typeof name` never throws for a name that does not exist, nor `typeof tools.maybe` for a
  // missing property: it is how code asks whether something is there.
  if (CANNOT_FIND_NAME.has(d.code) && /\btypeof\s*\(?\s*$/.test(before)) return false
  if (NO_SUCH_PROPERTY.has(d.code) && /\btypeof\s*\(?\s*[\w$]+(?:\??\.[\w$]+|\[[^\]]*\])*\??\.$/.test(before)) return false
  // `new Promise((resolve) => ... resolve())`: TypeScript wants `Promise<void>` spelled out.
  if (d.code === 2794 || d.code === 2810) return false
  if (d.code === 2307) {
    // A type-only import disappears with the types: what it names is unknown (`any`).
    if (ctx.typeOnlyImports.some(([start, end]) => ctx.offset >= start && ctx.offset < end)) return false
    if (inDynamicImport(ctx, d.start)) return false
  }
  if (ctx.sessionNames) {
    // A later run of the session may declare the name before the function is called.
    if (CANNOT_FIND_NAME.has(d.code) && inNestedFunction(ctx, d.start)) return false
    // `let x = x * 10` reads the `x` an earlier run declared: a session run may declare a name again.
    if (USED_BEFORE_DECLARATION.has(d.code) && ctx.sessionNames.has(identifierAt(ctx, d.start))) return false
  }
  return true
}

module.exports = { counts }
