// What a session's earlier runs declared, for the checker of its next run: in a session the
// top-level declarations persist (src/source/repl.rs), so a later program may use them. Each
// run's names become `declare var name: Type` in a global prelude (later runs win; `var`, since
// a REPL may declare a name again), its interfaces and type aliases are kept as written.
'use strict'

const MAX_ENTRIES = 2000

class SessionScope {
  constructor() {
    /** name -> { kind: 'value' | 'type', text } in declaration order */
    this.entries = new Map()
    this.version = 0
    this.text = ''
  }

  /** Records the top-level declarations of `sourceFile`, typed by `checker`, and the tool-module `imports`. */
  record(ts, checker, sourceFile, statements, globals = [], imports = []) {
    const put = (name, entry) => {
      this.entries.delete(name)
      this.entries.set(name, entry)
    }
    const valueOf = (node) => {
      let type = checker.getTypeAtLocation(node)
      // A REPL turns declarations into assignments: `const n = 1` may hold 2 next time.
      type = checker.getBaseTypeOfLiteralType(type)
      const text = checker.typeToString(type, undefined, ts.TypeFormatFlags.NoTruncation)
      return /\btypeof\b|\bimport\(/.test(text) ? 'any' : text
    }
    const bindNames = (name) => {
      if (ts.isIdentifier(name)) put(name.text, { kind: 'value', text: valueOf(name) })
      else for (const element of name.elements) if (!ts.isOmittedExpression(element)) bindNames(element.name)
    }
    for (const statement of [...sourceFile.statements.filter(ts.isImportDeclaration), ...statements]) {
      if (ts.isVariableStatement(statement)) {
        for (const declaration of statement.declarationList.declarations) bindNames(declaration.name)
      } else if (ts.isFunctionDeclaration(statement) && statement.name) {
        put(statement.name.text, { kind: 'value', text: valueOf(statement.name) })
      } else if ((ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) && statement.name) {
        put(statement.name.text, { kind: 'value', text: 'any' })
      } else if ((ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) && statement.name) {
        const text = statement.getText(sourceFile).replace(/^export\s+/, '')
        put(`type ${statement.name.text}`, { kind: 'type', text })
      } else if (ts.isImportDeclaration(statement) && statement.importClause) {
        const clause = statement.importClause
        if (clause.name) put(clause.name.text, { kind: 'value', text: 'any' })
        const bindings = clause.namedBindings
        if (bindings && ts.isNamespaceImport(bindings)) put(bindings.name.text, { kind: 'value', text: 'any' })
        if (bindings && ts.isNamedImports(bindings))
          for (const element of bindings.elements) put(element.name.text, { kind: 'value', text: 'any' })
      }
    }
    // Imports of tool modules keep their tools' types (tool-imports.cjs).
    for (const { local, type, typeAlias } of imports) {
      put(local, { kind: 'value', text: type })
      if (typeAlias) put(`type ${local}`, { kind: 'type', text: typeAlias })
    }
    for (const name of globals) if (!this.entries.has(name)) put(name, { kind: 'value', text: 'any' })
    while (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value)
    this.render()
  }

  /** The names of the values earlier runs declared. */
  valueNames() {
    return new Set([...this.entries].filter(([, entry]) => entry.kind === 'value').map(([name]) => name))
  }

  render() {
    const lines = []
    for (const [name, entry] of this.entries) {
      // The prelude is a `.d.ts` the checker does not check itself (`skipLibCheck`): a type naming
      // something out of scope is `any` there, never an error in the next program.
      const text = entry.kind === 'value' ? `declare var ${name}: ${entry.text};` : entry.text
      lines.push(text)
    }
    this.text = lines.join('\n') + '\n'
    this.version++
  }
}

module.exports = { SessionScope }
