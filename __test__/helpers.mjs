// Shared helpers for the node:test specs. Nothing here asserts library behaviour by itself.
import assert from 'node:assert/strict'
import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { fileURLToPath } from 'node:url'
import path from 'node:path'

import binding from '../index.js'

const { CodeMode } = binding

export { CodeMode }

/** Absolute path of the package entry (for child processes). */
export const ENTRY = fileURLToPath(new URL('../index.js', import.meta.url))
export const ROOT = path.dirname(ENTRY)

// The package's own list of stable error codes (a frozen object made from the Rust enum).
export const ERROR_CODES = Object.values(binding.ERROR_CODES)

export const LOG_LEVELS = ['log', 'info', 'warn', 'error', 'debug']

/** A CodeMode closed automatically when the test ends. */
export function codeMode(t, options) {
  const cm = new CodeMode(options)
  t.after(() => cm.close())
  return cm
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/** Resolves with how long `fn()` took (ms) and its result. */
export async function timed(fn) {
  const start = performance.now()
  const value = await fn()
  return { ms: performance.now() - start, value }
}

/**
 * Calls `fn` and returns the error it throws or rejects with (whichever), failing if it succeeds.
 * Used where only the error's identity matters; whether `run` throws synchronously or rejects is
 * asserted separately.
 */
export async function misuse(fn) {
  let settled
  try {
    settled = await fn()
  } catch (err) {
    return err
  }
  assert.fail(`expected an error, got ${inspectShort(settled)}`)
}

function inspectShort(v) {
  try {
    return JSON.stringify(v).slice(0, 300)
  } catch {
    return String(v)
  }
}

/**
 * A tool that never answers; records every ctx it was called with so tests can check that its
 * signal was aborted.
 */
export function hangingTool(name = 'hang', extra = {}) {
  const calls = []
  return {
    calls,
    def: {
      name,
      ...extra,
      execute: (input, ctx) => {
        calls.push({ input, ctx, abortedAt: null })
        const entry = calls[calls.length - 1]
        ctx.signal.addEventListener('abort', () => {
          entry.abortedAt = performance.now()
        })
        return new Promise(() => {})
      },
    },
  }
}

/** Resolves true once `signal` is aborted, or false if it is still not aborted after `ms`. */
export async function waitAborted(signal, ms = 200) {
  const until = performance.now() + ms
  while (!signal.aborted && performance.now() < until) await sleep(5)
  return signal.aborted
}

/** A tool answering `input.value ?? input` after `input.ms` (default 100) ms; tracks concurrency. */
export function slowTool(name = 'slow') {
  const stats = { active: 0, maxActive: 0, started: 0, finished: 0, signals: [] }
  return {
    stats,
    def: {
      name,
      execute: async (input, ctx) => {
        stats.started++
        stats.signals.push(ctx.signal)
        stats.active++
        stats.maxActive = Math.max(stats.maxActive, stats.active)
        try {
          await sleep(input?.ms ?? 100)
        } finally {
          stats.active--
        }
        stats.finished++
        return input?.value ?? input
      },
    },
  }
}

/** Asserts the documented shape of a RunResult (§5), whatever the outcome. */
export function assertWellFormedResult(r, label = '') {
  const where = label ? ` (${label})` : ''
  assert.equal(typeof r, 'object', `result is an object${where}`)
  assert.notEqual(r, null)
  assert.equal(typeof r.ok, 'boolean', `ok is boolean${where}`)
  assert.ok(Array.isArray(r.logs), `logs is an array${where}`)
  for (const l of r.logs) {
    assert.ok(LOG_LEVELS.includes(l.level), `log level ${l.level}${where}`)
    assert.equal(typeof l.message, 'string')
    assert.equal(typeof l.timeMs, 'number')
  }
  assert.ok(Array.isArray(r.toolCalls), `toolCalls is an array${where}`)
  for (const c of r.toolCalls) {
    assert.equal(typeof c.id, 'string')
    assert.equal(typeof c.tool, 'string')
    assert.equal(typeof c.ok, 'boolean')
    assert.equal(typeof c.startMs, 'number')
    assert.equal(typeof c.durationMs, 'number')
    if (!c.ok) assert.equal(typeof c.error, 'string', `failed call has an error string${where}`)
  }
  assert.ok(Array.isArray(r.warnings), `warnings is an array${where}`)
  for (const w of r.warnings) assert.equal(typeof w, 'string')
  assert.equal(typeof r.stats, 'object')
  assert.equal(typeof r.stats.durationMs, 'number')
  assert.equal(typeof r.stats.toolCalls, 'number')
  assert.equal(typeof r.stats.memoryUsedBytes, 'number')
  if (r.ok) {
    assert.equal(r.error, undefined, `ok result has no error${where}`)
  } else {
    assert.equal(typeof r.error, 'object', `failed result has an error${where}`)
    assert.ok(ERROR_CODES.includes(r.error.code), `known error code ${r.error.code}${where}`)
    assert.equal(typeof r.error.name, 'string')
    assert.ok(r.error.name.length > 0, `error name non-empty${where}`)
    assert.equal(typeof r.error.message, 'string', `error message is a string${where}`)
    assert.equal(typeof r.error.hint, 'string', `error has a hint${where}`)
    assert.ok(r.error.hint.length > 0)
    assert.equal(r.value, undefined, `failed result has no value${where}`)
  }
}

/** Asserts `r` failed with `code`, showing the whole result when it did not. */
export function assertFailed(r, code) {
  assert.equal(r.ok, false, `expected ${code}, got ${inspectShort(r)}`)
  assert.equal(r.error?.code, code, `expected ${code}, got ${inspectShort(r.error)}`)
}

/** Asserts `r` succeeded with `value` (deep equality). */
export function assertValue(r, value) {
  assert.equal(r.ok, true, `expected success, got ${inspectShort(r.error)}`)
  assert.deepEqual(r.value, value)
}

/**
 * Runs `node --input-type=module -e <source>` in a child process and collects its output.
 * Resolves with { code, signal, stdout, stderr, ms, timedOut }; the child is killed after
 * `killAfterMs` (then timedOut is true).
 */
export function runChild(source, { killAfterMs = 10_000 } = {}) {
  return new Promise((resolve, reject) => {
    const start = performance.now()
    const child = spawn(process.execPath, ['--input-type=module', '-e', source], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    let timedOut = false
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d))
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d))
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGKILL')
    }, killAfterMs)
    child.on('error', (err) => {
      clearTimeout(timer)
      reject(err)
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal, stdout, stderr, ms: performance.now() - start, timedOut })
    })
  })
}

/** A deterministic PRNG (mulberry32) so fuzz failures can be reproduced from the seed. */
export function prng(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * Runs `fn(...args)` (sync or async) in the guest and in Node; returns both results as JSON data.
 * The web-globals specs compare the sandbox's polyfills with Node's own implementations this way.
 */
export async function both(cm, fn, ...args) {
  const r = await cm.run(`return await (${fn})(...${JSON.stringify(args)})`)
  assert.equal(r.ok, true, `guest failed: ${JSON.stringify(r.error)}`)
  // Node's AbortSignal.timeout timers do not keep the event loop alive; this does.
  const keepAlive = setInterval(() => {}, 1000)
  try {
    return { guest: r.value, node: JSON.parse(JSON.stringify(await fn(...args))) }
  } finally {
    clearInterval(keepAlive)
  }
}

/** Compares guest and Node results case by case, so a failure names the case. */
export function sameEach(guest, node, labels) {
  assert.equal(guest.length, node.length)
  for (let i = 0; i < node.length; i++) assert.deepEqual(guest[i], node[i], `case ${JSON.stringify(labels[i])}`)
}

const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc')

/**
 * Type-checks `files` ({ name: text }) with `tsc --strict --noEmit` in a temporary folder with no
 * node_modules/@types around (the guest has no Node globals). Resolves { ok, output }.
 */
export function compileTs(t, files) {
  const dir = mkdtempSync(path.join(tmpdir(), 'cm-tsc-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  const names = []
  for (const [name, text] of Object.entries(files)) {
    writeFileSync(path.join(dir, name), text)
    names.push(path.join(dir, name))
  }
  try {
    execFileSync(process.execPath, [TSC, '--strict', '--noEmit', '--target', 'es2022', '--lib', 'es2022', ...names], {
      encoding: 'utf8',
      stdio: 'pipe',
      cwd: dir,
    })
    return { ok: true, output: '' }
  } catch (e) {
    return { ok: false, output: `${e.stdout}${e.stderr}` }
  }
}

/** A model program wrapped the way the sandbox runs it, as a module for tsc. */
export const tsProgram = (body) => `export {}\nasync function main() {\n${body}\n}\nvoid main\n`

/** napi-rs's name for this platform (`linux-x64-gnu`), as in `quickjs-codemode.<platform>.node`. */
export function localPlatform() {
  const { platform, arch } = process
  if (platform === 'linux') return `linux-${arch}-${process.report.getReport().header.glibcVersionRuntime ? 'gnu' : 'musl'}`
  if (platform === 'win32') return `win32-${arch}-msvc`
  return `${platform}-${arch}`
}
