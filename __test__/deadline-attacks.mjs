// Guest programs that used to outlive their deadline inside a native QuickJS builtin (issue 8,
// items 1 and 2). Shared by deadline-builtins.spec.mjs and scripts/deadline-overrun.mjs.
//
// `ends` lists the error codes the run may settle with under the default 64 MiB memory limit:
// TIMEOUT where the deadline ends it, MEMORY_LIMIT where the builtin fills the heap first.
import { ENTRY, runChild } from './helpers.mjs'

const HUGE = '2 ** 53 - 1'
const hugeProxy = (target) =>
  `new Proxy(${target}, { get: (t, k) => (k === 'length' ? ${HUGE} : Reflect.get(t, k)) })`

export const ATTACKS = [
  // item 1: generic loops that never polled the interrupt handler (hung forever)
  { name: 'reverse', code: `Array.prototype.reverse.call({ length: ${HUGE} })` },
  { name: 'copyWithin', code: `Array.prototype.copyWithin.call({ length: ${HUGE} }, 0, 1)` },
  { name: 'sort', code: `Array.prototype.sort.call({ length: ${HUGE} })` },
  { name: 'shift', code: `Array.prototype.shift.call({ length: ${HUGE} })` },
  { name: 'unshift', code: `Array.prototype.unshift.call({ length: 2 ** 53 - 2 }, 1)` },
  { name: 'splice', code: `Array.prototype.splice.call({ length: ${HUGE} }, 0, 1)` },
  { name: 'keys().drop()', code: `Array.prototype.keys.call({ length: ${HUGE} }).drop(2 ** 53 - 2).next()` },
  { name: 'concat of a proxy', code: `[].concat(${hugeProxy('[]')})` },
  // 64 MiB of "undefined" fills in ~0.3 s on the dev VM; a slower machine may meet the deadline first
  { name: 'String.raw', code: `String.raw({ raw: { length: 2 ** 32 - 1 } })`, ends: ['MEMORY_LIMIT', 'TIMEOUT'] },
  // building one huge string: the heap may fill just before the deadline (a race, both fine)
  { name: 'join', code: `new Array(2 ** 32 - 1).join()`, ends: ['TIMEOUT', 'MEMORY_LIMIT'] },
  { name: 'flat', code: `Array.prototype.flat.call({ length: ${HUGE} })` },
  { name: 'fill via Proxy', code: `Array.prototype.fill.call(${hugeProxy('new Uint8Array(0)')}, 0)` },
  { name: 'slice', code: `Array.prototype.slice.call({ length: 2 ** 32 - 1 })` },
  // item 2: builtins whose work was not counted against the poll budget
  { name: 'indexOf O(n*m)', code: `'a'.repeat(2e5).indexOf('a'.repeat(1e5) + 'b')` },
  { name: 'indexOf loop, 4 MB', code: `const s = 'x'.repeat(4 << 20); for (;;) s.indexOf('y')` },
  { name: 'replaceAll loop, 2 MB', code: `const s = 'ab'.repeat(1 << 20); for (;;) s.replaceAll('a', 'c')` },
  { name: 'split O(n*m)', code: `'a'.repeat(2e5).split('a'.repeat(1e5) + 'b')` },
  { name: 'slice loop, 200k', code: `const a = Array.from({ length: 2e5 }, (_, i) => i); for (;;) a.slice()` },
  { name: 'includes loop, 2M', code: `const a = new Array(2e6).fill(0); for (;;) a.includes(1)` },
  { name: 'String(2n ** 1000000n)', code: `String(2n ** 1000000n)` },
  { name: 'BigInt multiply loop', code: `const x = 3n ** 300000n; for (;;) x * x` },
  { name: 'BigInt divide loop', code: `const x = 3n ** 600000n, y = 7n ** 100000n; for (;;) x / y` },
  { name: 'BigInt parse loop', code: `const s = '9'.repeat(300000); for (;;) BigInt(s)` },
  {
    name: 'Proxy ownKeys, 2e5 keys',
    code: `const keys = Array.from({ length: 2e5 }, (_, i) => 'k' + i); Reflect.ownKeys(new Proxy({}, { ownKeys: () => keys }))`,
  },
  // found reading quickjs.c (patch 0005): one call bounded by the heap but milliseconds long, in a loop
  { name: 'repeat loop, 16 MB', code: `for (;;) 'x'.repeat(16 << 20)` },
  { name: 'toLowerCase loop, 8 MB', code: `const s = 'X'.repeat(8 << 20); for (;;) s.toLowerCase()` },
  { name: 'string === loop, 8 MB', code: `const a = 'x'.repeat(8 << 20), b = a.slice(0, -1) + 'y'; for (;;) a === b` },
  { name: 'ArrayBuffer slice loop', code: `const b = new ArrayBuffer(2.5e7); for (;;) b.slice(0)` },
  { name: 'TypedArray fill loop', code: `const t = new Uint8Array(5e7); for (;;) t.fill(1)` },
  { name: 'TypedArray reverse loop', code: `const t = new Uint8Array(5e7); for (;;) t.reverse()` },
  { name: 'TypedArray join', code: `new Uint8Array(3e7).join()`, ends: ['TIMEOUT', 'MEMORY_LIMIT'] },
  { name: 'JSON.parse loop', code: `const j = JSON.stringify(Array.from({ length: 3e5 }, (_, i) => i)); for (;;) JSON.parse(j)` },
  { name: 'Object.assign loop', code: `const o = {}; for (let i = 0; i < 2e5; i++) o['k' + i] = i; for (;;) Object.assign({}, o)` },
  // item 3: promise-job floods and memory pressure (patch 0006: a sticky interrupt, a poll per job)
  {
    name: 'self-resolving thenable flood',
    code: `const t = { then(r) { Promise.resolve(t).then(r) } }; await t`,
    ends: ['MEMORY_LIMIT', 'TIMEOUT'],
  },
  {
    name: 'allocate-and-drop loop',
    code: `const keep = []; for (let i = 0; ; i++) { try { keep.push(new Array(1e6).fill(i)) } catch { keep.length = 0 } }`,
    ends: ['MEMORY_LIMIT', 'TIMEOUT'],
  },
].map((a) => ({ ends: ['TIMEOUT'], ...a }))

/**
 * Runs `attack` with `timeoutMs` in a fresh child process, then `return 1 + 1` on the same
 * CodeMode. The child is SIGKILLed after `killAfterMs`, so a wedged engine cannot hang the caller.
 * Resolves with { killed, ok, code, message, ms, next, stderr }.
 */
export async function runAttack(attack, { timeoutMs = 500, killAfterMs = 20_000 } = {}) {
  const source = `
    import { CodeMode } from ${JSON.stringify(ENTRY)}
    const cm = new CodeMode({ limits: { timeoutMs: ${timeoutMs} } })
    const start = performance.now()
    const r = await cm.run(${JSON.stringify(attack.code)})
    const ms = performance.now() - start
    const next = await cm.run('return 1 + 1')
    console.log(JSON.stringify({ ok: r.ok, code: r.error?.code, message: r.error?.message, ms, next: next.value }))
    await cm.close()
  `
  const r = await runChild(source, { killAfterMs })
  let result = {}
  try {
    result = JSON.parse(r.stdout.trim().split('\n').pop())
  } catch {
    // killed, or crashed before printing: reported through `killed` and `stderr`
  }
  return { killed: r.timedOut, ...result, stderr: r.stderr }
}
