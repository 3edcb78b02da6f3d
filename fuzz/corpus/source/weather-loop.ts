const cities: string[] = ["Paris", "Tokyo", "Lima"]
const results: Record<string, number> = {}
for (const city of cities) {
  const w = await tools.getWeather({ city, units: "c" })
  results[city] = w.temperature
}
return results
