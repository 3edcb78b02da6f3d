const a = await tools.math.add({ a: 1, b: 2 })
const b = await tools.math.add({ a, b: 3 })
;({ a, b, sum: a + b })
