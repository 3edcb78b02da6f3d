// The type checker's worker thread (issue 17): a cold check never blocks the event loop, an
// idle checker never keeps Node alive, and a missing or unsupported `typescript` is a clear error.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { createRequire } from 'node:module'
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'

import { codeMode, runChild, ENTRY, ROOT } from './helpers.mjs'

const tools = {
  getWeather: {
    inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    outputSchema: { type: 'object', properties: { tempC: { type: 'number' } }, required: ['tempC'] },
    execute: async () => ({ tempC: 21 }),
  },
}

// First in this file: nothing has started the checker in this process yet.
test('the event loop keeps ticking during a cold check (worker start, lib files)', async (t) => {
  const cm = codeMode(t, { tools, typecheck: 'strict' })
  let ticks = 0
  const interval = setInterval(() => ticks++, 5)
  const started = performance.now()
  const r = await cm.run('const w = await tools.getWeather({ city: "Oslo" })\nreturn w.tempc')
  const ms = performance.now() - started
  clearInterval(interval)
  assert.equal(r.error.code, 'TYPE_ERROR')
  t.diagnostic(`cold check: ${ms.toFixed(0)} ms, ${ticks} ticks of a 5 ms interval`)
  assert.ok(ms > 50, `a cold check loads the compiler (${ms} ms)`)
  assert.ok(ticks >= (ms / 5) * 0.4, `only ${ticks} ticks in ${ms.toFixed(0)} ms`)
})

test('an instance that is never closed does not keep Node alive after a check', async () => {
  const source = `
    import m from ${JSON.stringify(ENTRY)}
    const cm = new m.CodeMode({ typecheck: 'strict' })
    const r = await cm.run('return missing')
    console.log(r.error.code)`
  const child = await runChild(source, { killAfterMs: 20_000 })
  assert.equal(child.timedOut, false, child.stderr)
  assert.equal(child.code, 0, child.stderr)
  assert.equal(child.stdout.trim(), 'TYPE_ERROR')
})

test('a checking instance readies the checker in the background, without keeping Node alive', async () => {
  // The checker starts at construction; a process that never runs anything still ends on its own,
  // and one that closes right away does not wait for the warm-up either.
  for (const rest of ['', 'await cm.close()']) {
    const source = `
      import m from ${JSON.stringify(ENTRY)}
      const cm = new m.CodeMode({ typecheck: 'strict' })
      ${rest}
      console.log('constructed')`
    const child = await runChild(source, { killAfterMs: 20_000 })
    assert.equal(child.timedOut, false, child.stderr)
    assert.equal(child.code, 0, child.stderr)
    assert.equal(child.stdout.trim(), 'constructed')
  }
})

test('the warm-up programs check without errors, so the warm-up takes the paths real programs take', () => {
  const require = createRequire(import.meta.url)
  const { Shared, Checker } = require('../js/typecheck/checker.cjs')
  const { warmUpRequests } = require('../js/typecheck/warm-up.cjs')
  const checker = new Checker(new Shared(require('typescript')), 'warm-up-spec')
  const reports = checker.checkAll(warmUpRequests(0))
  checker.dispose()
  assert.deepEqual(reports.map((r) => r.language), ['javascript', 'typescript'])
  assert.deepEqual(reports.map((r) => r.diagnostics), [[], []])
  assert.ok(reports.every((r) => !r.syntaxError))
})

test('the check and the run share the run\'s time limit', async (t) => {
  // A fresh instance in a child: its first check is cold, so it takes a good part of the limit.
  const source = `
    import m from ${JSON.stringify(ENTRY)}
    const cm = new m.CodeMode({ typecheck: 'strict', limits: { timeoutMs: 5000 } })
    const started = performance.now()
    const r = await cm.run('while (true) {}')
    const elapsed = performance.now() - started
    console.log(JSON.stringify({ code: r.error.code, message: r.error.message, elapsed, durationMs: r.stats.durationMs }))
    await cm.close()`
  const child = await runChild(source, { killAfterMs: 20_000 })
  assert.equal(child.code, 0, child.stderr)
  const r = JSON.parse(child.stdout)
  t.diagnostic(`${r.elapsed.toFixed(0)} ms in all; ${r.message}`)
  assert.equal(r.code, 'TIMEOUT')
  assert.match(r.message, /time limit of 5000 ms \(the type check took \d+ ms of it\)/)
  // Not the limit after the check: the limit for both (with the watchdog's usual margin).
  assert.ok(r.elapsed < 5000 + 400, `the check and the run took ${r.elapsed} ms`)
  assert.ok(r.durationMs >= 4900 && r.durationMs < 5000 + 400, `stats.durationMs ${r.durationMs} counts the check`)
})

test('a check that outlives its run\'s limit ends that run only; the worker goes on for the others', async (t) => {
  const require = createRequire(import.meta.url)
  const { pool } = require('../js/typecheck/pool.cjs')
  const calls = []
  const counted = { getWeather: { ...tools.getWeather, execute: async () => (calls.push(1), { tempC: 21 }) } }
  const patient = codeMode(t, { tools: counted, typecheck: 'strict' })
  assert.equal((await patient.run('return (await tools.getWeather({ city: "Oslo" })).tempC')).value, 21)
  const generation = pool.generation
  const hurried = codeMode(t, { tools: counted, typecheck: 'strict', limits: { timeoutMs: 1 } })
  const r = await hurried.run('const w = await tools.getWeather({ city: "Oslo" })\nreturn w.tempC')
  assert.equal(r.ok, false)
  assert.equal(r.error.code, 'TIMEOUT')
  assert.match(r.error.message, /type check did not finish within the run's time limit \(1 ms\); nothing ran/)
  assert.equal(calls.length, 1, 'the hurried program never ran')
  const after = await patient.run('return (await tools.getWeather({ city: "Rome" })).tempc')
  assert.equal(after.error.code, 'TYPE_ERROR', 'the other instance is still checked')
  assert.equal(pool.generation, generation, 'by the same worker')
})

test('instances with the same tools share one checker, without sharing their sessions', () => {
  const require = createRequire(import.meta.url)
  const { Shared } = require('../js/typecheck/checker.cjs')
  const { Checkers, KEEP_IDLE } = require('../js/typecheck/checkers.cjs')
  const checkers = new Checkers(new Shared(require('typescript')))
  const weather = 'interface Tools { w: { get(i: { city: string }): Promise<{ t: number }> } }\ndeclare const tools: Tools;'
  const more = weather.replace('}\n', '; x: { ping(): Promise<string> } }\n')
  checkers.setDeclarations('a', weather)
  checkers.setDeclarations('b', weather)
  assert.equal(checkers.of('a'), checkers.of('b'), 'same tools, one checker')
  checkers.noteSession('a', 's1')
  checkers.of('a').commit({ code: 'const seen = 1', session: 's1' })
  assert.deepEqual(checkers.of('a').check({ code: 'return seen + 1', session: 's1' }).diagnostics, [])
  assert.match(checkers.of('b').check({ code: 'return seen + 1' }).diagnostics[0].message, /Cannot find name 'seen'/, "b does not see a's session")
  // a's tools change (an MCP server connected): a moves, with its session, b stays.
  checkers.setDeclarations('a', more)
  assert.notEqual(checkers.of('a'), checkers.of('b'))
  assert.deepEqual(checkers.of('a').check({ code: 'await tools.x.ping(); return seen + 1', session: 's1' }).diagnostics, [])
  // A checker no one uses is kept for the next instance with those tools, up to KEEP_IDLE of them.
  const shared = checkers.of('b')
  checkers.dispose('b')
  checkers.setDeclarations('c', weather)
  assert.equal(checkers.of('c'), shared, 'reused')
  checkers.dispose('c')
  for (let i = 0; i <= KEEP_IDLE; i++) {
    checkers.setDeclarations(`other${i}`, `${weather}\n// ${i}`)
    checkers.dispose(`other${i}`)
  }
  checkers.setDeclarations('d', weather)
  assert.notEqual(checkers.of('d'), shared, 'disposed once more than KEEP_IDLE others retired after it')
})

test('the checker outlives the last close() by a grace period (a warm checker for the next instance), then ends', async (t) => {
  const { pool } = await import('../js/typecheck/pool.cjs')
  const saved = pool.idleStopMs
  pool.idleStopMs = 300
  t.after(() => (pool.idleStopMs = saved))
  const first = codeMode(t, { tools, typecheck: 'strict' })
  assert.equal((await first.run('return 1')).value, 1)
  assert.ok(pool.worker, 'the worker runs')
  const worker = pool.worker
  await first.close()
  // An instance created within the grace period is checked by the same, warm worker.
  const second = codeMode(t, { tools, typecheck: 'strict' })
  assert.equal((await second.run('return (await tools.getWeather({ city: "x" })).tempC')).value, 21)
  assert.equal(pool.worker, worker)
  const exited = new Promise((resolve) => worker.once('exit', resolve))
  await second.close()
  // (The idle worker and its timer are unref'd: something must keep this process waiting.)
  const keepAlive = setInterval(() => {}, 50)
  await exited
  clearInterval(keepAlive)
  assert.equal(pool.worker, null)
  // A later instance starts a fresh one.
  const third = codeMode(t, { tools, typecheck: 'strict' })
  assert.equal((await third.run('return (await tools.getWeather({ city: "y" })).tempc')).error.code, 'TYPE_ERROR')
  assert.notEqual(pool.worker, worker)
})

/** A copy of the package (loader, addon, js/) in a directory where `typescript` cannot be found. */
function isolatedPackage(t) {
  const dir = mkdtempSync(path.join(tmpdir(), 'codemode-no-ts-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  const pkg = path.join(dir, 'node_modules', 'quickjs-codemode')
  mkdirSync(pkg, { recursive: true })
  for (const file of readdirSync(ROOT).filter((f) => f.endsWith('.node') || f === 'index.js' || f === 'package.json')) {
    cpSync(path.join(ROOT, file), path.join(pkg, file))
  }
  cpSync(path.join(ROOT, 'js'), path.join(pkg, 'js'), { recursive: true })
  return dir
}

const probe = `
  const { CodeMode } = require('quickjs-codemode')
  const report = (f) => { try { f(); return 'no error' } catch (e) { return e.code + ': ' + e.message } }
  const off = new CodeMode({})
  console.log(report(() => new CodeMode({ typecheck: 'strict' })))
  off.run('return 1', { typecheck: 'warn' }).then(() => console.log('ran'), (e) => console.log(e.code))
  off.run('return 1').then((r) => console.log('off', r.value))
`

test('a missing typescript package gives a clear error; off works without it', async (t) => {
  const dir = isolatedPackage(t)
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', probe], { cwd: dir })
  const [construct, perRun, off] = stdout.trim().split('\n')
  assert.match(construct, /^ERR_TYPESCRIPT_MISSING: typecheck needs the `typescript` package \(>=5 <7\), an optional peer dependency of quickjs-codemode; install it with `npm install --save-dev typescript`/)
  assert.equal(perRun, 'ERR_TYPESCRIPT_MISSING')
  assert.equal(off, 'off 1')
})

test('TypeScript 7 (no language service API) is refused with a clear error', async (t) => {
  const dir = isolatedPackage(t)
  const fake = path.join(dir, 'node_modules', 'typescript')
  mkdirSync(fake)
  writeFileSync(path.join(fake, 'package.json'), JSON.stringify({ name: 'typescript', version: '7.0.0', main: 'index.js' }))
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', probe], { cwd: dir })
  assert.match(stdout, /ERR_TYPESCRIPT_UNSUPPORTED: typecheck needs `typescript` >=5 <7 .*TypeScript 7, the native port, has none\); found 7\.0\.0/)
})
