// A preload for the spec suite (not part of the package): every one-shot `cm.run` of a string
// program that ends `ok: true` is also type-checked ('strict' rules, against the declarations
// of its instance at the start of the run) and the diagnostics of any such program are
// appended to $TYPECHECK_AUDIT_OUT as JSON lines. Results are not changed. A correct program
// with diagnostics is a false positive of the checker.
//
//   TYPECHECK_AUDIT_OUT=/tmp/audit.jsonl node --import ./scripts/typecheck-audit.mjs --test __test__/x.spec.mjs
import { appendFileSync } from 'node:fs'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const binding = require('../index.js')
const { TypeCheckClient } = require('../js/typecheck/client.cjs')

const out = process.env.TYPECHECK_AUDIT_OUT
const clients = new WeakMap()
const run = binding.CodeMode.prototype.run
let checked = 0

binding.CodeMode.prototype.run = function (code, options) {
  const running = run.call(this, code, options)
  if (!out || typeof code !== 'string' || (options?.typecheck ?? 'off') !== 'off') return running
  let declarations
  try {
    declarations = this.declarationsForTypeCheck()
  } catch {
    return running
  }
  running.then(
    async (result) => {
      if (!result?.ok) return
      let client = clients.get(this)
      if (!client) clients.set(this, (client = new TypeCheckClient()))
      const report = await client.check({ code, language: options?.language, declarations }, 60_000)
      checked++
      const line = { file: process.argv[1], checked, code }
      if (report.diagnostics?.length) appendFileSync(out, `${JSON.stringify({ ...line, diagnostics: report.diagnostics })}\n`)
      else if (report.failure || report.timedOut) appendFileSync(out, `${JSON.stringify({ ...line, failure: report.failure ?? 'timeout' })}\n`)
      else appendFileSync(out, `${JSON.stringify({ file: line.file, clean: true })}\n`)
    },
    () => {},
  )
  return running
}
