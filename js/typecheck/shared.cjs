// What every checker of the worker shares: the compiler, its lib files (read once), the
// document registry through which checkers share parsed files, and the compiler options of
// each language.
'use strict'

const path = require('node:path')

/** What every checker of this worker shares: the compiler, lib files, the document registry. */
class Shared {
  constructor(ts) {
    this.ts = ts
    this.registry = ts.createDocumentRegistry()
    this.libSnapshots = new Map()
    this.libDir = path.dirname(ts.getDefaultLibFilePath({}))
  }

  libSnapshot(fileName) {
    let snapshot = this.libSnapshots.get(fileName)
    if (snapshot === undefined) {
      const text = fileName.startsWith(this.libDir) ? this.ts.sys.readFile(fileName) : undefined
      snapshot = text === undefined ? null : this.ts.ScriptSnapshot.fromString(text)
      this.libSnapshots.set(fileName, snapshot)
    }
    return snapshot ?? undefined
  }

  options(language) {
    const ts = this.ts
    return {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      lib: ['lib.esnext.d.ts'],
      types: [],
      strict: true,
      // Models write `catch (e) { e.message }`; the guest's errors are Errors.
      useUnknownInCatchVariables: false,
      // JavaScript is checked for what models get wrong (tools, fields, `await`), not for what
      // it cannot say without annotations.
      noImplicitAny: language === 'typescript',
      noImplicitThis: language === 'typescript',
      strictNullChecks: language === 'typescript',
      allowJs: true,
      checkJs: true,
      esModuleInterop: true,
      skipLibCheck: true,
      noEmit: true,
      noResolve: false,
    }
  }
}

module.exports = { Shared }
