#!/usr/bin/env node
// The tool-search eval: how often `codemode.searchTools(query, { limit: 3 })` finds the tool a
// model asked for, on a catalog of real MCP tools (catalog.json, made by collect.mjs) and the
// queries in queries.json, beside a plain BM25 baseline measured in the same run.
//
//   npm run build && node benchmark/search-eval/run.mjs [--failures] [--json FILE]
//
// Queries are split in two halves: `tuned` (the ranking was tuned looking at these) and
// `heldOut` (never looked at while tuning). `--failures` prints the tuned half's misses only.
import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const HERE = path.dirname(fileURLToPath(import.meta.url))
const require = createRequire(import.meta.url)
const { CodeMode } = require('../../index.js')

const args = process.argv.slice(2)
const showFailures = args.includes('--failures')
const jsonOut = args.includes('--json') ? args[args.indexOf('--json') + 1] : null
/** Every query is searched once per round, after one untimed pass; the median round is reported. */
const ROUNDS = 21

const catalog = JSON.parse(fs.readFileSync(path.join(HERE, 'catalog.json'), 'utf8'))
const queries = JSON.parse(fs.readFileSync(path.join(HERE, 'queries.json'), 'utf8'))
const idOf = (server, name) => `${server}.${name}`

// ---------------------------------------------------------------------------------------------
// Ours: the guest's codemode.searchTools, one namespace per server, tools that do nothing.

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

const toolDefinitions = () =>
  catalog.map((t) => ({
    name: t.name,
    namespace: t.server,
    description: t.description,
    inputSchema: t.inputSchema,
    execute: () => null,
  }))

async function searchOurs() {
  // The first search of each fresh tool set builds its index: timed on a few instances.
  const firstSearch = []
  for (let i = 0; i < 5; i++) {
    const cm = new CodeMode({ tools: toolDefinitions() })
    const r = await cm.run(`const t = performance.now(); await codemode.searchTools('warm up', { limit: 3 }); return (performance.now() - t) * 1000`)
    await cm.close()
    if (!r.ok) throw new Error(`the eval program failed: ${r.error.code} ${r.error.message}`)
    firstSearch.push(r.value)
  }
  const cm = new CodeMode({ tools: toolDefinitions() })
  try {
    const program = `
      const queries = ${JSON.stringify(queries.map((q) => q.query))}
      const found = []
      for (const q of queries) {
        found.push((await codemode.searchTools(q, { limit: 3 })).map((t) => [t.namespace, t.name]))
      }
      const rounds = []
      for (let r = 0; r < ${ROUNDS}; r++) {
        const t0 = performance.now()
        for (const q of queries) await codemode.searchTools(q, { limit: 3 })
        rounds.push(((performance.now() - t0) * 1000) / queries.length)
      }
      return { found, rounds }`
    const r = await cm.run(program, { limits: { timeoutMs: 120_000 } })
    if (!r.ok) throw new Error(`the eval program failed: ${r.error.code} ${r.error.message}`)
    return {
      found: r.value.found.map((list) => list.map(([ns, name]) => idOf(ns, name))),
      perSearchUs: median(r.value.rounds),
      firstSearchUs: median(firstSearch),
    }
  } finally {
    await cm.close()
  }
}

// ---------------------------------------------------------------------------------------------
// Baseline: plain BM25 (k1 = 1.2, b = 0.75) over name + description as one field; lowercase
// words split on camelCase and non-alphanumerics; no stop words, stemming, typos or synonyms.

const tokenize = (text) =>
  text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)

function bm25Index(docs, k1 = 1.2, b = 0.75) {
  const postings = new Map() // term -> [[doc, tf], ...]
  const lengths = docs.map((text, d) => {
    const counts = new Map()
    const words = tokenize(text)
    for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1)
    for (const [w, tf] of counts) {
      if (!postings.has(w)) postings.set(w, [])
      postings.get(w).push([d, tf])
    }
    return words.length
  })
  const avg = lengths.reduce((a, n) => a + n, 0) / docs.length
  const n = docs.length
  return (query, limit) => {
    const scores = new Float64Array(n)
    for (const term of new Set(tokenize(query))) {
      const list = postings.get(term)
      if (!list) continue
      const idf = Math.log(1 + (n - list.length + 0.5) / (list.length + 0.5))
      for (const [d, tf] of list) scores[d] += (idf * tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * lengths[d]) / avg))
    }
    const ranked = []
    for (let d = 0; d < n; d++) if (scores[d] > 0) ranked.push(d)
    ranked.sort((x, y) => scores[y] - scores[x] || x - y)
    return ranked.slice(0, limit)
  }
}

function searchBm25() {
  const search = bm25Index(catalog.map((t) => `${t.name} ${t.description}`))
  const found = queries.map((q) => search(q.query, 3).map((d) => idOf(catalog[d].server, catalog[d].name)))
  const rounds = []
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = performance.now()
    for (const q of queries) search(q.query, 3)
    rounds.push(((performance.now() - t0) * 1000) / queries.length)
  }
  return { found, perSearchUs: median(rounds) }
}

// ---------------------------------------------------------------------------------------------
// Scoring and report

function score(found) {
  const half = (heldOut) => {
    const qs = queries.map((q, i) => ({ q, got: found[i] })).filter(({ q }) => q.heldOut === heldOut)
    const top1 = qs.filter(({ q, got }) => q.expect.includes(got[0])).length
    const top3 = qs.filter(({ q, got }) => got.slice(0, 3).some((id) => q.expect.includes(id))).length
    return { n: qs.length, top1: top1 / qs.length, top3: top3 / qs.length }
  }
  return { tuned: half(false), heldOut: half(true) }
}

const pct = (x) => `${(x * 100).toFixed(1)}%`
const ours = await searchOurs()
const bm25 = searchBm25()
const results = {
  ours: { ...score(ours.found), perSearchUs: ours.perSearchUs, firstSearchUs: ours.firstSearchUs },
  bm25: { ...score(bm25.found), perSearchUs: bm25.perSearchUs } }

const servers = new Set(catalog.map((t) => t.server)).size
console.log(`Tool search: ${catalog.length} tools from ${servers} MCP servers, ${queries.length} queries (${results.ours.tuned.n} tuned, ${results.ours.heldOut.n} held out)\n`)
console.log('| ranking | tuned top-1 | tuned top-3 | held-out top-1 | held-out top-3 | µs per search (median of rounds) |')
console.log('|---|---|---|---|---|---|')
for (const [label, r] of [['quickjs-codemode `searchTools` (in the guest)', results.ours], ['plain BM25 (JS, in the host)', results.bm25]]) {
  console.log(`| ${label} | ${pct(r.tuned.top1)} | ${pct(r.tuned.top3)} | ${pct(r.heldOut.top1)} | ${pct(r.heldOut.top3)} | ${r.perSearchUs.toFixed(1)} |`)
}

console.log(`\nOurs: the first search of a fresh tool set also builds its index: ${results.ours.firstSearchUs.toFixed(0)} µs (median of 5 instances).`)

if (showFailures) {
  console.log('\nTuned queries where ours does not rank an expected tool first (held-out ones are never shown):')
  queries.forEach((q, i) => {
    if (q.heldOut || q.expect.includes(ours.found[i][0])) return
    const miss = ours.found[i].some((id) => q.expect.includes(id)) ? 'top-3' : 'MISS '
    console.log(`- ${miss} #${q.id} "${q.query}" wants ${q.expect.join(' | ')}; got ${ours.found[i].join(', ') || '(nothing)'}`)
  })
}
if (jsonOut) fs.writeFileSync(jsonOut, JSON.stringify(results, null, 2) + '\n')
