// Abusive Bash scripts end within the run's deadline or memory limit (or just-bash's own
// limits); the process stays alive and the next run is fine.
import { test } from 'node:test'
import assert from 'node:assert/strict'

import { codeMode, timed } from './helpers.mjs'

const TIMEOUT_MS = 700
// An interrupt ends the run; just-bash's own limits may instead end the script with a non-zero exit.
const CONTAINED = ['TIMEOUT', 'MEMORY_LIMIT', 'STACK_OVERFLOW']

const abusive = {
  'busy loop': 'while true; do :; done',
  'many commands': 'for i in $(seq 1 100000); do echo $i > /dev/null; done',
  'deep recursion': 'f() { f; }; f',
  'eval recursion': `f='eval "$f"'; eval "$f"`,
  'file growth': 'echo 0123456789abcdef > /f; while true; do cat /f /f > /g; mv /g /f; done',
  'string growth': 's=x; while true; do s="$s$s"; done',
  'fork bomb': ':(){ :|:& };:',
  'sleep past the deadline': 'sleep 30',
  'read from nowhere': 'cat',
  'huge brace expansion': 'echo {1..9}{1..9}{1..9}{1..9}{1..9}{1..9}{1..9}{1..9} | wc -c',
}

for (const [name, script] of Object.entries(abusive)) {
  test(`contained: ${name}`, async (t) => {
    const cm = codeMode(t, { limits: { timeoutMs: TIMEOUT_MS, memoryLimitBytes: 48 << 20 } })
    const { ms, value: r } = await timed(() => cm.run(script, { language: 'bash' }))
    assert.ok(ms < TIMEOUT_MS + 1500, `${name} took ${ms} ms`)
    if (!r.ok) assert.ok(CONTAINED.includes(r.error.code), `${name}: ${r.error.code} ${r.error.message}`)
    else assert.equal(typeof r.value.exitCode, 'number')
    const next = await cm.run('echo ok', { language: 'bash' })
    assert.equal(next.value.stdout, 'ok\n')
  })
}

test('the deadline ends a busy script as TIMEOUT', async (t) => {
  const cm = codeMode(t, { limits: { timeoutMs: 300 } })
  const r = await cm.run('while true; do :; done', { language: 'bash' })
  assert.equal(r.error.code, 'TIMEOUT')
})

// Above, either limit may end a script; here each must be the one that does.
test('the deadline ends what only takes time: busy, many commands, sleeping; the next run is fine', async (t) => {
  const cm = codeMode(t, { limits: { timeoutMs: 400 } })
  for (const name of ['busy loop', 'many commands', 'sleep past the deadline']) {
    const r = await cm.run(abusive[name], { language: 'bash' })
    assert.equal(r.error?.code, 'TIMEOUT', name)
    assert.equal((await cm.run('echo ok', { language: 'bash' })).value.stdout, 'ok\n', name)
  }
})

test('the memory limit ends what grows, long before the deadline; the next run is fine', async (t) => {
  // A deadline far away: reaching it would be TIMEOUT, so MEMORY_LIMIT shows the limit acted.
  const cm = codeMode(t, { limits: { timeoutMs: 30_000, memoryLimitBytes: 32 << 20 } })
  for (const name of ['string growth', 'file growth', 'eval recursion']) {
    const r = await cm.run(abusive[name], { language: 'bash' })
    assert.equal(r.error?.code, 'MEMORY_LIMIT', `${name}: ${JSON.stringify(r.error ?? r.value)}`)
    assert.equal((await cm.run('echo ok', { language: 'bash' })).value.stdout, 'ok\n', name)
  }
})

test('a huge script: over maxSourceBytes is refused, under it runs bounded', async (t) => {
  const cm = codeMode(t, { limits: { timeoutMs: 2000 } })
  const big = 'echo x\n'.repeat(3_000_000) // 21 MB
  assert.equal((await cm.run(big, { language: 'bash' })).error.code, 'SOURCE_TOO_LARGE')
  const { ms, value: r } = await timed(() =>
    cm.run(big, { language: 'bash', limits: { maxSourceBytes: 32 << 20, memoryLimitBytes: 64 << 20 } }),
  )
  assert.ok(ms < 4000, `took ${ms} ms`)
  if (!r.ok) assert.ok(CONTAINED.includes(r.error.code), r.error.code)
})

test('the memory limit counts the shell: too small a limit is MEMORY_LIMIT, not a crash', async (t) => {
  const cm = codeMode(t)
  const r = await cm.run('echo hi', { language: 'bash', limits: { memoryLimitBytes: 4 << 20 } })
  assert.equal(r.error.code, 'MEMORY_LIMIT')
  const ok = await cm.run('echo hi', { language: 'bash' })
  assert.equal(ok.value.stdout, 'hi\n')
  assert.ok(ok.stats.memoryUsedBytes > 2 << 20, `a shell uses memory: ${ok.stats.memoryUsedBytes}`)
})

test('a session after a timeout starts from a fresh shell and says so', async (t) => {
  const cm = codeMode(t, { limits: { timeoutMs: 400 } })
  const s = cm.session()
  t.after(() => s.close())
  await s.run('echo 1 > /kept', { language: 'bash' })
  const r = await s.run('while true; do :; done', { language: 'bash' })
  assert.equal(r.error.code, 'TIMEOUT')
  const next = await s.run('cat /kept 2>/dev/null || echo gone', { language: 'bash' })
  assert.equal(next.value.stdout, 'gone\n')
  assert.match(next.warnings[0], /Bash files/, 'the fresh start is reported')
})

test('an abort ends a Bash run', async (t) => {
  const cm = codeMode(t)
  const ac = new AbortController()
  setTimeout(() => ac.abort(), 100)
  await assert.rejects(cm.run('while true; do :; done', { language: 'bash', signal: ac.signal }), {
    name: 'AbortError',
  })
  assert.equal((await cm.run('echo ok', { language: 'bash' })).value.stdout, 'ok\n')
})
