// No false type errors on correct programs (issue 17): every program of the spec suite that ran
// correctly, checked against the declarations it ran against, has exactly the type errors the
// corpus lists — none, except for the few programs that are wrong on purpose (specs of guest
// mistakes, inside `try`). The corpus is __test__/fixtures/typecheck-corpus.json, rebuilt by
// `node scripts/typecheck-corpus.mjs` (which lists the programs with errors, for review).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const { Shared } = require('../js/typecheck/shared.cjs')
const { Checkers } = require('../js/typecheck/checkers.cjs')

const corpus = JSON.parse(readFileSync(new URL('./fixtures/typecheck-corpus.json', import.meta.url), 'utf8'))
const checkers = new Checkers(new Shared(require('typescript')))

const codes = (report) => report.diagnostics.map((d) => d.code)
const show = (code) => JSON.stringify(code.trim().slice(0, 160))

test('every one-shot program of the suite that ran correctly checks as the corpus says', () => {
  const wrong = []
  let clean = 0
  for (const [i, program] of corpus.programs.entries()) {
    const client = `p${program.declarations}`
    checkers.setDeclarations(client, corpus.declarations[program.declarations])
    const report = checkers.of(client).check(program)
    if (report.syntaxError) wrong.push(`${program.spec} #${i}: a syntax error for the checker: ${show(program.code)}`)
    else if (JSON.stringify(codes(report)) !== JSON.stringify(program.expected)) {
      wrong.push(`${program.spec} #${i}: ${JSON.stringify(codes(report))}, expected ${JSON.stringify(program.expected)}: ${show(program.code)}`)
    }
    if (program.expected.length === 0) clean++
  }
  assert.deepEqual(wrong, [])
  assert.ok(corpus.programs.length >= 400 && clean / corpus.programs.length > 0.95, `${clean} of ${corpus.programs.length} clean`)
})

test('every session run of the suite that ran correctly checks as the corpus says, after the runs before it', () => {
  const wrong = []
  let checked = 0
  for (const [s, session] of corpus.sessions.entries()) {
    const client = `s${s}`
    const id = `corpus-${s}`
    checkers.noteSession(client, id)
    for (const run of session.runs) {
      checkers.setDeclarations(client, corpus.declarations[run.declarations])
      const checker = checkers.of(client)
      if (!run.ranOnly) {
        const report = checker.check({ ...run, session: id })
        checked++
        if (JSON.stringify(codes(report)) !== JSON.stringify(run.expected)) {
          wrong.push(`${session.spec} session ${s}: ${JSON.stringify(codes(report))}, expected ${JSON.stringify(run.expected)}: ${show(run.code)}`)
        }
      }
      checker.commit({ ...run, session: id })
    }
    checkers.dispose(client)
  }
  assert.deepEqual(wrong, [])
  assert.ok(checked >= 100, `${checked} session runs checked`)
})
