// Python runs within their limits: the worker process is what a runaway program ends, never
// the run's deadline and never Node.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync, readdirSync } from 'node:fs'

import { codeMode, assertFailed, timed, sleep } from './helpers.mjs'

/** Pids of this process's children running the Python worker. */
function workers() {
  const pids = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      if (Number(fields[1]) !== process.pid || fields[0] === 'Z') continue
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('quickjs-codemode-python')) pids.push(Number(entry))
    } catch {
      // gone meanwhile
    }
  }
  return pids
}

const linux = process.platform === 'linux'

async function eventually(check, ms = 3000) {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) return false
    await sleep(20)
  }
  return true
}

test('an infinite loop ends at the deadline as TIMEOUT', async (t) => {
  const cm = codeMode(t, { limits: { timeoutMs: 300 } })
  const { ms, value: r } = await timed(() => cm.run('while True:\n    pass', { language: 'python' }))
  assertFailed(r, 'TIMEOUT')
  assert.ok(ms < 2000, `took ${ms} ms`)
})

test('a bigint loop that ignores the interpreter clock is killed at the deadline', async (t) => {
  const cm = codeMode(t, { limits: { timeoutMs: 400, memoryLimitBytes: 512 << 20 } })
  const { ms, value: r } = await timed(() =>
    cm.run('x = 3\nfor i in range(100):\n    x = x * x', { language: 'python' }),
  )
  assertFailed(r, 'TIMEOUT')
  assert.ok(ms < 2500, `took ${ms} ms`)
  // The next run gets a working worker.
  const next = await cm.run('1 + 1', { language: 'python' })
  assert.equal(next.value, 2)
})

test('the memory limit: a MemoryError the run reports as MEMORY_LIMIT', async (t) => {
  const cm = codeMode(t, { limits: { memoryLimitBytes: 8 << 20 } })
  const r = await cm.run('x = [0] * 10_000_000', { language: 'python' })
  assertFailed(r, 'MEMORY_LIMIT')
  const grow = await cm.run('chunks = []\nwhile True:\n    chunks.append("x" * 100_000)', { language: 'python' })
  assertFailed(grow, 'MEMORY_LIMIT')
  assert.equal((await cm.run('sum(range(10))', { language: 'python' })).value, 45)
})

test('a flat 1+1+…+1 source is an error, not a crash', async (t) => {
  const cm = codeMode(t, { limits: { maxSourceBytes: 1 << 20 } })
  const r = await cm.run('1' + '+1'.repeat(200_000), { language: 'python' })
  assert.equal(r.ok, false)
  assert.ok(['SYNTAX_ERROR', 'INTERNAL_ERROR'].includes(r.error.code), JSON.stringify(r.error))
  assert.equal((await cm.run('1' + '+1'.repeat(99), { language: 'python' })).value, 100)
})

test('a worker killed mid-run fails that run cleanly and the next run works', { skip: !linux && 'reads /proc' }, async (t) => {
  const cm = codeMode(t, { limits: { timeoutMs: 10_000 } })
  const running = cm.run('while True:\n    pass', { language: 'python' })
  // The worker running the loop is the one with a thread in state R.
  const runningThread = (pid) =>
    readdirSync(`/proc/${pid}/task`).some((tid) => readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8').split(') ')[1].startsWith('R'))
  let busy
  assert.ok(
    await eventually(() => {
      busy = workers().find((pid) => {
        try {
          return runningThread(pid)
        } catch {
          return false
        }
      })
      return busy !== undefined
    }),
    'no busy worker',
  )
  process.kill(busy, 'SIGKILL')
  const r = await running
  assertFailed(r, 'INTERNAL_ERROR')
  assert.match(r.error.message, /signal 9/)
  const next = await cm.run('"still here"', { language: 'python' })
  assert.equal(next.value, 'still here')
})

test('no worker outlives close(), with runs and a session in flight', { skip: !linux && 'reads /proc' }, async (t) => {
  const cm = codeMode(t, { limits: { timeoutMs: 20_000 } })
  const s = cm.session()
  await s.run('x = 1', { language: 'python' })
  const runs = [cm.run('while True:\n    pass', { language: 'python' }), s.run('while True:\n    pass', { language: 'python' })]
  await sleep(200)
  assert.ok(workers().length >= 2)
  await cm.close()
  for (const r of await Promise.all(runs)) assertFailed(r, 'ABORTED')
  s.close()
  assert.ok(await eventually(() => workers().length === 0), `left: ${workers()}`)
})

test('a busy worker ends when Node does, even killed without close()', { skip: !linux && 'reads /proc' }, async () => {
  const { spawn } = await import('node:child_process')
  const { ENTRY } = await import('./helpers.mjs')
  const script = `
const { CodeMode } = require(${JSON.stringify(ENTRY)})
const cm = new CodeMode({})
cm.run('x = 3\\nfor i in range(100):\\n    x = x * x', { language: 'python', limits: { timeoutMs: 60000 } })
setTimeout(() => console.log('busy'), 300)
setInterval(() => {}, 1000)
`
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] })
  await new Promise((resolve) => child.stdout.once('data', resolve))
  const theirs = () =>
    readdirSync('/proc')
      .filter((e) => /^\d+$/.test(e))
      .filter((e) => {
        try {
          const stat = readFileSync(`/proc/${e}/stat`, 'utf8')
          return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === child.pid
        } catch {
          return false
        }
      })
      .map(Number)
  const workers = theirs()
  assert.ok(workers.length >= 1, 'the child has workers')
  child.kill('SIGKILL')
  const alive = (pid) => {
    try {
      return !readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].startsWith('Z')
    } catch {
      return false
    }
  }
  assert.ok(await eventually(() => workers.every((pid) => !alive(pid)), 3000), `left: ${workers.filter(alive)}`)
})
