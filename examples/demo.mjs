// A small end-to-end demo: three tools, one model-style program that fans out with
// Promise.all, filters, logs, and returns only the end result.
import { CodeMode } from '../index.js'

const cities = { Oslo: 4, Lisbon: 19, Nairobi: 24, Reykjavik: 2 }

const cm = new CodeMode({
  tools: [
    {
      name: 'listCities',
      namespace: 'weather',
      description: 'Names of the cities we have weather for',
      execute: () => Object.keys(cities),
    },
    {
      name: 'getWeather',
      namespace: 'weather',
      description: 'Current weather for a city',
      inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
      execute: async ({ city }) => {
        await new Promise((r) => setTimeout(r, 50)) // pretend to be a network call
        return { city, tempC: cities[city] }
      },
    },
    {
      name: 'notify',
      description: 'Send a message to the user',
      execute: ({ text }) => ({ delivered: true, chars: text.length }),
    },
  ],
  limits: { timeoutMs: 5_000 },
})

// What a model would write: many tool calls, one small answer.
const program = `
const names = await tools.weather.listCities()
const reports = await Promise.all(names.map((city) => tools.weather.getWeather({ city })))
const warm = reports.filter((r) => r.tempC >= 15).sort((a, b) => b.tempC - a.tempC)
console.log('checked', reports.length, 'cities')
await tools.notify({ text: 'Warm today: ' + warm.map((r) => r.city).join(', ') })
return { warmest: warm[0], warmCount: warm.length }
`

const result = await cm.run(program)
console.log('ok:       ', result.ok)
console.log('value:    ', JSON.stringify(result.value))
console.log('logs:     ', result.logs.map((l) => l.message))
console.log('toolCalls:', result.toolCalls.length, 'in', result.stats.durationMs.toFixed(1), 'ms (the 4 weather calls ran concurrently)')

// Errors are data for the model, with a hint and a position in its own code.
const bad = await cm.run('const x = 1\nawait tools.weather.getWether({ city: "Oslo" })')
console.log('error:    ', bad.error.code, '-', bad.error.message, `(line ${bad.error.line})`)
console.log('hint:     ', bad.error.hint)

await cm.close()
