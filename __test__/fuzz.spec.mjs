import { test } from 'node:test'
import assert from 'node:assert/strict'

import { codeMode, assertWellFormedResult, assertValue, prng } from './helpers.mjs'

const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed1234)

const FRAGMENTS = [
  'return', 'await', 'async', 'function', '=>', '(', ')', '{', '}', '[', ']', ';', ',', '.', '...',
  '=', '==', '===', '+', '-', '*', '/', '%', '**', '!', '?', ':', '?.', '??', '&&', '||', '<', '>',
  'const', 'let', 'var', 'if', 'else', 'for', 'while', 'do', 'of', 'in', 'new', 'class', 'extends',
  'this', 'super', 'yield', 'try', 'catch', 'finally', 'throw', 'typeof', 'delete', 'void',
  'null', 'undefined', 'true', 'false', 'NaN', 'Infinity', '0', '1', '-1', '1e308', '0x1F', '1n',
  '"str"', "'s'", '`t${1}`', '/re+/g', 'x', 'y', 'tools', 'tools.echo', 'tools.nope', 'console.log',
  'globalThis', 'Symbol()', 'Promise.resolve()', 'new Proxy({}, {})', 'JSON.parse', 'Object.prototype',
  '__proto__', 'constructor', 'eval', 'Function', 'import', 'export', 'default', 'with', 'debugger',
  '\n', ' ', '\t', '//', '/*', '*/', '#', '@', '\\', '"', "'", '`', '${', 'é', '中', '🎉', '\u2028',
  '\uFEFF', '\u200B',
]

function garbageProgram(rand) {
  const kind = rand()
  const n = 1 + Math.floor(rand() * 40)
  let out = ''
  if (kind < 0.7) {
    for (let i = 0; i < n; i++) out += FRAGMENTS[Math.floor(rand() * FRAGMENTS.length)] + (rand() < 0.5 ? ' ' : '')
  } else if (kind < 0.9) {
    // random printable / control / astral characters (no NUL: covered by its own test)
    for (let i = 0; i < n * 3; i++) {
      const r = rand()
      const cp = r < 0.6 ? 32 + Math.floor(rand() * 95) : r < 0.8 ? 1 + Math.floor(rand() * 31) : r < 0.95 ? 0xa0 + Math.floor(rand() * 0x2000) : 0x1f300 + Math.floor(rand() * 200)
      out += String.fromCodePoint(cp)
    }
  } else {
    // deep nesting of one bracket kind
    const open = ['(', '[', '{', '`${', 'a=>', '!', '-'][Math.floor(rand() * 7)]
    out = 'return ' + open.repeat(1 + Math.floor(rand() * 20000))
  }
  return out
}

test(`garbage code strings never crash the process and always give a well-formed result (seed ${SEED})`, async (t) => {
  const rand = prng(SEED)
  const cm = codeMode(t, {
    tools: { echo: { execute: (i) => i } },
    limits: { timeoutMs: 300, memoryLimitBytes: 16 << 20, maxSourceBytes: 1 << 20 },
  })
  const programs = Array.from({ length: 400 }, () => garbageProgram(rand))
  const codes = {}
  for (let i = 0; i < programs.length; i += 8) {
    const batch = programs.slice(i, i + 8)
    const results = await Promise.all(batch.map((code) => cm.run(code)))
    results.forEach((r, k) => {
      const label = `program #${i + k}: ${JSON.stringify(batch[k]).slice(0, 200)}`
      assertWellFormedResult(r, label)
      const key = r.ok ? 'ok' : r.error.code
      codes[key] = (codes[key] ?? 0) + 1
    })
  }
  t.diagnostic(`outcomes: ${JSON.stringify(codes)}`)
  assert.ok((codes.SYNTAX_ERROR ?? 0) > 100, 'most garbage is a syntax error')
  // the instance is still healthy
  assertValue(await cm.run('return await tools.echo({ healthy: true })'), { healthy: true })
})

test('a NUL character in the source is handled as JavaScript, not as an internal error', async (t) => {
  const cm = codeMode(t)
  assertValue(await cm.run('return "a\u0000b"'), 'a\u0000b')
  assertValue(await cm.run('return 1 // comment \u0000 here'), 1)
  const bare = await cm.run('\u0000')
  assertWellFormedResult(bare)
  assert.equal(bare.error?.code, 'SYNTAX_ERROR')
})

test('lone surrogates in the code, logs and tool input keep the run well-formed', async (t) => {
  const cm = codeMode(t, { tools: { echo: { execute: (i) => i } } })
  for (const code of [
    'return "\ud800"',
    'const s = "\udc00"; return s.length',
    'console.log("log \\ud800 here"); return 1',
    'return await tools.echo("in \\ud800 put")',
    'throw new Error("msg \\ud800")',
  ]) {
    const r = await cm.run(code)
    assertWellFormedResult(r, code)
  }
})

test('console.log of a string with a lone surrogate never throws in the guest', async (t) => {
  const cm = codeMode(t)
  const r = await cm.run('console.log("log \\ud800 here"); return "after log"')
  assertValue(r, 'after log')
  assert.equal(r.logs.length, 1)
  assert.match(r.logs[0].message, /^log .* here$/)
})

// ------------------------------------------------------------------ garbage tool outputs

const cyclic = {}
cyclic.self = cyclic
let deep = 0
for (let i = 0; i < 50_000; i++) deep = [deep]

const GARBAGE_OUTPUTS = {
  symbol: () => Symbol('s'),
  bigint: () => 10n,
  nestedBigint: () => ({ a: [1, { b: 2n }] }),
  cycle: () => cyclic,
  hugeString: () => 'x'.repeat(8 << 20),
  hugeArray: () => new Array(2_000_000).fill(1),
  func: () => () => 1,
  nestedFunc: () => ({ f() {}, keep: 1 }),
  proxyTrap: () => new Proxy({}, { ownKeys() { throw new Error('trap') } }),
  revokedProxy: () => { const p = Proxy.revocable({}, {}); p.revoke(); return p.proxy },
  getterThrows: () => ({ get x() { throw new Error('getter') } }),
  toJSONThrows: () => ({ toJSON() { throw new Error('toJSON boom') } }),
  toJSONBigint: () => ({ toJSON: () => 1n }),
  deepNesting: () => deep,
  promiseOfSymbol: () => Promise.resolve(Symbol('p')),
  thenable: () => ({ then: (resolve) => resolve({ via: 'thenable' }) }),
  badThenable: () => ({ then: () => { throw new Error('bad then') } }),
  errorObject: () => new Error('as value'),
  map: () => new Map([[1, 2]]),
  typed: () => new Uint8Array([1, 2, 3]),
  buffer: () => Buffer.from('hi'),
  nullProto: () => Object.assign(Object.create(null), { a: 1 }),
  protoKey: () => JSON.parse('{"__proto__": {"polluted": true}, "a": 1}'),
  loneSurrogate: () => 'x\ud800y',
  nulString: () => 'a\u0000b',
  invalidDate: () => new Date(NaN),
  sparse: () => [1, , 3], // eslint-disable-line no-sparse-arrays
  negZero: () => -0,
  longKey: () => ({ ['k'.repeat(100_000)]: 1 }),
  throwSymbol: () => { throw Symbol('thrown') },
  throwBigint: () => { throw 5n },
  throwCycle: () => { throw cyclic },
  throwUndefined: () => { throw undefined },
  throwFrozen: () => { throw Object.freeze({ message: 'frozen' }) },
  rejectProxy: () => Promise.reject(new Proxy({}, { get() { throw new Error('get trap') } })),
  errorWithThrowingMessage: () => {
    const e = new Error('x')
    Object.defineProperty(e, 'message', { get() { throw new Error('inner') } })
    throw e
  },
}

test('garbage tool outputs and failures never crash the process; each result is well-formed', async (t) => {
  const tools = Object.fromEntries(Object.entries(GARBAGE_OUTPUTS).map(([name, fn]) => [name, { execute: fn }]))
  const cm = codeMode(t, { tools, limits: { timeoutMs: 5000 } })
  const outcomes = {}
  const problems = []
  for (const name of Object.keys(GARBAGE_OUTPUTS)) {
    let r
    try {
      r = await cm.run(`
        try {
          const v = await tools.${name}({})
          return { ok: true, type: typeof v, size: JSON.stringify(v)?.length ?? 0 }
        } catch (e) {
          return { ok: false, name: e.name, code: e.code, tool: e.tool, message: String(e.message).slice(0, 200) }
        }`)
    } catch (err) {
      problems.push(`${name}: run() rejected with ${err?.code ?? err?.name}: ${err?.message}`)
      continue
    }
    try {
      assertWellFormedResult(r, name)
      assert.equal(r.ok, true, `${name}: ${JSON.stringify(r.error)}`)
      assert.equal(r.toolCalls.length, 1, name)
      if (!r.value.ok) {
        assert.equal(r.value.name, 'ToolError', name)
        assert.equal(r.value.tool, name)
        assert.equal(typeof r.value.code, 'string', name)
      }
    } catch (err) {
      problems.push(err.message)
      continue
    }
    outcomes[name] = r.value.ok ? r.value.type : r.value.code
  }
  assert.deepEqual(problems, [])
  t.diagnostic(JSON.stringify(outcomes))
  // JSON.stringify semantics where they are well defined
  assert.equal(outcomes.symbol, 'undefined')
  assert.equal(outcomes.func, 'undefined')
  assert.equal(outcomes.promiseOfSymbol, 'undefined')
  assert.equal(outcomes.thenable, 'object')
  assert.equal(outcomes.hugeString, 'OUTPUT_TOO_LARGE')
  for (const name of ['bigint', 'nestedBigint', 'cycle', 'proxyTrap', 'getterThrows', 'toJSONThrows', 'toJSONBigint', 'deepNesting', 'revokedProxy']) {
    assert.notEqual(outcomes[name], 'object', `${name} must fail as a ToolError, got ${outcomes[name]}`)
  }
  for (const name of ['throwSymbol', 'throwBigint', 'throwCycle', 'throwUndefined', 'throwFrozen', 'rejectProxy', 'errorWithThrowingMessage', 'badThenable']) {
    assert.equal(outcomes[name], 'TOOL_FAILED', name)
  }
  assertValue(await cm.run('return "still alive"'), 'still alive')
})

test('garbage tool inputs from the guest are catchable errors, never crashes', async (t) => {
  let hostCalls = 0
  const cm = codeMode(t, { tools: { echo: { execute: (i) => { hostCalls++; return i } } } })
  const inputs = {
    bigint: '1n',
    cycle: '(() => { const o = {}; o.o = o; return o })()',
    deep: '(() => { let v = 0; for (let i = 0; i < 100000; i++) v = [v]; return v })()',
    throwingGetter: '({ get x() { throw new Error("g") } })',
    throwingToJSON: '({ toJSON() { throw new Error("tj") } })',
  }
  for (const [name, expr] of Object.entries(inputs)) {
    const r = await cm.run(`try { await tools.echo(${expr}); return 'sent' } catch (e) { return 'caught ' + e.name }`)
    assertWellFormedResult(r, name)
    assert.equal(r.ok, true, `${name}: ${JSON.stringify(r.error)}`)
    assert.match(r.value, /^caught \w+/, name)
  }
  assert.equal(hostCalls, 0, 'no unserializable input reached the host')
  // functions and symbols follow JSON.stringify (dropped)
  assertValue(await cm.run('return await tools.echo({ f() {}, s: Symbol("x"), keep: 1 })'), { keep: 1 })
})

test('random mixes of garbage tool outputs in parallel runs', async (t) => {
  const rand = prng(SEED + 1)
  const names = Object.keys(GARBAGE_OUTPUTS).filter((n) => !['hugeString', 'hugeArray', 'longKey', 'deepNesting'].includes(n))
  const tools = Object.fromEntries(Object.entries(GARBAGE_OUTPUTS).map(([name, fn]) => [name, { execute: fn }]))
  const cm = codeMode(t, { tools, limits: { timeoutMs: 5000 } })
  for (let round = 0; round < 10; round++) {
    const runs = Array.from({ length: 8 }, () => {
      const picks = Array.from({ length: 1 + Math.floor(rand() * 5) }, () => names[Math.floor(rand() * names.length)])
      const code = `return await Promise.allSettled([${picks.map((n) => `tools.${n}({})`).join(', ')}]).then((rs) => rs.map((r) => r.status))`
      return cm.run(code).then((r) => [picks, r])
    })
    for (const [picks, r] of await Promise.all(runs)) {
      assertWellFormedResult(r, picks.join(','))
      assert.equal(r.ok, true, `${picks}: ${JSON.stringify(r.error)}`)
      assert.equal(r.value.length, picks.length)
    }
  }
})
