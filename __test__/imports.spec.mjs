// Issue 9: programs that import the tools as modules run as written — Anthropic's "code
// execution with MCP" file tree (./servers/<ns>, ./servers/<ns>/<tool>) and the Stencila module
// names (@codemode/servers/<ns>, @codemode/discovery, @codemode/errors).
import { test } from 'node:test'
import assert from 'node:assert/strict'

import { codeMode, assertValue, assertFailed } from './helpers.mjs'

const tools = [
  { name: 'getSum', namespace: 'math', execute: ({ a, b }) => a + b },
  { name: 'get-product', namespace: 'math', execute: ({ a, b }) => a * b },
  {
    name: 'fail',
    namespace: 'math',
    execute: () => {
      throw new Error('quota exceeded')
    },
  },
  { name: 'getDocument', namespace: 'google-drive', execute: ({ documentId }) => ({ content: `text of ${documentId}` }) },
  { name: 'echo', execute: (input) => input },
]

const NAMESPACES = 'the namespaces are: math, google-drive; the tools outside any namespace are: echo'

async function run(t, code) {
  return codeMode(t, { tools }).run(code)
}

test("Anthropic's example: import * as gdrive from './servers/google-drive'", async (t) => {
  const r = await run(
    t,
    `import * as gdrive from './servers/google-drive';

const transcript = (await gdrive.getDocument({ documentId: 'abc123' })).content;
return transcript`,
  )
  assertValue(r, 'text of abc123')
  assert.deepEqual(r.toolCalls.map((c) => c.tool), ['getDocument'])
})

test('one tool per file: ./servers/<ns>/<tool>, with or without .ts/.js, kebab file names for camelCase tools', async (t) => {
  const r = await run(
    t,
    `import { getDocument } from './servers/google-drive/getDocument.ts'
import { getSum } from './servers/math/get-sum'
import { getProduct } from './servers/math/get-product.js'
import product from './servers/math/get-product'
const doc = await getDocument({ documentId: 'x' })
return [doc.content, await getSum({ a: 2, b: 3 }), await getProduct({ a: 2, b: 3 }), product === getProduct]`,
  )
  assertValue(r, ['text of x', 5, 6, true])
})

test('a namespace by index file, by default import, by its guest alias, and named tools from it', async (t) => {
  const r = await run(
    t,
    `import * as m from './servers/math/index'
import math from './servers/math/index.ts'
import * as drive from './servers/google_drive'
import { getSum, get_product as mul } from './servers/math'
import { echo } from './servers/echo'
return [await m.getSum({ a: 1, b: 1 }), math === m, typeof drive.getDocument, await mul({ a: 3, b: 4 }), getSum === m.getSum, await echo({ v: 1 })]`,
  )
  assertValue(r, [2, true, 'function', 12, true, { v: 1 }])
})

test('Stencila module names: @codemode/servers, @codemode/discovery, @codemode/errors', async (t) => {
  const r = await run(
    t,
    `import { getSum, fail } from '@codemode/servers/math'
import { searchTools, describeTool } from '@codemode/discovery'
import { ToolError, ToolCallError, SchemaValidationError, ToolInputError } from '@codemode/errors'
const found = await searchTools('sum', { limit: 1 })
let caught
try {
  await fail({})
} catch (e) {
  caught = [e instanceof ToolError, e instanceof ToolCallError, e.message]
}
export default {
  sum: await getSum({ a: 20, b: 22 }),
  found: found.map((f) => f.name),
  described: (await describeTool('math.getSum')).name,
  caught,
  same: SchemaValidationError === ToolInputError,
}`,
  )
  assertValue(r, { sum: 42, found: ['getSum'], described: 'getSum', caught: [true, true, 'quota exceeded'], same: true })
})

test('an unknown namespace is a SYNTAX_ERROR at the import that names the namespaces there are', async (t) => {
  const r = await run(t, "const a = 1\nimport * as slack from './servers/slack'\nawait slack.post({ text: 'hi' })")
  assertFailed(r, 'SYNTAX_ERROR')
  assert.equal(r.error.line, 2)
  assert.equal(r.error.column, 24)
  assert.ok(
    r.error.message.startsWith(`Cannot import './servers/slack': there is no tool namespace "slack"; ${NAMESPACES} (code.js:2:24)`),
    r.error.message,
  )
  assert.match(r.error.message, /> 2 \| import \* as slack from '.\/servers\/slack'/)
  assert.equal(
    r.error.hint,
    "Import a namespace that exists (`import * as math from './servers/math'`) or call its tools as `tools.math.<tool>(...)`.",
  )
  const stencila = await run(t, "import { post } from '@codemode/servers/slack'\nawait post({})")
  assertFailed(stencila, 'SYNTAX_ERROR')
  assert.match(stencila.error.message, /^Cannot import '@codemode\/servers\/slack': there is no tool namespace "slack"/)
})

test('an unknown tool names the tools of its namespace', async (t) => {
  const named = await run(t, "import { getSum, mul } from './servers/math'\nawait mul({})")
  assertFailed(named, 'SYNTAX_ERROR')
  assert.equal(named.error.column, 18)
  assert.match(
    named.error.message,
    /^Cannot import '.\/servers\/math': namespace "math" has no tool "mul"; its tools are: getSum, get-product, fail/,
  )
  assert.match(named.error.hint, /codemode\.searchTools\("mul"\)/)
  const file = await run(t, "import { mul } from './servers/math/mul.ts'\nawait mul({})")
  assertFailed(file, 'SYNTAX_ERROR')
  assert.match(file.error.message, /namespace "math" has no tool "mul"; its tools are: getSum, get-product, fail/)
  const wrongExport = await run(t, "import { add } from './servers/math/get-sum'\nawait add({})")
  assert.match(wrongExport.error.message, /the module exports the tool `getSum` \(as `get-sum`\) and `default`/)
})

test('other imports keep the clear refusal', async (t) => {
  for (const code of ["import fs from 'fs'\nfs.readFileSync('/etc/passwd')", "import { x } from './lib/util'\nx()"]) {
    const r = await run(t, code)
    assertFailed(r, 'SYNTAX_ERROR')
    assert.equal(r.error.line, 1)
    assert.match(r.error.message, /^Cannot import '[^']+': this sandbox has no modules besides views of the global `tools`/)
    assert.match(r.error.hint, /global `tools` object/)
  }
})

test('errors after imports point at the model lines; imports bind tools of the run', async (t) => {
  const r = await run(
    t,
    `import { getSum } from './servers/math/get-sum'
import * as drive from './servers/google-drive'

const n = await getSum({ a: 1, b: 2 })
const doc = await drive.getDocument({ documentId: String(n) })
return doc.missing.field`,
  )
  assertFailed(r, 'UNCAUGHT_EXCEPTION')
  assert.equal(r.error.line, 6)
  assert.equal(r.toolCalls.length, 2)
})

test('imports in a session are top-level declarations like any other: later runs see them', async (t) => {
  const s = codeMode(t, { tools }).session()
  t.after(() => s.close())
  assertValue(await s.run("import { getSum } from './servers/math/get-sum'\nimport * as drive from './servers/google-drive'"), undefined)
  assertValue(await s.run('await getSum({ a: 5, b: 6 })'), 11)
  assertValue(await s.run("import { getSum } from '@codemode/servers/math'\n(await drive.getDocument({ documentId: 'd' })).content"), 'text of d')
})
