// A preload for the spec suite (not part of the package): every string program that ends
// `ok: true` is also type-checked ('strict' rules, against the declarations of its instance at
// the start of the run) and the diagnostics of any such program are appended to
// $TYPECHECK_AUDIT_OUT as JSON lines. One-shot runs and session runs are both audited (a session
// program against the declarations of the session's earlier runs). Results are not changed. A
// correct program with diagnostics is a false positive of the checker.
//
//   TYPECHECK_AUDIT_OUT=/tmp/audit.jsonl node --import ./scripts/typecheck-audit.mjs --test __test__/x.spec.mjs
//
// Each line also carries the declarations the program was checked against, so that
// scripts/typecheck-corpus.mjs can turn an audit into the corpus __test__/typecheck-corpus.spec.mjs
// checks (every run of a session is recorded, `ok` or not: later runs are checked after it).
import { appendFileSync } from 'node:fs'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const binding = require('../index.js')
const { TypeCheckClient } = require('../js/typecheck/client.cjs')

const out = process.env.TYPECHECK_AUDIT_OUT
const clients = new WeakMap() // CodeMode -> TypeCheckClient
const owners = new WeakMap() // Session -> { cm, id, chain }
let checked = 0
let nextSession = 1

const audited = (code, options) => out && typeof code === 'string' && (options?.typecheck ?? 'off') === 'off' && options?.language !== 'bash'

function clientOf(cm) {
  let client = clients.get(cm)
  if (!client) clients.set(cm, (client = new TypeCheckClient()))
  return client
}

async function audit(cm, code, options, declarations, session) {
  const report = await clientOf(cm).check({ code, language: options?.language, declarations, session }, 60_000)
  checked++
  const line = { file: process.argv[1], checked, session, code, language: options?.language, declarations }
  if (report.diagnostics?.length) appendFileSync(out, `${JSON.stringify({ ...line, diagnostics: report.diagnostics })}\n`)
  else if (report.failure || report.timedOut) appendFileSync(out, `${JSON.stringify({ ...line, failure: report.failure ?? 'timeout' })}\n`)
  else appendFileSync(out, `${JSON.stringify({ ...line, clean: true })}\n`)
}

/** A session run that was not audited (it failed): later runs of the session are checked after it. */
function ranUnaudited(code, options, declarations, session) {
  appendFileSync(out, `${JSON.stringify({ file: process.argv[1], session, code, language: options?.language, declarations, ranOnly: true })}\n`)
}

const run = binding.CodeMode.prototype.run
binding.CodeMode.prototype.run = function (code, options) {
  const running = run.call(this, code, options)
  if (!audited(code, options)) return running
  let declarations
  try {
    declarations = this.declarationsForTypeCheck()
  } catch {
    return running
  }
  running.then((result) => (result?.ok ? audit(this, code, options, declarations) : undefined)).catch(() => {})
  return running
}

const openSession = binding.CodeMode.prototype.session
binding.CodeMode.prototype.session = function (options) {
  const session = openSession.call(this, options)
  owners.set(session, { cm: this, id: `audit-${nextSession++}`, chain: Promise.resolve() })
  return session
}

// A session program is checked against what the session's earlier programs declared, so the
// audits of one session go in order: check this program, then record it as ran.
const sessionRun = binding.Session.prototype.run
binding.Session.prototype.run = function (code, options) {
  const running = sessionRun.call(this, code, options)
  const owner = owners.get(this)
  if (!owner || !out || typeof code !== 'string' || options?.language === 'bash') return running
  // A run the session checked itself is not audited again, but later runs are checked after it.
  const checkedHere = audited(code, options)
  let declarations
  try {
    declarations = owner.cm.declarationsForTypeCheck()
  } catch {
    return running
  }
  owner.chain = owner.chain
    .then(() => running)
    .then(async (result) => {
      if (result?.ok && checkedHere) await audit(owner.cm, code, options, declarations, owner.id)
      else ranUnaudited(code, options, declarations, owner.id)
      clientOf(owner.cm).ran(owner.id, code, options?.language)
    })
    .catch(() => {})
  return running
}
