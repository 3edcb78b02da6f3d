// The first Bash run of a process loads just-bash from bytecode compiled at build time (build.rs,
// src/guest/prebuilt.rs) instead of compiling the bundle: in a fresh process it must give what a
// warm process gives, through every path that loads the shell first.
import { test } from 'node:test'
import assert from 'node:assert/strict'

import { codeMode, runChild, ENTRY } from './helpers.mjs'

const TOOLS = `[{
  name: 'listCities',
  namespace: 'geo',
  inputSchema: { type: 'object', properties: { limit: { type: 'integer' } } },
  execute: ({ limit = 4 }) => ['Oslo', 'Lima', 'Rome', 'Bergen', 'Accra'].slice(0, limit).map((name) => ({ name, size: name.length })),
}]`
// Much of the shell at once: a tool, jq, awk, sed, sort, a function, arithmetic, a here-document,
// a loop and files; `files` are seeded and returned.
const SCRIPT = `
total() { awk '{ s += $1 } END { print s }'; }
geo.listCities --limit 5 | jq -r '.[] | "\\(.size) \\(.name)"' | sort -n | tee /out.txt | sed 's/^/city /'
echo "sum=$(cut -d' ' -f1 /out.txt | total) lines=$(wc -l < /out.txt) half=$(( $(wc -l < /out.txt) / 2 ))"
cat <<EOF | tr a-z A-Z
seeded: $(cat /in/seed.txt)
EOF
for n in 1 2 3; do printf '%s,' "$n"; done; echo
`
const OPTIONS = { language: 'bash', files: { '/in/seed.txt': 'hello' }, returnFiles: ['/out.txt'] }

/** Runs SCRIPT as the first thing of a fresh node process, in a one-shot run or a session. */
async function firstRunInFreshProcess(kind) {
  const child = await runChild(
    `
    const { CodeMode } = (await import(${JSON.stringify(ENTRY)})).default
    const cm = new CodeMode({ tools: ${TOOLS} })
    const runner = ${kind === 'session' ? 'cm.session()' : 'cm'}
    const first = await runner.run(${JSON.stringify(SCRIPT)}, ${JSON.stringify(OPTIONS)})
    const second = await runner.run(${JSON.stringify(SCRIPT)}, ${JSON.stringify(OPTIONS)})
    ${kind === 'session' ? 'runner.close()' : ''}
    await cm.close()
    process.stdout.write(JSON.stringify({ first, second }))
  `,
    { killAfterMs: 30_000 },
  )
  assert.equal(child.code, 0, child.stderr)
  return JSON.parse(child.stdout)
}

const expected = {
  stdout:
    'city 4 Lima\ncity 4 Oslo\ncity 4 Rome\ncity 5 Accra\ncity 6 Bergen\n' +
    'sum=23 lines=5 half=2\nSEEDED: HELLO\n1,2,3,\n',
  stderr: '',
  exitCode: 0,
  files: { '/out.txt': '4 Lima\n4 Oslo\n4 Rome\n5 Accra\n6 Bergen\n' },
}

for (const kind of ['run', 'session']) {
  test(`the first Bash ${kind} of a fresh process is correct and equals a warm one`, async (t) => {
    const { first, second } = await firstRunInFreshProcess(kind)
    assert.equal(first.ok, true, JSON.stringify(first.error))
    assert.deepEqual(first.value, expected)
    assert.equal(first.toolCalls.length, 1)
    assert.deepEqual(second.value, expected)
    // and this process, long warm, agrees
    const cm = codeMode(t, { tools: new Function(`return ${TOOLS}`)() })
    const warm = await cm.run(SCRIPT, OPTIONS)
    assert.deepEqual(warm.value, first.value)
  })
}
