// `node scripts/typecheck-corpus.mjs`: rebuilds __test__/fixtures/typecheck-corpus.json, the
// programs of the spec suite that ran correctly, each with the declarations it ran against and
// the type errors the checker reports for it today, for __test__/typecheck-corpus.spec.mjs. Run
// it when specs or the checker's rules change, and read what it prints: every program listed
// with errors must be one that is wrong on purpose (a spec of a guest mistake that it catches);
// any other is a false positive of the checker, to fix before committing the corpus.
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const OUT = path.join(ROOT, '__test__', 'fixtures', 'typecheck-corpus.json')
const MAX_PROGRAM_CHARS = 16_000

// The specs that run programs in-process (not through the CLI, MCP servers or packaging).
const SPECS = `abort-ordering abort basics concurrency console deadline-builtins discovery errors event-loop
  events format-result fuzz hostile-host-input imports isolation limits model-mistakes observed-types
  options process-exit result-conversions results run-boundaries schemas session-repl sessions
  source-forms timeouts timers tool-call-outputs tool-names tools unhandled-rejections validation
  web-abort web-builtins web-clone web-crypto web-encoding web-url`.split(/\s+/)

const dir = mkdtempSync(path.join(tmpdir(), 'typecheck-corpus-'))
const audit = path.join(dir, 'audit.jsonl')
try {
  execFileSync(
    process.execPath,
    ['--import', './scripts/typecheck-audit.mjs', '--test', '--test-concurrency=1', ...SPECS.map((s) => `__test__/${s}.spec.mjs`)],
    { cwd: ROOT, env: { ...process.env, TYPECHECK_AUDIT_OUT: audit }, stdio: ['ignore', 'ignore', 'inherit'] },
  )
  const lines = readFileSync(audit, 'utf8').trim().split('\n').map((l) => JSON.parse(l))
  const declarations = []
  const declarationIndex = new Map()
  const indexOf = (text) => {
    if (!declarationIndex.has(text)) declarationIndex.set(text, declarations.push(text) - 1)
    return declarationIndex.get(text)
  }
  const spec = (file) => path.basename(file, '.spec.mjs')
  const programs = new Map() // one-shot: declarations + language + code -> entry
  const sessions = new Map() // file + session -> [runs]
  for (const line of lines) {
    // (One limits spec sends a 200 KB program: what it tests is not types.)
    if (line.code.length > MAX_PROGRAM_CHARS && line.session === undefined) continue
    if (line.failure) throw new Error(`the checker failed on a program of ${spec(line.file)}: ${line.failure}`)
    const expected = (line.diagnostics ?? []).map((d) => d.code)
    const base = { code: line.code, language: line.language, declarations: indexOf(line.declarations) }
    if (line.session === undefined) {
      programs.set(JSON.stringify(base), { spec: spec(line.file), ...base, expected })
    } else {
      const key = `${line.file} ${line.session}`
      if (!sessions.has(key)) sessions.set(key, { spec: spec(line.file), runs: [] })
      sessions.get(key).runs.push(line.ranOnly ? { ...base, ranOnly: true } : { ...base, expected })
    }
  }
  const corpus = { declarations, programs: [...programs.values()], sessions: [...sessions.values()] }
  mkdirSync(path.dirname(OUT), { recursive: true })
  writeFileSync(OUT, `${JSON.stringify(corpus, null, 1)}\n`)
  const flagged = [...corpus.programs, ...corpus.sessions.flatMap((s) => s.runs.map((r) => ({ spec: s.spec, ...r })))].filter((p) => p.expected?.length)
  const sessionRuns = corpus.sessions.reduce((n, s) => n + s.runs.filter((r) => !r.ranOnly).length, 0)
  console.log(`${corpus.programs.length} programs and ${sessionRuns} session runs in ${corpus.sessions.length} sessions; ${flagged.length} with type errors:`)
  for (const p of flagged) console.log(`- ${p.spec}: ${p.expected.join(', ')}: ${JSON.stringify(p.code.trim().slice(0, 100))}`)
} finally {
  rmSync(dir, { recursive: true, force: true })
}
