// A stateful round trip through @modelcontextprotocol/server-memory (its knowledge graph in a
// temporary MEMORY_FILE_PATH): what one run writes, a later run reads, also after the server
// was restarted from its file.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

import { codeMode } from './helpers.mjs'
import { MEMORY } from './mcp-servers.mjs'

test('server-memory keeps what one run wrote for the next, across a reconnect', async (t) => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'codemode-memory-')), 'memory.jsonl')
  const config = { command: process.execPath, args: [MEMORY], env: { MEMORY_FILE_PATH: file } }
  const cm = codeMode(t)
  const info = await cm.connectMcp('memory', config)
  assert.ok(info.toolCount >= 9, `${info.toolCount} tools`)
  const write = await cm.run(`
    await tools.memory.create_entities({ entities: [
      { name: 'Ada', entityType: 'person', observations: ['wrote the first program'] },
      { name: 'Engine', entityType: 'machine', observations: ['analytical'] },
    ] })
    await tools.memory.create_relations({ relations: [{ from: 'Ada', to: 'Engine', relationType: 'programmed' }] })
    return 'written'`)
  assert.equal(write.ok, true, JSON.stringify(write.error))
  assert.match(readFileSync(file, 'utf8'), /wrote the first program/)

  await cm.connectMcp('memory', config) // a fresh server process reading the same file
  const read = await cm.run(`
    const found = await tools.memory.search_nodes({ query: 'Ada' })
    const graph = await tools.memory.read_graph({})
    return { found: found.entities.map((e) => e.name), relations: graph.relations.map((r) => r.relationType) }`)
  assert.equal(read.ok, true, JSON.stringify(read.error))
  assert.deepEqual(read.value, { found: ['Ada'], relations: ['programmed'] })
})
