// The Bash language's virtual filesystem: seeded by the host, written by the script, returned,
// isolated between runs, persisting in a session; and nothing of the host is reachable.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

import { codeMode } from './helpers.mjs'

async function bash(runner, script, options) {
  const r = await runner.run(script, { language: 'bash', ...options })
  assert.equal(r.ok, true, `expected success, got ${JSON.stringify(r.error)}`)
  return r.value
}

test('seeded files are readable, written files come back in `files`', async (t) => {
  const cm = codeMode(t)
  const v = await bash(
    cm,
    `mkdir -p /out && awk -F, 'NR > 1 { s += $2 } END { print s }' /data/in.csv | tee /out/sum.txt`,
    {
      files: { '/data/in.csv': 'name,n\nx,1\ny,2\nz,3\n', '/data/ünï.txt': 'ü€\n' },
      returnFiles: ['/out/sum.txt', '/data/ünï.txt', '/missing.txt'],
    },
  )
  assert.equal(v.stdout, '6\n')
  assert.deepEqual(v.files, { '/out/sum.txt': '6\n', '/data/ünï.txt': 'ü€\n', '/missing.txt': null })
})

test('each run has its own filesystem', async (t) => {
  const cm = codeMode(t)
  await bash(cm, 'echo secret > /tmp/left-behind')
  const v = await bash(cm, 'cat /tmp/left-behind; echo "status=$?"')
  assert.match(v.stdout, /status=1/)
  assert.doesNotMatch(v.stdout, /secret/)
})

test('a session keeps its filesystem across runs (not its variables), beside JavaScript runs', async (t) => {
  const cm = codeMode(t)
  const s = cm.session()
  t.after(() => s.close())
  await bash(s, 'x=1; mkdir -p /project && echo 1 > /project/n', { files: { '/project/seed': 'seeded' } })
  const js = await s.run('const kept = 41; return kept + 1')
  assert.equal(js.value, 42)
  const v = await bash(s, 'echo "$(cat /project/n) $(cat /project/seed) x=${x:-unset}"', { returnFiles: ['/project/n'] })
  assert.equal(v.stdout, '1 seeded x=unset\n')
  assert.deepEqual(v.files, { '/project/n': '1\n' })
  // the JavaScript REPL scope is untouched by the Bash runs, and no Bash global leaked into it
  const after = await s.run('return [kept, Object.getOwnPropertyNames(globalThis).filter((n) => /bash/i.test(n))]')
  assert.deepEqual(after.value, [41, []])
})

test('the host filesystem is not reachable', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'codemode-host-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  const marker = `host-secret-${process.pid}-${Date.now()}`
  writeFileSync(path.join(dir, 'secret.txt'), marker)
  const cm = codeMode(t)
  const v = await bash(
    cm,
    `cat ${dir}/secret.txt; ls ${dir}; cat /etc/passwd; ls /; find / -name 'secret.txt'; echo done`,
  )
  assert.doesNotMatch(v.stdout + v.stderr, new RegExp(marker))
  assert.match(v.stdout, /done\n$/)
  // no /etc/passwd of the host (nor of anyone: the virtual filesystem has no /etc)
  assert.doesNotMatch(v.stdout, /root:/)
  assert.match(v.stderr, /cat: \/etc\/passwd: No such file or directory/)
  // the host's own files (this spec, the package) are not there either
  const own = await bash(
    cm,
    `cat ${JSON.stringify(import.meta.filename)} | head -c 10; ls /proc/${process.pid} 2>&1 | head -1`,
  )
  assert.doesNotMatch(own.stdout, /^\/\/ The Bash/)
})

test('there is no network or host process to reach', async (t) => {
  const cm = codeMode(t)
  for (const cmd of [
    'curl -s https://example.com',
    'wget https://example.com',
    'nc example.com 80',
    'python3 -c 1',
    'node -e 1',
    'js-exec 1',
  ]) {
    const v = await bash(cm, cmd)
    assert.notEqual(v.exitCode, 0, cmd)
    assert.equal(v.stdout, '', cmd)
  }
  const v = await bash(cm, 'echo $$ $PPID; hostname; whoami')
  assert.notEqual(Number(v.stdout.split(' ')[0]), process.pid)
})

test('runs after a Bash run start clean: a fresh shell for Bash, no shell in a JavaScript run', async (t) => {
  const cm = codeMode(t)
  for (let i = 0; i < 3; i++) {
    const v = await bash(cm, `ls /tmp; echo run-${i} > /tmp/mark; history | wc -l`)
    assert.doesNotMatch(v.stdout, /mark/, 'no file of an earlier run')
  }
  const js = await cm.run('return typeof tools')
  assert.equal(js.value, 'object')
  assert.ok(js.stats.memoryUsedBytes < 2 << 20, `a JavaScript run carries no shell: ${js.stats.memoryUsedBytes} bytes`)
})
