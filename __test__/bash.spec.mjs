// The Bash language: `run(code, { language: 'bash' })` runs a script in just-bash inside the
// same QuickJS sandbox, with every tool as a command.
import { test } from 'node:test'
import assert from 'node:assert/strict'

import { codeMode, assertFailed } from './helpers.mjs'

const weather = {
  name: 'getWeather',
  namespace: 'weather',
  description: 'Current weather for a city',
  inputSchema: {
    type: 'object',
    properties: { city: { type: 'string', description: 'City name' }, units: { enum: ['c', 'f'] } },
    required: ['city'],
  },
  execute: ({ city, units }) => ({ city, tempC: city.length * 3, units: units ?? 'c' }),
}
const sum = {
  name: 'get-sum',
  description: 'Adds two numbers',
  inputSchema: {
    type: 'object',
    properties: { a: { type: 'number' }, b: { type: 'number' } },
    required: ['a', 'b'],
  },
  execute: ({ a, b }) => a + b,
}
const cities = {
  name: 'listCities',
  namespace: 'geo',
  inputSchema: { type: 'object', properties: { limit: { type: 'integer' }, verbose: { type: 'boolean' } } },
  execute: ({ limit = 10, verbose = false }) =>
    ['Oslo', 'Lima', 'Rome', 'Bergen', 'Accra', 'Quito']
      .slice(0, limit)
      .map((name) => (verbose ? { name, verbose } : { name })),
}
const broken = {
  name: 'broken',
  description: 'Always fails',
  execute: () => {
    throw new Error('the service is down')
  },
}
const tools = [weather, sum, cities, broken]

async function bash(cm, script, options) {
  const r = await cm.run(script, { language: 'bash', ...options })
  assert.equal(r.ok, true, `expected success, got ${JSON.stringify(r.error)}`)
  return r
}

test('a pipeline over tool output: tool | jq | sort | head', async (t) => {
  const cm = codeMode(t, { tools })
  const r = await bash(cm, "geo.listCities | jq -r '.[].name' | sort | head -n 3")
  assert.deepEqual(r.value, { stdout: 'Accra\nBergen\nLima\n', stderr: '', exitCode: 0 })
  assert.equal(r.toolCalls.length, 1)
  assert.equal(r.toolCalls[0].tool, 'listCities')
  assert.equal(r.toolCalls[0].namespace, 'geo')
})

test('a loop calling a tool, flag inputs typed by the schema', async (t) => {
  const cm = codeMode(t, { tools })
  const script = `
    total=0
    for i in 1 2 3 4; do
      total=$(get-sum --a "$total" --b "$i")
    done
    echo "$total"`
  const r = await bash(cm, script)
  assert.equal(r.value.stdout, '10\n')
  assert.equal(r.value.json, 10)
  assert.equal(r.toolCalls.length, 4)
  assert.deepEqual(r.toolCalls[3].input, { a: 6, b: 4 })
})

test('inputs as flags, --flag=value, booleans, one JSON argument and JSON on stdin', async (t) => {
  const cm = codeMode(t, { tools })
  const r = await bash(
    cm,
    [
      'weather.getWeather --city Oslo --units=f',
      `weather.getWeather '{"city":"Lima"}'`,
      `echo '{"city":"Rome"}' | weather.getWeather`,
      'geo.listCities --limit 1 --verbose',
    ].join('\n'),
  )
  const lines = r.value.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l))
  assert.deepEqual(lines, [
    { city: 'Oslo', tempC: 12, units: 'f' },
    { city: 'Lima', tempC: 12, units: 'c' },
    { city: 'Rome', tempC: 12, units: 'c' },
    [{ name: 'Oslo', verbose: true }],
  ])
  assert.equal(r.value.json, undefined, 'several JSON lines are not one JSON value')
})

test('stdout that is one JSON value comes back parsed in `json`', async (t) => {
  const cm = codeMode(t, { tools })
  const r = await bash(cm, 'weather.getWeather --city Oslo | jq "{city, hot: (.tempC > 20)}"')
  assert.deepEqual(r.value.json, { city: 'Oslo', hot: false })
  const text = await bash(cm, 'echo not json')
  assert.equal(text.value.json, undefined)
})

test('--help shows the description and fields; `tools` lists every tool', async (t) => {
  const cm = codeMode(t, { tools })
  const help = await bash(cm, 'weather.getWeather --help')
  assert.match(help.value.stdout, /Current weather for a city/)
  assert.match(help.value.stdout, /usage: weather\.getWeather --city <string> \[--units <c\|f>\]/)
  assert.match(help.value.stdout, /--city <string>\s+\(required\) City name/)
  assert.equal(help.toolCalls.length, 0)
  const list = await bash(cm, 'tools')
  for (const usage of ['weather.getWeather --city', 'get-sum --a <number> --b <number>', 'geo.listCities', 'broken']) {
    assert.ok(list.value.stdout.includes(usage), `${usage} in ${list.value.stdout}`)
  }
  const again = await bash(cm, 'tools --help | grep -c .')
  assert.ok(Number(again.value.stdout) >= 4)
})

test('invalid input is exit status 2 with the validation message; the host is not called', async (t) => {
  let calls = 0
  const cm = codeMode(t, { tools: [{ ...weather, execute: (i) => (calls++, weather.execute(i)) }] })
  const r = await bash(cm, 'weather.getWeather --units c; echo "status=$?"')
  assert.equal(r.value.stdout, 'status=2\n')
  assert.match(r.value.stderr, /^weather\.getWeather: Invalid input[\s\S]*"city" is a required property/)
  assert.match(r.value.stderr, /usage: weather\.getWeather --city <string>/)
  assert.equal(calls, 0)
  const bad = await bash(cm, 'weather.getWeather stray-word; echo "status=$?"')
  assert.equal(bad.value.stdout, 'status=2\n')
  assert.match(bad.value.stderr, /unexpected argument "stray-word"/)
  const json = await bash(cm, `weather.getWeather '{"city":'; echo "status=$?"`)
  assert.match(json.value.stderr, /not valid JSON/)
  assert.equal(calls, 0)
})

test('a failing tool is stderr plus exit status 1; the run itself succeeds', async (t) => {
  const cm = codeMode(t, { tools })
  const r = await bash(cm, 'broken || echo "failed with $?"')
  assert.equal(r.value.stdout, 'failed with 1\n')
  assert.match(r.value.stderr, /^broken: .*the service is down/)
  assert.doesNotMatch(r.value.stderr, /try\/catch/, 'no JavaScript advice in a shell')
  assert.equal(r.error, undefined)
  const last = await bash(cm, 'broken')
  assert.equal(last.value.exitCode, 1, 'a non-zero exit is visible, not an error of the run')
  assert.equal(last.ok, true)
})

test('a tool named like a shell command runs as `tools <name>`', async (t) => {
  const cm = codeMode(t, { tools: [{ name: 'sort', execute: ({ by }) => `sorted by ${by}` }] })
  const r = await bash(cm, 'printf "b\\na\\n" | sort; tools sort --by name')
  assert.equal(r.value.stdout, 'a\nb\nsorted by name\n')
  const help = await bash(cm, 'tools sort --help; tools sort --by')
  assert.match(help.value.stdout, /usage: tools sort/)
  assert.match(help.value.stderr, /--by needs a value[\s\S]*\(see tools sort --help\)/)
})

test('parallel tool calls with & and wait', async (t) => {
  const cm = codeMode(t, { tools })
  const r = await bash(
    cm,
    'weather.getWeather --city Oslo > /tmp/a & weather.getWeather --city Quito > /tmp/b & wait; cat /tmp/a /tmp/b | jq -s "map(.city)"',
  )
  assert.deepEqual(r.value.json, ['Oslo', 'Quito'])
})

test('description({ language: "bash" }) explains the command convention and each usage line', async (t) => {
  const cm = codeMode(t, { tools })
  const d = cm.description({ language: 'bash' })
  assert.match(d, /Every tool is a command/)
  assert.match(d, /get-sum --a <number> --b <number>/)
  assert.match(d, /`tools` lists the tools/)
  assert.ok(cm.description({ language: 'bash', maxChars: 200 }).length <= 200)
  assert.throws(() => cm.description({ language: 'cobol' }), /language/)
})

test('misuse of the language options rejects', async (t) => {
  const cm = codeMode(t, { tools })
  await assert.rejects(cm.run('echo', { language: 'zsh' }), { code: 'ERR_INVALID_OPTIONS' })
  await assert.rejects(cm.run('return 1', { files: { '/a': 'x' } }), /Bash runs only/)
  await assert.rejects(cm.run('cat a', { language: 'bash', files: { 'a.txt': 'x' } }), /absolute path/)
  await assert.rejects(cm.run('cat a', { language: 'bash', returnFiles: ['out'] }), /absolute path/)
})

test('a syntax error in the script is a non-zero exit with the message on stderr', async (t) => {
  const cm = codeMode(t, { tools })
  const r = await bash(cm, 'if then fi')
  assert.notEqual(r.value.exitCode, 0)
  assert.match(r.value.stderr, /syntax error/i)
})

test('the source size limit applies to scripts', async (t) => {
  const cm = codeMode(t)
  const r = await cm.run(`echo ${'x'.repeat(2000)}`, { language: 'bash', limits: { maxSourceBytes: 1000 } })
  assertFailed(r, 'SOURCE_TOO_LARGE')
})

test('output past a share of maxResultBytes is cut with a marker; the exit status still comes back', async (t) => {
  const cm = codeMode(t)
  const r = await cm.run('seq 1 100000; exit 4', { language: 'bash', limits: { maxResultBytes: 40_000 } })
  assert.equal(r.ok, true, JSON.stringify(r.error))
  assert.equal(r.value.exitCode, 4)
  assert.ok(r.value.stdout.startsWith('1\n2\n3\n'))
  assert.match(r.value.stdout, /\[stdout truncated: \d+ more characters\]\n$/)
  assert.equal(r.value.json, undefined)
})

test('flag forms: --no-flag, --flag false, kebab-case names, repeated array flags, JSON objects', async (t) => {
  const seen = []
  const cm = codeMode(t, {
    tools: [
      {
        name: 'search',
        namespace: 'docs',
        inputSchema: {
          type: 'object',
          properties: {
            maxResults: { type: 'integer' },
            exact: { type: 'boolean' },
            tags: { type: 'array', items: { type: 'string' } },
            filter: { type: 'object' },
          },
        },
        execute: (input) => (seen.push(input), 'ok'),
      },
    ],
  })
  const r = await bash(
    cm,
    [
      'docs.search --max-results 5 --no-exact',
      'docs.search --exact false --tags a --tags b',
      `docs.search --filter '{"lang":"en"}' --tags '["x"]' --exact`,
    ].join('\n'),
  )
  assert.equal(r.value.stdout, 'ok\nok\nok\n')
  assert.deepEqual(seen, [
    { maxResults: 5, exact: false },
    { exact: false, tags: ['a', 'b'] },
    { filter: { lang: 'en' }, tags: ['x'], exact: true },
  ])
  const bad = await bash(cm, 'docs.search --max-results many')
  assert.equal(bad.value.exitCode, 2)
  assert.match(bad.value.stderr, /--max-results needs a number; got "many"/)
})

test('tool calls from a script stream as events and count against maxToolCalls', async (t) => {
  const cm = codeMode(t, { tools })
  const events = []
  const r = await bash(cm, 'get-sum --a 1 --b 2 >/dev/null; broken 2>/dev/null; true', {
    onEvent: (e) => events.push(e.type),
  })
  assert.equal(r.toolCalls.length, 2)
  assert.deepEqual(
    events.filter((e) => e.startsWith('tool-')),
    ['tool-call', 'tool-result', 'tool-call', 'tool-error'],
  )
  const limited = await cm.run('for i in $(seq 1 10); do get-sum --a $i --b 0; done', {
    language: 'bash',
    limits: { maxToolCalls: 3 },
  })
  assertFailed(limited, 'TOOL_CALL_LIMIT')
})
