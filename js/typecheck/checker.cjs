// One checker per set of tool declarations, inside the worker (checkers.cjs shares it between
// instances with the same tools): a TypeScript language service per language (TypeScript strict;
// JavaScript as `checkJs` without `noImplicitAny`) over in-memory
// files — the guest's globals, the tools' declarations, a session's earlier declarations, the
// program. Lib files come from the `typescript` package once per worker (a shared document
// registry), so a new tool set or instance costs only its own declarations.
'use strict'

const fs = require('node:fs')
const path = require('node:path')

const { Shared } = require('./shared.cjs')
const { stripFences, wrapProgram, programStatements, toModelDiagnostics } = require('./program.cjs')
const { SessionScope } = require('./session-scope.cjs')
const { toolShape, importBindings, declarationsOf } = require('./tool-imports.cjs')

const ROOT = '/codemode/'
// The same text for every checker: one entry in the shared document registry.
const GLOBALS = `${ROOT}guest-globals.d.ts`
const GLOBALS_TEXT = fs.readFileSync(path.join(__dirname, 'guest-globals.d.ts'), 'utf8')

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
    const tools = this.files.get(this.tools)
    if (tools.text !== text) this.shape = undefined
    tools.set(text)
  }

  /** The names of the `Tools` interface, for the imports of tool modules. */
  toolShape() {
    this.shape ??= toolShape(this.shared.ts, this.files.get(this.tools).text)
    return this.shape
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

  /** The model's code as the checker's file: fences gone, wrapped in a function, its language decided. */
  parse(code, language) {
    const { body, lineOffset } = stripFences(code)
    const wrapped = wrapProgram(this.shared.ts, body)
    let lang = language
    if (lang !== 'typescript' && lang !== 'javascript') lang = wrapped.usesTypeScript ? 'typescript' : 'javascript'
    const imports = wrapped.toolImports.length > 0 ? importBindings(this.toolShape(), wrapped.toolImports) : []
    return { code, body, lineOffset, wrapped, lang, imports }
  }

  /**
   * Makes `programs` (parsed, of one language) the root files, beside the globals, the tools
   * and a session's prelude; sets each one's `programName`. Several programs are checked in one
   * TypeScript program only when none has a session, assigns globals or imports tools (each
   * file is a module, but those go in the global scope).
   */
  place(programs, sessionId) {
    this.roots = [GLOBALS, this.tools]
    if (sessionId !== undefined) {
      const preludeName = `${this.dir}session-${sessionId}.d.ts`
      this.file(preludeName).set(this.session(sessionId).text)
      this.roots.push(preludeName)
    }
    const globals = programs.flatMap((p) => p.wrapped.globals)
    const imports = programs.flatMap((p) => p.imports)
    if (globals.length > 0 || imports.length > 0) {
      // What the program puts in its global scope: names set on `globalThis`, imported tools.
      const beside = `${this.dir}beside-program.d.ts`
      this.file(beside).set([...globals.map((name) => `declare var ${name}: any;`), declarationsOf(imports)].join('\n'))
      this.roots.push(beside)
    }
    programs.forEach((p, i) => {
      p.programName = `${this.dir}program${i === 0 ? '' : `-${i}`}.${p.lang === 'typescript' ? 'ts' : 'js'}`
      this.file(p.programName).set(p.wrapped.text)
      this.roots.push(p.programName)
    })
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
  check(request) {
    return this.checkAll([request])[0]
  }

  /**
   * The reports of several checks, in order: the one-shot programs of each language are checked
   * together in one TypeScript program (one type checker built, the library's types resolved
   * once), a session's programs one by one.
   */
  checkAll(requests) {
    const parsed = requests.map((r) => ({ session: r.session, ...this.parse(r.code, r.language) }))
    const reports = new Array(requests.length)
    const together = new Map() // language -> indexes
    parsed.forEach((p, i) => {
      // (`declare global` would reach the other programs.)
      if (p.session === undefined && p.wrapped.globals.length === 0 && p.imports.length === 0 && !/\bdeclare\s+global\b/.test(p.body)) {
        if (!together.has(p.lang)) together.set(p.lang, [])
        together.get(p.lang).push(i)
      } else {
        reports[i] = this.checkPlaced([p], p.session)[0]
      }
    })
    for (const indexes of together.values()) {
      const results = this.checkPlaced(indexes.map((i) => parsed[i]))
      indexes.forEach((i, k) => (reports[i] = results[k]))
    }
    return reports
  }

  /** Checks `programs` (parsed, of one language) as the root files of one TypeScript program. */
  checkPlaced(programs, sessionId) {
    const ts = this.shared.ts
    this.place(programs, sessionId)
    const lang = programs[0].lang
    const service = this.service(lang)
    return programs.map((p) => {
      if (service.getSyntacticDiagnostics(p.programName).length > 0) return { language: lang, diagnostics: [], syntaxError: true }
      const program = service.getProgram()
      const diagnostics = toModelDiagnostics({
        ts,
        checker: program.getTypeChecker(),
        diagnostics: service.getSemanticDiagnostics(p.programName),
        sourceFile: program.getSourceFile(p.programName),
        language: lang,
        declared: (file) => this.declaresTypes(file),
        sessionNames: sessionId === undefined ? undefined : this.session(sessionId).valueNames(),
        typeOnlyImports: p.wrapped.typeOnlyImports,
        body: p.body,
        toModel: p.wrapped.toModel,
        lineOffset: p.lineOffset,
        codeLines: p.code.split(/\r?\n/),
      })
      return { language: lang, diagnostics }
    })
  }

  /** True for the files whose signatures the model (or the tools) typed: the tools' and sessions'. */
  declaresTypes(fileName) {
    return fileName === this.tools || (fileName.startsWith(`${this.dir}session-`) && fileName.endsWith('.d.ts'))
  }

  /** Records what a session run that ran declared, for the session's next checks. */
  commit({ code, language, session }) {
    const parsed = this.parse(code, language)
    this.place([parsed], session)
    const service = this.service(parsed.lang)
    // A program that did not parse did not run, so it declared nothing.
    if (service.getSyntacticDiagnostics(parsed.programName).length > 0) return
    const program = service.getProgram()
    const sourceFile = program.getSourceFile(parsed.programName)
    if (sourceFile) {
      this.session(session).record(this.shared.ts, program.getTypeChecker(), sourceFile, programStatements(this.shared.ts, sourceFile), parsed.wrapped.globals, parsed.imports)
    }
  }

  /** Takes over session `id` (what its earlier runs declared) from `other`, a checker of other tools. */
  adoptSession(id, other) {
    const scope = other.sessions.get(id)
    if (scope) this.sessions.set(id, scope)
    other.disposeSession(id)
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
