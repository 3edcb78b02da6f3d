#!/usr/bin/env node
// Rebuilds catalog.json: starts each public MCP server listed below once (stdio, through the
// official MCP SDK client), lists its tools and writes { server, name, description, inputSchema }
// for every tool. The servers are this folder's devDependencies; run.mjs needs none of them.
//
//   cd benchmark/search-eval && npm install && node collect.mjs
//
// Servers that insist on a token just to start get a dummy one: listing tools makes no request
// to any service.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createRequire } from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'


const HERE = path.dirname(fileURLToPath(import.meta.url))
// The project's own MCP SDK (a root devDependency), not an older copy some server brought along.
const rootRequire = createRequire(path.join(HERE, '..', '..', 'package.json'))
const { Client } = await import(pathToFileURL(rootRequire.resolve('@modelcontextprotocol/sdk/client/index.js')))
const { StdioClientTransport } = await import(pathToFileURL(rootRequire.resolve('@modelcontextprotocol/sdk/client/stdio.js')))
const DUMMY = 'dummy-token-for-listing-tools'
const SCRATCH = fs.mkdtempSync(path.join(os.tmpdir(), 'search-eval-'))

/** The servers: npm package, extra arguments, environment. The namespace is `server`. */
const SERVERS = [
  { server: 'github', pkg: '@modelcontextprotocol/server-github', env: { GITHUB_PERSONAL_ACCESS_TOKEN: DUMMY } },
  { server: 'gitlab', pkg: '@modelcontextprotocol/server-gitlab', env: { GITLAB_PERSONAL_ACCESS_TOKEN: DUMMY } },
  { server: 'slack', pkg: '@modelcontextprotocol/server-slack', env: { SLACK_BOT_TOKEN: DUMMY, SLACK_TEAM_ID: 'T0000' } },
  { server: 'google-maps', pkg: '@modelcontextprotocol/server-google-maps', env: { GOOGLE_MAPS_API_KEY: DUMMY } },
  { server: 'filesystem', pkg: '@modelcontextprotocol/server-filesystem', args: [SCRATCH] },
  { server: 'memory', pkg: '@modelcontextprotocol/server-memory', env: { MEMORY_FILE_PATH: path.join(SCRATCH, 'memory.json') } },
  { server: 'everything', pkg: '@modelcontextprotocol/server-everything' },
  { server: 'puppeteer', pkg: '@modelcontextprotocol/server-puppeteer' },
  { server: 'brave-search', pkg: '@modelcontextprotocol/server-brave-search', env: { BRAVE_API_KEY: DUMMY } },
  { server: 'sequential-thinking', pkg: '@modelcontextprotocol/server-sequential-thinking' },
  { server: 'notion', pkg: '@notionhq/notion-mcp-server', env: { NOTION_TOKEN: DUMMY } },
  { server: 'playwright', pkg: '@playwright/mcp' },
  { server: 'context7', pkg: '@upstash/context7-mcp' },
  { server: 'tavily', pkg: 'tavily-mcp', env: { TAVILY_API_KEY: DUMMY } },
  { server: 'firecrawl', pkg: 'firecrawl-mcp', env: { FIRECRAWL_API_KEY: DUMMY } },
  { server: 'linear', pkg: 'mcp-server-linear', env: { LINEAR_ACCESS_TOKEN: DUMMY } },
]

/** The installed package's folder and its package.json (read directly: some packages' `exports` hide it). */
function packageOf(pkg) {
  const dir = path.join(HERE, 'node_modules', pkg)
  return { dir, manifest: JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) }
}

/** The path of the package's (only or first) bin script. */
function binOf(pkg) {
  const { dir, manifest } = packageOf(pkg)
  const bin = typeof manifest.bin === 'string' ? manifest.bin : Object.values(manifest.bin)[0]
  return path.join(dir, bin)
}

async function listTools({ server, pkg, args = [], env = {} }) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [binOf(pkg), ...args],
    env: { PATH: process.env.PATH, HOME: SCRATCH, ...env },
    stderr: 'ignore',
  })
  const client = new Client({ name: 'search-eval-collect', version: '0.0.0' })
  const timer = setTimeout(() => transport.close(), 30_000)
  try {
    await client.connect(transport)
    const tools = []
    let cursor
    do {
      const page = await client.listTools(cursor ? { cursor } : {})
      tools.push(...page.tools)
      cursor = page.nextCursor
    } while (cursor)
    return tools.map((t) => ({ server, name: t.name, description: t.description ?? '', inputSchema: t.inputSchema }))
  } finally {
    clearTimeout(timer)
    await client.close().catch(() => {})
  }
}

const catalog = []
for (const spec of SERVERS) {
  try {
    const tools = await listTools(spec)
    const { version } = packageOf(spec.pkg).manifest
    process.stderr.write(`${spec.server.padEnd(20)} ${String(tools.length).padStart(3)} tools  ${spec.pkg}@${version}\n`)
    catalog.push(...tools)
  } catch (e) {
    process.stderr.write(`${spec.server.padEnd(20)} FAILED  ${spec.pkg}: ${e.message}\n`)
  }
}
fs.rmSync(SCRATCH, { recursive: true, force: true })
// One tool per line, so a server's update shows as a readable diff.
fs.writeFileSync(path.join(HERE, 'catalog.json'), `[\n${catalog.map((t) => JSON.stringify(t)).join(',\n')}\n]\n`)
process.stderr.write(`${catalog.length} tools from ${new Set(catalog.map((t) => t.server)).size} servers -> catalog.json\n`)
