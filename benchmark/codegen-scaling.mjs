#!/usr/bin/env node
// How `jsonSchemaToTypeScript` scales with the size of hostile-but-plausible schemas. It runs on
// Node's main thread, so its time must grow linearly with the input: for each shape and n this
// prints the ms of one conversion and time(n) / time(previous n), which should be about the
// ratio of the n's (2 for 10k → 20k, 2.5 for 20k → 50k) when the work is linear.
//
//   node benchmark/codegen-scaling.mjs                         # the package at the repo root
//   node benchmark/codegen-scaling.mjs --compare OTHER.node    # also OTHER.node, interleaved
//   node benchmark/codegen-scaling.mjs --sizes 1000,2000 --shapes enum,object --budget-ms 5000
//
// A shape stops growing for an implementation once one conversion took more than --budget-ms
// (default 5000): a quadratic path at 100k would otherwise take minutes. Each timing is the best
// of --rounds (default 3) conversions; the first conversion of each shape is an untimed warm-up.
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`)
  return at === -1 ? fallback : process.argv[at + 1]
}

const sizes = option('sizes', '10000,20000,50000,100000').split(',').map(Number)
const budgetMs = Number(option('budget-ms', '5000'))
const rounds = Number(option('rounds', '3'))

const range = (n, f) => Array.from({ length: n }, (_, i) => f(i))

/** Schema builders, each of size about n. */
const SHAPES = {
  // `enum` with n string members.
  enum: (n) => ({ enum: range(n, (i) => `value-${i}`) }),
  // n properties, all required, each with a description.
  object: (n) => ({
    type: 'object',
    properties: Object.fromEntries(range(n, (i) => [`p${i}`, { type: 'string', description: `Field ${i}` }])),
    required: range(n, (i) => `p${i}`),
  }),
  // `anyOf` with n distinct object members (a discriminated union).
  anyOf: (n) => ({
    anyOf: range(n, (i) => ({
      type: 'object',
      properties: { kind: { const: `k${i}` }, value: { type: 'number' } },
      required: ['kind'],
    })),
  }),
  // `allOf` of n one-property objects, which merge into one object type.
  allOf: (n) => ({
    allOf: range(n, (i) => ({ type: 'object', properties: { [`p${i}`]: { type: 'integer' } } })),
  }),
  // n `$defs`, each used by one property.
  defs: (n) => ({
    type: 'object',
    properties: Object.fromEntries(range(n, (i) => [`p${i}`, { $ref: `#/$defs/d${i}` }])),
    $defs: Object.fromEntries(range(n, (i) => [`d${i}`, { type: 'object', properties: { x: { type: 'string' } } }])),
  }),
  // n references that all want the same type name (`X`, `X2`, `X3`, ...).
  sameName: (n) => ({
    type: 'object',
    properties: Object.fromEntries(range(n, (i) => [`p${i}`, { $ref: `#/$defs/x/anyOf/${i}` }])),
    $defs: { x: { anyOf: range(n, (i) => ({ type: 'object', properties: { [`f${i}`]: { type: 'string' } } })) } },
  }),
  // n `$anchor`s, each used by one property.
  anchors: (n) => ({
    type: 'object',
    properties: Object.fromEntries(range(n, (i) => [`p${i}`, { $ref: `#a${i}` }])),
    $defs: Object.fromEntries(range(n, (i) => [`d${i}`, { $anchor: `a${i}`, type: 'string' }])),
  }),
}
// No deep-nesting shape: napi refuses a value nested deeper than 128 levels before codegen sees
// it ('Exceeded maximum JSON nesting depth'), so depth cannot grow with n here. The Rust tests
// (codegen::tests_scaling::nesting_100k_deep) cover 100,000 levels.

const shapes = option('shapes', Object.keys(SHAPES).join(',')).split(',')
const impls = [{ name: 'package', convert: require(ROOT).jsonSchemaToTypeScript }]
const other = option('compare', null)
if (other) {
  impls.unshift({ name: path.basename(other), convert: require(path.resolve(other)).jsonSchemaToTypeScript })
}

function time(convert, schema) {
  let best = Infinity
  let length = 0
  for (let r = 0; r < rounds; r++) {
    const start = performance.now()
    length = convert(schema, { name: 'Input' }).length
    best = Math.min(best, performance.now() - start)
  }
  return { ms: best, length }
}

console.log(`jsonSchemaToTypeScript scaling: best of ${rounds}, sizes ${sizes.join(', ')}, budget ${budgetMs} ms`)
console.log(`${'shape'.padEnd(9)} ${'impl'.padEnd(34)} ${'n'.padStart(7)} ${'ms'.padStart(10)} ${'ratio'.padStart(7)} ${'chars out'.padStart(11)}`)
for (const shape of shapes) {
  const build = SHAPES[shape]
  if (!build) throw new Error(`unknown shape ${shape}; known: ${Object.keys(SHAPES).join(', ')}`)
  const warm = build(100)
  const state = impls.map((impl) => {
    impl.convert(warm, { name: 'Input' })
    return { impl, previous: null, over: false }
  })
  for (const n of sizes) {
    const schema = build(n)
    for (const s of state) {
      if (s.over) {
        console.log(`${shape.padEnd(9)} ${s.impl.name.padEnd(34)} ${String(n).padStart(7)} ${'skipped'.padStart(10)}`)
        continue
      }
      const { ms, length } = time(s.impl.convert, schema)
      const ratio = s.previous ? (ms / s.previous).toFixed(2) : ''
      console.log(
        `${shape.padEnd(9)} ${s.impl.name.padEnd(34)} ${String(n).padStart(7)} ${ms.toFixed(1).padStart(10)} ${ratio.padStart(7)} ${String(length).padStart(11)}`,
      )
      s.previous = ms
      s.over = ms > budgetMs
    }
  }
}
