// One checker per Code Mode instance, inside the worker: a TypeScript language service per
// language (TypeScript strict; JavaScript as `checkJs` without `noImplicitAny`) over in-memory
// files — the guest's globals, the tools' declarations, a session's earlier declarations, the
// program. Lib files come from the `typescript` package once per worker (a shared document
// registry), so a new tool set or instance costs only its own declarations.
'use strict'

const fs = require('node:fs')
const path = require('node:path')

const { stripFences, wrapProgram, programStatements, toModelDiagnostics } = require('./program.cjs')
const { SessionScope } = require('./session-scope.cjs')

const ROOT = '/codemode/'
// The same text for every checker: one entry in the shared document registry.
const GLOBALS = `${ROOT}guest-globals.d.ts`
const GLOBALS_TEXT = fs.readFileSync(path.join(__dirname, 'guest-globals.d.ts'), 'utf8')

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

class File {
  constructor(text) {
    this.set(text)
    this.version = 1
  }
  set(text) {
    if (text === this.text) return
    this.text = text
    this.version = (this.version ?? 0) + 1
    this.snapshot = undefined
  }
}

class Checker {
  constructor(shared, id) {
    this.shared = shared
    // Each checker's files have paths of their own: the document registry is shared, and it
    // tells files apart by path and version.
    this.dir = `${ROOT}${id}/`
    this.tools = `${this.dir}tools.d.ts`
    this.files = new Map([
      [GLOBALS, new File(GLOBALS_TEXT)],
      [this.tools, new File('')],
    ])
    this.services = new Map()
    this.sessions = new Map()
    this.roots = [GLOBALS, this.tools]
  }

  setDeclarations(text) {
    this.files.get(this.tools).set(text)
  }

  service(language) {
    let service = this.services.get(language)
    if (service) return service
    const { ts, registry } = this.shared
    const options = this.shared.options(language)
    const host = {
      getCompilationSettings: () => options,
      getScriptFileNames: () => this.roots,
      getScriptVersion: (name) => String(this.files.get(name)?.version ?? 1),
      getScriptSnapshot: (name) => {
        const file = this.files.get(name)
        if (!file) return this.shared.libSnapshot(name)
        file.snapshot ??= ts.ScriptSnapshot.fromString(file.text)
        return file.snapshot
      },
      getCurrentDirectory: () => this.dir,
      getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
      fileExists: (name) => this.files.has(name) || this.shared.libSnapshot(name) !== undefined,
      readFile: (name) => this.files.get(name)?.text ?? this.shared.libSnapshot(name)?.getText(0, Infinity),
      directoryExists: (name) => `${name}/`.startsWith(ROOT) || name.startsWith(this.shared.libDir),
      getDirectories: () => [],
      useCaseSensitiveFileNames: () => true,
    }
    service = ts.createLanguageService(host, registry)
    this.services.set(language, service)
    return service
  }

  /** Prepares the program (and the session's prelude) as the current root files. */
  prepare(code, language, sessionId) {
    const ts = this.shared.ts
    const { body, lineOffset } = stripFences(code)
    const wrapped = wrapProgram(ts, body)
    let lang = language
    if (lang !== 'typescript' && lang !== 'javascript') lang = wrapped.usesTypeScript ? 'typescript' : 'javascript'
    const programName = `${this.dir}program.${lang === 'typescript' ? 'ts' : 'js'}`
    this.file(programName).set(wrapped.text)
    this.roots = [GLOBALS, this.tools]
    if (sessionId !== undefined) {
      const preludeName = `${this.dir}session-${sessionId}.d.ts`
      this.file(preludeName).set(this.session(sessionId).text)
      this.roots.push(preludeName)
    }
    if (wrapped.globals.length > 0) {
      const assigned = `${this.dir}assigned-globals.d.ts`
      this.file(assigned).set(wrapped.globals.map((name) => `declare var ${name}: any;`).join('\n'))
      this.roots.push(assigned)
    }
    this.roots.push(programName)
    return { programName, lang, body, lineOffset, toModel: wrapped.toModel, globals: wrapped.globals, typeOnlyImports: wrapped.typeOnlyImports }
  }

  file(name) {
    let file = this.files.get(name)
    if (!file) this.files.set(name, (file = new File('')))
    return file
  }

  session(id) {
    let scope = this.sessions.get(id)
    if (!scope) this.sessions.set(id, (scope = new SessionScope()))
    return scope
  }

  /** The type errors of `code` in the model's own lines (none when it has a syntax error: the run reports that). */
  check({ code, language, session }) {
    const { programName, lang, body, lineOffset, toModel, typeOnlyImports } = this.prepare(code, language, session)
    const service = this.service(lang)
    const syntactic = service.getSyntacticDiagnostics(programName)
    if (syntactic.length > 0) return { language: lang, diagnostics: [], syntaxError: true }
    const program = service.getProgram()
    const diagnostics = toModelDiagnostics({
      ts: this.shared.ts,
      checker: program.getTypeChecker(),
      diagnostics: service.getSemanticDiagnostics(programName),
      sourceFile: program.getSourceFile(programName),
      language: lang,
      declared: (file) => this.declaresTypes(file),
      sessionNames: session === undefined ? undefined : this.session(session).valueNames(),
      typeOnlyImports,
      body,
      toModel,
      lineOffset,
      codeLines: code.split(/\r?\n/),
    })
    return { language: lang, diagnostics }
  }

  /** True for the files whose signatures the model (or the tools) typed: the tools' and sessions'. */
  declaresTypes(fileName) {
    return fileName === this.tools || (fileName.startsWith(`${this.dir}session-`) && fileName.endsWith('.d.ts'))
  }

  /** Records what a session run that ran declared, for the session's next checks. */
  commit({ code, language, session }) {
    const { programName, lang, globals } = this.prepare(code, language, session)
    const service = this.service(lang)
    // A program that did not parse did not run, so it declared nothing.
    if (service.getSyntacticDiagnostics(programName).length > 0) return
    const program = service.getProgram()
    const sourceFile = program.getSourceFile(programName)
    if (sourceFile) {
      this.session(session).record(this.shared.ts, program.getTypeChecker(), sourceFile, programStatements(this.shared.ts, sourceFile), globals)
    }
  }

  disposeSession(id) {
    this.sessions.delete(id)
    this.files.delete(`${this.dir}session-${id}.d.ts`)
  }

  dispose() {
    for (const service of this.services.values()) service.dispose()
    this.services.clear()
  }
}

module.exports = { Shared, Checker }
