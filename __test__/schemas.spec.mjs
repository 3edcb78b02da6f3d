// Tool schemas from validation libraries (issue 13): a zod 4 schema, or any Standard Schema that
// can give its JSON Schema (Standard JSON Schema), is converted for the declarations and the
// validation, and its own `validate` runs on each input; one that cannot is refused with how.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { z } from 'zod'

import { CodeMode, codeMode, misuse, assertValue } from './helpers.mjs'

const HOW =
  'Pass its JSON Schema instead: `z.toJSONSchema(schema)` for zod 4, `zodToJsonSchema(schema)` from zod-to-json-schema for zod 3, `toJsonSchema(schema)` from @valibot/to-json-schema for valibot, `schema.toJsonSchema()` for ArkType.'

const weather = () => ({
  name: 'getWeather',
  namespace: 'weather',
  inputSchema: z
    .object({
      city: z.string().min(2).describe('City name'),
      units: z.enum(['c', 'f']).default('c'),
      tags: z.array(z.string()).optional(),
    })
    .refine((v) => v.city !== 'Atlantis', { message: 'no such city', path: ['city'] }),
  outputSchema: z.object({ tempC: z.number(), city: z.string() }),
  execute: (input) => ({ tempC: 21, city: input.city, received: input }),
})

test('a zod schema is shown to the model as its JSON Schema would be (types, docs, defaults)', (t) => {
  const cm = codeMode(t, { tools: [weather()] })
  const dts = cm.declarations()
  assert.match(dts, /getWeather\(input: \{\n\s+\/\*\*\n\s+\* City name\n\s+\* @minLength 2\n\s+\*\/\n\s+city: string;/)
  assert.match(dts, /\/\*\* @default "c" \*\/\n\s+units\?: "c" \| "f";/)
  assert.match(dts, /tags\?: string\[\];/)
  assert.match(dts, /\}\): Promise<\{ tempC: number; city: string \}>;/, 'the output schema types the result')
  assert.doesNotMatch(dts, /\[key: string\]: unknown/)
})

test('a zod input schema validates: JSON Schema issues first, then its own refinements, and execute gets the parsed value', async (t) => {
  const cm = codeMode(t, { tools: [weather()] })
  const ok = await cm.run('return await tools.weather.getWeather({ city: "Oslo" })')
  assertValue(ok, { tempC: 21, city: 'Oslo', received: { city: 'Oslo', units: 'c' } })
  const short = await cm.run('try { await tools.weather.getWeather({ city: "O" }) } catch (e) { return [e.name, e.issues] }')
  assertValue(short, ['ToolInputError', [{ path: 'input.city', message: '"O" is shorter than 2 characters' }]])
  const refined = await cm.run('try { await tools.weather.getWeather({ city: "Atlantis" }) } catch (e) { return [e.name, e.code, e.message] }')
  assertValue(refined, ['ToolInputError', 'INVALID_INPUT', 'Invalid input for tools.weather.getWeather: input.city: no such city'])
  assert.equal(ok.toolCalls.length, 1)
})

test('transforms and async refinements of a Standard schema apply before execute', async (t) => {
  const seen = []
  const cm = codeMode(t, {
    tools: {
      shout: {
        inputSchema: z.object({ text: z.string().transform((s) => s.toUpperCase()) }).refine(async (v) => v.text !== 'NO'),
        execute: (input) => {
          seen.push(input)
          return input.text
        },
      },
    },
  })
  assertValue(await cm.run('return await tools.shout({ text: "hi" })'), 'HI')
  const refused = await cm.run('return await tools.shout({ text: "no" })')
  assert.equal(refused.ok, false)
  assert.equal(refused.error.name, 'ToolInputError')
  assert.deepEqual(seen, [{ text: 'HI' }])
})

test('a Standard Schema without a JSON Schema form is refused with how to convert it', async () => {
  const valibotLike = { '~standard': { version: 1, vendor: 'valibot', validate: (value) => ({ value }) } }
  const err = await misuse(() => new CodeMode({ tools: [{ name: 'x', inputSchema: valibotLike, execute: () => 1 }] }))
  assert.equal(err.code, 'ERR_INVALID_OPTIONS')
  assert.equal(
    err.message,
    `tools.x.inputSchema is a valibot schema without a JSON Schema form (Standard JSON Schema), which the model's declarations and the input validation need. ${HOW}`,
  )
})

test('a zod 3 schema (no Standard Schema) is refused, not read as a plain object', async () => {
  const zod3Like = { _def: { typeName: 'ZodObject' }, safeParse: () => ({ success: true }) }
  const err = await misuse(() => new CodeMode({ tools: { x: { outputSchema: zod3Like, execute: () => 1 } } }))
  assert.equal(err.code, 'ERR_INVALID_OPTIONS')
  assert.equal(err.message, `tools.x.outputSchema is a zod 3 schema, which cannot say its JSON Schema. ${HOW}`)
})

test('a JSON Schema converter that throws is refused with its message', async () => {
  const schema = { '~standard': { version: 1, vendor: 'acme', validate: () => ({}), jsonSchema: { input: () => { throw new Error('recursive types are not supported') }, output: () => ({}) } } }
  const err = await misuse(() => new CodeMode({ tools: [{ name: 'x', inputSchema: schema, execute: () => 1 }] }))
  assert.equal(err.code, 'ERR_INVALID_OPTIONS')
  assert.equal(err.message, 'tools.x.inputSchema: the acme schema could not give its JSON Schema: recursive types are not supported')
})

test('z.toJSONSchema output given by hand behaves the same as the zod schema', (t) => {
  const schema = z.object({ city: z.string().min(2).describe('City name') })
  const byHand = codeMode(t, { tools: [{ name: 'a', inputSchema: z.toJSONSchema(schema), execute: () => 1 }] })
  const direct = codeMode(t, { tools: [{ name: 'a', inputSchema: schema, execute: () => 1 }] })
  assert.equal(direct.declarations(), byHand.declarations())
})
