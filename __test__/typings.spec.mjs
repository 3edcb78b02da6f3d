// The package typings: the type tests compile (their `@ts-expect-error` lines are assertions), and
// the objects the addon really hands out match the declared variants field for field.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { createRequire } from 'node:module'
import path from 'node:path'

import { CodeMode, ROOT } from './helpers.mjs'
import { testServer } from './mcp-servers.mjs'

const require = createRequire(import.meta.url)
const ts = require('typescript')
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc')
const TYPE_TESTS = ['index.test-d.ts', 'api.test-d.ts'].map((f) => path.join(ROOT, '__test__', f))

function tsc(flags) {
  const args = [TSC, '--strict', '--noEmit', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--types', 'node', ...flags, ...TYPE_TESTS]
  try {
    execFileSync(process.execPath, args, { encoding: 'utf8', stdio: 'pipe', cwd: ROOT })
  } catch (e) {
    assert.fail(`${e.stdout}${e.stderr}`)
  }
}

test('the type tests compile with tsc --strict', () => tsc([]))

test('the type tests compile with tsc --strict --exactOptionalPropertyTypes', () => tsc(['--exactOptionalPropertyTypes']))

/** `name` → { required, optional } property names of each member of the exported type `name`. */
function declaredVariants(name) {
  const program = ts.createProgram([path.join(ROOT, 'index.d.ts')], { strict: true, types: [] })
  const checker = program.getTypeChecker()
  const file = program.getSourceFile(path.join(ROOT, 'index.d.ts'))
  const symbol = checker.getExportsOfModule(checker.getSymbolAtLocation(file)).find((s) => s.name === name)
  assert.ok(symbol, `index.d.ts exports ${name}`)
  const type = checker.getDeclaredTypeOfSymbol(symbol)
  return (type.isUnion() ? type.types : [type]).map((member) => {
    const required = []
    const optional = []
    for (const p of checker.getPropertiesOfType(member)) {
      ;(p.flags & ts.SymbolFlags.Optional ? optional : required).push(p.name)
    }
    const tag = member.getProperty('type') ?? member.getProperty('ok')
    const literal = tag && checker.typeToString(checker.getTypeOfSymbol(tag))
    return { literal, required, optional }
  })
}

function assertMatches(object, variants, label) {
  const tag = JSON.stringify(object.type ?? object.ok)
  const variant = variants.find((v) => v.literal === tag)
  assert.ok(variant, `${label}: no declared variant for ${tag} (declared: ${variants.map((v) => v.literal)})`)
  for (const key of Object.keys(object)) {
    assert.ok([...variant.required, ...variant.optional].includes(key), `${label} ${tag}: \`${key}\` is not declared`)
  }
  for (const key of variant.required) assert.ok(key in object, `${label} ${tag}: declared \`${key}\` is missing`)
}

test('every RunEvent and RunResult the addon hands out is one of the declared variants, field for field', async (t) => {
  const cm = new CodeMode({
    tools: [
      { name: 'ok', namespace: 'n', execute: () => ({ fine: true }) },
      { name: 'none', execute: () => undefined },
      { name: 'fails', execute: () => Promise.reject(new Error('no')) },
      { name: 'slow', execute: (_, { signal }) => new Promise((resolve) => signal.addEventListener('abort', resolve)) },
    ],
  })
  t.after(() => cm.close())
  const events = []
  const onEvent = (e) => events.push(e)
  const results = [
    await cm.run('console.warn("w"); await tools.n.ok({ a: 1 }); await tools.none(); return 1', { onEvent }),
    await cm.run('await tools.none(); try { await tools.fails({}) } catch {} ; tools.slow({}); return undefined', { onEvent }),
    await cm.run('throw new Error("x")', { onEvent }),
  ]
  // An MCP server's tools add `server`, progress, and a restart after the server died mid-call.
  await cm.connectMcp('test', testServer())
  results.push(
    await cm.run('await tools.test.slow({ ms: 1 }); try { await tools.test["exit-now"]({}) } catch {} ; return 1', { onEvent }),
    await cm.run('return await tools.test.echo({ text: "back" })', { onEvent }),
  )
  const eventVariants = declaredVariants('RunEvent')
  const resultVariants = declaredVariants('RunResult')
  const seen = new Set(events.map((e) => e.type))
  assert.deepEqual([...seen].sort(), eventVariants.map((v) => JSON.parse(v.literal)).sort(), 'every event type was seen')
  for (const e of events) assertMatches(e, eventVariants, 'RunEvent')
  assert.ok(events.some((e) => e.type === 'tool-result' && e.server === 'test'), 'an MCP tool event names its server')
  assert.deepEqual(results.map((r) => r.ok), [true, true, false, true, true])
  for (const r of results) assertMatches(r, resultVariants, 'RunResult')
})
