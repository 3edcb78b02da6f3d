// What the worker checks before the first real program: the library files load and bind, and
// V8 compiles the compiler's common paths (generic inference, array methods, `Map`, promises,
// classes, templates), which otherwise makes the first few real checks several times slower.
// Both programs must check without errors.
'use strict'

const TYPESCRIPT = `interface Row { id: string; score: number; tags?: string[] }
const rows: Row[] = [{ id: 'a', score: 1 }, { id: 'b', score: 2, tags: ['x'] }]
const byId = new Map(rows.map((r) => [r.id, r] as const))
const tags = new Set<string>(rows.flatMap((r) => r.tags ?? []))
const [first, ...rest] = rows
const total = rows.reduce((n, r) => n + r.score, 0)
const sorted = rows.slice().sort((a, b) => b.score - a.score).filter((r) => r.score > 0).map(({ id, score }) => ({ id, score: score.toFixed(1) }))
const settled = await Promise.all(rows.map(async (r) => { await new Promise((resolve) => setTimeout(resolve, 0)); return { ...r, ok: true } }))
class Counter { count = 0; add(by = 1): this { this.count += by; return this } }
const text = \`\${first?.id ?? 'none'}: \${JSON.stringify(Object.fromEntries(byId))} \${[...tags].join(',')} \${rest.length}\`
try { JSON.parse(text) } catch (e) { console.log(e.message) }
for (const [key, value] of Object.entries({ a: 1 })) console.log(key.toUpperCase(), value + 1, new Date().toISOString())
return { total, sorted, settled: settled.length, count: new Counter().add(2).count, text: text.slice(0, 10) }`

// The same program without its types.
const JAVASCRIPT = TYPESCRIPT.replace(/^interface Row[^\n]*\n/, '').replace(': Row[]', '').replace(' as const', '').replace('<string>', '').replace(': this', '')

/** How many times each program is checked: enough for V8 to optimize the hot paths. */
const ROUNDS = 3

/** The warm-up checks, as `checkAll` requests; `round` makes each text new (a new program each time). */
function warmUpRequests(round) {
  return [
    { code: `${JAVASCRIPT}\n// ${round}`, language: 'javascript' },
    { code: `${TYPESCRIPT}\n// ${round}`, language: 'typescript' },
  ]
}

module.exports = { warmUpRequests, ROUNDS }
