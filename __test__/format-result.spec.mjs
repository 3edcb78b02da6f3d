// formatResult(result, { maxChars, code }): the text a model reads after a run.
import { test } from 'node:test'
import assert from 'node:assert/strict'

import binding from '../index.js'
import { codeMode, assertFailed, assertValue } from './helpers.mjs'

const { formatResult } = binding

const tools = [
  { name: 'getUser', execute: () => ({ id: 1 }) },
  {
    name: 'boom',
    namespace: 'db',
    execute: () => {
      throw new Error('quota exceeded')
    },
  },
  { name: 'slow', execute: () => new Promise((resolve) => setTimeout(resolve, 1000)) },
]

/** The number in a marker like `… [12,345 more characters of the value]`. */
function markerCount(text, what) {
  const m = text.match(new RegExp(`… \\[([\\d,]+) more ${what}`))
  assert.ok(m, `no "${what}" marker in:\n${text.slice(0, 500)}`)
  return Number(m[1].replaceAll(',', ''))
}

test('a value is pretty JSON; a scalar stays on the header line', async (t) => {
  const cm = codeMode(t, { tools })
  const r = await cm.run('return { a: 1, b: [true, null], c: "é" }')
  assertValue(r, { a: 1, b: [true, null], c: 'é' })
  assert.equal(formatResult(r), 'Result:\n{\n  "a": 1,\n  "b": [\n    true,\n    null\n  ],\n  "c": "é"\n}')
  assert.equal(formatResult(await cm.run('return "hi"')), 'Result: "hi"')
  assert.equal(formatResult(await cm.run('return []')), 'Result: []')
  // The layout is JSON.stringify's own with a 2-space indent.
  const values = [
    { a: [], b: {}, c: [1, { d: 'x,y:{z}[\\"q\\\\]' }], e: null },
    [0.1, -0, 1e21, 5e-7, '\u2028', 'tab\there', { 'key with "quotes"': [[[]]] }],
    'plain',
  ]
  for (const value of values) {
    const json = JSON.stringify(value, null, 2)
    assert.equal(formatResult({ value }), `Result:${json.includes('\n') ? '\n' : ' '}${json}`)
  }
})

test('an undefined value says the program returned nothing', async (t) => {
  const cm = codeMode(t, { tools })
  assert.equal(formatResult(await cm.run('return undefined')), 'Result: undefined (the program returned nothing)')
})

test('console lines show their level unless it is log', async (t) => {
  const cm = codeMode(t, { tools })
  const r = await cm.run(
    'console.log("plain"); console.info("i"); console.warn("w"); console.error("e"); console.debug("d"); return 1',
  )
  assert.equal(formatResult(r), 'Result: 1\n\nConsole:\nplain\n[info] i\n[warn] w\n[error] e\n[debug] d')
})

test('warnings are listed, and the tool-call summary counts failures', async (t) => {
  const cm = codeMode(t, { tools })
  const r = await cm.run('tools.slow({}); return 1')
  assert.equal(r.warnings.length, 1)
  assert.equal(formatResult(r), `Result: 1\n\nWarnings:\n- ${r.warnings[0]}\n\nTool calls: 1 (1 failed: slow)`)
})

test('a syntax error keeps its own code frame, once', async (t) => {
  const cm = codeMode(t, { tools })
  const code = 'const x = 1;\nconst y = ;\n'
  const r = await cm.run(code)
  assertFailed(r, 'SYNTAX_ERROR')
  assert.equal(r.error.line, 2)
  assert.match(r.error.message, /> 2 \| const y = ;/)
  const text = formatResult(r, { code })
  assert.equal(
    text,
    `Error: SyntaxError: ${r.error.message}\nAt line ${r.error.line}, column ${r.error.column}.\nHint: ${r.error.hint}`,
  )
  assert.equal(text.split('> 2 | ').length, 2, text)
})

test('an uncaught exception shows its line and, given the code, the offending source line', async (t) => {
  const cm = codeMode(t, { tools })
  const code = 'const a = 1\nfunction f() { throw new TypeError("bad") }\nf()'
  const r = await cm.run(code)
  assertFailed(r, 'UNCAUGHT_EXCEPTION')
  assert.deepEqual([r.error.line, r.error.column], [2, 26])
  const hint = r.error.hint
  assert.equal(
    formatResult(r, { code }),
    'Error: TypeError: bad\nAt line 2, column 26:\n' +
      '> 2 | function f() { throw new TypeError("bad") }\n' +
      `    | ${' '.repeat(25)}^\n` +
      `Hint: ${hint}`,
  )
  assert.equal(formatResult(r), `Error: TypeError: bad\nAt line 2, column 26.\nHint: ${hint}`)
})

test('the documented example: a property of undefined, with the code', async (t) => {
  const cm = codeMode(t, { tools })
  const code = `const user = await tools.getUser({ id: 1 })
return user.profile.name`
  const result = await cm.run(code)
  assert.equal(
    formatResult(result, { code }),
    "Error: TypeError: cannot read property 'name' of undefined\n" +
      'At line 2, column 8:\n' +
      '> 2 | return user.profile.name\n' +
      '    |        ^\n' +
      "Hint: `profile` is undefined: the result of tools.getUser has no field `profile`; its fields are id. Use those names (see the tool's declaration).\n" +
      '\n' +
      'Tool calls: 1',
  )
})

test('a tool error names the error, the hint and the failed tool', async (t) => {
  const cm = codeMode(t, { tools })
  const r = await cm.run('console.log("before"); await tools.getUser({}); await tools.db.boom({})')
  assertFailed(r, 'UNCAUGHT_EXCEPTION')
  assert.equal(r.error.name, 'ToolError')
  const text = formatResult(r)
  assert.equal(r.error.tool, 'db.boom')
  assert.ok(text.startsWith(`Error: ToolError: ${r.error.message} (from tools.db.boom)\nAt line 1, column `), text)
  assert.ok(text.includes(`\nHint: ${r.error.hint}\n`), text)
  assert.ok(text.endsWith('\n\nConsole:\nbefore\n\nTool calls: 2 (1 failed: db.boom)'), text)
  assert.match(text, /quota exceeded/)
})

test('a timeout shows its message and hint', async (t) => {
  const cm = codeMode(t, { tools })
  const r = await cm.run('while (true) {}', { limits: { timeoutMs: 50 } })
  assertFailed(r, 'TIMEOUT')
  assert.equal(formatResult(r), `Error: TimeoutError: ${r.error.message}\nHint: ${r.error.hint}`)
})

test('a huge value is cut with a marker saying how much, within maxChars', async (t) => {
  const cm = codeMode(t, { tools })
  const r = await cm.run('return "x".repeat(200000)')
  for (const maxChars of [500, 5_000, undefined]) {
    const text = formatResult(r, maxChars === undefined ? {} : { maxChars })
    assert.ok(text.length <= (maxChars ?? 20_000), `${maxChars}: ${text.length}`)
    const kept = text.split('\n')[0].length - 'Result: '.length
    assert.equal(kept + markerCount(text, 'characters of the value'), JSON.stringify(r.value).length)
  }
})

test('huge logs keep their first and last lines, and share the budget with the value', async (t) => {
  const cm = codeMode(t, { tools })
  const r = await cm.run(
    'for (let i = 0; i < 5000; i++) console.log("line " + i); console.warn("y".repeat(50000)); return "v".repeat(50000)',
    { limits: { maxLogBytes: 10_000_000 } },
  )
  assert.equal(r.logs.length, 5001)
  const text = formatResult(r, { maxChars: 6_000 })
  assert.ok(text.length <= 6_000, String(text.length))
  assert.ok(text.includes('\nConsole:\nline 0\nline 1\n'), text)
  assert.ok(markerCount(text, 'console lines') > 4000)
  assert.ok(markerCount(text, 'characters of the value') > 40_000)
  // The last line is long: it is cut, not dropped.
  const last = text.split('\n').at(-1)
  assert.ok(last.startsWith('[warn] yyy'), last)
  assert.ok(markerCount(last, 'characters of this line') > 40_000)
  const valueChars = text.indexOf('\n\nConsole:')
  assert.ok(valueChars > 2_000 && valueChars < 4_000, `the value took ${valueChars} of 6000`)
})

test('partial objects render without throwing', () => {
  assert.equal(formatResult({ ok: false }), 'Error: the run failed; its result has no error details.')
  assert.equal(formatResult({ ok: true, value: 1 }), 'Result: 1')
  assert.equal(formatResult({}), 'Result: undefined (the program returned nothing)')
  assert.equal(formatResult({ error: { message: 'm' } }), 'Error: m')
  assert.equal(formatResult({ error: 'oops' }), 'Error: oops')
  assert.equal(
    formatResult({ ok: false, error: { name: 'E', message: 'm', line: 1, column: 3 } }, { code: 'a b c' }),
    'Error: E: m\nAt line 1, column 3:\n> 1 | a b c\n    |   ^',
  )
  assert.equal(formatResult({ logs: [{ message: 'no level' }, 'bare'], warnings: ['w'] }).split('\n\n').length, 3)
  for (const junk of [null, undefined, 1, 'text', [], () => 1]) {
    assert.equal(typeof formatResult(junk), 'string')
  }
})

test('garbage inside a result never throws', async (t) => {
  assert.match(formatResult({ value: 1n }), /^Result: \(no JSON form: TypeError: .*BigInt/)
  assert.equal(formatResult({ value: () => 1 }), 'Result: (no JSON form: a function)')
  assert.equal(formatResult({ value: Symbol('s') }), 'Result: (no JSON form: a symbol)')
  const hostile = {
    get ok() {
      throw new Error('getter')
    },
    get value() {
      throw 5
    },
    error: { name: 1, message: { toString: () => 'x' }, line: -1, column: 1.5, hint: 7 },
    logs: new Proxy([], {
      get() {
        throw new Error('trap')
      },
    }),
    warnings: [1, 'w', null],
    toolCalls: [null, { tool: 't', ok: false }, { tool: { no: 1 } }],
  }
  assert.equal(formatResult(hostile), 'Error: (no message)\n\nWarnings:\n- w\n\nTool calls: 2 (1 failed: t)')
  // A sparse array claiming 2**32 - 1 entries is not walked to its end.
  const text = formatResult({ logs: Object.assign([], { length: 2 ** 32 - 1 }) })
  assert.match(text, /more console entries not read/)

  // A real run's result, then made cyclic and deep.
  const cm = codeMode(t, { tools })
  const r = await cm.run('console.log("x"); return { a: 1 }')
  r.value.self = r
  r.logs.push(r)
  r.warnings.push(r)
  assert.match(formatResult(r), /^Result: \(no JSON form: TypeError: Converting circular structure to JSON\)\n\nConsole:\nx$/)
  let deep = []
  for (let i = 0; i < 200_000; i++) deep = [deep]
  r.value = deep
  const deepText = formatResult(r, { maxChars: 1_000 })
  assert.ok(deepText.length <= 1_000)
  assert.match(deepText, /^Result: /)
})

test('wide characters count as JS counts them; the budget holds', () => {
  const r = { ok: true, value: '😀'.repeat(10_000), logs: [{ level: 'log', message: 'é😀'.repeat(5_000) }] }
  for (const maxChars of [0, 1, 50, 333, 2_001]) {
    const text = formatResult(r, { maxChars })
    assert.ok(text.length <= maxChars, `${maxChars}: ${text.length}`)
    assert.ok(!/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(text), 'a surrogate pair was split')
  }
})

test('the same result always gives the same text', async (t) => {
  const cm = codeMode(t, { tools })
  const r = await cm.run('for (let i = 0; i < 300; i++) console.log(String(i).repeat(i)); return [1, 2, 3]')
  const text = formatResult(r, { maxChars: 3_000 })
  assert.equal(formatResult(structuredClone(r), { maxChars: 3_000 }), text)
  assert.equal(formatResult(r, { maxChars: 3_000 }), text)
})

test('invalid options throw ERR_INVALID_OPTIONS', () => {
  for (const maxChars of [-1, 1.5, NaN, Infinity]) {
    assert.throws(() => formatResult({}, { maxChars }), { name: 'TypeError', code: 'ERR_INVALID_OPTIONS' }, String(maxChars))
  }
})
